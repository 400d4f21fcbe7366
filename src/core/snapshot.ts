import type { AppState, Condition, HealthStatus, OperationPhase, SyncStatus } from './model';

/** Bumped when a stored record changes shape; older records are migrated or reset. */
export const SNAPSHOT_SCHEMA = 3;

/** What the watch loop remembers about one application between runs. */
export interface AppRecord {
    name: string;
    namespace: string;
    project: string;
    sync: SyncStatus;
    health: HealthStatus;
    phase?: OperationPhase;
    revision?: string;
    finishedAt?: string;
    /** When each bad condition it is in now was first seen (epoch ms): the grace clock. */
    since: Partial<Record<Condition, number>>;
    /** Conditions the channel has been told about in the open incident. */
    notified: Condition[];
    /** When the open incident's first alert went out; absent when no incident is open. */
    openedAt?: number;
    /** When the current bad spell began, for "bad for 12m" on recovery. */
    badSince?: number;
    /** The open incident's thread: its root message, where later news about it goes. */
    thread?: ThreadRef;
    /** When the last "still bad" reminder went out. */
    remindedAt?: number;
    /** When recent incidents closed (within the flapping window): bad→fine flips. */
    flips?: number[];
    /** Set while the app is flapping: its flips are counted, not posted. */
    flapping?: Flapping;
}

export interface Flapping {
    /** When the flapping notice went out. */
    since: number;
    /** Bad→fine flips counted, including those before the notice. */
    flips: number;
    firstFlipAt: number;
    /** Whether it was bad when last seen, and when that last changed: steady since then. */
    bad: boolean;
    changedAt: number;
}

export interface ThreadRef {
    rootId: string;
    roomId: string;
    /** A storm's root, shared by many apps: replied to, never edited for one app's recovery. */
    shared?: boolean;
}

/** Facts about the watch itself rather than any one app. */
export interface WatchMeta {
    schema: number;
    /** Bumped by every saved run: a run that loaded an older revision must not post. */
    revision?: number;
    /** Identifies the Argo CD and scope the snapshot was taken from; a change starts afresh. */
    scopeKey: string;
    /** Set once the baseline was taken; the snapshot does not exist before. */
    baselineAt?: number;
    /** The baseline message still has to be posted (its first post failed). */
    baselinePending?: boolean;
    /** The warning that stored state was reset still has to be posted, with this reason. */
    resetPending?: string;
    argoFailingSince?: number;
    argoFailureCause?: string;
    argoOutageNotified?: boolean;
    /** Argo CD answered again but the "reading again" message has not gone out yet. */
    argoRecoveryPending?: { downForMs: number };
    /** When a suspicious shrink of the list was first seen and warned about. */
    shrinkSince?: number;
    shrinkWarned?: boolean;
}

export interface Snapshot {
    meta: WatchMeta;
    apps: Record<string, AppRecord>;
}

export function emptyMeta(scopeKey: string): WatchMeta {
    return { schema: SNAPSHOT_SCHEMA, scopeKey };
}

export function recordOf(app: AppState, previous?: AppRecord): AppRecord {
    const record: AppRecord = {
        name: app.name,
        namespace: app.namespace,
        project: app.project,
        sync: app.sync,
        health: app.health,
        since: previous ? previous.since : {},
        notified: previous ? previous.notified : [],
    };
    if (app.operationPhase) {
        record.phase = app.operationPhase;
    }
    if (app.revision) {
        record.revision = app.revision;
    }
    if (app.operationFinishedAt) {
        record.finishedAt = app.operationFinishedAt;
    }
    if (previous?.openedAt !== undefined) {
        record.openedAt = previous.openedAt;
    }
    if (previous?.badSince !== undefined) {
        record.badSince = previous.badSince;
    }
    if (previous?.thread !== undefined) {
        record.thread = previous.thread;
    }
    if (previous?.remindedAt !== undefined) {
        record.remindedAt = previous.remindedAt;
    }
    if (previous?.flips !== undefined) {
        record.flips = previous.flips;
    }
    if (previous?.flapping !== undefined) {
        record.flapping = previous.flapping;
    }
    return record;
}

function sameConditions(a: readonly Condition[], b: readonly Condition[]): boolean {
    return a.length === b.length && a.every((c, i) => c === b[i]);
}

function sameSince(a: AppRecord['since'], b: AppRecord['since']): boolean {
    const keys = Object.keys(a) as Condition[];
    return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function sameFlips(a: number[] | undefined, b: number[] | undefined): boolean {
    return a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((t, i) => t === b[i]));
}

function sameFlapping(a: Flapping | undefined, b: Flapping | undefined): boolean {
    return a === b || (a !== undefined && b !== undefined && a.since === b.since && a.flips === b.flips
        && a.firstFlipAt === b.firstFlipAt && a.bad === b.bad && a.changedAt === b.changedAt);
}

/** Field by field, because serialising 10,000 records each poll to compare them costs more than the poll. */
export function sameRecord(a: AppRecord | undefined, b: AppRecord): boolean {
    return a !== undefined
        && a.sync === b.sync && a.health === b.health && a.phase === b.phase
        && a.revision === b.revision && a.finishedAt === b.finishedAt
        && a.project === b.project && a.name === b.name && a.namespace === b.namespace
        && a.openedAt === b.openedAt && a.badSince === b.badSince && a.remindedAt === b.remindedAt
        && a.thread?.rootId === b.thread?.rootId && a.thread?.roomId === b.thread?.roomId && a.thread?.shared === b.thread?.shared
        && sameConditions(a.notified, b.notified) && sameSince(a.since, b.since)
        && sameFlips(a.flips, b.flips) && sameFlapping(a.flapping, b.flapping);
}
