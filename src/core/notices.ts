import type { AppState, Condition } from './model';
import type { AppRecord, ThreadRef, WatchMeta } from './snapshot';

/**
 * What to put back when a notice's post fails, so that the next run decides to post it again: a
 * failed post is retried, never lost, and never doubled once it went out. The decision that marks
 * a notice as told says here what the mark was; `rearm` applies it. A new kind of notice says
 * what to undo where it is made, and nowhere else.
 */
export interface Undo {
    /** Whole app records as they were before the notice (a closed incident reopened, a gone app back). */
    records?: Array<{ key: string; record: AppRecord }>;
    /** Fields of app records as they were; a field given as undefined is removed. */
    fields?: Array<{ key: string; fields: Partial<AppRecord> }>;
    /** Facts about the watch as they were; a fact given as undefined is removed. */
    meta?: Partial<WatchMeta>;
}

/** Something the channel should be told, and what to undo if telling it fails. */
export type Notice = NoticeContent & { undo: Undo };

/** What a notice says, before it is turned into text. */
export type NoticeContent =
    | BaselineNotice
    | AlertNotice
    | RecoveryNotice
    | GoneNotice
    | StormNotice
    | RecoveryGroupNotice
    | ShrinkNotice
    | ArgoDownNotice
    | ArgoUpNotice
    | StateResetNotice
    | ReminderNotice
    | FlappingNotice
    | FlapEndNotice;

/** Where an app's news goes: its route (a channel; none = the default channel) and its open thread. */
export interface Placement {
    route?: string;
    thread?: ThreadRef;
}

export interface BaselineNotice {
    kind: 'baseline';
    total: number;
    unhealthy: Array<{ app: AppState; conditions: Condition[] }>;
}

export interface AlertNotice extends Placement {
    kind: 'alert';
    app: AppState;
    /** Conditions this alert tells about for the first time. */
    added: Condition[];
    /** Every bad condition the app is in now. */
    conditions: Condition[];
    /** The incident was already open: the app got worse. */
    worse: boolean;
    /** A stuck rollout: how long it has been Progressing. */
    progressingForMs?: number;
}

export interface RecoveryNotice extends Placement {
    kind: 'recovery';
    app: AppState;
    badForMs: number;
}

export interface GoneNotice extends Placement {
    kind: 'gone';
    key: string;
    record: AppRecord;
}

export interface StormNotice {
    kind: 'storm';
    route?: string;
    alerts: AlertNotice[];
    /** Set when every alert is about one failed rollout: the storm goes into its deploy thread. */
    thread?: ThreadRef;
}

export interface RecoveryGroupNotice {
    kind: 'recovery-group';
    route?: string;
    recoveries: RecoveryNotice[];
}

/** The undos of notices told as one (a storm, a group of recoveries). */
export function undoAll(undos: readonly Undo[]): Undo {
    return {
        records: ([] as NonNullable<Undo['records']>).concat(...undos.map((u) => u.records ?? [])),
        fields: ([] as NonNullable<Undo['fields']>).concat(...undos.map((u) => u.fields ?? [])),
        meta: undos.reduce<Partial<WatchMeta> | undefined>((meta, u) => (u.meta ? { ...meta, ...u.meta } : meta), undefined),
    };
}

export interface ShrinkNotice {
    kind: 'shrink';
    known: number;
    missing: number;
    sampleMissing: string[];
}

export interface ArgoDownNotice {
    kind: 'argo-down';
    cause: string;
    failingForMs: number;
}

export interface ArgoUpNotice {
    kind: 'argo-up';
    downForMs: number;
}

export interface StateResetNotice {
    kind: 'state-reset';
    reason: string;
}

export interface ReminderNotice extends Placement {
    kind: 'reminder';
    app: AppState;
    conditions: Condition[];
    badForMs: number;
}

/** An app went bad and recovered more than the threshold within the window: said once, in its thread. */
export interface FlappingNotice extends Placement {
    kind: 'flapping';
    app: AppState;
    flips: number;
    windowMs: number;
}

/** A flapping app has been steady for the window: how many flips, and where it is now. */
export interface FlapEndNotice extends Placement {
    kind: 'flap-end';
    app: AppState;
    flips: number;
    /** From the first counted flip to the last change. */
    flappedForMs: number;
    windowMs: number;
    /** Steady and fine: the incident closes (the root is marked resolved). */
    resolved: boolean;
    /** For the root's "resolved after": how long the incident was open. */
    badForMs: number;
}
