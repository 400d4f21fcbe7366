/**
 * What each API call answers, after argo-cd server/application (RBAC checks and their order,
 * error codes and texts). HTTP plumbing and faults live in ArgoCdTestServer.ts.
 */
import { authenticate, CONTROL_PLANE_NAMESPACE, rbacName, Session, trySession } from './auth';
import { ApiError, appNotFound, GrpcCode, permissionDenied } from './errors';
import { clashingPath, parseFields, projectApp } from './fields';
import type { Fleet } from './fleet';
import type { Controller } from './operations';
import { chartDetailsOf, defaults, renderApp, renderManagedResources, renderResourceTree, revisionMetadataOf } from './render';
import type { RepoServer } from './repoServer';
import { isAutomatedSyncEnabled, isCommitSha, isFullCommitSha, isHelmSource, isMultiSource, revisionsOf, sourcesOf } from './sources';
import { matches, parseSelector, Selector, SelectorError } from './selector';
import type { FleetApp, FleetSource, TokenInfo } from './types';

export interface Answer {
    status: number;
    contentType: string;
    body: string;
    /** Runs once the answer is written (an operation that finishes at once). */
    after?: () => void;
}

export interface HandlerContext {
    fleet: Fleet;
    controller: Controller;
    repoServer: RepoServer;
    tokens?: Record<string, TokenInfo>;
    token?: string;
    query: Record<string, string[]>;
    params: Record<string, string>;
    body: string;
    version: string;
    honourFields: boolean;
    fieldsAllowList: readonly string[];
    nullItemsWhenEmptyWithFields: boolean;
}

const json = (value: unknown, status = 200): Answer => ({ status, contentType: 'application/json', body: JSON.stringify(value) });
const first = (q: Record<string, string[]>, k: string): string | undefined => q[k]?.[0];

export function handleVersion(ctx: HandlerContext): Answer {
    // Build details are only for authenticated callers (they help an attacker pick exploits).
    if (!trySession(ctx.token, ctx.tokens)) return json({ Version: ctx.version });
    return json({
        Version: ctx.version,
        BuildDate: '2026-08-22T10:00:00Z',
        GitCommit: '37ee0097cf851bc2dd7665fc081bbce61a7e836e',
        GitTreeState: 'clean',
        GoVersion: 'go1.25.0',
        Compiler: 'gc',
        Platform: 'linux/amd64',
        KustomizeVersion: 'v5.7.1',
        HelmVersion: 'v3.18.4',
        KubectlVersion: 'v0.34.0',
        JsonnetVersion: 'v0.21.0',
    });
}

export function handleUserInfo(ctx: HandlerContext): Answer {
    const s = trySession(ctx.token, ctx.tokens);
    if (!s) return json({});
    return json({ loggedIn: true, username: s.username, iss: 'argocd', groups: s.groups.length ? s.groups : undefined });
}

export function handleList(ctx: HandlerContext): Answer {
    const session = authenticate(ctx.token, ctx.tokens);
    let selector: Selector;
    try {
        selector = parseSelector(first(ctx.query, 'selector') ?? '');
    } catch (e) {
        if (e instanceof SelectorError) throw new ApiError(GrpcCode.Unknown, `error parsing the selector: ${e.message}`);
        throw e;
    }
    const appNamespace = first(ctx.query, 'appNamespace');
    let apps = ctx.fleet
        .all()
        .filter((a) => !appNamespace || defaults.namespace(a) === appNamespace)
        .filter((a) => matches(selector, a.labels))
        // RBAC: what the caller may not see is silently left out.
        .filter((a) => session.canSee(a));
    const name = first(ctx.query, 'name');
    if (name) {
        const found = apps.find((a) => a.name === name);
        if (!found) throw new ApiError(GrpcCode.NotFound, `error filtering applications by name: application '${name}' not found`);
        apps = [found];
    }
    const projects = [...(ctx.query.projects ?? []), ...(ctx.query.project ?? [])].filter((p) => p);
    if (projects.length) apps = apps.filter((a) => projects.includes(defaults.project(a)));
    const repo = first(ctx.query, 'repo');
    if (repo) apps = apps.filter((a) => defaults.repoURL(a) === repo);
    apps.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : defaults.namespace(a) < defaults.namespace(b) ? -1 : 1));

    const listMeta = JSON.stringify({ resourceVersion: ctx.fleet.listResourceVersion() });
    const selection = ctx.honourFields ? parseFields(ctx.query.fields) : undefined;
    if (selection && apps.length > 0 && clashingPath(ctx.version, selection, ctx.fieldsAllowList)) {
        // The marshal error goes to grpc-gateway v1's DefaultHTTPError, whose own marshal of the error
        // runs through the same field processor, fails again ("not an application list"), and falls back.
        return { status: 500, contentType: 'application/json', body: '{"error": "failed to marshal error message"}' };
    }
    const items = apps.map((a) => {
        const rendered = renderApp(a, ctx.fleet.peekMeta(a), ctx.version);
        return JSON.stringify(selection ? projectApp(rendered, selection, ctx.fieldsAllowList) : rendered);
    });
    if (selection && ctx.nullItemsWhenEmptyWithFields) {
        // 2.x: the projected list was a Go map, so keys sort and an empty item slice is nil.
        return { status: 200, contentType: 'application/json', body: `{"items":${items.length ? `[${items.join(',')}]` : 'null'},"metadata":${listMeta}}` };
    }
    // 3.x streams the list with a json.Encoder: one newline after the metadata and after each item.
    const body = `{"metadata":${listMeta}\n,"items":[${items.map((i) => `${i}\n`).join(',')}]}`;
    return { status: 200, contentType: 'application/json', body };
}

/**
 * getAppEnforceRBAC: without a project, a missing app and a hidden one both answer 403 so the
 * caller learns nothing; with a project the caller may see, a missing or mismatched app is 404.
 */
function findApp(ctx: HandlerContext, session: Session, name: string, appNamespace?: string, project?: string): FleetApp {
    const ns = appNamespace || CONTROL_PLANE_NAMESPACE;
    const app = ctx.fleet.get(name, ns);
    if (!app) {
        if (project) throw appNotFound(name);
        throw permissionDenied();
    }
    if (!session.canSee(app)) {
        if (project) throw appNotFound(name);
        throw permissionDenied();
    }
    if (project && defaults.project(app) !== project) throw appNotFound(name);
    return app;
}

function readApp(ctx: HandlerContext): { session: Session; app: FleetApp } {
    const session = authenticate(ctx.token, ctx.tokens);
    const app = findApp(ctx, session, ctx.params.name, first(ctx.query, 'appNamespace'), first(ctx.query, 'project'));
    return { session, app };
}

export function handleGet(ctx: HandlerContext): Answer {
    const { app } = readApp(ctx);
    return json(renderApp(app, ctx.fleet.meta(app), ctx.version));
}

export function handleResourceTree(ctx: HandlerContext): Answer {
    return json(renderResourceTree(readApp(ctx).app));
}

export function handleManagedResources(ctx: HandlerContext): Answer {
    return json(renderManagedResources(readApp(ctx).app));
}

/** getAppSourceBySourceIndexAndVersionId (server/application/application.go): without sourceIndex, source 0. */
function sourceByIndex(ctx: HandlerContext, app: FleetApp): FleetSource {
    const sources = sourcesOf(app);
    const raw = first(ctx.query, 'sourceIndex');
    const index = raw === undefined ? 0 : Number(raw);
    if (!Number.isInteger(index) || index < 0) throw new ApiError(GrpcCode.InvalidArgument, `strconv.ParseInt: parsing "${raw}": invalid syntax`);
    if (index >= sources.length) {
        const why = sources.length === 1 ? 'there is only 1 source' : `there are only ${sources.length} sources`;
        throw new ApiError(GrpcCode.Unknown, `error getting app source by source index and version ID: source index ${index} not found because ${why}`);
    }
    return sources[index];
}

export function handleRevisionMetadata(ctx: HandlerContext): Answer {
    const { app } = readApp(ctx);
    sourceByIndex(ctx, app);
    const revision = ctx.params.revision;
    // reposerver/repository/repository.go GetRevisionMetadata: only a (possibly truncated) commit
    // SHA has metadata; a chart version or an OCI digest is refused, and the API server passes the
    // repo-server's plain error through as gRPC Unknown (HTTP 500).
    if (!isCommitSha(revision)) throw new ApiError(GrpcCode.Unknown, `revision ${revision} must be resolved`);
    const meta = revisionMetadataOf(app, revision);
    if (!meta) {
        throw new ApiError(
            GrpcCode.Unknown,
            `error getting revision metadata: rpc error: code = Unknown desc = unable to resolve git revision ${revision}: revision not found`,
        );
    }
    return json(meta);
}

/** RevisionChartDetails (server/application/application.go): only for a source with a chart. */
export function handleChartDetails(ctx: HandlerContext): Answer {
    const { app } = readApp(ctx);
    const src = sourceByIndex(ctx, app);
    if (!src.chart) throw new ApiError(GrpcCode.Unknown, `no chart found for application: ${ctx.params.name}`);
    return json(chartDetailsOf(app, src.chart));
}

function parseBody(body: string): Record<string, unknown> {
    if (!body.trim()) return {};
    try {
        const v: unknown = JSON.parse(body);
        if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
        throw new ApiError(GrpcCode.InvalidArgument, `json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type application.ApplicationSyncRequest`);
    } catch (e) {
        if (e instanceof ApiError) throw e;
        const ch = body.trim()[0] ?? '';
        throw new ApiError(GrpcCode.InvalidArgument, `invalid character '${ch}' looking for beginning of value`);
    }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
/** Application.Operation != nil: requested and not yet picked up, or running (argo-cd util/argo/argo.go SetAppOperation). */
const operationSet = (a: FleetApp): boolean =>
    !!a.requestedOperation || a.operation?.phase === 'Running' || a.operation?.phase === 'Terminating';
const qualifiedName = (a: FleetApp): string => (defaults.namespace(a) === CONTROL_PLANE_NAMESPACE ? a.name : `${defaults.namespace(a)}/${a.name}`);
const anotherOperation = (): ApiError => new ApiError(GrpcCode.FailedPrecondition, 'another operation is already in progress');
const deleting = (): ApiError => new ApiError(GrpcCode.FailedPrecondition, 'application is deleting');

/**
 * resolveSourceRevisions/resolveRevision: a full commit SHA on a non-Helm source is taken as is;
 * anything else (HEAD, a branch, a chart version) goes to the repo-server, whose failure the API
 * server answers as FailedPrecondition.
 */
function resolveRevisions(ctx: HandlerContext, app: FleetApp, requested: string | undefined, dryRun: boolean): { revision?: string; revisions?: string[] } {
    const resolveOne = (src: FleetSource, ambiguous: string, resolved: string): string => {
        if (!isHelmSource(src) && isFullCommitSha(ambiguous)) return ambiguous;
        const failure = ctx.repoServer.takeResolutionFailure();
        if (failure) throw new ApiError(GrpcCode.FailedPrecondition, failure);
        return resolved;
    };
    const sources = sourcesOf(app);
    if (isMultiSource(app)) {
        return { revisions: sources.map((src, i) => resolveOne(src, src.targetRevision || 'HEAD', revisionsOf(app)[i])) };
    }
    const src = sources[0];
    if (requested && requested !== (src.targetRevision || 'HEAD') && isAutomatedSyncEnabled(app, ctx.version) && !dryRun) {
        // Auto-sync would move the app straight back to its target revision.
        throw new ApiError(GrpcCode.FailedPrecondition, `Cannot sync to ${requested}: auto-sync currently set to ${src.targetRevision ?? ''}`);
    }
    const ambiguous = requested ?? (src.targetRevision || 'HEAD');
    return { revision: resolveOne(src, ambiguous, requested ?? defaults.revision(app)) };
}

/**
 * Sync (server/application/application.go), in its order: the app (RBAC get), the sync window
 * (403, before the caller's sync permission), the sync permission (403), deletion (400), another
 * revision than the target on an auto-synced app (400), revision resolution (400
 * FailedPrecondition), then SetAppOperation refuses when an operation is already set (400).
 */
export function handleSync(ctx: HandlerContext): Answer {
    const session = authenticate(ctx.token, ctx.tokens);
    const req = parseBody(ctx.body);
    const app = findApp(ctx, session, ctx.params.name, str(req.appNamespace), str(req.project));
    if (app.syncWindowBlocked) throw new ApiError(GrpcCode.PermissionDenied, 'cannot sync: blocked by sync window');
    if (!session.canSync(app)) {
        throw new ApiError(GrpcCode.PermissionDenied, `permission denied: applications, sync, ${rbacName(app)}, sub: ${session.username}`);
    }
    if (app.deletionTimestamp) throw deleting();
    const resolved = resolveRevisions(ctx, app, str(req.revision), req.dryRun === true);
    if (operationSet(app)) throw anotherOperation();
    const pending = ctx.controller.start(app, 'sync', resolved, req.dryRun === true, session.username);
    const answer = json(renderApp(app, ctx.fleet.meta(app), ctx.version));
    return { ...answer, after: () => ctx.controller.settleImmediate(pending) };
}

/**
 * Rollback (server/application/application.go), in its order: the app with the sync permission
 * (403), deletion (400), auto-sync on per IsAutomatedSyncEnabled (400), the history id (400
 * InvalidArgument), then SetAppOperation (400 when an operation is already set).
 */
export function handleRollback(ctx: HandlerContext): Answer {
    const session = authenticate(ctx.token, ctx.tokens);
    const req = parseBody(ctx.body);
    const app = findApp(ctx, session, ctx.params.name, str(req.appNamespace), str(req.project));
    if (!session.canSync(app)) throw permissionDenied();
    if (app.deletionTimestamp) throw deleting();
    if (isAutomatedSyncEnabled(app, ctx.version)) throw new ApiError(GrpcCode.FailedPrecondition, 'rollback cannot be initiated when auto-sync is enabled');
    // int64 fields may arrive as JSON numbers or strings through grpc-gateway.
    const id = typeof req.id === 'string' && /^-?\d+$/.test(req.id) ? Number(req.id) : typeof req.id === 'number' ? req.id : 0;
    const deployment = app.history?.find((h) => h.id === id);
    if (!deployment) throw new ApiError(GrpcCode.InvalidArgument, `application ${qualifiedName(app)} does not have deployment with id ${id}`);
    if (operationSet(app)) throw anotherOperation();
    const target = deployment.revisions?.length ? { revisions: deployment.revisions } : { revision: deployment.revision };
    const pending = ctx.controller.start(app, 'rollback', target, req.dryRun === true, session.username);
    const answer = json(renderApp(app, ctx.fleet.meta(app), ctx.version));
    return { ...answer, after: () => ctx.controller.settleImmediate(pending) };
}
