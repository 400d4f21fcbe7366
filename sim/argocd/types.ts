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
    /** Multi-source apps: one revision per source (history[].revisions); `revision` is then left out. */
    revisions?: string[];
    deployedAt: string;
    deployStartedAt?: string;
    initiatedBy?: Initiator;
}

/**
 * One entry of operationState.syncResult.resources. `status` is gitops-engine's ResultCode
 * (pkg/sync/common/types.go: Synced, SyncFailed, Pruned, PruneSkipped); any other string
 * (e.g. 'OutOfSync') is passed through as given.
 */
export interface FleetResourceResult {
    group?: string;
    kind: string;
    namespace?: string;
    name: string;
    status: 'Synced' | 'SyncFailed' | 'Pruned' | 'PruneSkipped' | 'OutOfSync' | string;
    message?: string;
    hookPhase?: string;
    syncPhase?: string;
}

export interface FleetOperation {
    phase: 'Running' | 'Terminating' | 'Failed' | 'Error' | 'Succeeded';
    message?: string;
    startedAt?: string;
    finishedAt?: string;
    revision?: string;
    /** Multi-source apps: the revisions synced, one per source. */
    revisions?: string[];
    initiatedBy?: Initiator;
    /** Per-resource results; by default derived from the app's resources and the phase. */
    resources?: FleetResourceResult[];
}

/**
 * An operation the API server has set (top-level `operation`) that the controller has not picked
 * up yet: argo-cd util/argo/argo.go SetAppOperation clears status.operationState meanwhile.
 */
export interface FleetRequestedOperation {
    revision?: string;
    revisions?: string[];
    initiatedBy?: Initiator;
    dryRun?: boolean;
}

/** One entry of spec.sources (multi-source apps). */
export interface FleetSource {
    repoURL: string;
    path?: string;
    /** A Helm chart name: the source is a Helm repository (or an OCI registry without the oci:// scheme). */
    chart?: string;
    targetRevision?: string;
    ref?: string;
    /** spec.source.helm.values: an inline values file, the bulk of many real specs. */
    helmValues?: string;
}

/**
 * How spec.syncPolicy.automated is written (argo-cd pkg/apis/application/v1alpha1/types.go
 * SyncPolicyAutomated, all fields omitempty): true = {prune: true, selfHeal: true};
 * 'empty' = `{}` (on); 'selfHeal' = {selfHeal: true} (on); 'disabled' = {prune: true,
 * selfHeal: true, enabled: false} (off from 3.1; older servers prune `enabled`: on);
 * false/absent = no `automated` (off).
 */
export type AutoSyncShape = boolean | 'empty' | 'selfHeal' | 'disabled';

export interface FleetApp {
    name: string;
    /** Default 'argocd' (the control-plane namespace). */
    namespace?: string;
    /** Default 'default'. */
    project?: string;
    labels?: Record<string, string>;
    /** metadata.annotations, e.g. notified.notifications.argoproj.io written by the notifications controller. */
    annotations?: Record<string, string>;
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
    /** Set by a sync the controller has not picked up yet: `operation` set, no operationState. */
    requestedOperation?: FleetRequestedOperation;
    autoSync?: AutoSyncShape;
    /** A Helm chart name: spec.source.chart, targetRevision is the chart version, sourceType Helm. */
    chart?: string;
    /** spec.source.helm.values of a single-source app; Argo CD repeats the source in comparedTo, history and the operation. */
    helmValues?: string;
    /** status.sourceType; default Helm for charts, else Kustomize. */
    sourceType?: string;
    /** Multi-source: spec.sources replaces spec.source. */
    sources?: FleetSource[];
    /** Multi-source: status.sync.revisions, one per source (defaults derived per source). */
    revisions?: string[];
    /** metadata.deletionTimestamp: the app is being deleted and a finalizer keeps it listed. */
    deletionTimestamp?: string;
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
    /**
     * Default 'v3.6.0+37ee009'. Shapes follow it: the `fields` table (3.5 adds spec.project,
     * status.sync.revision…), app health Missing (setResourcesMissing, 3.4).
     */
    version?: string;
    /**
     * Paths (without the `items.` prefix) that `fields` may select. Default: the table the
     * Argo CD API server of `version` honours (fieldPathsFor in fields.ts).
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
    | 'chart-details'
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
    /**
     * List calls the accepted operation waits for the controller, with `operation` set and no
     * status.operationState (default 0: picked up just before the next list call is answered;
     * the sync's own answer and GETs before that list call see the gap).
     */
    pickUpAfter?: number;
    /** List calls, once picked up, until it finishes (just before that list call is answered); default 1; 0 = at once. */
    after?: number;
    /**
     * Health after a successful sync, as the controller's next refreshes see the new pods: the app
     * is Progressing (gitops-engine pkg/health/health_deployment.go, "Waiting for rollout to
     * finish") for `after` list calls, then `status`. health.lastTransitionTime moves with each
     * change (argo-cd controller/health.go setApplicationHealth: only when the status changes).
     * Without it the app is Healthy at once, and its lastTransitionTime stays where it was when
     * it was Healthy before.
     */
    health?: {
        after: number;
        status: 'Healthy' | 'Degraded';
        message?: string;
        /**
         * List calls after the sync for which the app still shows the health it had before it
         * (the controller has not refreshed it yet): the window in which argocd-notifications#173
         * reported "deployed" while the new pods were not ready. Default 0.
         */
        staleFor?: number;
    };
    /** Per-resource results of the finished operation (e.g. PruneSkipped). */
    resources?: FleetResourceResult[];
    result?: Partial<FleetApp>;
}
