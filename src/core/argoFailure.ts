/** Why a call to Argo CD did not give a usable answer, in words an operator can act on. */
export interface ArgoCdFailure {
    kind: 'unreachable' | 'timeout' | 'unauthorized' | 'forbidden' | 'not-found' | 'refused' | 'server-error' | 'garbage';
    /** HTTP status when there was one. */
    status?: number;
    /** Argo CD's own error text when it sent one (never the token). */
    detail?: string;
    message: string;
}

interface ArgoErrorBody {
    error?: unknown;
    message?: unknown;
}

/** Argo CD's error bodies are `{"error","code","message"}`; proxies send HTML or plain text. */
export function argoErrorText(body: unknown): string | undefined {
    if (typeof body === 'object' && body !== null) {
        const { message, error } = body as ArgoErrorBody;
        const text = typeof message === 'string' && message !== '' ? message : error;
        return typeof text === 'string' && text !== '' ? text : undefined;
    }
    return undefined;
}

function looksLikeHtml(content: string | undefined): boolean {
    return content !== undefined && /^\s*<(!doctype|html|head|body)/i.test(content);
}

/** Classifies a non-2xx answer, keeping Argo CD's own words where it gave some. */
export function failureFromStatus(status: number, body: unknown, content: string | undefined): ArgoCdFailure {
    const detail = argoErrorText(body) ?? (content && !looksLikeHtml(content) ? content.trim().slice(0, 200) : undefined);
    const suffix = detail ? `: ${detail}` : '';
    if (status === 401) {
        return { kind: 'unauthorized', status, detail, message: `Argo CD rejected the API token (HTTP 401${suffix}); create a new token and update the API token setting` };
    }
    if (status === 403) {
        return { kind: 'forbidden', status, detail, message: `Argo CD refused the request (HTTP 403${suffix})` };
    }
    if (status === 404) {
        return { kind: 'not-found', status, detail, message: `Argo CD answered HTTP 404${suffix}; check the Argo CD URL setting (including any root path)` };
    }
    if (status >= 500) {
        const html = looksLikeHtml(content) ? ' (an HTML error page, probably from a proxy in front of Argo CD)' : '';
        return { kind: 'server-error', status, detail, message: `Argo CD answered HTTP ${status}${html}${suffix}` };
    }
    return { kind: 'refused', status, detail, message: `Argo CD refused the request (HTTP ${status}${suffix})` };
}

/** Classifies an error thrown by the HTTP accessor (no answer at all). */
export function failureFromError(error: unknown): ArgoCdFailure {
    const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
    const text = raw ?? 'unknown error';
    if (/timed? ?out|ETIMEDOUT|ESOCKETTIMEDOUT|aborted/i.test(text)) {
        return { kind: 'timeout', message: 'Argo CD did not answer before the request timeout' };
    }
    if (/ECONNREFUSED/i.test(text)) {
        return { kind: 'unreachable', message: 'cannot connect to Argo CD (connection refused)' };
    }
    if (/ENOTFOUND|EAI_AGAIN/i.test(text)) {
        return { kind: 'unreachable', message: 'cannot resolve the Argo CD host name; check the Argo CD URL setting' };
    }
    if (/certificate|CERT_|SSL|TLS/i.test(text)) {
        return { kind: 'unreachable', message: 'the TLS certificate of Argo CD is not trusted; fix the certificate or turn on "skip TLS verification" for a self-signed one' };
    }
    return { kind: 'unreachable', message: `cannot reach Argo CD (${text.slice(0, 200)})` };
}
