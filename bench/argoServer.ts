/**
 * The Argo CD test server in a process of its own (forked by argoProcess.ts), so that rendering
 * its answers is not counted in the CPU of a poll: the app's side pays for receiving an answer,
 * Argo CD's side for producing it, as on a real install. Driven over the IPC channel.
 */
import { ArgoCdTestServer } from '../sim/argocd/ArgoCdTestServer';
import type { FleetOptions } from '../sim/argocd/generators';
import { generateFleet } from '../sim/argocd/generators';

export type ArgoRequest =
    | { id: number; type: 'start'; apps: number; fleet: FleetOptions; version?: string }
    | { id: number; type: 'lastList' }
    | { id: number; type: 'stop' };

export type ArgoReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

let server: ArgoCdTestServer | undefined;

function started(): ArgoCdTestServer {
    if (!server) {
        throw new Error('the Argo CD test server is not started');
    }
    return server;
}

/** The path and query of the last list request, as the client sent it (the request log parses the query). */
function lastList(): string {
    const requests = started().requests();
    const list = requests.filter((r) => r.route === 'list').pop();
    started().clearRequests();
    if (!list) {
        throw new Error('no list request yet');
    }
    const query = new URLSearchParams();
    for (const [key, values] of Object.entries(list.query)) {
        values.forEach((value) => query.append(key, value));
    }
    const text = query.toString();
    return `${list.path}${text ? `?${text}` : ''}`;
}

async function handle(request: ArgoRequest): Promise<unknown> {
    switch (request.type) {
        case 'start':
            server = await ArgoCdTestServer.start({ fleet: generateFleet(request.apps, request.fleet), ...(request.version ? { version: request.version } : {}) });
            return { url: server.url };
        case 'lastList':
            return lastList();
        case 'stop':
            await server?.stop();
            server = undefined;
            return null;
    }
}

process.on('message', (request: ArgoRequest) => {
    handle(request).then(
        (value) => process.send?.({ id: request.id, ok: true, value } satisfies ArgoReply),
        (error: unknown) => process.send?.({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies ArgoReply),
    );
});
// The parent gone: nothing left to serve.
process.on('disconnect', () => process.exit(0));
