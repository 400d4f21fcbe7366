/** The parent's handle on the Argo CD test server process (argoServer.ts). */
import type { ChildProcess } from 'child_process';
import { fork } from 'child_process';
import * as path from 'path';
import type { FleetOptions } from '../sim/argocd/generators';
import type { ArgoReply, ArgoRequest } from './argoServer';

type Without<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class ArgoProcess {
    private nextId = 1;
    private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

    private constructor(private readonly child: ChildProcess, readonly url: string, readonly apps: number) {}

    get pid(): number {
        return this.child.pid ?? -1;
    }

    static async start(apps: number, fleet: FleetOptions, version?: string): Promise<ArgoProcess> {
        // Forked with this process's execArgv, so it runs TypeScript through tsx as this one does.
        const child = fork(path.join(__dirname, 'argoServer.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        const handle = new ArgoProcess(child, '', apps);
        child.on('message', (reply: ArgoReply) => handle.settle(reply));
        child.on('exit', (code) => handle.failAll(new Error(`the Argo CD test server process exited (${code})`)));
        const { url } = await handle.ask<{ url: string }>({ type: 'start', apps, fleet, version });
        return Object.assign(handle, { url }) as ArgoProcess;
    }

    /** Path and query of the app's last list request. */
    lastListPath(): Promise<string> {
        return this.ask<string>({ type: 'lastList' });
    }

    async stop(): Promise<void> {
        await this.ask({ type: 'stop' }).catch(() => undefined);
        this.child.disconnect();
    }

    private ask<T>(request: Without<ArgoRequest, 'id'>): Promise<T> {
        const id = this.nextId++;
        return new Promise<T>((resolve, reject) => {
            this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
            this.child.send({ ...request, id });
        });
    }

    private settle(reply: ArgoReply): void {
        const waiter = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if (reply.ok) {
            waiter?.resolve(reply.value);
        } else {
            waiter?.reject(new Error(reply.error));
        }
    }

    private failAll(error: Error): void {
        for (const waiter of this.waiting.values()) {
            waiter.reject(error);
        }
        this.waiting.clear();
    }
}
