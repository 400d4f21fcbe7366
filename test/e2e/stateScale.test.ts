import type { FleetApp } from '../../sim/argocd/types';
import { fleetApp, startWorld } from './world';
import type { World } from './world';

// What the stored state costs to read as the fleet grows: counted in documents handed back by
// Rocket.Chat's persistence (what MongoDB fetches and Rocket.Chat encodes to the app's process).
// ARGO_DRIFT_SCALE_APPS sets the fleet's size (default 400).

const APPS = Number(process.env.ARGO_DRIFT_SCALE_APPS ?? 400);
/** Every tenth app has an open incident (Degraded, named by the baseline) or drifts. */
const NOT_FINE = Math.floor(APPS / 10);
/** The status record, the watch record and the roster's two shards. */
const UNCHANGED_POLL_DOCUMENTS = 4;

jest.setTimeout(Math.max(60000, APPS * 60));

function fleet(): FleetApp[] {
    return Array.from({ length: APPS }, (_, i) => {
        const name = `app-${String(i).padStart(5, '0')}`;
        if (i % 10 !== 0) {
            return fleetApp(name);
        }
        return fleetApp(name, i % 20 === 0 ? { health: 'Degraded' } : { sync: 'OutOfSync' });
    });
}

let world: World;
const figures: string[] = [];

beforeAll(async () => {
    world = await startWorld({ fleet: fleet() });
    await world.poll();
    world.newPosts();
});

afterAll(async () => {
    console.log(`${APPS} apps, ${NOT_FINE} not fine:\n${figures.join('\n')}`);
    await world?.stop();
});

function rosterRecords(): Array<{ id: string; data: unknown }> {
    return world.chat.persistenceRecords().filter((r) => r.associations.some((a) => (a as { id?: string }).id === 'argo-drift:roster'));
}

async function counted(action: () => Promise<unknown>): Promise<{ documents: number; calls: number; writes: number }> {
    world.chat.resetPersistenceStats();
    await action();
    const stats = world.chat.persistenceStats();
    return { documents: world.chat.persistenceDocumentsRead(), calls: stats.reads, writes: stats.writes + stats.removes };
}

test(`an unchanged poll reads ${UNCHANGED_POLL_DOCUMENTS} documents whatever the fleet and however many apps are not fine, and writes nothing`, async () => {
    await world.poll();
    const unchanged = await counted(() => world.poll());
    figures.push(`unchanged poll: ${unchanged.documents} documents in ${unchanged.calls} reads, ${unchanged.writes} writes`);
    expect(world.newPosts()).toEqual([]);
    expect(unchanged.documents).toBeLessThanOrEqual(UNCHANGED_POLL_DOCUMENTS);
    expect(unchanged.writes).toBe(0);
});

test('a poll where one app changed rewrites its shard only, and the watch record', async () => {
    const shardsBefore = rosterRecords();
    // Progressing is not an alert condition by default: its record changes, nothing is posted.
    world.argo.setApp('app-00001', { health: 'Progressing' });
    const changed = await counted(() => world.poll());
    const shardsAfter = rosterRecords();
    const sizes = shardsAfter.map((r) => Buffer.byteLength(JSON.stringify(r.data)));
    figures.push(`poll with one app changed: ${changed.documents} documents read, ${changed.writes} writes (the lease's included)`);
    figures.push(`roster: ${shardsAfter.length} shards of ${sizes.join(' and ')} bytes (${Math.round(sizes.reduce((a, b) => a + b, 0) / APPS)} bytes per app)`);
    expect(world.newPosts()).toEqual([]);
    expect(shardsAfter.map((r) => r.id)).toEqual(shardsBefore.map((r) => r.id));
    const rewritten = shardsAfter.filter((r, i) => JSON.stringify(r.data) !== JSON.stringify(shardsBefore[i].data));
    expect(rewritten).toHaveLength(1);
    expect(JSON.stringify(rewritten[0].data)).toContain('"argocd/app-00001":{"p":"default","s":"Synced","h":"Progressing"}');
});

test('one autocomplete keystroke reads at most 2 documents', async () => {
    let previews: unknown;
    const keystroke = await counted(async () => {
        previews = await world.chat.commandPreviews('alice', 'deploys', '/argo app app-0000');
    });
    figures.push(`autocomplete keystroke: ${keystroke.documents} documents`);
    expect((previews as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect(keystroke.documents).toBeLessThanOrEqual(2);
    expect(keystroke.writes).toBe(0);
});

test('/argo status reads a constant few documents: the roster and the status record (no mutes, no acks here)', async () => {
    const status = await counted(() => world.chat.typeCommand('alice', 'deploys', '/argo status'));
    figures.push(`/argo status: ${status.documents} documents in ${status.calls} reads`);
    expect(world.lastReply('alice')).toContain(`${APPS} apps`);
    expect(status.documents).toBeLessThanOrEqual(3);
});
