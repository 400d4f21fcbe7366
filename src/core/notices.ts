import type { AppState, Condition } from './model';
import type { AppRecord, ThreadRef } from './snapshot';

/** Something the channel should be told, before it is turned into text. */
export type Notice =
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
    /** For undoing the notified mark when the post fails. */
    openedIncident: boolean;
    /** A stuck rollout: how long it has been Progressing. */
    progressingForMs?: number;
}

export interface RecoveryNotice extends Placement {
    kind: 'recovery';
    app: AppState;
    badForMs: number;
    /** The record before the incident was closed, restored when the post fails. */
    previous: AppRecord;
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
    /** For undoing the reminder mark when the post fails. */
    previousRemindedAt?: number;
}

/** An app went bad and recovered more than the threshold within the window: said once, in its thread. */
export interface FlappingNotice extends Placement {
    kind: 'flapping';
    app: AppState;
    flips: number;
    windowMs: number;
    /** Restored when the post fails. */
    previous: AppRecord;
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
    previous: AppRecord;
}
