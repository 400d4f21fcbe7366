import type { ChildProcess } from 'child_process';

/** What crosses the channel between the shared database's process and an instance's process. */
type Wire =
    | { rpc: 'call'; id: number; target: string; method: string; args: unknown[] }
    | { rpc: 'reply'; id: number; ok: true; value: unknown }
    | { rpc: 'reply'; id: number; ok: false; error: { message: string; fields: Record<string, unknown> } };

export type RpcHandler = (target: string, method: string, args: unknown[]) => Promise<unknown>;

interface Port {
    send?(message: unknown): boolean;
    on(event: 'message', listener: (message: unknown) => void): unknown;
    off?(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * Calls both ways over a child process's IPC channel (structured clone: dates and buffers keep
 * their types). Errors keep their message and own fields (Meteor's `error`, `reason`…), so the app
 * sees what the real server throws.
 */
export class RpcChannel {
    private nextId = 1;
    private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
    private closed?: Error;

    constructor(private readonly port: Port | ChildProcess, private readonly handler: RpcHandler) {
        port.on('message', (message) => this.receive(message as Wire));
    }

    call(target: string, method: string, args: unknown[] = []): Promise<unknown> {
        if (this.closed) {
            return Promise.reject(this.closed);
        }
        const id = this.nextId++;
        return new Promise((resolve, reject) => {
            this.pending.set(id, { resolve, reject });
            this.send({ rpc: 'call', id, target, method, args });
        });
    }

    /** The other side is gone: every call still waiting fails. */
    close(reason: Error): void {
        this.closed = reason;
        for (const waiting of this.pending.values()) {
            waiting.reject(reason);
        }
        this.pending.clear();
    }

    private receive(message: Wire): void {
        if (!message || typeof message !== 'object' || !('rpc' in message)) {
            return;
        }
        if (message.rpc === 'reply') {
            const waiting = this.pending.get(message.id);
            this.pending.delete(message.id);
            if (!waiting) {
                return;
            }
            if (message.ok) {
                waiting.resolve(message.value);
            } else {
                waiting.reject(Object.assign(new Error(message.error.message), message.error.fields));
            }
            return;
        }
        this.handler(message.target, message.method, message.args).then(
            (value) => this.send({ rpc: 'reply', id: message.id, ok: true, value }),
            (error: unknown) => this.send({ rpc: 'reply', id: message.id, ok: false, error: describe(error) }),
        );
    }

    private send(message: Wire): void {
        try {
            this.port.send?.(message);
        } catch (error) {
            // A closed channel (the instance ended): nothing to answer.
            if (message.rpc === 'call') {
                this.pending.get(message.id)?.reject(error as Error);
                this.pending.delete(message.id);
            }
        }
    }
}

function describe(error: unknown): { message: string; fields: Record<string, unknown> } {
    if (error instanceof Error) {
        const fields: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(error)) {
            if (typeof value !== 'function') {
                fields[key] = value;
            }
        }
        return { message: error.message, fields };
    }
    return { message: String(error), fields: {} };
}
