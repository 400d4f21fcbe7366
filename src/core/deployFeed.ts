import type { AppState } from './model';
import type { Initiator, OperationView } from './operationView';
import { changedSources, sameRevisions } from './operationView';

/**
 * The deploy feed's decisions, pure: previous rollout state + this read (+ the operation of apps
 * whose operation changed) + now → next rollout state and what to post.
 *
 * A rollout is a sync operation of a new revision: a new `operationState.startedAt` whose
 * revisions differ from those the app last ran. Everything else is not a rollout:
 *  - a commit that moved `status.sync.revision` without an operation (a monorepo commit that does
 *    not touch this app) changes no `startedAt`;
 *  - a re-sync (self-heal, manual) of the revisions already running is at most one reply in the
 *    thread of the app's last deploy message;
 *  - an operation that had ended when the feed first saw the app (first install, baseline,
 *    restart of Argo CD's controller) is its baseline, never posted;
 *  - the same operation seen twice (two runs, two instances, webhook and poll) is one rollout,
 *    keyed by app and `startedAt`, its state in persistence.
 */
export type RolloutState = 'syncing' | 'synced' | 'healthy' | 'failed' | 'degraded' | 'replaced';

/**
 * States a rollout no longer leaves (a retry of a failed one continues it). `degraded` is not
 * among them: a rollout that went Degraded and then Healthy on the same sync says so.
 */
export const FINAL_STATES: readonly RolloutState[] = ['healthy', 'failed', 'replaced'];

export interface MessageRef {
    roomId: string;
    messageId: string;
}

export interface Rollout {
    /** `<app key>@<startedAt>`: one per operation that started it. */
    id: string;
    app: { key: string; name: string; namespace: string; project: string };
    /** When the operation that started the rollout started. */
    startedAt: string;
    /** The operation followed now: a retry of a failed rollout's revisions continues it. */
    opStartedAt: string;
    revisions: string[];
    previous?: string[];
    /** Sources whose revision changed (indices into `revisions`). */
    changed: number[];
    sources: Array<{ chart?: string; repo?: string }>;
    by: Initiator;
    state: RolloutState;
    finishedAt?: string;
    /** When it was healthy (for "deployed and healthy after 2m"). */
    healthyAt?: string;
    /** Why it failed or is Degraded: Argo CD's text. */
    reason?: string;
    commit?: { author?: string; message?: string };
    /** The route (channel) when it was first posted; undefined = the default channel. */
    route?: string;
    /** Its own top-level message; absent while not posted (or for a member of a group). */
    message?: MessageRef;
    /** The state the message shows: a difference is an edit due (a failed edit is retried). */
    told?: RolloutState;
    /** The group (one message for many apps) it belongs to. */
    group?: string;
    /** Retries of the same revisions after it failed. */
    retries?: number;
}

/** What the feed remembers per app: the last operation seen, and its last rollouts (bounded). */
export interface AppRollouts {
    key: string;
    /** The Argo CD it was recorded from: another one (a new URL) starts the app afresh. */
    argocd?: string;
    lastStartedAt?: string;
    lastRevisions?: string[];
    rollouts: Rollout[];
    /** A re-sync that is owed its one reply in the thread: the operation it is about. */
    resync?: { startedAt: string; by: Initiator; phase?: string; revisions: string[] };
}

/** One message for many apps rolling out the same revisions at once. */
export interface RolloutGroup {
    id: string;
    route?: string;
    revisions: string[];
    startedAt: string;
    members: string[];
    /** Members already named in the thread's list. */
    listed: string[];
    message?: MessageRef;
    /** The summary line the root shows (an edit is due when it differs). */
    told?: string;
    by: Initiator;
    commit?: { author?: string; message?: string };
    sources: Array<{ chart?: string; repo?: string }>;
    changed: number[];
}

/** Rollouts kept per app. */
export const ROLLOUTS_PER_APP = 10;
/** Groups kept. */
export const GROUPS_KEPT = 20;
/** A rollout of the same revisions this soon after a group started joins it. */
export const GROUP_WINDOW_MS = 15 * 60 * 1000;
/**
 * A sync that finished with the app already Healthy and whose health never changed after it
 * (a change that restarts no pod) is healthy once it stayed so this long after the sync.
 */
export const HEALTH_SETTLE_MS = 60 * 1000;

export function isFinal(state: RolloutState): boolean {
    return FINAL_STATES.includes(state);
}

export function openRollout(record: AppRollouts | undefined): Rollout | undefined {
    const last = record?.rollouts[record.rollouts.length - 1];
    return last && !isFinal(last.state) ? last : undefined;
}

/**
 * Whether this run needs the app's full object: a new operation (or the first sight of one that
 * is running), or the end of the operation a rollout follows (its message, its revision).
 */
export function needsOperation(app: AppState, record: AppRollouts | undefined): boolean {
    if (!app.operationStartedAt) {
        return false;
    }
    if (!record) {
        return app.operationPhase === 'Running' || app.operationPhase === 'Terminating';
    }
    if (app.operationStartedAt !== record.lastStartedAt) {
        return true;
    }
    const open = openRollout(record);
    return open !== undefined && open.state === 'syncing' && open.opStartedAt === app.operationStartedAt && !running(app);
}

function running(app: { operationPhase?: string }): boolean {
    return app.operationPhase === 'Running' || app.operationPhase === 'Terminating';
}

/** Argo CD's times are whole seconds: a change stamped in the second the sync finished is after it. */
function after(a: string | undefined, b: string | undefined): boolean {
    return a !== undefined && b !== undefined && Date.parse(a) >= Date.parse(b);
}

/**
 * Where a rollout stands after its operation: the operation's phase first, then the app's health,
 * counted only once it is news about this sync: `health.lastTransitionTime` after the sync
 * finished, or the same health held for `HEALTH_SETTLE_MS` after it. Argo CD reports Healthy
 * from before the sync until the next refresh sees the new pods (argocd-notifications#173).
 */
export function evaluate(rollout: Rollout, app: AppState, view: OperationView | undefined, now: number): Rollout {
    if (isFinal(rollout.state) || app.operationStartedAt !== rollout.opStartedAt) {
        return rollout;
    }
    const phase = view?.startedAt === rollout.opStartedAt ? view.phase ?? app.operationPhase : app.operationPhase;
    if (phase === undefined || phase === 'Running' || phase === 'Terminating') {
        return rollout.state === 'syncing' ? rollout : { ...rollout, state: 'syncing' };
    }
    const finishedAt = (view?.startedAt === rollout.opStartedAt ? view.finishedAt : undefined) ?? app.operationFinishedAt ?? rollout.finishedAt;
    if (phase === 'Failed' || phase === 'Error') {
        const reason = view?.startedAt === rollout.opStartedAt ? view.message : rollout.reason;
        return { ...rollout, state: 'failed', ...(finishedAt ? { finishedAt } : {}), ...(reason ? { reason } : {}) };
    }
    const synced: Rollout = { ...rollout, state: 'synced', ...(finishedAt ? { finishedAt } : {}) };
    const news = after(app.healthSince, finishedAt) || (finishedAt !== undefined && now - Date.parse(finishedAt) >= HEALTH_SETTLE_MS);
    if (!news) {
        return synced;
    }
    if (app.health === 'Healthy') {
        if (rollout.state === 'degraded' && !after(app.healthSince, finishedAt)) {
            return rollout;
        }
        const healthyAt = after(app.healthSince, finishedAt) ? app.healthSince as string : finishedAt as string;
        return { ...synced, state: 'healthy', healthyAt };
    }
    if (app.health === 'Degraded' || app.health === 'Missing') {
        const reason = app.healthMessage ?? app.health;
        return { ...synced, state: 'degraded', reason };
    }
    return synced;
}

function newRollout(app: AppState, view: OperationView, previous: string[] | undefined): Rollout {
    return {
        id: `${app.key}@${view.startedAt}`,
        app: { key: app.key, name: app.name, namespace: app.namespace, project: app.project },
        startedAt: view.startedAt,
        opStartedAt: view.startedAt,
        revisions: view.revisions,
        ...(previous ? { previous } : {}),
        changed: changedSources(view.revisions, previous),
        sources: view.sources,
        by: view.initiatedBy,
        state: 'syncing',
    };
}

function keep(rollouts: Rollout[]): Rollout[] {
    return rollouts.slice(-ROLLOUTS_PER_APP);
}

export interface AppStep {
    next: AppRollouts;
    changed: boolean;
    /** A rollout that started in this run (for grouping). */
    started?: Rollout;
}

/**
 * One app's step. `view` is the app's operation when this run fetched it (`needsOperation`);
 * without it a new operation waits for the next run (nothing is guessed from the list alone).
 */
export function stepApp(previous: AppRollouts | undefined, app: AppState, view: OperationView | undefined, now: number): AppStep {
    if (!previous) {
        const base: AppRollouts = { key: app.key, rollouts: [], ...(app.operationStartedAt ? { lastStartedAt: app.operationStartedAt } : {}) };
        // First sight: what has ended is the baseline; only an operation running now is followed.
        if (view && view.startedAt === app.operationStartedAt && running(app) && !sameRevisions(view.revisions, view.previous)) {
            const rollout = evaluate(newRollout(app, view, view.previous), app, view, now);
            return { next: { ...base, lastRevisions: view.revisions, rollouts: [rollout] }, changed: true, started: rollout };
        }
        return { next: { ...base, ...(view ? { lastRevisions: view.revisions } : {}) }, changed: true };
    }
    const record: AppRollouts = { ...previous, rollouts: [...previous.rollouts] };
    const open = openRollout(record);
    if (app.operationStartedAt && app.operationStartedAt !== record.lastStartedAt) {
        if (!view || view.startedAt !== app.operationStartedAt) {
            return { next: previous, changed: false };
        }
        const ran = record.lastRevisions ?? view.previous;
        record.lastStartedAt = view.startedAt;
        record.lastRevisions = view.revisions;
        const last = record.rollouts[record.rollouts.length - 1];
        if (sameRevisions(view.revisions, ran) || (last && sameRevisions(view.revisions, last.revisions) && (last.state === 'failed' || !isFinal(last.state)))) {
            // The same revisions again: an open or failed rollout continues with this operation;
            // after a finished one it is a re-sync, told at most once in that rollout's thread.
            if (last && sameRevisions(view.revisions, last.revisions) && (last.state === 'failed' || !isFinal(last.state))) {
                const retried: Rollout = { ...last, opStartedAt: view.startedAt, state: 'syncing', ...(last.state === 'failed' ? { retries: (last.retries ?? 0) + 1 } : {}) };
                delete retried.reason;
                record.rollouts[record.rollouts.length - 1] = evaluate(retried, app, view, now);
            } else if (last?.message || last?.group) {
                record.resync = { startedAt: view.startedAt, by: view.initiatedBy, revisions: view.revisions, ...(view.phase ? { phase: view.phase } : {}) };
            }
            return { next: record, changed: true };
        }
        if (open && (open.state === 'syncing' || open.state === 'synced')) {
            record.rollouts[record.rollouts.length - 1] = { ...open, state: 'replaced' };
        }
        const rollout = evaluate(newRollout(app, view, ran), app, view, now);
        record.rollouts = keep([...record.rollouts, rollout]);
        return { next: record, changed: true, started: rollout };
    }
    if (open) {
        const next = evaluate(open, app, view, now);
        if (JSON.stringify(next) !== JSON.stringify(open)) {
            record.rollouts[record.rollouts.length - 1] = next;
            return { next: record, changed: true };
        }
    }
    return { next: previous, changed: false };
}

function groupKey(rollout: Rollout): string {
    return `${rollout.route ?? ''}|${rollout.revisions.join(',')}`;
}

/**
 * Rollouts that started in this run are grouped by route and revisions: more of them than
 * `threshold` (the storm threshold) share one message, and later ones of the same revisions join an
 * open group started within `GROUP_WINDOW_MS`. Returns the groups that changed.
 */
export function groupRollouts(started: Rollout[], groups: RolloutGroup[], threshold: number, now: number, newId: (r: Rollout) => string): RolloutGroup[] {
    const changed = new Map<string, RolloutGroup>();
    const byKey = new Map<string, Rollout[]>();
    for (const rollout of started) {
        const key = groupKey(rollout);
        byKey.set(key, [...(byKey.get(key) ?? []), rollout]);
    }
    for (const [key, rollouts] of byKey) {
        const open = groups.find((g) => `${g.route ?? ''}|${g.revisions.join(',')}` === key && now - Date.parse(g.startedAt) < GROUP_WINDOW_MS);
        if (open) {
            const joined = { ...open, members: [...open.members, ...rollouts.map((r) => r.app.key).filter((k) => !open.members.includes(k))] };
            rollouts.forEach((r) => { r.group = open.id; });
            changed.set(open.id, joined);
            continue;
        }
        // As for alerts (a storm is more than the threshold).
        if (rollouts.length <= threshold) {
            continue;
        }
        const first = rollouts[0];
        const group: RolloutGroup = {
            id: newId(first),
            ...(first.route !== undefined ? { route: first.route } : {}),
            revisions: first.revisions,
            startedAt: first.startedAt,
            members: rollouts.map((r) => r.app.key),
            listed: [],
            by: first.by,
            sources: first.sources,
            changed: first.changed,
        };
        rollouts.forEach((r) => { r.group = group.id; });
        changed.set(group.id, group);
    }
    return [...changed.values()];
}

export interface GroupCounts {
    total: number;
    healthy: number;
    failed: Rollout[];
    degraded: Rollout[];
    inProgress: number;
}

/** Where a group's members stand. */
export function groupCounts(group: RolloutGroup, rollouts: ReadonlyMap<string, Rollout>): GroupCounts {
    const members = group.members.map((key) => rollouts.get(`${key}#${group.id}`)).filter((r): r is Rollout => r !== undefined);
    return {
        total: group.members.length,
        healthy: members.filter((r) => r.state === 'healthy').length,
        failed: members.filter((r) => r.state === 'failed'),
        degraded: members.filter((r) => r.state === 'degraded'),
        inProgress: members.filter((r) => !isFinal(r.state) && r.state !== 'degraded').length,
    };
}

/** Each app's rollouts in a group, keyed `<app key>#<group id>`. */
export function groupMembers(records: Iterable<AppRollouts>): Map<string, Rollout> {
    const map = new Map<string, Rollout>();
    for (const record of records) {
        for (const rollout of record.rollouts) {
            if (rollout.group) {
                map.set(`${rollout.app.key}#${rollout.group}`, rollout);
            }
        }
    }
    return map;
}

/** Groups kept: the newest `GROUPS_KEPT`. */
export function keepGroups(groups: RolloutGroup[]): RolloutGroup[] {
    return [...groups].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt)).slice(-GROUPS_KEPT);
}

/** How long a rollout took, start to healthy (or to its end). */
export function rolloutDurationMs(rollout: Rollout): number | undefined {
    const end = rollout.healthyAt ?? rollout.finishedAt;
    return end ? Math.max(0, Date.parse(end) - Date.parse(rollout.startedAt)) : undefined;
}
