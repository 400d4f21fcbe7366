import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';
import * as path from 'path';

/**
 * What stands in front of Argo CD at real installs: a TLS terminator with a self-signed
 * certificate, or an ingress that redirects (http → https, or to another host).
 */
export interface Front {
    url: string;
    close(): Promise<void>;
}

function listen(server: http.Server, scheme: 'http' | 'https'): Promise<Front> {
    const sockets = new Set<import('net').Socket>();
    server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
    });
    return new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as AddressInfo;
            resolve({
                url: `${scheme}://127.0.0.1:${port}`,
                close: () => new Promise((done) => {
                    sockets.forEach((socket) => socket.destroy());
                    server.close(() => done());
                }),
            });
        });
    });
}

/** HTTPS with the self-signed certificate in test/rocketchat/tls, forwarding to `target`. */
export function selfSignedFront(target: string): Promise<Front> {
    const dir = path.join(__dirname, '..', 'rocketchat', 'tls');
    const server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) }, (req, res) => {
        const upstream = http.request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
        });
        upstream.on('error', () => res.writeHead(502).end());
        req.pipe(upstream);
    });
    return listen(server, 'https');
}

/** Answers every request with a redirect to the same path and query at `target`. */
export function redirectingFront(target: string, status = 301): Promise<Front> {
    const server = http.createServer((req, res) => {
        req.resume();
        res.writeHead(status, { location: `${target}${req.url ?? '/'}`, 'content-type': 'text/html' }).end('<a>Moved Permanently</a>');
    });
    return listen(server, 'http');
}
