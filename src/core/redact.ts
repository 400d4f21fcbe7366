/** Removes a secret from text that may echo it back (an error from a proxy, a library message). */
export function redact(text: string, secret: string): string {
    if (secret.length < 4) {
        return text;
    }
    return text.split(secret).join('[redacted]');
}
