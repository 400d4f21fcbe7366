/**
 * Read-only views of full Argo CD objects (`GET /applications/{name}`, resource tree, revision
 * metadata) for the command answers. Every field may be missing: Go omits empty ones.
 */
type Json = Record<string, unknown>;

function obj(value: unknown): Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : {};
}

function arr(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
    return typeof value === 'string' && value !== '' ? value : undefined;
}

export interface HistoryEntry {
    id: number;
    revision?: string;
    deployedAt?: string;
    deployStartedAt?: string;
    initiatedBy?: string;
    automated: boolean;
}

export interface AppDetails {
    name: string;
    namespace: string;
    project: string;
    sync?: string;
    health?: string;
    healthMessage?: string;
    revision?: string;
    targetRevision?: string;
    /** A Helm-repository or OCI source's chart: its revision is then a chart version or digest. */
    chart?: string;
    autoSync: boolean;
    operation?: { phase?: string; message?: string; startedAt?: string; finishedAt?: string; initiatedBy?: string; automated: boolean };
    conditions: Array<{ type: string; message: string }>;
    history: HistoryEntry[];
}

export interface UnhealthyResource {
    kind: string;
    namespace?: string;
    name: string;
    health: string;
    message?: string;
}

export interface RevisionMetadata {
    author?: string;
    date?: string;
    message?: string;
}

function initiator(value: unknown): { initiatedBy?: string; automated: boolean } {
    const by = obj(value);
    const automated = by.automated === true;
    const username = str(by.username);
    return { ...(username ? { initiatedBy: username } : {}), automated };
}

/**
 * Auto-sync as Argo CD decides it (`SyncPolicy.IsAutomatedSyncEnabled`, pkg/apis/application/
 * v1alpha1/types.go): `automated` present means on, including the usual `automated: {}` (its
 * fields are all omitempty); from 3.1 `automated: {enabled: false}` means off.
 */
export function isAutomatedSyncEnabled(syncPolicy: unknown): boolean {
    const automated = obj(syncPolicy).automated;
    if (typeof automated !== 'object' || automated === null || Array.isArray(automated)) {
        return false;
    }
    return (automated as Json).enabled !== false;
}

export function readHistory(value: unknown): HistoryEntry[] {
    return arr(value).map((entry) => {
        const e = obj(entry);
        const revisions = arr(e.revisions).map(str).filter((r): r is string => r !== undefined);
        return {
            id: typeof e.id === 'number' ? e.id : Number(e.id),
            revision: str(e.revision) ?? revisions[0],
            deployedAt: str(e.deployedAt),
            deployStartedAt: str(e.deployStartedAt),
            ...initiator(e.initiatedBy),
        };
    }).filter((e) => Number.isFinite(e.id));
}

export function readAppDetails(application: unknown): AppDetails | undefined {
    const app = obj(application);
    const metadata = obj(app.metadata);
    const name = str(metadata.name);
    if (!name) {
        return undefined;
    }
    const spec = obj(app.spec);
    const status = obj(app.status);
    const sources = arr(spec.sources);
    const source = obj(spec.source ?? sources[0]);
    const operationState = obj(status.operationState);
    const operation = Object.keys(operationState).length > 0 ? {
        phase: str(operationState.phase),
        message: str(operationState.message),
        startedAt: str(operationState.startedAt),
        finishedAt: str(operationState.finishedAt),
        ...initiator(obj(operationState.operation).initiatedBy),
    } : undefined;
    return {
        name,
        namespace: str(metadata.namespace) ?? 'argocd',
        project: str(spec.project) ?? 'default',
        sync: str(obj(status.sync).status),
        health: str(obj(status.health).status),
        healthMessage: str(obj(status.health).message),
        revision: str(obj(status.sync).revision) ?? arr(obj(status.sync).revisions).map(str).find((r) => r !== undefined),
        targetRevision: str(source.targetRevision),
        ...(str(source.chart) ? { chart: str(source.chart) } : {}),
        autoSync: isAutomatedSyncEnabled(spec.syncPolicy),
        ...(operation ? { operation } : {}),
        conditions: arr(status.conditions).map(obj).map((c) => ({ type: str(c.type) ?? 'Condition', message: str(c.message) ?? '' })),
        history: readHistory(status.history),
    };
}

export function readUnhealthyResources(tree: unknown): UnhealthyResource[] {
    return arr(obj(tree).nodes).map(obj)
        .filter((node) => {
            const health = str(obj(node.health).status);
            return health !== undefined && health !== 'Healthy';
        })
        .map((node) => ({
            kind: str(node.kind) ?? '?',
            ...(str(node.namespace) ? { namespace: str(node.namespace) } : {}),
            name: str(node.name) ?? '?',
            health: str(obj(node.health).status) ?? 'Unknown',
            ...(str(obj(node.health).message) ? { message: str(obj(node.health).message) } : {}),
        }));
}

export function readRevisionMetadata(value: unknown): RevisionMetadata {
    const meta = obj(value);
    return { author: str(meta.author), date: str(meta.date), message: str(meta.message) };
}

/** The revision the app is at after a sync was accepted: the operation's, else the target. */
export function syncTargetOf(application: unknown): string | undefined {
    const app = obj(application);
    const sync = obj(obj(app.operation).sync);
    return str(sync.revision) ?? arr(sync.revisions).map(str).find((r) => r !== undefined) ?? str(obj(obj(app.spec).source).targetRevision);
}
