import type { AppState, HealthStatus, OperationPhase, SyncStatus } from './model';
import { appKey, HEALTH_STATUSES, OPERATION_PHASES, SYNC_STATUSES } from './model';
import type { Result } from './result';
import { err, ok } from './result';

export interface ParsedList {
    apps: AppState[];
    /** Apps named but without their status this time: their previous state stands, untouched. */
    unreadable: string[];
    /** Items without a name: counted, never guessed at (they could be any known app). */
    skipped: number;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
    return isObject(value) ? value[key] : undefined;
}

function str(value: unknown): string | undefined {
    return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Unknown enum values (a newer Argo CD) read as Unknown instead of failing the poll. */
function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
    return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? value as T : fallback;
}

function labelsOf(value: unknown): Record<string, string> | undefined {
    if (!isObject(value)) {
        return undefined;
    }
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
        if (typeof v === 'string') {
            labels[k] = v;
        }
    }
    return Object.keys(labels).length > 0 ? labels : undefined;
}

export function parseApplication(item: unknown, defaultNamespace: string): AppState | undefined {
    const metadata = field(item, 'metadata');
    const name = str(field(metadata, 'name'));
    if (!name) {
        return undefined;
    }
    const namespace = str(field(metadata, 'namespace')) ?? defaultNamespace;
    const status = field(item, 'status');
    const sync = field(status, 'sync');
    const operationState = field(status, 'operationState');
    const phase = str(field(operationState, 'phase'));
    const app: AppState = {
        key: appKey(namespace, name),
        name,
        namespace,
        project: str(field(field(item, 'spec'), 'project')) ?? 'default',
        sync: oneOf<SyncStatus>(field(sync, 'status'), SYNC_STATUSES, 'Unknown'),
        health: oneOf<HealthStatus>(field(field(status, 'health'), 'status'), HEALTH_STATUSES, 'Unknown'),
    };
    if (app.sync === 'Unknown' && field(sync, 'status') !== 'Unknown') {
        app.syncNotUnderstood = true;
    }
    const revision = str(field(sync, 'revision'));
    if (revision) {
        app.revision = revision;
    }
    if (phase) {
        // An unknown phase is neither failed nor running: it must not raise a sync-failed alert.
        app.operationPhase = oneOf<OperationPhase | 'Unknown'>(phase, OPERATION_PHASES, 'Unknown') === 'Unknown'
            ? undefined
            : phase as OperationPhase;
    }
    const startedAt = str(field(operationState, 'startedAt'));
    if (startedAt) {
        app.operationStartedAt = startedAt;
    }
    const health = field(status, 'health');
    const healthSince = str(field(health, 'lastTransitionTime'));
    if (healthSince) {
        app.healthSince = healthSince;
    }
    const healthMessage = str(field(health, 'message'));
    if (healthMessage) {
        app.healthMessage = healthMessage;
    }
    const finishedAt = str(field(operationState, 'finishedAt'));
    if (finishedAt) {
        app.operationFinishedAt = finishedAt;
    }
    // With `fields`, Argo CD sends `"deletionTimestamp": null` for an app that is not being deleted.
    if (str(field(metadata, 'deletionTimestamp'))) {
        app.deleting = true;
    }
    if (isObject(field(item, 'operation'))) {
        app.operationPending = true;
    }
    const labels = labelsOf(field(metadata, 'labels'));
    if (labels) {
        app.labels = labels;
    }
    return app;
}

/** Without a sync or health status an item says nothing about the app: not "Unknown", not fine. */
function hasStatus(item: unknown): boolean {
    const status = field(item, 'status');
    return str(field(field(status, 'sync'), 'status')) !== undefined || str(field(field(status, 'health'), 'status')) !== undefined;
}

export type ParsedItem = { kind: 'app'; app: AppState } | { kind: 'unreadable'; key: string } | { kind: 'skipped' };

/**
 * One application object, from a list or from `GET /api/v1/applications/{name}`: both are read
 * by this one function, so the poll and a webhook can never see the same app differently.
 */
export function parseApplicationItem(item: unknown, defaultNamespace: string): ParsedItem {
    const app = parseApplication(item, defaultNamespace);
    if (!app) {
        return { kind: 'skipped' };
    }
    return hasStatus(item) ? { kind: 'app', app } : { kind: 'unreadable', key: app.key };
}

/**
 * Reads the body of `GET /api/v1/applications`. Anything that is not an application list is an
 * error, so a proxy's error page or a truncated answer can never look like an empty fleet.
 */
export function parseApplicationList(body: unknown, defaultNamespace = 'argocd'): Result<ParsedList> {
    if (!isObject(body)) {
        return err('the answer is not a JSON object (expected an application list)');
    }
    const items = body.items;
    if (items !== undefined && items !== null && !Array.isArray(items)) {
        return err('"items" is not a list');
    }
    if (items === undefined && !isObject(body.metadata)) {
        return err('the answer has neither "items" nor "metadata": not an application list');
    }
    const apps: AppState[] = [];
    const unreadable: string[] = [];
    let skipped = 0;
    for (const item of (items ?? []) as unknown[]) {
        const parsed = parseApplicationItem(item, defaultNamespace);
        if (parsed.kind === 'skipped') {
            skipped++;
        } else if (parsed.kind === 'app') {
            apps.push(parsed.app);
        } else {
            unreadable.push(parsed.key);
        }
    }
    return ok({ apps, unreadable, skipped });
}
