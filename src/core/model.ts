/** The slice of an Argo CD Application the watch loop decides on. */
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';
export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';
export type OperationPhase = 'Running' | 'Terminating' | 'Failed' | 'Error' | 'Succeeded';

export const SYNC_STATUSES: readonly SyncStatus[] = ['Synced', 'OutOfSync', 'Unknown'];
export const HEALTH_STATUSES: readonly HealthStatus[] = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'];
export const OPERATION_PHASES: readonly OperationPhase[] = ['Running', 'Terminating', 'Failed', 'Error', 'Succeeded'];

export interface AppState {
    /** `<namespace>/<name>`: Argo CD names are unique per namespace only. */
    key: string;
    name: string;
    namespace: string;
    project: string;
    sync: SyncStatus;
    health: HealthStatus;
    revision?: string;
    operationPhase?: OperationPhase;
    operationFinishedAt?: string;
    /** `status.operationState.startedAt`: a new value is a new operation (the deploy feed). */
    operationStartedAt?: string;
    /** `status.health.lastTransitionTime` (Argo CD 2.x; absent in 3.x): when the health last changed. */
    healthSince?: string;
    /** `status.health.message` of the app (Argo CD 2.x), for a rollout that ends Degraded. */
    healthMessage?: string;
    labels?: Record<string, string>;
    /**
     * A sync was accepted (`operation` is set) but its outcome is not in yet: Argo CD clears
     * `status.operationState` until the controller picks the operation up.
     */
    operationPending?: boolean;
    /** `metadata.deletionTimestamp` is set: the app is being deleted (a finalizer may hold it). */
    deleting?: boolean;
    /**
     * Argo CD sent no sync status, or one this app does not know (a newer Argo CD): read as
     * Unknown, but not as the ComparisonError that a literal `Unknown` means.
     */
    syncNotUnderstood?: boolean;
}

/** A bad state the app can alert on. */
export type Condition = 'OutOfSync' | 'Degraded' | 'Missing' | 'SyncFailed' | 'ComparisonError' | 'Unknown' | 'Suspended' | 'Deleting' | 'Stuck';

/** The conditions a team can choose in `alert_on`. `Deleting` is always reported, once. */
export const ALL_CONDITIONS: readonly Condition[] = ['OutOfSync', 'Degraded', 'Missing', 'SyncFailed', 'ComparisonError', 'Unknown', 'Suspended'];
/** Every condition a stored record may hold, including those no setting can choose. */
export const RECORDED_CONDITIONS: readonly Condition[] = [...ALL_CONDITIONS, 'Deleting', 'Stuck'];

/**
 * `ComparisonError` is on by default: sync `Unknown` means Argo CD could not generate the
 * manifests (a broken kustomization, an unreachable repo), so the app cannot be deployed at all.
 */
export const DEFAULT_ALERT_CONDITIONS: readonly Condition[] = ['OutOfSync', 'Degraded', 'Missing', 'SyncFailed', 'ComparisonError'];

export function appKey(namespace: string, name: string): string {
    return `${namespace}/${name}`;
}
