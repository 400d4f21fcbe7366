import { renderStatus, STATUS_BUDGET } from '../../../src/core/commands/statusView';
import type { AppRecord, Snapshot } from '../../../src/core/snapshot';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

function fleet(size: number, badEvery: number): Snapshot {
    const apps: Record<string, AppRecord> = {};
    for (let i = 0; i < size; i++) {
        const name = `service-${String(i).padStart(5, '0')}-with-a-long-name`;
        const bad = i % badEvery === 0;
        apps[`argocd/${name}`] = {
            name, namespace: 'argocd', project: `team-${i % 20}`, sync: bad ? 'OutOfSync' : 'Synced', health: bad && i % 2 === 0 ? 'Degraded' : 'Healthy',
            since: {}, notified: [], ...(bad ? { badSince: NOW - (i % 90) * 60000 } : {}),
        };
    }
    return { meta: { schema: 1, scopeKey: 'x', baselineAt: NOW }, apps };
}

describe('renderStatus', () => {
    it.each([100, 5000, 10000])('stays one message within the budget at %i apps, saying how many were left out', (size) => {
        const text = renderStatus({ snapshot: fleet(size, 7), status: { lastReadAt: NOW - 90000 }, mutes: [], now: NOW });
        expect(text.length).toBeLessThanOrEqual(STATUS_BUDGET);
        expect(STATUS_BUDGET).toBeLessThan(5000);
        expect(text).toContain(`${size} apps: `);
        if (size > 100) {
            expect(text).toMatch(/…and \d+ more; narrow with/);
        }
    });

    it('names who is on an incident and marks a flapping app', () => {
        const snapshot: Snapshot = { meta: { schema: 2, scopeKey: 'x', baselineAt: NOW }, apps: {
            'argocd/web': { name: 'web', namespace: 'argocd', project: 'default', sync: 'OutOfSync', health: 'Healthy', since: {}, notified: [], badSince: NOW - 600000, openedAt: NOW - 600000,
                flapping: { since: NOW, flips: 5, firstFlipAt: NOW - 600000, bad: true, changedAt: NOW } },
        } };
        const acks = new Map([['argocd/web', { appKey: 'argocd/web', by: 'dana', userId: 'u1', at: NOW, openedAt: NOW - 600000 }]]);
        expect(renderStatus({ snapshot, mutes: [], now: NOW, acks })).toContain('• `web`: OutOfSync for 10m · flapping (5 flips) · on it: `dana`');
    });

    it('lists the longest-bad apps first with how long, and marks muted ones', () => {
        const snapshot = fleet(30, 10);
        const text = renderStatus({
            snapshot, status: { lastReadAt: NOW - 60000 }, now: NOW,
            mutes: [{ target: { kind: 'project', project: 'team-0' }, until: NOW + 3600000, by: 'admin', createdAt: NOW }],
        });
        expect(text).toContain('Last successful read of Argo CD: 1m ago (2026-11-22 11:59 UTC)');
        expect(text).toMatch(/\*Not fine \(3\)\*\n• `service-00020-with-a-long-name`: Degraded, OutOfSync for 20m \(muted\)\n• `service-00010-with-a-long-name`: Degraded, OutOfSync for 10m\n• `service-00000-with-a-long-name`: Degraded, OutOfSync for 0s \(muted\)/);
        expect(text).toContain('Muted: `project:team-0` for 1h');
    });

    it.each([
        ['service-0001*', 10],
        ['project:team-3', 3],
        ['degraded', 5],
        ['bad', 5],
        ['00042', 1],
    ])('filters by %s', (filter, count) => {
        const text = renderStatus({ snapshot: fleet(60, 12), now: NOW, mutes: [], filter });
        expect(text).toContain(`${count} app${count === 1 ? '' : 's'}: `);
    });

    it('shows configuration problems before anything else, and no reading line for a run that could not read', () => {
        const text = renderStatus({ now: NOW, mutes: [], status: { configProblems: ['Argo CD URL is empty: enter …'], readSince: NOW - 60000, checkedAt: NOW - 60000 } });
        expect(text.split('\n')).toEqual(['*Argo CD fleet*', ':warning: Not watching: Argo CD URL is empty: enter …']);
    });

    it('a good streak reads as one: every interval, without a problem, since when', () => {
        const text = renderStatus({ now: NOW, mutes: [], status: { readOk: true, readSince: NOW - 3 * 3600000, intervalMs: 120000, checkedAt: NOW - 5 * 60000, lastReadApps: 4 } });
        expect(text.split('\n')[1]).toBe('Reading Argo CD every 2m without a problem since 2026-11-22 09:00 UTC (3h ago).');
        expect(text).not.toMatch(/warning/);
    });

    it('a failing read says since when, and why', () => {
        const text = renderStatus({ now: NOW, mutes: [], status: { readOk: false, readProblem: 'HTTP 401', readSince: NOW - 600000, intervalMs: 120000, checkedAt: NOW } });
        expect(text.split('\n')[1]).toBe(':warning: Reading Argo CD has failed since 2026-11-22 11:50 UTC: `HTTP 401`');
    });

    it('a watch that stopped reporting says so instead of showing an old streak as current', () => {
        const text = renderStatus({ now: NOW, mutes: [], status: { readOk: true, readSince: NOW - 7200000, intervalMs: 120000, checkedAt: NOW - 20 * 60000 } });
        expect(text).toContain(':warning: No run has reported since 2026-11-22 11:40 UTC');
        const fresh = renderStatus({ now: NOW, mutes: [], status: { readOk: true, readSince: NOW - 7200000, intervalMs: 120000, checkedAt: NOW - 13 * 60000 } });
        expect(fresh).not.toContain('No run has reported');
    });
});
