import { currentAcks, staleAckKeys } from '../../src/core/acks';
import type { Ack } from '../../src/core/acks';
import { renderNotice } from '../../src/core/render';
import { app, MINUTE, Scenario } from './scenario';

const ctx = { argocdUrl: 'https://argocd.example.com' };
const degraded = app('web', 'Synced', 'Degraded');
const fine = app('web');

describe('flapping', () => {
    const settings = { graceMs: 0, flapThreshold: 3, flapWindowMs: 30 * MINUTE };

    function flip(s: Scenario): string[] {
        return [...s.kinds(s.poll([degraded], 1)), ...s.kinds(s.poll([fine], 1))];
    }

    it('more than N flips within the window: one flapping notice instead of a recovery, then silence, then one summary when steady', () => {
        const s = new Scenario(settings);
        s.poll([fine], 0);
        const posts: string[] = [];
        for (let i = 0; i < 8; i++) {
            posts.push(...flip(s));
        }
        expect(posts).toEqual([
            'alert:web:Degraded', 'recovery:web', 'alert:web:Degraded', 'recovery:web', 'alert:web:Degraded', 'recovery:web',
            'alert:web:Degraded', 'flapping',
        ]);
        expect(s.snapshot?.apps['argocd/web'].flapping?.flips).toBe(8);
        // Steady but not yet for the whole window: nothing.
        expect(s.poll([fine], 20)).toEqual([]);
        const [summary] = s.poll([fine], 10);
        expect(summary).toMatchObject({ kind: 'flap-end', flips: 8, resolved: true });
        expect(renderNotice(summary, ctx).text).toMatch(/^:bar_chart: `web` has been steady for 30m after flapping: it recovered 8 times in 1\dm\. Now: sync `Synced` · health `Healthy`; the incident is closed\.$/);
        expect(s.snapshot?.apps['argocd/web']).not.toHaveProperty('openedAt');
        // Back to normal: the next bad spell alerts again.
        expect(s.kinds(s.poll([degraded], 1))).toEqual(['alert:web:Degraded']);
    });

    it('steady while bad: the summary leaves it open as a normal incident, whose recovery is posted', () => {
        const s = new Scenario(settings);
        s.poll([fine], 0);
        for (let i = 0; i < 4; i++) {
            flip(s);
        }
        s.poll([degraded], 1);
        const [summary] = s.poll([degraded], 30);
        expect(summary).toMatchObject({ kind: 'flap-end', resolved: false });
        expect(s.poll([degraded], 1)).toEqual([]);
        expect(s.kinds(s.poll([fine], 1))).toEqual(['recovery:web']);
    });

    it('flips spread wider than the window are honest incidents; 0 turns it off', () => {
        const slow = new Scenario(settings);
        slow.poll([fine], 0);
        for (let i = 0; i < 6; i++) {
            expect(slow.kinds(slow.poll([degraded], 5))).toEqual(['alert:web:Degraded']);
            expect(slow.kinds(slow.poll([fine], 5))).toEqual(['recovery:web']);
        }
        const off = new Scenario({ ...settings, flapThreshold: 0 });
        off.poll([fine], 0);
        const posts: string[] = [];
        for (let i = 0; i < 6; i++) {
            posts.push(...flip(off));
        }
        expect(posts.filter((p) => p === 'recovery:web')).toHaveLength(6);
    });

    it('a failed flapping post restores the record, so the next run says it again', () => {
        const s = new Scenario(settings);
        s.poll([fine], 0);
        for (let i = 0; i < 3; i++) {
            flip(s);
        }
        s.poll([degraded], 1);
        expect(s.kinds(s.poll([fine], 1, { postFails: true }))).toEqual(['flapping']);
        expect(s.kinds(s.poll([fine], 1))).toEqual(['flapping']);
    });
});

describe('stuck rollouts', () => {
    const progressing = app('api', 'Synced', 'Progressing');

    it('Progressing longer than the deadline alerts once as stuck, and recovers like any other alert', () => {
        const s = new Scenario({ graceMs: 2 * MINUTE, progressingDeadlineMs: 15 * MINUTE });
        s.poll([app('api')], 0);
        expect(s.poll([progressing], 2)).toEqual([]);
        expect(s.poll([progressing], 10)).toEqual([]);
        const [alert] = s.poll([progressing], 5);
        expect(s.kinds([alert])).toEqual(['alert:api:Stuck']);
        expect(renderNotice(alert, ctx).text).toMatch(/^:large_orange_diamond: `api` is stuck in Progressing\nsync `Synced` · health `Progressing` · revision `aaaaaaa`\nProgressing for 15m, longer than the progressing deadline\n/);
        expect(s.poll([progressing], 30)).toEqual([]);
        expect(s.kinds(s.poll([app('api')], 2))).toEqual(['recovery:api']);
    });

    it('off by default; a normal rollout inside the deadline says nothing', () => {
        const off = new Scenario({ graceMs: 0 });
        off.poll([app('api')], 0);
        expect(off.poll([progressing], 600)).toEqual([]);
        const on = new Scenario({ graceMs: 0, progressingDeadlineMs: 15 * MINUTE });
        on.poll([app('api')], 0);
        expect(on.poll([progressing], 10)).toEqual([]);
        expect(on.poll([app('api')], 2)).toEqual([]);
    });
});

describe('acknowledged incidents', () => {
    it('get no reminders while acked; others do', () => {
        const s = new Scenario({ graceMs: 0, reminderMs: 10 * MINUTE });
        s.poll([fine], 0);
        s.poll([degraded], 1);
        const record = s.snapshot?.apps['argocd/web'];
        if (record) {
            s.snapshot!.apps['argocd/web'] = { ...record, thread: { rootId: 'm1', roomId: 'r1' } };
        }
        s.acked.add('argocd/web');
        expect(s.poll([degraded], 11)).toEqual([]);
        s.acked.clear();
        expect(s.kinds(s.poll([degraded], 11))).toEqual(['reminder']);
    });

    it('hold only for the incident they acknowledged; the rest are stale', () => {
        const apps = {
            'argocd/web': { name: 'web', namespace: 'argocd', project: 'default', sync: 'Synced' as const, health: 'Degraded' as const, since: {}, notified: [], openedAt: 100 },
            'argocd/api': { name: 'api', namespace: 'argocd', project: 'default', sync: 'Synced' as const, health: 'Healthy' as const, since: {}, notified: [] },
        };
        const acks: Ack[] = [
            { appKey: 'argocd/web', by: 'alice', userId: 'u1', at: 5, openedAt: 100 },
            { appKey: 'argocd/web', by: 'bob', userId: 'u2', at: 7, openedAt: 100 },
            { appKey: 'argocd/api', by: 'alice', userId: 'u1', at: 5, openedAt: 50 },
            { appKey: 'argocd/gone', by: 'alice', userId: 'u1', at: 5, openedAt: 50 },
        ];
        expect([...currentAcks(acks, apps).entries()].map(([k, a]) => [k, a.by])).toEqual([['argocd/web', 'bob']]);
        expect(staleAckKeys(acks, apps)).toEqual(['argocd/api', 'argocd/gone']);
        expect(staleAckKeys(acks, { ...apps, 'argocd/web': { ...apps['argocd/web'], openedAt: 200 } })).toContain('argocd/web');
    });
});
