import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';
import * as path from 'path';

export interface SeenRequest {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
    startedAt: number;
    endedAt?: number;
}

export interface TestServer {
    url: string;
    seen: SeenRequest[];
    /** Answer the next requests with this handler instead of the default JSON. */
    respond(handler: (req: SeenRequest, res: http.ServerResponse) => void): void;
    close(): Promise<void>;
}

/** A local HTTP(S) server that records what it is sent; by default answers {"value":42}. */
export async function startTestServer(options: { tls?: boolean } = {}): Promise<TestServer> {
    const seen: SeenRequest[] = [];
    const fallback = (_req: SeenRequest, res: http.ServerResponse) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ value: 42 }));
    };
    let handler = fallback;
    const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
            const record: SeenRequest = {
                method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), startedAt: Date.now(),
            };
            seen.push(record);
            res.on('finish', () => { record.endedAt = Date.now(); });
            handler(record, res);
        });
    };
    const server = options.tls
        ? https.createServer({
            key: fs.readFileSync(path.join(__dirname, 'tls', 'key.pem')),
            cert: fs.readFileSync(path.join(__dirname, 'tls', 'cert.pem')),
        }, listener)
        : http.createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
        seen,
        respond: (next) => { handler = next; },
        close: () => new Promise((resolve) => {
            // Node 18.2+ has it; the project's @types/node (14) does not declare it.
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => resolve());
        }),
    };
}
