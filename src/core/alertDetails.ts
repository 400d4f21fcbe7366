import { isCommitSha } from './revision';

/** What the full Application object and its neighbours add to an alert; the list cannot carry these. */
export interface ResourceState {
    kind: string;
    name: string;
    namespace?: string;
    status: string;
    message?: string;
}

export interface AlertDetails {
    revision?: string;
    /**
     * The commit to look up for the alert: the first source whose revision is a Git commit (a
     * multi-source app often has a chart first), with its index for Argo CD's `sourceIndex`.
     */
    commitSource?: { revision: string; index: number };
    operationMessage?: string;
    /** From the last sync's result: the resources that did not apply. */
    failingResources?: ResourceState[];
    /** From the resource tree: the resources that are not Healthy. */
    unhealthyResources?: ResourceState[];
    /** `status.resources` entries that are OutOfSync: what drifted. */
    driftedResources?: DriftedResource[];
    commit?: { author?: string; message?: string; date?: string };
    /** `status.conditions` of an error type (`ComparisonError`, `SyncError`…), with Argo CD's reason. */
    errorConditions?: Array<{ type: string; message: string }>;
    /** `metadata.deletionTimestamp` of an app being deleted. */
    deletionRequestedAt?: string;
}

export interface DriftedResource {
    kind: string;
    name: string;
    namespace?: string;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : {};
}

function str(value: unknown): string | undefined {
    return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Only `SyncFailed` (or a hook that failed) is a failure: gitops-engine's result codes
 * (pkg/sync/common/types.go) also say `Synced`, `Pruned` and `PruneSkipped`, and Argo CD counts
 * a skipped prune as success.
 */
function failedToApply(result: Json): boolean {
    return str(result.status) === 'SyncFailed' || str(result.hookPhase) === 'Failed' || str(result.hookPhase) === 'Error';
}

export function alertDetailsOf(application: unknown): AlertDetails {
    const status = obj(obj(application).status);
    const sync = obj(status.sync);
    const operationState = obj(status.operationState);
    const details: AlertDetails = {};
    const revisions = Array.isArray(sync.revisions) ? sync.revisions : [];
    const revision = str(sync.revision) ?? revisions.map(str).find((r) => r !== undefined);
    if (revision) {
        details.revision = revision;
    }
    const candidates: unknown[] = revisions.length > 0 ? revisions : [sync.revision];
    const index = candidates.findIndex((r) => isCommitSha(str(r)));
    if (index >= 0) {
        details.commitSource = { revision: str(candidates[index]) as string, index };
    }
    const message = str(operationState.message);
    if (message) {
        details.operationMessage = message;
    }
    const results = obj(operationState.syncResult).resources;
    const failing = (Array.isArray(results) ? results : []).map(obj)
        .filter(failedToApply)
        .map((r) => ({
            kind: str(r.kind) ?? '?', name: str(r.name) ?? '?', status: str(r.status) ?? str(r.hookPhase) ?? '?',
            ...(str(r.namespace) ? { namespace: str(r.namespace) } : {}), ...(str(r.message) ? { message: str(r.message) } : {}),
        }));
    if (failing.length > 0) {
        details.failingResources = failing;
    }
    // Argo CD's condition types ending in "Error" are errors, "…Warning" warnings (types.go).
    const errors = (Array.isArray(status.conditions) ? status.conditions : []).map(obj)
        .filter((c) => /Error$/.test(str(c.type) ?? ''))
        .map((c) => ({ type: str(c.type) as string, message: str(c.message) ?? '' }));
    if (errors.length > 0) {
        details.errorConditions = errors;
    }
    // The full app lists every managed resource with its own sync status (ResourceStatus in types.go).
    const drifted = (Array.isArray(status.resources) ? status.resources : []).map(obj)
        .filter((r) => str(r.status) === 'OutOfSync')
        .map((r) => ({ kind: str(r.kind) ?? '?', name: str(r.name) ?? '?', ...(str(r.namespace) ? { namespace: str(r.namespace) } : {}) }));
    if (drifted.length > 0) {
        details.driftedResources = drifted;
    }
    const deletion = str(obj(obj(application).metadata).deletionTimestamp);
    if (deletion) {
        details.deletionRequestedAt = deletion;
    }
    return details;
}
