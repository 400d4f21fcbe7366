import { SHRINK_ACCEPT_MS, stateResetNotice } from '../../src/core/decide';
import { rearm } from '../../src/core/rearm';
import type { WatchStatus } from '../../src/core/status';
import { HEARTBEAT_MS, nextStatus, statusNeedsWrite } from '../../src/core/status';
import type { AlertNotice, RecoveryNotice } from '../../src/core/notices';
import { app, healthy, MINUTE, Scenario } from './scenario';

const fleet = (n: number, bad: string[] = []) => Array.from({ length: n }, (_, i) => {
    const name = `app-${String(i).padStart(3, '0')}`;
    return bad.includes(name) ? app(name, 'Synced', 'Degraded') : healthy(name);
});

describe('decide: mutes', () => {
    it('a muted app posts nothing, and is alerted once the mute ends while it is still bad', () => {
        const s = new Scenario();
        s.poll([healthy('a')]);
        s.mutes = [{ target: { kind: 'app', name: 'a' }, until: s.now + 10 * MINUTE, by: 'admin', createdAt: s.now }];
        expect(s.kinds(s.poll([app('a', 'OutOfSync')]))).toEqual([]);
        expect(s.kinds(s.poll([app('a', 'OutOfSync')]))).toEqual([]);
        expect(s.kinds(s.poll([app('a', 'OutOfSync')]))).toEqual([]);
        expect(s.kinds(s.poll([app('a', 'OutOfSync')], 6))).toEqual(['alert:a:OutOfSync']);
        expect(s.kinds(s.poll([app('a', 'OutOfSync')]))).toEqual([]);
    });

    it('an incident that recovers while muted closes silently: no stale recovery after the mute', () => {
        const s = new Scenario();
        s.poll([healthy('a')]);
        s.poll([app('a', 'Synced', 'Degraded')]);
        expect(s.kinds(s.poll([app('a', 'Synced', 'Degraded')]))).toEqual(['alert:a:Degraded']);
        s.mutes = [{ target: { kind: 'project', project: 'default' }, until: s.now + 5 * MINUTE, by: 'admin', createdAt: s.now }];
        expect(s.kinds(s.poll([healthy('a')]))).toEqual([]);
        expect(s.kinds(s.poll([healthy('a')], 10))).toEqual([]);
        expect(s.snapshot?.apps['argocd/a'].openedAt).toBeUndefined();
    });

    it('mute all silences every app but not the Argo CD outage notice', () => {
        const s = new Scenario();
        s.poll([healthy('a'), healthy('b')]);
        s.mutes = [{ target: { kind: 'all' }, until: s.now + 60 * MINUTE, by: 'admin', createdAt: s.now }];
        s.poll([app('a', 'OutOfSync'), app('b', 'Synced', 'Missing')]);
        expect(s.kinds(s.poll([app('a', 'OutOfSync'), app('b', 'Synced', 'Missing')]))).toEqual([]);
        s.poll({ ok: false, cause: 'HTTP 503' });
        expect(s.kinds(s.poll({ ok: false, cause: 'HTTP 503' }))).toEqual(['argo-down']);
    });
});

describe('decide: shrinking lists', () => {
    it('a list that suddenly lost most apps is one warning, and the snapshot keeps them', () => {
        const s = new Scenario();
        s.poll(fleet(10));
        const notices = s.poll(fleet(3));
        expect(s.kinds(notices)).toEqual(['shrink']);
        expect(notices[0]).toMatchObject({ kind: 'shrink', known: 10, missing: 7 });
        expect(Object.keys(s.snapshot?.apps ?? {})).toHaveLength(10);
        expect(s.last?.removed).toEqual([]);
        expect(s.kinds(s.poll(fleet(3)))).toEqual([]);
        // Access restored: the apps are simply there again, nothing is posted.
        expect(s.kinds(s.poll(fleet(10)))).toEqual([]);
        expect(s.snapshot?.meta.shrinkWarned).toBeUndefined();
    });

    it('a shrink that holds for an hour is accepted silently as the new fleet', () => {
        const s = new Scenario();
        s.poll(fleet(10));
        s.poll(fleet(3));
        const notices = s.poll(fleet(3), SHRINK_ACCEPT_MS / MINUTE);
        expect(notices).toEqual([]);
        expect(Object.keys(s.snapshot?.apps ?? {})).toHaveLength(3);
        expect(s.last?.removed).toHaveLength(7);
    });

    it('a small fleet losing half its apps is ordinary removal, not a shrink', () => {
        const s = new Scenario();
        s.poll(fleet(3));
        expect(s.kinds(s.poll(fleet(2)))).toEqual([]);
        expect(s.last?.removed).toEqual(['argocd/app-002']);
    });
});

describe('decide: storms', () => {
    it('more alerts in one run than the threshold become one grouped message', () => {
        const s = new Scenario({ stormThreshold: 3 });
        s.poll(fleet(6));
        const bad = ['app-000', 'app-001', 'app-002', 'app-003'];
        s.poll(fleet(6, bad));
        const notices = s.poll(fleet(6, bad));
        expect(s.kinds(notices)).toEqual(['storm']);
        expect((notices[0] as { alerts: AlertNotice[] }).alerts.map((a) => a.app.name)).toEqual(bad);
        expect(s.kinds(s.poll(fleet(6, bad)))).toEqual([]);
        expect(s.kinds(s.poll(fleet(6)))).toEqual(['recovery-group']);
    });

    it('exactly the threshold is still one message each', () => {
        const s = new Scenario({ stormThreshold: 2 });
        s.poll(fleet(4));
        s.poll(fleet(4, ['app-000', 'app-001']));
        expect(s.kinds(s.poll(fleet(4, ['app-000', 'app-001'])))).toEqual(['alert:app-000:Degraded', 'alert:app-001:Degraded']);
    });
});

describe('decide: failed posts are retried, not lost and not doubled', () => {
    it('an alert whose post failed is decided again next run, then never again', () => {
        const s = new Scenario();
        s.poll([healthy('a')]);
        s.poll([app('a', 'OutOfSync')]);
        expect(s.kinds(s.poll([app('a', 'OutOfSync')], 2, { postFails: true }))).toEqual(['alert:a:OutOfSync']);
        expect(s.kinds(s.poll([app('a', 'OutOfSync')]))).toEqual(['alert:a:OutOfSync']);
        expect(s.kinds(s.poll([app('a', 'OutOfSync')]))).toEqual([]);
    });

    it('a recovery whose post failed is retried and keeps the full bad time', () => {
        const s = new Scenario();
        s.poll([healthy('a')]);
        s.poll([app('a', 'Synced', 'Degraded')]);
        s.poll([app('a', 'Synced', 'Degraded')]);
        s.poll([healthy('a')], 2, { postFails: true });
        const notices = s.poll([healthy('a')]);
        expect(s.kinds(notices)).toEqual(['recovery:a']);
        expect((notices[0] as RecoveryNotice).badForMs).toBe(6 * MINUTE);
        expect(s.kinds(s.poll([healthy('a')]))).toEqual([]);
    });

    it('the baseline, the outage and the reading-again messages are retried too', () => {
        const s = new Scenario();
        expect(s.kinds(s.poll([healthy('a')], 2, { postFails: true }))).toEqual(['baseline']);
        expect(s.kinds(s.poll([healthy('a')]))).toEqual(['baseline']);
        s.poll({ ok: false, cause: 'timeout' });
        expect(s.kinds(s.poll({ ok: false, cause: 'timeout' }, 2, { postFails: true }))).toEqual(['argo-down']);
        expect(s.kinds(s.poll({ ok: false, cause: 'timeout' }))).toEqual(['argo-down']);
        expect(s.kinds(s.poll([healthy('a')], 2, { postFails: true }))).toEqual(['argo-up']);
        expect(s.kinds(s.poll([healthy('a')]))).toEqual(['argo-up']);
        expect(s.kinds(s.poll([healthy('a')]))).toEqual([]);
    });
});

describe('decide: the snapshot', () => {
    it('a failed read leaves every app record untouched', () => {
        const s = new Scenario();
        s.poll([healthy('a'), app('b', 'OutOfSync')]);
        const before = JSON.stringify(s.snapshot?.apps);
        s.poll({ ok: false, cause: 'HTTP 502' });
        expect(JSON.stringify(s.snapshot?.apps)).toBe(before);
        expect(s.last?.changed).toEqual([]);
        expect(s.last?.removed).toEqual([]);
    });

    it('an unchanged fleet changes nothing: no record and no meta to write', () => {
        const s = new Scenario();
        s.poll(fleet(50, ['app-007']));
        s.poll(fleet(50, ['app-007']));
        expect(s.last?.changed).toEqual([]);
        expect(s.last?.metaChanged).toBe(false);
    });

    it('only the apps that changed are written', () => {
        const s = new Scenario();
        s.poll(fleet(50));
        s.poll(fleet(50, ['app-010', 'app-020']));
        expect(s.last?.changed.sort()).toEqual(['argocd/app-010', 'argocd/app-020']);
    });

    it('a changed scope starts afresh with a new baseline instead of a shrink or deletions', () => {
        const s = new Scenario();
        s.poll(fleet(10));
        s.scopeKey = 'https://argocd.example.com|project=payments';
        const notices = s.poll(fleet(2));
        expect(s.kinds(notices)).toEqual(['baseline']);
        expect(s.last?.removed).toHaveLength(8);
    });

    it('apps with the same name in two namespaces are two apps', () => {
        const s = new Scenario();
        s.poll([healthy('api'), app('api', 'Synced', 'Healthy', { namespace: 'team-a' })]);
        s.poll([healthy('api'), app('api', 'OutOfSync', 'Healthy', { namespace: 'team-a' })]);
        const notices = s.poll([healthy('api'), app('api', 'OutOfSync', 'Healthy', { namespace: 'team-a' })]);
        expect(notices).toHaveLength(1);
        expect((notices[0] as AlertNotice).app.key).toBe('team-a/api');
    });
});

describe('watch status writes', () => {
    const FINE = { readOk: true, lastReadApps: 3, intervalMs: 120000 };

    it('an unchanged poll writes nothing: the streak keeps its start, nulls read back count as absent', () => {
        const first = nextStatus(undefined, FINE, 1000);
        const stored = { ...first, postProblem: null, readProblem: null } as unknown as WatchStatus;
        const second = nextStatus(stored, FINE, 1000 + 120000);
        expect(second.readSince).toBe(1000);
        expect(statusNeedsWrite(stored, second)).toBe(false);
    });

    it('a new problem, a cleared one, or a due heartbeat is written', () => {
        const fine = nextStatus(undefined, FINE, 1000);
        const failing = nextStatus(fine, { readOk: false, readProblem: 'HTTP 502', intervalMs: 120000 }, 2000);
        expect(statusNeedsWrite(fine, failing)).toBe(true);
        expect(failing.readSince).toBe(2000);
        const again = nextStatus(failing, FINE, 3000);
        expect(statusNeedsWrite(failing, again)).toBe(true);
        expect(again).toEqual({ ...FINE, readSince: 3000, checkedAt: 3000 });
        const later = nextStatus(again, FINE, 3000 + HEARTBEAT_MS);
        expect(statusNeedsWrite(again, later)).toBe(true);
        expect(later.readSince).toBe(3000);
    });

    it('the latest run\'s problems only: a configuration problem that cleared is gone, nothing carried forward', () => {
        const broken = nextStatus(nextStatus(undefined, FINE, 1000), { configProblems: ['Argo CD URL is empty'] }, 2000);
        expect(broken).toEqual({ configProblems: ['Argo CD URL is empty'], readSince: 2000, checkedAt: 2000 });
        const fixed = nextStatus(broken, { ...FINE, postProblem: 'HTTP 500' }, 3000);
        expect(fixed).toEqual({ ...FINE, postProblem: 'HTTP 500', readSince: 3000, checkedAt: 3000 });
        expect(nextStatus(fixed, FINE, 4000)).toEqual({ ...FINE, readSince: 3000, checkedAt: 4000 });
    });
});

describe('decide: partial reads (a webhook naming one app)', () => {
    it('decides for the named app only: no shrink, no gone, no outage state change', () => {
        const s = new Scenario();
        s.poll(fleet(10));
        // The grace clock starts at the push; the re-check once it has passed alerts.
        expect(s.poll({ ok: true, partial: true, apps: [app('app-003', 'Synced', 'Degraded')] }, 0.1)).toEqual([]);
        const notices = s.poll({ ok: true, partial: true, apps: [app('app-003', 'Synced', 'Degraded')] });
        expect(s.kinds(notices)).toEqual(['alert:app-003:Degraded']);
        expect(Object.keys(s.snapshot?.apps ?? {})).toHaveLength(10);
        expect(s.last?.removed).toEqual([]);
        // The next full poll sees the same state: already told, nothing more.
        expect(s.kinds(s.poll(fleet(10, ['app-003'])))).toEqual([]);
    });

    it('before the baseline a partial read changes nothing', () => {
        const s = new Scenario();
        expect(s.poll({ ok: true, partial: true, apps: [app('a', 'OutOfSync')] })).toEqual([]);
        expect(s.snapshot?.meta.baselineAt).toBeUndefined();
    });
});

describe('decide: items Argo CD sent without what the decision needs', () => {
    it('an app sent without its status keeps its open alert and its state: nothing repeated later', () => {
        const s = new Scenario();
        s.poll([healthy('a'), healthy('b'), healthy('c'), healthy('d')]);
        s.poll([app('a', 'Synced', 'Degraded'), healthy('b'), healthy('c'), healthy('d')]);
        s.poll([app('a', 'Synced', 'Degraded'), healthy('b'), healthy('c'), healthy('d')]);
        const before = JSON.stringify(s.snapshot?.apps['argocd/a']);
        expect(s.poll({ ok: true, apps: [healthy('b'), healthy('c'), healthy('d')], unreadable: ['argocd/a'] })).toEqual([]);
        expect(JSON.stringify(s.snapshot?.apps['argocd/a'])).toBe(before);
        expect(s.poll([app('a', 'Synced', 'Degraded'), healthy('b'), healthy('c'), healthy('d')])).toEqual([]);
    });

    it('a list with a nameless item closes nothing as gone: it could have been any app', () => {
        const s = new Scenario();
        s.poll([healthy('a'), healthy('b'), healthy('c'), healthy('d'), healthy('e')]);
        s.poll([app('a', 'OutOfSync'), healthy('b'), healthy('c'), healthy('d'), healthy('e')]);
        s.poll([app('a', 'OutOfSync'), healthy('b'), healthy('c'), healthy('d'), healthy('e')]);
        expect(s.poll({ ok: true, apps: [healthy('b'), healthy('c'), healthy('d'), healthy('e')], skipped: 1 })).toEqual([]);
        expect(s.snapshot?.apps['argocd/a']?.openedAt).toBeDefined();
        expect(s.poll([app('a', 'OutOfSync'), healthy('b'), healthy('c'), healthy('d'), healthy('e')])).toEqual([]);
    });

    it('a reset warning whose post failed is posted on the next run', () => {
        const s = new Scenario();
        s.poll([healthy('a')]);
        const snapshot = s.snapshot;
        if (!snapshot) {
            throw new Error('no snapshot');
        }
        rearm(snapshot, stateResetNotice('an app record is unreadable'));
        expect(s.kinds(s.poll([healthy('a')]))).toEqual(['state-reset']);
        expect(s.kinds(s.poll([healthy('a')]))).toEqual([]);
    });
});
