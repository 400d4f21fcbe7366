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
    operationMessage?: string;
    /** From the last sync's result: the resources that did not apply. */
    failingResources?: ResourceState[];
    /** From the resource tree: the resources that are not Healthy. */
    unhealthyResources?: ResourceState[];
    commit?: { author?: string; message?: string; date?: string };
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : {};
}

function str(value: unknown): string | undefined {
    return typeof value === 'string' && value !== '' ? value : undefined;
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
    const message = str(operationState.message);
    if (message) {
        details.operationMessage = message;
    }
    const results = obj(operationState.syncResult).resources;
    const failing = (Array.isArray(results) ? results : []).map(obj)
        .filter((r) => (str(r.status) !== undefined && str(r.status) !== 'Synced' && str(r.status) !== 'Pruned') || str(r.hookPhase) === 'Failed' || str(r.hookPhase) === 'Error')
        .map((r) => ({
            kind: str(r.kind) ?? '?', name: str(r.name) ?? '?', status: str(r.status) ?? str(r.hookPhase) ?? '?',
            ...(str(r.namespace) ? { namespace: str(r.namespace) } : {}), ...(str(r.message) ? { message: str(r.message) } : {}),
        }));
    if (failing.length > 0) {
        details.failingResources = failing;
    }
    return details;
}
