/**
 * A minimal HTTP client for the server's tests: no connection pooling (agent: false), so each
 * call opens its own connection and faults that act on connections are seen by the next call.
 */
import * as http from 'http';

export interface Reply {
    status: number;
    headers: http.IncomingHttpHeaders;
    text: string;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    json(): any;
}

export interface CallOptions {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    token?: string;
}

export function call(url: string, options: CallOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    return new Promise((resolve, reject) => {
        const req = http.request(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
            });
        });
        req.on('error', reject);
        req.end(options.body);
    });
}

/** POST a JSON body the way Argo CD wants it. */
export function post(url: string, body: unknown, token?: string, contentType = 'application/json'): Promise<Reply> {
    return call(url, { method: 'POST', body: JSON.stringify(body), token, headers: { 'Content-Type': contentType } });
}
