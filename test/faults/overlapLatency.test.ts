import { SettingId } from '../../src/core/settingIds';
import { JobId } from '../../src/jobIds';
import { CANNOT_READ, fleetApp, naming, READING_AGAIN, startWorld } from './harness';
import type { World } from './harness';

// Three runs at once — two instances' polls and a webhook's one-off Recheck — against a
// persistence whose every call is a slow database round trip. Whatever the latency: each change
// is posted exactly once (no duplicate, none lost once a few more polls ran), and what the
// winner saved is never overwritten by a run that lost.

jest.setTimeout(15 * 60 * 1000);

const SECRET = 'overlap-secret';
const META = 'argo-drift:snapshot-meta';

interface Figures { latency: number; transitions: number; duplicates: number; lost: number }
const figures: Figures[] = [];

afterAll(() => {
    // The figures the README and the issue quote.
    console.log(figures.map((f) => `latency ${f.latency} ms: ${f.transitions} transitions, ${f.duplicates} duplicate posts, ${f.lost} lost`).join('\n'));
});

function metaRecords(world: World): Array<Record<string, unknown>> {
    return world.chat.persistenceRecords()
        .filter((record) => record.associations.some((a) => (a as { id?: string }).id === META))
        .map((record) => record.data as Record<string, unknown>);
}

describe.each([0, 250, 1000])('persistence latency %i ms', (latency) => {
    let world: World;
    const tally: Figures = { latency, transitions: 0, duplicates: 0, lost: 0 };

    beforeAll(async () => {
        world = await startWorld({ fleet: ['alpha', 'bravo', 'charlie'].map((name) => fleetApp(name)), settings: { [SettingId.WebhookSecret]: SECRET } });
        await world.poll();
        world.newPosts();
        world.chat.setPersistenceLatency(latency);
    });

    afterAll(async () => {
        figures.push(tally);
        world?.chat.setPersistenceLatency(0);
        await world?.stop();
    });

    /** Two polls and a webhook's Recheck at once, then a few ordinary polls; everything posted meanwhile. */
    async function overlap(app: string): Promise<string[]> {
        const answer = await world.chat.callApi('argocd-webhook', { method: 'POST', headers: { 'X-Argo-Drift-Secret': SECRET }, content: { app, namespace: 'argocd' } });
        expect(answer.status).toBe(202);
        const revisions: number[] = [];
        const watchRevision = setInterval(() => revisions.push(Number(metaRecords(world)[0]?.revision ?? 0)), 1);
        try {
            await Promise.all([world.poll(), world.chat.runJob(JobId.Poll, { alongside: true }), world.chat.runJob(JobId.Recheck)]);
            for (let i = 0; i < 2; i++) {
                await world.poll();
            }
        } finally {
            clearInterval(watchRevision);
        }
        // No stale overwrite: as seen from outside, the saved revision only ever goes up.
        expect(revisions.filter((revision, i) => i > 0 && revision < revisions[i - 1])).toEqual([]);
        return world.newPosts();
    }

    function count(posts: string[], matching: RegExp): number {
        const n = posts.filter((text) => matching.test(text)).length;
        tally.transitions++;
        tally.duplicates += Math.max(0, n - 1);
        tally.lost += n === 0 ? 1 : 0;
        return n;
    }

    function savedMeta(): Record<string, unknown> {
        const metas = metaRecords(world);
        expect(metas).toHaveLength(1);
        return metas[0];
    }

    test('an alert and its recovery: each posted once', async () => {
        const before = Number(savedMeta().revision ?? 0);
        world.argo.setApp('alpha', { health: 'Degraded' });
        const down = await overlap('alpha');
        expect(count(naming(down, 'alpha'), /Degraded/)).toBe(1);
        expect(down).toHaveLength(1);
        world.argo.setApp('alpha', { health: 'Healthy' });
        const up = await overlap('alpha');
        expect(count(naming(up, 'alpha'), /./)).toBe(1);
        expect(up).toHaveLength(1);
        // Each change was saved (a later run may save once more, e.g. a poll after the webhook's
        // run); a loser never wrote an older revision back over the winner's.
        expect(Number(savedMeta().revision)).toBeGreaterThanOrEqual(before + 2);
    });

    test('an outage and its end: each announced once, and the saved outage flags are the winner\'s', async () => {
        world.argo.injectFault({ kind: 'status', status: 503, route: 'list' });
        const down = await overlap('bravo');
        expect(count(down, CANNOT_READ)).toBe(1);
        expect(savedMeta()).toMatchObject({ argoOutageNotified: true });
        expect(typeof savedMeta().argoFailingSince).toBe('number');
        world.argo.clearFaults();
        const up = await overlap('bravo');
        expect(count(up, READING_AGAIN)).toBe(1);
        expect([...down, ...up]).toHaveLength(2);
        expect(savedMeta().argoFailingSince ?? undefined).toBeUndefined();
        expect(savedMeta().argoOutageNotified ?? undefined).toBeUndefined();
    });

    test('no run leaves a lease behind', () => {
        expect(world.chat.persistenceRecords().filter((record) => record.associations.some((a) => String((a as { id?: string }).id).startsWith('argo-drift:run-lease')))).toEqual([]);
    });
});
