/**
 * One HTTP/1.1 request written byte for byte as Go's net/http client writes it, so a receiver
 * sees exactly what the notifications controller sends: Host, User-Agent, Content-Length, the
 * configured headers (canonical names, sorted), then the Accept-Encoding the transport adds.
 * Node's http client would add a Connection header Go never sends, hence a raw socket.
 * Go: net/http/request.go (Request.write), net/http/transport.go (Accept-Encoding: gzip),
 * net/textproto (CanonicalMIMEHeaderKey).
 */
import * as net from 'net';
import * as tls from 'tls';

export interface GoResponse {
    status: number;
    body: string;
}

/** net/textproto CanonicalMIMEHeaderKey: "x-argo-drift-secret" → "X-Argo-Drift-Secret". */
export function canonicalHeaderKey(key: string): string {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) return key;
    return key
        .split('-')
        .map((w) => (w ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w))
        .join('-');
}

export function goRequestHead(method: string, url: URL, headers: Array<{ name: string; value: string }>, bodyLength: number): string {
    const set = new Map<string, string>();
    // Header.Set: the last one of a canonical name wins.
    for (const h of headers) set.set(canonicalHeaderKey(h.name), h.value);
    const userAgent = set.get('User-Agent') ?? 'Go-http-client/1.1';
    // request.go reqWriteExcludeHeader: these come from the request itself, not from its Header.
    for (const k of ['User-Agent', 'Host', 'Content-Length', 'Transfer-Encoding', 'Trailer']) set.delete(k);
    // transport.go: gzip is asked for unless the caller set Accept-Encoding or Range, or it is a HEAD.
    const gzip = !set.has('Accept-Encoding') && !set.has('Range') && method !== 'HEAD';
    const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, `User-Agent: ${userAgent}`];
    // transfer.go: a GET without a body has no Content-Length; a POST always has one.
    if (bodyLength > 0 || !['GET', 'HEAD'].includes(method)) lines.push(`Content-Length: ${bodyLength}`);
    for (const key of [...set.keys()].sort()) lines.push(`${key}: ${set.get(key)}`);
    if (gzip) lines.push('Accept-Encoding: gzip');
    return lines.join('\r\n') + '\r\n\r\n';
}

function parseResponse(raw: Buffer): { status: number; body: string; complete: boolean } | undefined {
    const end = raw.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const head = raw.slice(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0])?.[1] ?? 0);
    const fields = new Map(head.slice(1).map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()] as [string, string]));
    const rest = raw.slice(end + 4);
    if (fields.get('transfer-encoding')?.toLowerCase() === 'chunked') {
        const chunks: Buffer[] = [];
        let at = 0;
        for (;;) {
            const lineEnd = rest.indexOf('\r\n', at);
            if (lineEnd < 0) return { status, body: '', complete: false };
            const size = parseInt(rest.slice(at, lineEnd).toString('latin1'), 16);
            if (size === 0) return { status, body: Buffer.concat(chunks).toString('utf8'), complete: true };
            if (rest.length < lineEnd + 2 + size + 2) return { status, body: '', complete: false };
            chunks.push(rest.slice(lineEnd + 2, lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
    }
    const length = Number(fields.get('content-length') ?? (status === 204 || status === 304 ? 0 : NaN));
    if (Number.isNaN(length)) return { status, body: rest.toString('utf8'), complete: false };
    return { status, body: rest.slice(0, length).toString('utf8'), complete: rest.length >= length };
}

/** Sends one request; resolves with the answer, rejects on a connection failure. */
export function goRequest(method: string, url: URL, headers: Array<{ name: string; value: string }>, body: string): Promise<GoResponse> {
    const payload = Buffer.from(body, 'utf8');
    const head = goRequestHead(method, url, headers, payload.length);
    return new Promise((resolve, reject) => {
        const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
        const socket =
            url.protocol === 'https:'
                ? tls.connect({ host: url.hostname, port, servername: url.hostname })
                : url.protocol === 'http:'
                  ? net.connect({ host: url.hostname, port })
                  : undefined;
        if (!socket) return reject(new Error(`unsupported protocol scheme "${url.protocol.replace(':', '')}"`));
        const received: Buffer[] = [];
        let settled = false;
        const finish = (ended: boolean): void => {
            if (settled) return;
            const parsed = parseResponse(Buffer.concat(received));
            if (parsed && (parsed.complete || ended)) {
                settled = true;
                socket.destroy();
                resolve({ status: parsed.status, body: parsed.body });
            } else if (ended) {
                settled = true;
                reject(new Error('EOF'));
            }
        };
        socket.on(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => socket.write(Buffer.concat([Buffer.from(head, 'latin1'), payload])));
        socket.on('data', (c: Buffer) => {
            received.push(c);
            finish(false);
        });
        socket.on('end', () => finish(true));
        socket.on('close', () => finish(true));
        socket.on('error', (err) => {
            if (settled) return;
            settled = true;
            reject(err);
        });
    });
}
