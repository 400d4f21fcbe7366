import type { OperationPhase } from './model';
import { OPERATION_PHASES } from './model';
import { isCommitSha } from './revision';

/**
 * The sync operation of one Application, read from its full object (`GET /api/v1/applications/{name}`):
 * what it deploys, what ran before it, who started it. `status.operationState` is written by the
 * application controller (argo-cd controller/appcontroller.go, setOperationState): `operation.sync`
 * holds the requested revision(s) from the start, `syncResult` the resolved ones once it is done.
 * `status.history` gets an entry only for a sync that succeeded (controller/sync.go,
 * persistRevisionHistory), so the entry before this operation is the revision the app ran.
 */
export interface Initiator {
    username?: string;
    automated?: boolean;
}

export interface SourceView {
    /** A chart name for a Helm repository or OCI source: its revision is a version or digest. */
    chart?: string;
    /** The repository, for naming a source of a multi-source app. */
    repo?: string;
}

export interface OperationView {
    startedAt: string;
    finishedAt?: string;
    phase?: OperationPhase;
    message?: string;
    /** One per source (one for a single-source app); empty when Argo CD did not say. */
    revisions: string[];
    /** What the app ran before this operation, one per source; absent when there is no history. */
    previous?: string[];
    initiatedBy: Initiator;
    sources: SourceView[];
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : {};
}

function str(value: unknown): string | undefined {
    return typeof value === 'string' && value !== '' ? value : undefined;
}

function strings(value: unknown): string[] {
    return (Array.isArray(value) ? value : []).map((v) => (typeof v === 'string' ? v : ''));
}

/** `revision` for one source, `revisions` for several (SyncOperation and SyncOperationResult in types.go). */
function revisionsOf(holder: Json): string[] {
    const many = strings(holder.revisions).filter((r) => r !== '');
    if (many.length > 0) {
        return strings(holder.revisions);
    }
    const one = str(holder.revision);
    return one ? [one] : [];
}

/** A revision as written in the spec (`main`, `HEAD`, `1.*`) is not what was deployed. */
function resolved(revision: string, targets: Array<string | undefined>): boolean {
    return isCommitSha(revision) || !targets.includes(revision);
}

function sourcesOf(spec: Json): Json[] {
    const many = Array.isArray(spec.sources) ? spec.sources.map(obj) : [];
    return many.length > 0 ? many : [obj(spec.source)];
}

/** The operation of a full Application object; undefined without a started operation. */
export function readOperation(application: unknown): OperationView | undefined {
    const app = obj(application);
    const status = obj(app.status);
    const state = obj(status.operationState);
    const startedAt = str(state.startedAt);
    if (!startedAt) {
        return undefined;
    }
    const specSources = sourcesOf(obj(app.spec));
    const targets = specSources.map((s) => str(s.targetRevision));
    const result = revisionsOf(obj(state.syncResult));
    const requested = revisionsOf(obj(obj(state.operation).sync));
    const compared = revisionsOf(obj(status.sync));
    // Done: the result is what ran. Running: the request, source by source, unless it is still
    // the spec's branch or range: then the revision Argo CD resolved it to (status.sync).
    const revisions = result.length > 0 ? result
        : requested.length > 0 ? requested.map((r, i) => (r !== '' && resolved(r, [targets[i]]) ? r : compared[i] ?? r))
            : compared;
    const phaseText = str(state.phase);
    const phase = phaseText && (OPERATION_PHASES as readonly string[]).includes(phaseText) ? phaseText as OperationPhase : undefined;
    const by = obj(obj(state.operation).initiatedBy);
    const history = (Array.isArray(status.history) ? status.history : []).map(obj)
        .filter((h) => str(h.deployStartedAt) !== startedAt)
        .sort((a, b) => (Number(a.id) || 0) - (Number(b.id) || 0));
    const before = history[history.length - 1];
    const previous = before ? revisionsOf(before) : [];
    const view: OperationView = {
        startedAt,
        revisions,
        initiatedBy: { ...(str(by.username) ? { username: str(by.username) } : {}), ...(by.automated === true ? { automated: true } : {}) },
        sources: specSources.map((s) => ({ ...(str(s.chart) ? { chart: str(s.chart) } : {}), ...(str(s.repoURL) ? { repo: str(s.repoURL) } : {}) })),
    };
    if (previous.length > 0) {
        view.previous = previous;
    }
    if (str(state.finishedAt)) {
        view.finishedAt = str(state.finishedAt);
    }
    if (phase) {
        view.phase = phase;
    }
    if (str(state.message)) {
        view.message = str(state.message);
    }
    return view;
}

/** The sources whose revision this operation changes (all of them when nothing ran before). */
export function changedSources(revisions: readonly string[], previous: readonly string[] | undefined): number[] {
    return revisions.map((r, i) => (previous === undefined || previous[i] !== r ? i : -1)).filter((i) => i >= 0);
}

export function sameRevisions(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
    return a !== undefined && b !== undefined && a.length > 0 && a.length === b.length && a.every((r, i) => r === b[i]);
}
