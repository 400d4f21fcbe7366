/**
 * Just enough of the Chrome DevTools Protocol over a WebSocket (RFC 6455: masked client frames,
 * fragmented server messages, ping) to drive the V8 profiler of the app's Deno process, which
 * listens with `--inspect`. Node 20 has no WebSocket client without a flag.
 */
import { randomBytes } from 'crypto';
import * as net from 'net';

export class CdpClient {
    private buffer = Buffer.alloc(0);
    private fragments: Buffer[] = [];
    private nextId = 1;
    private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

    private constructor(private readonly socket: net.Socket) {
        socket.on('data', (chunk: Buffer) => this.receive(chunk));
        socket.on('close', () => this.failAll(new Error('the inspector connection closed')));
        socket.on('error', (error) => this.failAll(error));
    }

    /** Connects to the first target a `--inspect` listener on 127.0.0.1:port lists. */
    static async connect(port: number): Promise<CdpClient> {
        const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as Array<{ webSocketDebuggerUrl: string }>;
        const url = new URL(targets[0].webSocketDebuggerUrl);
        const socket = net.connect(Number(url.port), url.hostname);
        await new Promise<void>((resolve, reject) => {
            socket.once('connect', resolve);
            socket.once('error', reject);
        });
        const key = randomBytes(16).toString('base64');
        socket.write(`GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
        const rest = await new Promise<Buffer>((resolve, reject) => {
            let head = Buffer.alloc(0);
            const onData = (chunk: Buffer) => {
                head = Buffer.concat([head, chunk]);
                const end = head.indexOf('\r\n\r\n');
                if (end < 0) {
                    return;
                }
                socket.off('data', onData);
                const status = head.subarray(0, head.indexOf('\r\n')).toString();
                if (!/^HTTP\/1\.1 101/.test(status)) {
                    reject(new Error(`inspector refused the upgrade: ${status}`));
                    return;
                }
                resolve(head.subarray(end + 4));
            };
            socket.on('data', onData);
        });
        const client = new CdpClient(socket);
        if (rest.length > 0) {
            client.receive(rest);
        }
        return client;
    }

    send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
        const id = this.nextId++;
        const payload = Buffer.from(JSON.stringify({ id, method, params }));
        return new Promise<T>((resolve, reject) => {
            this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
            this.writeFrame(0x1, payload);
        });
    }

    close(): void {
        this.socket.end();
    }

    private writeFrame(opcode: number, payload: Buffer): void {
        const mask = randomBytes(4);
        const length = payload.length;
        const head = length < 126 ? Buffer.from([0x80 | opcode, 0x80 | length])
            : length < 65536 ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
                : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), bigLength(length)]);
        const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
        this.socket.write(Buffer.concat([head, mask, masked]));
    }

    private receive(chunk: Buffer): void {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        for (;;) {
            if (this.buffer.length < 2) {
                return;
            }
            const fin = (this.buffer[0] & 0x80) !== 0;
            const opcode = this.buffer[0] & 0x0f;
            let length = this.buffer[1] & 0x7f;
            let offset = 2;
            if (length === 126) {
                if (this.buffer.length < 4) {
                    return;
                }
                length = this.buffer.readUInt16BE(2);
                offset = 4;
            } else if (length === 127) {
                if (this.buffer.length < 10) {
                    return;
                }
                length = Number(this.buffer.readBigUInt64BE(2));
                offset = 10;
            }
            if (this.buffer.length < offset + length) {
                return;
            }
            const payload = this.buffer.subarray(offset, offset + length);
            this.buffer = this.buffer.subarray(offset + length);
            if (opcode === 0x9) {
                this.writeFrame(0xa, Buffer.from(payload));
            } else if (opcode === 0x1 || opcode === 0x0) {
                this.fragments.push(Buffer.from(payload));
                if (fin) {
                    const message = JSON.parse(Buffer.concat(this.fragments).toString('utf8')) as { id?: number; result?: unknown; error?: { message: string } };
                    this.fragments = [];
                    this.settle(message);
                }
            }
        }
    }

    private settle(message: { id?: number; result?: unknown; error?: { message: string } }): void {
        if (message.id === undefined) {
            return;
        }
        const waiter = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if (message.error) {
            waiter?.reject(new Error(message.error.message));
        } else {
            waiter?.resolve(message.result);
        }
    }

    private failAll(error: Error): void {
        for (const waiter of this.waiting.values()) {
            waiter.reject(error);
        }
        this.waiting.clear();
    }
}

function bigLength(length: number): Buffer {
    const out = Buffer.alloc(8);
    out.writeBigUInt64BE(BigInt(length));
    return out;
}
