/**
 * Public types of the Argo CD test server. `FleetApp` is our compact description of one
 * Application; the server renders full Argo CD objects from it (see render.ts).
 */

export interface Initiator {
    username?: string;
    automated?: boolean;
}

export interface FleetResource {
    group?: string;
    kind: string;
    namespace?: string;
    name: string;
    /** Sync status of the resource: 'Synced' | 'OutOfSync' | 'Unknown'. */
    status?: string;
    health?: { status: string; message?: string };
    /**
     * Explicit manifests for `managed-resources`: the live object (normalizedLiveState) and the
     * desired one (targetState and predictedLiveState); `null` = absent on that side.
     */
    manifests?: { live: unknown; desired: unknown };
}

export interface FleetHistoryEntry {
    id: number;
    revision: string;
    deployedAt: string;
    deployStartedAt?: string;
    initiatedBy?: Initiator;
}

export interface FleetOperation {
    phase: 'Running' | 'Terminating' | 'Failed' | 'Error' | 'Succeeded';
    message?: string;
    startedAt?: string;
    finishedAt?: string;
    revision?: string;
    initiatedBy?: Initiator;
}

export interface FleetApp {
    name: string;
    /** Default 'argocd' (the control-plane namespace). */
    namespace?: string;
    /** Default 'default'. */
    project?: string;
    labels?: Record<string, string>;
    sync: 'Synced' | 'OutOfSync' | 'Unknown' | string;
    health: 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown' | string;
    healthMessage?: string;
    /** 40-hex commit: the revision the app was last compared to (status.sync.revision). */
    revision?: string;
    repoURL?: string;
    path?: string;
    targetRevision?: string;
    destination?: { server?: string; namespace?: string };
    /** The last (or current) operation; phase Running renders a top-level `operation` too. */
    operation?: FleetOperation;
    autoSync?: boolean;
    resources?: FleetResource[];
    history?: FleetHistoryEntry[];
    conditions?: Array<{ type: string; message: string; lastTransitionTime?: string }>;
    revisionMetadata?: Record<string, { author: string; date: string; message: string; tags?: string[] }>;
    /** Sync answers 403 'cannot sync: blocked by sync window'. */
    syncWindowBlocked?: boolean;
}

export interface TokenInfo {
    username: string;
    groups?: string[];
    canSee?: (app: FleetApp) => boolean;
    canSync?: (app: FleetApp) => boolean;
    expired?: boolean;
}

export interface ServerOptions {
    port?: number;
    /** e.g. '/argocd': the API is served under it, as behind a path-prefixed ingress. */
    rootPath?: string;
    fleet?: FleetApp[];
    /**
     * Known tokens. When omitted, any JWT-shaped token (three dot-separated parts) is accepted
     * as user 'admin' with full access, so tests that do not care about auth stay short.
     */
    tokens?: Record<string, TokenInfo>;
    /** Default true; false = a server older than the `fields` feature, returning full objects. */
    honourFields?: boolean;
    /** Default 'v3.6.0+37ee009'. */
    version?: string;
    /**
     * Paths (without the `items.` prefix) that `fields` may select. Default: the list the
     * Argo CD API server itself honours (UPSTREAM_FIELDS in fields.ts).
     */
    fieldsAllowList?: readonly string[];
    /**
     * Argo CD 2.x answered a `fields` request on an empty list with `"items":null`
     * (a nil Go slice); 3.x streams `[]`. Default false.
     */
    nullItemsWhenEmptyWithFields?: boolean;
}

export type RouteName =
    | 'version'
    | 'userinfo'
    | 'list'
    | 'get'
    | 'sync'
    | 'rollback'
    | 'resource-tree'
    | 'managed-resources'
    | 'revision-metadata'
    | 'unknown';

export type FaultKind = 'refused' | 'hang' | 'status' | 'html' | 'malformed' | 'truncated' | 'empty-body';

export interface FaultSpec {
    kind: FaultKind;
    status?: number;
    body?: string;
    /** 'list' | 'get' | 'sync' | 'any' or any other RouteName; default 'any'. */
    route?: RouteName | 'any' | string;
    /** Number of matching requests it applies to; default: until clearFaults(). */
    times?: number;
}

export interface RecordedRequest {
    method: string;
    /** Path without the rootPath and without the query string. */
    path: string;
    route: RouteName | 'outside-api';
    query: Record<string, string[]>;
    headers: Record<string, string | string[] | undefined>;
    body: string;
    /** Epoch milliseconds when the request arrived. */
    at: number;
    /** HTTP status answered; 0 while unanswered (a hang) or when the connection was dropped. */
    status: number;
}

export interface SyncOutcome {
    phase: 'Succeeded' | 'Failed';
    message?: string;
    /** List calls until it finishes (it finishes just before that list call is answered); default 1; 0 = at once. */
    after?: number;
    result?: Partial<FleetApp>;
}
