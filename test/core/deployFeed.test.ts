import type { AppRollouts, Rollout, RolloutGroup } from '../../src/core/deployFeed';
import { evaluate, groupCounts, groupMembers, groupRollouts, HEALTH_SETTLE_MS, needsOperation, ROLLOUTS_PER_APP, stepApp } from '../../src/core/deployFeed';
import { deployList, groupProgress, rolloutText } from '../../src/core/deployRender';
import { translator } from '../../src/core/i18n/translate';
import type { AppState } from '../../src/core/model';
import type { OperationView } from '../../src/core/operationView';
import { readOperation } from '../../src/core/operationView';
import { decodeAppRollouts, decodeGroup, encodeAppRollouts, encodeGroup, ROLLOUT_SCHEMA } from '../../src/core/rolloutCodec';

const t = translator('en');
const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);
const T0 = '2024-03-05T10:00:00Z';
const T1 = '2024-03-05T10:00:05Z';
const T2 = '2024-03-05T10:00:20Z';
const T3 = '2024-03-05T10:01:30Z';
const ms = (iso: string): number => Date.parse(iso);

function app(patch: Partial<AppState> = {}): AppState {
    return { key: 'argocd/web', name: 'web', namespace: 'argocd', project: 'shop', sync: 'Synced', health: 'Healthy', ...patch };
}

function view(patch: Partial<OperationView> = {}): OperationView {
    return { startedAt: T1, phase: 'Running', revisions: [SHA_B], previous: [SHA_A], initiatedBy: { automated: true }, sources: [{}], ...patch };
}

/** The app as the feed knows it after a deploy of SHA_A that started at T0 and is done. */
const settled: AppRollouts = { key: 'argocd/web', lastStartedAt: T0, lastRevisions: [SHA_A], rollouts: [] };

function started(): Rollout {
    const step = stepApp(settled, app({ operationStartedAt: T1, operationPhase: 'Running', health: 'Healthy', healthSince: T0 }), view(), ms(T1));
    return step.started as Rollout;
}

describe('what is a rollout', () => {
    it('a new operation of a new revision is a rollout, syncing', () => {
        const rollout = started();
        expect(rollout).toMatchObject({ state: 'syncing', revisions: [SHA_B], previous: [SHA_A], changed: [0], by: { automated: true } });
    });

    it('argo-cd#12169: a monorepo commit that moves status.sync.revision without an operation is not a rollout (no fetch, no change)', () => {
        const moved = app({ revision: SHA_B, operationStartedAt: T0, operationPhase: 'Succeeded' });
        expect(needsOperation(moved, settled)).toBe(false);
        expect(stepApp(settled, moved, undefined, ms(T2)).changed).toBe(false);
    });

    it('#153/#409: a self-heal or re-sync of the revision already running is no new rollout, one reply in the last thread at most', () => {
        const withMessage: AppRollouts = { ...settled, rollouts: [{ ...started(), state: 'healthy', told: 'healthy', message: { roomId: 'r', messageId: 'm' } }], lastRevisions: [SHA_B], lastStartedAt: T1 };
        const resync = stepApp(withMessage, app({ operationStartedAt: T2, operationPhase: 'Succeeded' }), view({ startedAt: T2, revisions: [SHA_B], previous: [SHA_B], phase: 'Succeeded' }), ms(T2));
        expect(resync.started).toBeUndefined();
        expect(resync.next.rollouts).toHaveLength(1);
        expect(resync.next.resync).toMatchObject({ startedAt: T2 });
        // Without an earlier message there is nothing to reply to: nothing at all.
        const quiet = stepApp(settled, app({ operationStartedAt: T2, operationPhase: 'Succeeded' }), view({ startedAt: T2, revisions: [SHA_A], previous: [SHA_A], phase: 'Succeeded' }), ms(T2));
        expect(quiet.started).toBeUndefined();
        expect(quiet.next.resync).toBeUndefined();
    });

    it('argocd-notifications#179: the first sight of an app (install, baseline, a restart with no state) is its baseline: nothing that ended is posted', () => {
        const first = stepApp(undefined, app({ operationStartedAt: T0, operationPhase: 'Succeeded', operationFinishedAt: T1 }), undefined, ms(T2));
        expect(first.started).toBeUndefined();
        expect(first.next).toEqual({ key: 'argocd/web', lastStartedAt: T0, rollouts: [] });
        expect(needsOperation(app({ operationStartedAt: T0, operationPhase: 'Succeeded' }), undefined)).toBe(false);
    });

    it('an operation running at first sight is followed when it deploys a new revision', () => {
        const running = app({ operationStartedAt: T1, operationPhase: 'Running' });
        expect(needsOperation(running, undefined)).toBe(true);
        expect(stepApp(undefined, running, view(), ms(T1)).started).toMatchObject({ state: 'syncing' });
    });

    it('#153/#409: the same operation read twice (two runs, two instances, webhook and poll) is one rollout', () => {
        const once = stepApp(settled, app({ operationStartedAt: T1, operationPhase: 'Running' }), view(), ms(T1));
        const twice = stepApp(once.next, app({ operationStartedAt: T1, operationPhase: 'Running' }), view(), ms(T1));
        expect(twice.changed).toBe(false);
        expect(twice.started).toBeUndefined();
        expect(twice.next.rollouts).toHaveLength(1);
    });

    it('an app whose full object could not be read waits for the next run (nothing guessed)', () => {
        expect(stepApp(settled, app({ operationStartedAt: T1, operationPhase: 'Running' }), undefined, ms(T1)).changed).toBe(false);
    });
});

describe('a rollout as it goes', () => {
    const synced = (patch: Partial<AppState>): AppState => app({ operationStartedAt: T1, operationPhase: 'Succeeded', operationFinishedAt: T2, ...patch });

    it('argocd-notifications#173: Healthy from before the sync is not "deployed": it waits for a health change after the sync', () => {
        expect(evaluate(started(), synced({ health: 'Healthy', healthSince: T0 }), undefined, ms(T2) + 1000).state).toBe('synced');
        expect(evaluate(started(), synced({ health: 'Progressing', healthSince: T2 }), undefined, ms(T2) + 1000).state).toBe('synced');
        const healthy = evaluate(started(), synced({ health: 'Healthy', healthSince: T3 }), undefined, ms(T3));
        expect(healthy).toMatchObject({ state: 'healthy', healthyAt: T3, finishedAt: T2 });
        expect(rolloutText(healthy, t)).toContain('is healthy after 1m 25s');
    });

    it('a sync whose health never changes (nothing restarted) is healthy once it stayed so for the settle time', () => {
        expect(evaluate(started(), synced({ health: 'Healthy', healthSince: T0 }), undefined, ms(T2) + HEALTH_SETTLE_MS).state).toBe('healthy');
    });

    it('a failed sync fails with Argo CD\'s message', () => {
        const failed = evaluate(started(), synced({ operationPhase: 'Failed' }), view({ phase: 'Failed', finishedAt: T2, message: 'one or more objects failed to apply' }), ms(T2));
        expect(failed).toMatchObject({ state: 'failed', reason: 'one or more objects failed to apply' });
        expect(rolloutText(failed, t)).toContain(':x: Deploy of `web`');
    });

    it('a sync that ends Degraded says so with the reason', () => {
        const degraded = evaluate(started(), synced({ health: 'Degraded', healthSince: T3, healthMessage: 'Deployment "web" exceeded its progress deadline' }), undefined, ms(T3));
        expect(degraded).toMatchObject({ state: 'degraded', reason: 'Deployment "web" exceeded its progress deadline' });
        expect(rolloutText(degraded, t)).toContain('synced but Degraded');
    });

    it('a rollout that went Degraded and then Healthy on the same sync ends healthy', () => {
        const degraded = evaluate(started(), synced({ health: 'Degraded', healthSince: T3, healthMessage: 'crash loop' }), undefined, ms(T3));
        const later = '2024-03-05T10:03:00Z';
        expect(evaluate(degraded, synced({ health: 'Healthy', healthSince: later }), undefined, ms(later))).toMatchObject({ state: 'healthy', healthyAt: later });
        // A newer revision does not turn a Degraded rollout into a replaced one: it ended Degraded.
        const record: AppRollouts = { key: 'argocd/web', lastStartedAt: T1, lastRevisions: [SHA_B], rollouts: [degraded] };
        const next = stepApp(record, app({ operationStartedAt: later, operationPhase: 'Running' }), view({ startedAt: later, revisions: ['c'.repeat(40)] }), ms(later));
        expect(next.next.rollouts.map((r) => r.state)).toEqual(['degraded', 'syncing']);
    });

    it('a retry of a failed revision continues its rollout (one message), counted as a retry', () => {
        const failed: AppRollouts = { key: 'argocd/web', lastStartedAt: T1, lastRevisions: [SHA_B], rollouts: [{ ...started(), state: 'failed', reason: 'x', told: 'failed', message: { roomId: 'r', messageId: 'm' } }] };
        const retry = stepApp(failed, app({ operationStartedAt: T3, operationPhase: 'Running' }), view({ startedAt: T3, revisions: [SHA_B], previous: [SHA_A] }), ms(T3));
        expect(retry.started).toBeUndefined();
        expect(retry.next.rollouts).toHaveLength(1);
        expect(retry.next.rollouts[0]).toMatchObject({ state: 'syncing', retries: 1, opStartedAt: T3, startedAt: T1 });
    });

    it('a newer revision while one is under way replaces it', () => {
        const first = stepApp(settled, app({ operationStartedAt: T1, operationPhase: 'Running' }), view(), ms(T1)).next;
        const next = stepApp(first, app({ operationStartedAt: T3, operationPhase: 'Running' }), view({ startedAt: T3, revisions: ['c'.repeat(40)] }), ms(T3));
        expect(next.next.rollouts.map((r) => r.state)).toEqual(['replaced', 'syncing']);
    });

    it('keeps the last rollouts of an app only', () => {
        let record: AppRollouts = settled;
        for (let i = 0; i < ROLLOUTS_PER_APP + 5; i++) {
            const at = new Date(ms(T1) + i * 60000).toISOString().replace(/\.\d{3}Z$/, 'Z');
            const revision = i.toString(16).padStart(40, '0');
            record = stepApp(record, app({ operationStartedAt: at, operationPhase: 'Running' }), view({ startedAt: at, revisions: [revision] }), ms(at)).next;
        }
        expect(record.rollouts).toHaveLength(ROLLOUTS_PER_APP);
    });
});

describe('many apps at once', () => {
    const rollouts = Array.from({ length: 40 }, (_, i) => ({ ...started(), id: `argocd/app-${i}@${T1}`, app: { key: `argocd/app-${i}`, name: `app-${i}`, namespace: 'argocd', project: 'shop' } }));

    it('40 apps rolling out one commit are one group (the storm threshold applies); fewer are posted one by one', () => {
        const groups = groupRollouts(rollouts, [], 10, ms(T1), (r) => r.id);
        expect(groups).toHaveLength(1);
        expect(groups[0].members).toHaveLength(40);
        expect(rollouts.every((r) => r.group === groups[0].id)).toBe(true);
        const few = rollouts.slice(0, 3).map((r) => ({ ...r, group: undefined }));
        expect(groupRollouts(few, [], 10, ms(T1), (r) => r.id)).toEqual([]);
    });

    it('a group is edited as its apps finish: "38 of 40 healthy, 2 failed: …"', () => {
        const [group] = groupRollouts(rollouts, [], 10, ms(T1), (r) => r.id);
        const finished = rollouts.map((r, i) => ({ ...r, state: i < 38 ? 'healthy' as const : 'failed' as const }));
        const records: AppRollouts[] = finished.map((r) => ({ key: r.app.key, rollouts: [r] }));
        expect(groupProgress(groupCounts(group, groupMembers(records)), t)).toBe('38 of 40 healthy, 2 failed: `app-38`, `app-39`');
    });

    it('a later app of the same commit joins the open group', () => {
        const [group] = groupRollouts(rollouts, [], 10, ms(T1), (r) => r.id);
        const late = { ...started(), app: { key: 'argocd/late', name: 'late', namespace: 'argocd', project: 'shop' } };
        const joined = groupRollouts([late], [group], 10, ms(T2), (r) => r.id);
        expect(joined[0].members).toContain('argocd/late');
        expect(late.group).toBe(group.id);
    });
});

describe('revisions shown', () => {
    it('a chart version and a digest are shown as such (no commit lookup for them)', () => {
        const chart = { ...started(), revisions: ['1.4.2'], sources: [{ chart: 'podinfo' }] };
        expect(rolloutText(chart, t)).toContain('chart `podinfo` `1.4.2`');
        const digest = { ...started(), revisions: [`sha256:${'f'.repeat(64)}`] };
        expect(rolloutText(digest, t)).toContain('digest `sha256:ffffffffffff`');
    });

    it('a multi-source app shows each source whose revision changed', () => {
        const multi = { ...started(), revisions: ['1.5.0', SHA_B], previous: ['1.5.0', SHA_A], changed: [1], sources: [{ chart: 'redis' }, {}] };
        const text = rolloutText(multi, t);
        expect(text).toContain('syncing source 2 `bbbbbbb` (was `aaaaaaa`)');
        expect(text).not.toContain('redis');
    });

    it('reads the operation: the resolved revisions once done, the previous ones from history, who started it', () => {
        const object = {
            spec: { sources: [{ repoURL: 'https://charts.example.com', chart: 'redis', targetRevision: '1.*' }, { repoURL: 'https://git.example.com/x.git', targetRevision: 'main' }] },
            status: {
                sync: { revisions: ['1.5.0', SHA_B] },
                history: [{ id: 3, revisions: ['1.5.0', SHA_A], deployStartedAt: T0 }],
                operationState: { phase: 'Running', startedAt: T1, operation: { sync: { revisions: ['1.*', 'main'] }, initiatedBy: { username: 'dana' } } },
            },
        };
        expect(readOperation(object)).toMatchObject({ startedAt: T1, revisions: ['1.5.0', SHA_B], previous: ['1.5.0', SHA_A], initiatedBy: { username: 'dana' }, sources: [{ chart: 'redis' }, { repo: 'https://git.example.com/x.git' }] });
    });
});

describe('a running multi-source operation', () => {
    it('takes a pinned chart version as it is and resolves only a branch to the compared revision', () => {
        const object = {
            spec: { sources: [{ chart: 'redis', targetRevision: '15.4.1' }, { repoURL: 'https://git.example.com/x.git', targetRevision: 'main' }, { repoURL: 'https://git.example.com/y.git', targetRevision: 'main' }] },
            status: {
                sync: { revisions: ['15.4.1', SHA_A, SHA_B] },
                operationState: { phase: 'Running', startedAt: T1, operation: { sync: { revisions: ['15.4.1', 'c'.repeat(40), 'main'] } } },
            },
        };
        expect(readOperation(object)?.revisions).toEqual(['15.4.1', 'c'.repeat(40), SHA_B]);
    });
});

describe('stored rollouts', () => {
    it('round-trips and names what is wrong with a record it cannot read', () => {
        const record: AppRollouts = { ...settled, rollouts: [started()] };
        expect(decodeAppRollouts(encodeAppRollouts(record))).toEqual({ ok: true, value: record });
        expect(decodeAppRollouts({ ...encodeAppRollouts(record), schema: ROLLOUT_SCHEMA + 1 })).toMatchObject({ ok: false, error: expect.stringContaining('newer') });
        expect(decodeAppRollouts({ ...encodeAppRollouts(record), rollouts: [{ id: 'x' }] })).toMatchObject({ ok: false, error: expect.stringContaining('rollout 0') });
        const group: RolloutGroup = { id: 'g', revisions: [SHA_B], startedAt: T1, members: ['a'], listed: [], by: {}, sources: [{}], changed: [0] };
        expect(decodeGroup(encodeGroup(group))).toEqual({ ok: true, value: group });
        expect(decodeGroup(encodeAppRollouts(record))).toMatchObject({ ok: false });
    });
});

describe('/argo deploys', () => {
    it('lists recent rollouts newest first with revision, who, when, how long, outcome', () => {
        const healthy = { ...started(), state: 'healthy' as const, finishedAt: T2, healthyAt: T3 };
        const text = deployList([{ ...settled, rollouts: [healthy] }], {}, t);
        expect(text).toContain('`web` (project `shop`) `bbbbbbb` · automated sync · 2024-03-05 10:00 UTC · 1m 25s · healthy');
        expect(deployList([{ ...settled, rollouts: [healthy] }], { project: 'other' }, t)).toContain('No rollouts recorded of `project:other`');
    });
});
