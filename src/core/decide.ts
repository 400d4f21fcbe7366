import { conditionsOf, isRecovered } from './conditions';
import type { AppState, Condition } from './model';
import { appKey } from './model';
import type { Mute } from './mutes';
import { findMute } from './mutes';
import type { AlertNotice, BaselineNotice, Notice, Placement, RecoveryNotice, Undo } from './notices';
import { undoAll } from './notices';
import type { AppRecord, Snapshot, WatchMeta } from './snapshot';
import { emptyMeta, recordOf, sameRecord } from './snapshot';

export interface DecideSettings {
    graceMs: number;
    alertOn: readonly Condition[];
    stormThreshold: number;
    /** Opt-in "still bad" replies in an open incident's thread; 0 or absent: off. */
    reminderMs?: number;
    /** More bad→fine flips than this within `flapWindowMs` is flapping; 0 or absent: off. */
    flapThreshold?: number;
    flapWindowMs?: number;
    /** Progressing longer than this is a stuck rollout; 0 or absent: off. */
    progressingDeadlineMs?: number;
}

/** Which channel an app's news goes to; undefined: the default channel. */
export type RouteOf = (app: { name: string; project: string; labels?: Record<string, string> }) => string | undefined;

/** The outcome of reading Argo CD this run. */
/** The outcome of reading Argo CD this run: the whole scoped list, or (`partial`) a few apps a webhook named. */
export type ReadOutcome =
    | { ok: true; apps: AppState[]; partial?: boolean; unreadable?: string[]; skipped?: number }
    | { ok: false; cause: string };

export interface DecideInput {
    now: number;
    settings: DecideSettings;
    scopeKey: string;
    /** Absent before the first successful read. */
    previous?: Snapshot;
    read: ReadOutcome;
    mutes: readonly Mute[];
    routeOf?: RouteOf;
    /** Apps whose open incident someone acknowledged: their reminders stop. */
    acked?: ReadonlySet<string>;
}

export interface Decision {
    snapshot: Snapshot;
    /** App records to write; everything else is unchanged and is not written. */
    changed: string[];
    removed: string[];
    metaChanged: boolean;
    notices: Notice[];
}

/**
 * A shrink is suspicious when more than this share of the known apps vanish at once: the usual
 * cause is a token that lost RBAC or a changed scope, not a mass deletion.
 */
export const SHRINK_RATIO = 0.5;
export const SHRINK_MIN_KNOWN = 4;
/** A shrink that holds this long is accepted as the new fleet. */
export const SHRINK_ACCEPT_MS = 60 * 60 * 1000;

/** Schedulers fire a little early or late; a grace of "one interval" must not need two. */
function graceElapsed(since: number | undefined, now: number, graceMs: number): boolean {
    return since !== undefined && now - since >= graceMs * 0.9;
}

function sinceFor(conditions: readonly Condition[], previous: AppRecord['since'], now: number): AppRecord['since'] {
    const since: AppRecord['since'] = {};
    for (const condition of conditions) {
        since[condition] = previous[condition] ?? now;
    }
    return since;
}

class DecisionBuilder {
    readonly apps: Record<string, AppRecord>;
    readonly changed = new Set<string>();
    readonly removed: string[] = [];
    readonly alerts: Array<AlertNotice & { undo: Undo }> = [];
    readonly recoveries: Array<RecoveryNotice & { undo: Undo }> = [];
    /** Thread news that is never grouped into a storm: reminders, flapping and its summary. */
    readonly reminders: Notice[] = [];
    readonly notices: Notice[] = [];
    meta: WatchMeta;
    metaChanged = false;

    constructor(previous: Snapshot | undefined, scopeKey: string) {
        this.apps = { ...(previous?.apps ?? {}) };
        this.meta = previous ? { ...previous.meta } : emptyMeta(scopeKey);
        this.metaChanged = previous === undefined;
    }

    put(key: string, record: AppRecord): void {
        if (!sameRecord(this.apps[key], record)) {
            this.apps[key] = record;
            this.changed.add(key);
        }
    }

    remove(key: string): void {
        delete this.apps[key];
        this.changed.delete(key);
        this.removed.push(key);
    }

    setMeta(patch: Partial<WatchMeta>): void {
        const next = { ...this.meta, ...patch };
        for (const key of Object.keys(patch) as Array<keyof WatchMeta>) {
            if (patch[key] === undefined) {
                delete next[key];
            }
        }
        if (JSON.stringify(next) !== JSON.stringify(this.meta)) {
            this.meta = next;
            this.metaChanged = true;
        }
    }
}

function unhealthyOf(apps: readonly AppState[], alertOn: ReadonlySet<Condition>): BaselineNotice['unhealthy'] {
    return apps
        .map((app) => ({ app, conditions: conditionsOf(app, alertOn) }))
        .filter((entry) => entry.conditions.length > 0);
}

function takeBaseline(b: DecisionBuilder, apps: AppState[], alertOn: ReadonlySet<Condition>, input: DecideInput): void {
    const { now } = input;
    const present = new Set(apps.map((app) => app.key));
    for (const key of Object.keys(b.apps)) {
        if (!present.has(key)) {
            b.remove(key);
        }
    }
    for (const app of apps) {
        const conditions = conditionsOf(app, alertOn);
        const record = recordOf(app);
        record.since = sinceFor(conditions, {}, now);
        if (conditions.length > 0) {
            // The baseline names them: that is their alert, so they do not alert again next run.
            record.notified = conditions;
            record.openedAt = now;
            record.badSince = now;
        }
        b.put(app.key, record);
    }
    b.setMeta({ scopeKey: input.scopeKey, baselineAt: now, baselinePending: undefined, shrinkSince: undefined, shrinkWarned: undefined });
    b.notices.push({ kind: 'baseline', total: apps.length, unhealthy: unhealthyOf(apps, alertOn), undo: { meta: { baselinePending: true } } });
}

/**
 * While a sync is accepted or running, the last finished operation still speaks for the app:
 * Argo CD clears `operationState` until the controller picks the sync up, and a poll in that gap
 * must neither close an incident (a failed sync seems gone) nor reopen one right after.
 */
function holdingLastOperation(app: AppState, previous: AppRecord | undefined): AppState {
    const inFlight = app.operationPhase === undefined || app.operationPhase === 'Running' || app.operationPhase === 'Terminating';
    if (!app.operationPending || !previous || !inFlight) {
        return app;
    }
    const held: AppState = { ...app };
    if (previous.phase !== undefined) {
        held.operationPhase = previous.phase;
    } else {
        delete held.operationPhase;
    }
    return held;
}

/**
 * A rollout stuck in Progressing is a condition of its own, with the deadline as its grace: an
 * app is Progressing during every normal rollout, so only one that stays so for long is news.
 */
function conditionsNow(app: AppState, alertOn: ReadonlySet<Condition>, settings: DecideSettings): Condition[] {
    const conditions = conditionsOf(app, alertOn);
    const deadline = settings.progressingDeadlineMs ?? 0;
    return deadline > 0 && app.health === 'Progressing' && !app.deleting ? [...conditions, 'Stuck'] : conditions;
}

function graceFor(condition: Condition, settings: DecideSettings): number {
    return condition === 'Stuck' ? settings.progressingDeadlineMs ?? 0 : settings.graceMs;
}

/** Recent bad→fine flips with this one, bounded: only the window and the threshold matter. */
function flipsWith(record: AppRecord, now: number, settings: DecideSettings): number[] {
    const windowMs = settings.flapWindowMs ?? 0;
    const threshold = settings.flapThreshold ?? 0;
    return [...(record.flips ?? []).filter((at) => now - at < windowMs), now].slice(-(threshold + 1));
}

/**
 * While an app flaps, its flips are counted and nothing is posted for them; once it has been
 * steady for the window, one summary says how many flips there were and where it is now. Fine:
 * the incident closes. Still bad: it stays open as a normal incident (its recovery is posted).
 */
function observeFlapping(b: DecisionBuilder, app: AppState, record: AppRecord, conditions: Condition[], muted: boolean, placement: Placement, input: DecideInput): void {
    const { now, settings } = input;
    const flapping = { ...(record.flapping as NonNullable<AppRecord['flapping']>) };
    const fine = isRecovered(app);
    const bad = conditions.length > 0;
    if (fine && flapping.bad) {
        flapping.flips++;
        flapping.bad = false;
        flapping.changedAt = now;
    } else if (bad && !flapping.bad) {
        flapping.bad = true;
        flapping.changedAt = now;
    }
    const windowMs = settings.flapWindowMs ?? 0;
    const next: AppRecord = { ...record, notified: conditions, flapping };
    if (now - flapping.changedAt < windowMs * 0.9) {
        b.put(app.key, next);
        return;
    }
    delete next.flapping;
    delete next.flips;
    if (fine) {
        next.notified = [];
        delete next.openedAt;
        delete next.badSince;
        delete next.thread;
        delete next.remindedAt;
    }
    if (!muted) {
        b.reminders.push({
            kind: 'flap-end', app, flips: flapping.flips, flappedForMs: flapping.changedAt - flapping.firstFlipAt, windowMs,
            resolved: fine, badForMs: now - (record.badSince ?? record.openedAt ?? now), ...placement,
            undo: { records: [{ key: app.key, record }] },
        });
    }
    b.put(app.key, next);
}

function observeApp(b: DecisionBuilder, seen: AppState, input: DecideInput, alertOn: ReadonlySet<Condition>): void {
    const { now, settings } = input;
    const previous = b.apps[seen.key];
    const app = holdingLastOperation(seen, previous);
    const conditions = conditionsNow(app, alertOn, settings);
    const record = recordOf(app, previous);
    record.since = sinceFor(conditions, previous?.since ?? {}, now);
    // Edge-triggered: a condition that cleared is forgotten, so its return alerts again.
    record.notified = record.notified.filter((c) => conditions.includes(c));
    if (conditions.length > 0 && record.badSince === undefined) {
        record.badSince = now;
    }
    const muted = findMute(app, input.mutes, now) !== undefined;
    const route = input.routeOf?.(app);
    const placement: Placement = { ...(route !== undefined ? { route } : {}), ...(record.thread ? { thread: record.thread } : {}) };

    if (record.flapping) {
        observeFlapping(b, app, record, conditions, muted, placement, input);
        return;
    }
    if (record.openedAt !== undefined && isRecovered(app)) {
        const flips = (settings.flapThreshold ?? 0) > 0 ? flipsWith(record, now, settings) : undefined;
        if (flips && flips.length > (settings.flapThreshold ?? 0)) {
            // One flip too many: this recovery becomes the flapping notice, and the incident stays open.
            const flapping: AppRecord = { ...record, notified: [], flapping: { since: now, flips: flips.length, firstFlipAt: flips[0], bad: false, changedAt: now } };
            delete flapping.flips;
            delete flapping.remindedAt;
            if (!muted) {
                b.reminders.push({
                    kind: 'flapping', app, flips: flips.length, windowMs: settings.flapWindowMs ?? 0, ...placement,
                    undo: { records: [{ key: app.key, record: previous ?? record }] },
                });
            }
            b.put(app.key, flapping);
            return;
        }
        const closed: AppRecord = { ...record, notified: [], ...(flips ? { flips } : {}) };
        delete closed.openedAt;
        delete closed.badSince;
        delete closed.thread;
        delete closed.remindedAt;
        if (!muted) {
            b.recoveries.push({
                kind: 'recovery',
                app,
                badForMs: now - (record.badSince ?? record.openedAt),
                ...placement,
                undo: { records: [{ key: app.key, record: previous ?? record }] },
            });
        }
        b.put(app.key, closed);
        return;
    }
    if (conditions.length === 0 && record.openedAt === undefined) {
        // Bad for less than the grace period and fine again: nothing was said, nothing is.
        delete record.badSince;
    }
    const due = conditions.filter((c) => !record.notified.includes(c) && graceElapsed(record.since[c], now, graceFor(c, settings)));
    if (due.length > 0 && !muted) {
        const worse = record.openedAt !== undefined;
        // Not told after all (the post failed): the conditions are due again, a new incident unopened.
        const undo: Undo = { fields: [{ key: app.key, fields: { notified: record.notified, ...(worse ? {} : { openedAt: undefined }) } }] };
        record.notified = conditions.filter((c) => record.notified.includes(c) || due.includes(c));
        if (!worse) {
            record.openedAt = now;
        }
        b.alerts.push({
            kind: 'alert', app, added: due, conditions, worse, ...(worse ? placement : route !== undefined ? { route } : {}),
            ...(due.includes('Stuck') ? { progressingForMs: now - (record.since.Stuck ?? now) } : {}),
            undo,
        });
    } else if (reminderDue(record, conditions, muted, input)) {
        b.reminders.push({
            kind: 'reminder', app, conditions, badForMs: now - (record.badSince ?? record.openedAt ?? now), ...placement,
            undo: { fields: [{ key: app.key, fields: { remindedAt: record.remindedAt } }] },
        });
        record.remindedAt = now;
    }
    b.put(app.key, record);
}

/** A reminder goes only into an open incident's own thread, every `reminderMs`, never while muted. */
function reminderDue(record: AppRecord, conditions: Condition[], muted: boolean, input: DecideInput): boolean {
    const every = input.settings.reminderMs ?? 0;
    if (every <= 0 || muted || input.acked?.has(appKey(record.namespace, record.name)) || record.openedAt === undefined || record.thread === undefined || conditions.length === 0) {
        return false;
    }
    return input.now - (record.remindedAt ?? record.openedAt) >= every * 0.9;
}

function handleMissing(b: DecisionBuilder, input: DecideInput, present: ReadonlySet<string>): void {
    const known = Object.keys(b.apps);
    const missing = known.filter((key) => !present.has(key));
    const { now } = input;
    const suspicious = known.length >= SHRINK_MIN_KNOWN && missing.length > known.length * SHRINK_RATIO;
    if (suspicious) {
        const since = b.meta.shrinkSince ?? now;
        if (now - since < SHRINK_ACCEPT_MS) {
            if (!b.meta.shrinkWarned) {
                b.notices.push({ kind: 'shrink', known: known.length, missing: missing.length, sampleMissing: missing.slice(0, 5), undo: { meta: { shrinkWarned: undefined } } });
            }
            b.setMeta({ shrinkSince: since, shrinkWarned: true });
            return;
        }
    }
    b.setMeta({ shrinkSince: undefined, shrinkWarned: undefined });
    for (const key of missing) {
        const record = b.apps[key];
        if (record.openedAt !== undefined && !findMute(record, input.mutes, now)) {
            const route = input.routeOf?.(record);
            b.notices.push({
                kind: 'gone', key, record, ...(route !== undefined ? { route } : {}), ...(record.thread ? { thread: record.thread } : {}),
                undo: { records: [{ key, record }] },
            });
        }
        b.remove(key);
    }
}

function byRoute<T extends { route?: string }>(items: T[]): Map<string | undefined, T[]> {
    const groups = new Map<string | undefined, T[]>();
    for (const item of items) {
        groups.set(item.route, [...(groups.get(item.route) ?? []), item]);
    }
    return groups;
}

/** Storms are counted per channel: a busy team's storm must not swallow another team's alert. */
function groupStorms(b: DecisionBuilder, threshold: number): Notice[] {
    const grouped: Notice[] = [];
    for (const [route, alerts] of byRoute(b.alerts)) {
        if (alerts.length > threshold) {
            grouped.push({ kind: 'storm', alerts, ...(route !== undefined ? { route } : {}), undo: undoAll(alerts.map((a) => a.undo)) });
        } else {
            grouped.push(...alerts);
        }
    }
    for (const [route, recoveries] of byRoute(b.recoveries)) {
        if (recoveries.length > threshold) {
            grouped.push({ kind: 'recovery-group', recoveries, ...(route !== undefined ? { route } : {}), undo: undoAll(recoveries.map((r) => r.undo)) });
        } else {
            grouped.push(...recoveries);
        }
    }
    return grouped;
}

/** The warning that stored state was reset; kept for the next run if its post fails. */
export function stateResetNotice(reason: string): Notice {
    return { kind: 'state-reset', reason, undo: { meta: { resetPending: reason } } };
}

function readFailed(b: DecisionBuilder, input: DecideInput, cause: string): void {
    const failingSince = b.meta.argoFailingSince ?? input.now;
    const due = !b.meta.argoOutageNotified && graceElapsed(failingSince, input.now, input.settings.graceMs);
    if (due) {
        b.notices.push({ kind: 'argo-down', cause, failingForMs: input.now - failingSince, undo: { meta: { argoOutageNotified: undefined } } });
    }
    b.setMeta({
        argoFailingSince: failingSince,
        argoFailureCause: cause,
        argoOutageNotified: b.meta.argoOutageNotified || due || undefined,
        argoRecoveryPending: undefined,
    });
}

function readSucceeded(b: DecisionBuilder, input: DecideInput): void {
    const recovery = b.meta.argoOutageNotified && b.meta.argoFailingSince !== undefined
        ? { downForMs: input.now - b.meta.argoFailingSince }
        : b.meta.argoRecoveryPending;
    if (recovery) {
        b.notices.push({ kind: 'argo-up', downForMs: recovery.downForMs, undo: { meta: { argoRecoveryPending: { downForMs: recovery.downForMs } } } });
    }
    b.setMeta({ argoFailingSince: undefined, argoFailureCause: undefined, argoOutageNotified: undefined, argoRecoveryPending: undefined });
}

/**
 * The whole poll decision: the previous snapshot, this run's read of Argo CD and the mutes in,
 * the next snapshot and what to post out. Pure: the caller brings the time and does the I/O.
 */
export function decide(input: DecideInput): Decision {
    const alertOn = new Set(input.settings.alertOn);
    const fresh = input.previous === undefined
        || input.previous.meta.baselineAt === undefined
        || input.previous.meta.scopeKey !== input.scopeKey;
    const b = new DecisionBuilder(input.previous, input.scopeKey);

    if (!input.read.ok) {
        readFailed(b, input, input.read.cause);
        return { snapshot: { meta: b.meta, apps: b.apps }, changed: [], removed: [], metaChanged: b.metaChanged, notices: b.notices };
    }
    if (input.read.partial) {
        // A few named apps say nothing about the rest of the fleet or about Argo CD's health,
        // and before the baseline there is nothing to compare them with.
        if (!fresh) {
            input.read.apps.forEach((app) => observeApp(b, app, input, alertOn));
            b.notices.push(...groupStorms(b, input.settings.stormThreshold), ...b.reminders);
        }
        return { snapshot: { meta: b.meta, apps: b.apps }, changed: [...b.changed], removed: [], metaChanged: b.metaChanged, notices: b.notices };
    }
    readSucceeded(b, input);
    if (fresh) {
        takeBaseline(b, input.read.apps, alertOn, input);
    } else {
        if (b.meta.resetPending) {
            b.notices.push(stateResetNotice(b.meta.resetPending));
            b.setMeta({ resetPending: undefined });
        }
        if (b.meta.baselinePending) {
            b.notices.push({ kind: 'baseline', total: input.read.apps.length, unhealthy: unhealthyOf(input.read.apps, alertOn), undo: { meta: { baselinePending: true } } });
            b.setMeta({ baselinePending: undefined });
        }
        const present = new Set<string>([...input.read.apps.map((app) => app.key), ...(input.read.unreadable ?? [])]);
        // An item without a name could be any app: nothing is closed as gone on such a read.
        if (!input.read.skipped) {
            handleMissing(b, input, present);
        }
        for (const app of input.read.apps) {
            observeApp(b, app, input, alertOn);
        }
        b.notices.push(...groupStorms(b, input.settings.stormThreshold), ...b.reminders);
    }
    return {
        snapshot: { meta: b.meta, apps: b.apps },
        changed: [...b.changed],
        removed: b.removed,
        metaChanged: b.metaChanged,
        notices: b.notices,
    };
}
