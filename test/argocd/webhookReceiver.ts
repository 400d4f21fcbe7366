/** A tiny HTTP receiver standing in for the app's endpoint: records raw requests, answers a given status. */
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';

export interface Received {
    method: string;
    url: string;
    rawHeaders: string[];
    body: string;
}

export class WebhookReceiver {
    readonly received: Received[] = [];
    /** Statuses to answer, in order; once used up, 200. */
    readonly answers: number[] = [];
    private readonly sockets = new Set<Socket>();
    private constructor(private readonly server: http.Server) {
        server.on('connection', (socket: Socket) => {
            this.sockets.add(socket);
            socket.on('close', () => this.sockets.delete(socket));
        });
    }

    static async start(): Promise<WebhookReceiver> {
        const holder: { receiver?: WebhookReceiver } = {};
        const server = http.createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on('data', (c: Buffer) => chunks.push(c));
            req.on('end', () => {
                const r = holder.receiver as WebhookReceiver;
                r.received.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString('utf8') });
                res.statusCode = r.answers.shift() ?? 200;
                res.end(res.statusCode < 300 ? '{"success":true}' : '{"success":false}');
            });
        });
        const receiver = new WebhookReceiver(server);
        holder.receiver = receiver;
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        return receiver;
    }

    get port(): number {
        return (this.server.address() as AddressInfo).port;
    }

    url(path = '/api/apps/public/app-id/argocd-webhook'): string {
        return `http://127.0.0.1:${this.port}${path}`;
    }

    /** Header name/value pairs in the order they arrived. */
    headerPairs(i: number): Array<[string, string]> {
        const raw = this.received[i].rawHeaders;
        const pairs: Array<[string, string]> = [];
        for (let k = 0; k < raw.length; k += 2) pairs.push([raw[k], raw[k + 1]]);
        return pairs;
    }

    stop(): Promise<void> {
        for (const socket of this.sockets) socket.destroy();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }
}
