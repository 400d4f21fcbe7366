/**
 * An Argo CD API server on 127.0.0.1 for tests, the sandbox and the benchmark: real HTTP, the
 * answers and errors of Argo CD 3.x, a fleet that tests can change between calls, and faults.
 */
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import { extractToken } from './auth';
import { ApiError, goNotFound, invalidContentType, notFoundPlain, PlainAnswer } from './errors';
import { FaultBook, htmlAnswer, malformedAnswer, statusAnswer } from './faults';
import { fieldPathsFor } from './fields';
import { Fleet } from './fleet';
import {
    Answer,
    handleChartDetails,
    handleGet,
    handleList,
    handleManagedResources,
    handleResourceTree,
    handleRevisionMetadata,
    handleRollback,
    handleSync,
    handleUserInfo,
    handleVersion,
    HandlerContext,
} from './handlers';
import { appHealthFromResources } from './health';
import { Controller, nowIso } from './operations';
import { RepoServer, ResolutionFault } from './repoServer';
import { DEFAULT_VERSION } from './version';
import { resourcesOf } from './render';
import { RequestLog } from './requestLog';
import { renderApp } from './render';
import { matchRoute } from './routes';
import type { FaultSpec, FleetApp, FleetResource, RecordedRequest, RouteName, ServerOptions, SyncOutcome } from './types';

const HANDLERS: Record<Exclude<RouteName, 'unknown'>, (ctx: HandlerContext) => Answer> = {
    version: handleVersion,
    userinfo: handleUserInfo,
    list: handleList,
    get: handleGet,
    sync: handleSync,
    rollback: handleRollback,
    'resource-tree': handleResourceTree,
    'managed-resources': handleManagedResources,
    'revision-metadata': handleRevisionMetadata,
    'chart-details': handleChartDetails,
};

const SPA_INDEX = '<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>Argo CD</title><base href="/"></head><body><noscript>Argo CD needs JavaScript.</noscript><div id="app"></div></body></html>';

type ListChange = (server: ArgoCdTestServer) => void;

export class ArgoCdTestServer {
    private readonly httpServer: http.Server;
    private readonly sockets = new Set<Socket>();
    private readonly hanging = new Set<http.ServerResponse>();
    private readonly fleet: Fleet;
    private readonly controller: Controller;
    private readonly repoServer = new RepoServer();
    private readonly faults = new FaultBook();
    private readonly log = new RequestLog();
    private readonly listChanges = new Map<number, ListChange[]>();
    private readonly fleetListeners = new Set<() => void>();
    private listCalls = 0;
    private port = 0;
    private listening = false;
    private stopped = false;
    private relisten: Promise<void> = Promise.resolve();

    private constructor(private readonly options: ServerOptions) {
        this.fleet = new Fleet(options.fleet ?? []);
        this.controller = new Controller(this.fleet);
        this.httpServer = http.createServer((req, res) => this.onRequest(req, res));
        // No keep-alive timeouts to wait for on stop(): sockets are tracked and destroyed.
        this.httpServer.keepAliveTimeout = 5000;
        this.httpServer.on('connection', (socket: Socket) => this.onConnection(socket));
    }

    static async start(options: ServerOptions = {}): Promise<ArgoCdTestServer> {
        const server = new ArgoCdTestServer(options);
        await server.listen(options.port ?? 0);
        return server;
    }

    get url(): string {
        return `http://127.0.0.1:${this.port}${this.rootPath}`;
    }

    private get rootPath(): string {
        const r = this.options.rootPath ?? '';
        return r === '/' ? '' : r.replace(/\/+$/, '');
    }

    // ---- the fleet ----

    apps(): FleetApp[] {
        return this.fleet.all();
    }

    app(name: string, namespace?: string): FleetApp | undefined {
        return this.fleet.get(name, namespace);
    }

    setApp(name: string, patch: Partial<FleetApp>): void {
        this.fleet.patch(name, patch);
        this.fleetChanged();
    }

    /** Every Application as Argo CD's informers hold it (what the notifications controller evaluates). */
    applicationObjects(): Array<Record<string, unknown>> {
        return this.fleet.all().map((a) => JSON.parse(JSON.stringify(renderApp(a, this.fleet.meta(a)))));
    }

    /** A merge patch of metadata.annotations: null removes a key, as kubectl/Kubernetes do. */
    patchAnnotations(name: string, namespace: string, patch: Record<string, string | null>): void {
        const app = this.fleet.get(name, namespace);
        if (!app) throw new Error(`no app ${namespace}/${name}`);
        const annotations = { ...(app.annotations ?? {}) };
        for (const [k, v] of Object.entries(patch)) {
            if (v === null) delete annotations[k];
            else annotations[k] = v;
        }
        this.fleet.patch(name, { annotations: Object.keys(annotations).length ? annotations : undefined }, namespace);
    }

    addApp(app: FleetApp): void {
        this.fleet.add(app);
        this.fleetChanged();
    }

    removeApp(name: string): void {
        if (!this.fleet.remove(name)) throw new Error(`no app ${name}`);
        this.fleetChanged();
    }

    setFleet(apps: FleetApp[]): void {
        this.fleet.replace(apps);
        this.controller.clear();
        this.repoServer.clear();
        this.fleetChanged();
    }

    /**
     * Calls `listener` after each setApp/addApp/removeApp/setFleet (not after direct mutation of an
     * app object, nor annotation patches), as an informer's event handler would; returns an unsubscribe.
     */
    onFleetChange(listener: () => void): () => void {
        this.fleetListeners.add(listener);
        return () => this.fleetListeners.delete(listener);
    }

    private fleetChanged(): void {
        for (const l of [...this.fleetListeners]) l();
    }

    /** Applies `change` just before the n-th (1-based, counted since start) list request is answered. */
    onListCall(n: number, change: ListChange): void {
        const list = this.listChanges.get(n) ?? [];
        list.push(change);
        this.listChanges.set(n, list);
    }

    /** How many list requests arrived so far. */
    listCallCount(): number {
        return this.listCalls;
    }

    /**
     * An operation started by the controller itself or a user, as the API's sync does: a user's
     * sync (`username`) or an automated one (controller/appcontroller.go autoSync sets
     * initiatedBy.automated). It then runs as `syncOutcome` scripts, like any sync.
     */
    startSync(name: string, target: { revision?: string; revisions?: string[] }, by: { username?: string; automated?: boolean } = { automated: true }): void {
        const app = this.fleet.get(name);
        if (!app) throw new Error(`no app ${name}`);
        this.controller.start(app, 'sync', target, false, by.username ?? '', by.automated ? { automated: true } : { username: by.username });
        this.fleetChanged();
    }

    syncOutcome(name: string, outcome: SyncOutcome): void {
        this.controller.setOutcome(name, outcome);
    }

    /**
     * The next `times` (default 1) syncs that need the repo-server to resolve their revision fail
     * with 400 FailedPrecondition and this reason ('repo-server-down', 'git-auth', 'git-network'
     * or a message of your own). A sync to a full commit SHA of a Git source does not ask.
     */
    failRevisionResolution(fault: ResolutionFault): void {
        this.repoServer.failResolutions(fault);
    }

    /**
     * Manifests of the app fail to generate (controller/state.go CompareAppState): sync status
     * Unknown, every resource Unknown, a ComparisonError condition with the reason. Health stays
     * what the live resources say.
     */
    breakManifests(name: string, reason = 'kustomize build failed: accumulating resources: 1 error occurred: missing Resource metadata'): void {
        const app = this.mustGet(name);
        const sources = app.sources?.length ?? 1;
        const message = `Failed to load target state: failed to generate manifest for source 1 of ${sources}: rpc error: code = Unknown desc = ${reason}`;
        this.fleet.patch(name, {
            sync: 'Unknown',
            conditions: [...(app.conditions ?? []).filter((c) => c.type !== 'ComparisonError'), { type: 'ComparisonError', message, lastTransitionTime: nowIso() }],
            resources: this.resourcesOf(app).map((r) => ({ ...r, status: 'Unknown' })),
        });
        this.fleetChanged();
    }

    /** Manifests generate again: the ComparisonError goes and the app compares as `sync`. */
    fixManifests(name: string, sync: FleetApp['sync'] = 'Synced'): void {
        const app = this.mustGet(name);
        const conditions = app.conditions?.filter((c) => c.type !== 'ComparisonError');
        this.fleet.patch(name, {
            sync,
            conditions: conditions?.length ? conditions : undefined,
            resources: app.resources?.map((r) => ({ ...r, status: sync === 'Synced' ? 'Synced' : r.status === 'Unknown' ? sync : r.status })),
        });
        this.fleetChanged();
    }

    /**
     * Marks resources as not existing in the cluster (health Missing, OutOfSync) and sets the app
     * health the way the claimed server version aggregates it (controller/health.go).
     */
    setResourcesMissing(name: string, which: (r: FleetResource) => boolean = () => true): void {
        const app = this.mustGet(name);
        const resources = this.resourcesOf(app).map((r) => (which(r) ? { ...r, status: 'OutOfSync', health: { status: 'Missing' } } : r));
        this.fleet.patch(name, {
            resources,
            sync: resources.some((r) => r.status === 'OutOfSync') ? 'OutOfSync' : app.sync,
            health: appHealthFromResources(resources, this.version),
            healthMessage: undefined,
        });
        this.fleetChanged();
    }

    /**
     * `kubectl delete` / the API's delete with the resources finalizer: metadata.deletionTimestamp
     * is set and the app stays listed until the finalizer is done (finishDeletion).
     */
    startDeletion(name: string): void {
        this.mustGet(name);
        this.fleet.patch(name, { deletionTimestamp: nowIso() });
        this.fleetChanged();
    }

    /** The finalizer finishes: the app disappears. */
    finishDeletion(name: string): void {
        this.removeApp(name);
    }

    private get version(): string {
        return this.options.version ?? DEFAULT_VERSION;
    }

    private mustGet(name: string): FleetApp {
        const app = this.fleet.get(name);
        if (!app) throw new Error(`no app ${name}`);
        return app;
    }

    private resourcesOf(app: FleetApp): FleetResource[] {
        return resourcesOf(app).map((r) => ({ ...r }));
    }

    // ---- faults ----

    /**
     * 'refused' closes the port. Without `times` it stays closed until clearFaults(). With
     * `times`, closed ports cannot count attempts, so the server keeps listening and resets
     * (TCP RST) the next `times` connections instead: the client sees ECONNRESET. A route does
     * not scope 'refused'. Requests held by 'hang' stay held until releaseHanging(), stop() or the client gives up.
     */
    injectFault(f: FaultSpec): void {
        if (f.kind === 'refused') {
            if (f.times === undefined) {
                this.faults.add(f);
                this.closePort();
                return;
            }
            this.faults.add(f);
            // Pooled keep-alive connections would bypass the fault: drop them.
            for (const s of this.sockets) if (!this.busy(s)) s.destroy();
            return;
        }
        this.faults.add(f);
    }

    clearFaults(): void {
        const wasClosed = this.faults.has((f) => f.kind === 'refused' && f.times === undefined);
        this.faults.clear();
        if (wasClosed && !this.stopped) this.relisten = this.listen(this.port);
    }

    /**
     * Drops every request a 'hang' fault holds, as a restarted server or a proxy giving up would
     * (the client sees its connection reset), so a test ends a hang when it has seen what it
     * wanted instead of waiting for the client's timeout. Returns how many were dropped.
     */
    releaseHanging(): number {
        const held = [...this.hanging];
        this.hanging.clear();
        for (const res of held) res.destroy();
        return held.length;
    }

    /** Resolves once a port closed by a 'refused' fault listens again. */
    whenListening(): Promise<void> {
        return this.relisten;
    }

    // ---- the request log ----

    requests(): RecordedRequest[] {
        return this.log.all();
    }

    clearRequests(): void {
        this.log.clear();
    }

    async stop(): Promise<void> {
        this.stopped = true;
        for (const res of this.hanging) res.destroy();
        this.hanging.clear();
        for (const s of this.sockets) s.destroy();
        this.sockets.clear();
        if (!this.listening) return;
        this.listening = false;
        await new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
    }

    // ---- plumbing ----

    private listen(port: number): Promise<void> {
        return new Promise((resolve, reject) => {
            const onError = (e: Error): void => reject(e);
            this.httpServer.once('error', onError);
            this.httpServer.listen(port, '127.0.0.1', () => {
                this.httpServer.off('error', onError);
                this.port = (this.httpServer.address() as AddressInfo).port;
                this.listening = true;
                resolve();
            });
        });
    }

    private closePort(): void {
        if (!this.listening) return;
        this.listening = false;
        this.httpServer.close();
        for (const s of this.sockets) s.destroy();
        this.sockets.clear();
    }

    private busy(socket: Socket): boolean {
        return (socket as Socket & { _httpMessage?: unknown })._httpMessage != null;
    }

    private onConnection(socket: Socket): void {
        if (this.faults.take('any', (f) => f.kind === 'refused' && f.times !== undefined)) {
            (socket as Socket & { resetAndDestroy(): void }).resetAndDestroy();
            return;
        }
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
    }

    private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
            try {
                this.dispatch(req, res, Buffer.concat(chunks).toString('utf8'));
            } catch (e) {
                this.send(res, undefined, { status: 500, contentType: 'text/plain; charset=utf-8', body: `test server error: ${(e as Error).stack}` });
            }
        });
    }

    private dispatch(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
        const method = req.method ?? 'GET';
        const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
        const query: Record<string, string[]> = {};
        parsed.searchParams.forEach((v, k) => (query[k] ??= []).push(v));

        const root = this.rootPath;
        const inRoot = !root || parsed.pathname === root || parsed.pathname.startsWith(`${root}/`);
        const path = inRoot ? parsed.pathname.slice(root.length) || '/' : parsed.pathname;
        const isApi = inRoot && (path === '/api' || path.startsWith('/api/'));
        const match = isApi ? matchRoute(method, path) : undefined;
        const route: RouteName | 'outside-api' = match ? match.route : 'outside-api';

        const entry = this.log.record({ method, path, route, query, headers: { ...req.headers }, body, at: Date.now(), status: 0 });

        if (match && match.methodAllowed && match.route === 'list') {
            this.listCalls++;
            // The world moves whether or not this call then fails.
            for (const change of this.listChanges.get(this.listCalls) ?? []) change(this);
            this.listChanges.delete(this.listCalls);
            this.controller.onListCall();
        }

        const fault = this.faults.take(route, (f) => f.kind !== 'refused');
        if (fault) return this.answerFault(res, entry, fault, () => this.handle(req, match, query, body));

        const answer = this.handle(req, match, query, body, inRoot, isApi);
        this.send(res, entry, answer);
        answer.after?.();
    }

    private handle(
        req: http.IncomingMessage,
        match: ReturnType<typeof matchRoute> | undefined,
        query: Record<string, string[]>,
        body: string,
        inRoot = true,
        isApi = true,
    ): Answer {
        const method = req.method ?? 'GET';
        if (!inRoot) return plain(goNotFound);
        if (!isApi || !match) {
            // The UI is a single-page app: every other path under the root serves index.html.
            return method === 'GET' ? { status: 200, contentType: 'text/html; charset=utf-8', body: SPA_INDEX } : plain(notFoundPlain);
        }
        // enforceContentTypes wraps the whole API: an exact, case-insensitive match, so even
        // 'application/json; charset=utf-8' is refused.
        if (method !== 'GET' && (req.headers['content-type'] ?? '').toLowerCase() !== 'application/json') return plain(invalidContentType);
        if (match.route === 'unknown') return plain(notFoundPlain);
        if (!match.methodAllowed) return plain({ status: 405, text: 'Method Not Allowed\n' });
        const ctx: HandlerContext = {
            fleet: this.fleet,
            controller: this.controller,
            repoServer: this.repoServer,
            tokens: this.options.tokens,
            token: extractToken(req.headers),
            query,
            params: match.params,
            body,
            version: this.version,
            honourFields: this.options.honourFields ?? true,
            fieldsAllowList: this.options.fieldsAllowList ?? fieldPathsFor(this.version),
            nullItemsWhenEmptyWithFields: this.options.nullItemsWhenEmptyWithFields ?? false,
        };
        try {
            return HANDLERS[match.route](ctx);
        } catch (e) {
            if (e instanceof ApiError) return { status: e.status, contentType: 'application/json', body: e.body() };
            throw e;
        }
    }

    private answerFault(res: http.ServerResponse, entry: RecordedRequest, fault: FaultSpec, real: () => Answer): void {
        switch (fault.kind) {
            case 'hang':
                this.hanging.add(res);
                res.on('close', () => this.hanging.delete(res));
                return;
            case 'status':
                return this.send(res, entry, statusAnswer(fault.status ?? 500, fault.body));
            case 'html':
                return this.send(res, entry, htmlAnswer(fault.status ?? 502, fault.body));
            case 'malformed':
                return this.send(res, entry, malformedAnswer(fault.status ?? 200, fault.body));
            case 'empty-body':
                return this.send(res, entry, { status: fault.status ?? 200, contentType: 'application/json', body: '' });
            case 'truncated': {
                // The real answer, cut in half and ended cleanly (chunked, so no length
                // mismatch tells the client): what a proxy with a full buffer may deliver.
                const full = real();
                const cut = full.body.slice(0, Math.max(1, Math.floor(full.body.length / 2)));
                entry.status = fault.status ?? full.status;
                res.writeHead(entry.status, { 'Content-Type': full.contentType, 'Transfer-Encoding': 'chunked' });
                res.end(cut);
                return;
            }
            default:
                return this.send(res, entry, statusAnswer(500));
        }
    }

    private send(res: http.ServerResponse, entry: RecordedRequest | undefined, a: Answer): void {
        if (entry) entry.status = a.status;
        const headers: http.OutgoingHttpHeaders = { 'Content-Type': a.contentType, 'Content-Length': Buffer.byteLength(a.body) };
        if (a.contentType.startsWith('text/plain')) headers['X-Content-Type-Options'] = 'nosniff';
        res.writeHead(a.status, headers);
        res.end(a.body);
    }
}

function plain(p: PlainAnswer): Answer {
    return { status: p.status, contentType: 'text/plain; charset=utf-8', body: p.text };
}
