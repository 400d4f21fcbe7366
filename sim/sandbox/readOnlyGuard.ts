/**
 * Against a real Argo CD the sandbox only looks: a sync, rollback or anything else that is not
 * a GET is refused before it leaves the process, and the app sees the refusal as a failed request.
 */
export function refuseUnlessGet(request: { method: string; url: string }): string | undefined {
    if (request.method.toUpperCase() === 'GET') {
        return undefined;
    }
    return `refused by the sandbox (read-only): ${request.method.toUpperCase()} ${request.url} was not sent, nothing was changed in Argo CD`;
}
