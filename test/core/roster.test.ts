import { PersistenceSnapshotStore } from '../../src/adapters/PersistenceSnapshotStore';
import { decodeRecord, encodeRecord } from '../../src/core/recordCodec';
import { ROSTER_SHARDS, rosterCodec, shardOf, shardsToWrite } from '../../src/core/roster';
import type { AppRecord, Snapshot } from '../../src/core/snapshot';
import { emptyMeta } from '../../src/core/snapshot';
import { idsOf, memoryPersistence } from '../support/memoryPersistence';

// The roster: every app's record in a fixed few shards. Round trips, which shards a save writes,
// and the store's reads and writes counted in documents.

const NOW = 1_700_000_000_000;

function fine(name: string, extra: Partial<AppRecord> = {}): AppRecord {
    return { name, namespace: 'argocd', project: 'default', sync: 'Synced', health: 'Healthy', phase: 'Succeeded', revision: 'a'.repeat(40), finishedAt: '2026-11-22T09:00:00Z', since: {}, notified: [], ...extra };
}

const INCIDENT: AppRecord = fine('pay', {
    sync: 'OutOfSync', health: 'Degraded', since: { OutOfSync: NOW, Stuck: NOW + 1, Deleting: NOW + 2 }, notified: ['OutOfSync', 'Stuck', 'Deleting'],
    openedAt: NOW, badSince: NOW - 5, thread: { rootId: 'm1', roomId: 'r1', shared: true }, remindedAt: NOW + 9,
    flips: [NOW - 2, NOW - 1], flapping: { since: NOW, flips: 4, firstFlipAt: NOW - 9, bad: true, changedAt: NOW },
});

function snapshotOf(records: AppRecord[], revision = 1): Snapshot {
    return { meta: { ...emptyMeta('scope'), baselineAt: NOW, revision }, apps: Object.fromEntries(records.map((r) => [`${r.namespace}/${r.name}`, r])) };
}

function throughStorage(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value));
}

test('the shard of a key never changes between versions (FNV-1a): records stay where earlier runs wrote them', () => {
    expect(ROSTER_SHARDS).toBe(2);
    expect(['argocd/web', 'argocd/pay', 'team-a/api', 'argocd/app-0001'].map(shardOf)).toEqual([0, 0, 1, 1]);
});

test.each([
    ['a fine app', fine('web')],
    ['a fine app with no operation yet', fine('new', { phase: undefined, revision: undefined, finishedAt: undefined })],
    ['an app with every field of an incident, flips and flapping', INCIDENT],
    ['an app in another namespace', fine('api', { namespace: 'team-a' })],
])('%s comes back from its shard as it was', (_name, record) => {
    const shard = { shard: 0, rev: 3, apps: { [`${record.namespace}/${record.name}`]: record } };
    expect(decodeRecord(rosterCodec, throughStorage(encodeRecord(rosterCodec, shard)))).toEqual({ ok: true, value: shard });
});

test('a fine app is a short entry: its facts only, under short names', () => {
    const stored = encodeRecord(rosterCodec, { shard: 1, rev: 2, apps: { 'argocd/web': fine('web') } });
    expect(stored).toEqual({
        record: 'roster', key: 'shard-1', schema: 3, shard: 1, rev: 2,
        apps: { 'argocd/web': { p: 'default', s: 'Synced', h: 'Healthy', o: 'Succeeded', r: 'a'.repeat(40), f: '2026-11-22T09:00:00Z' } },
    });
});

test.each([
    ['an unknown health', { 'argocd/web': { p: 'default', s: 'Synced', h: 'Sideways' } }],
    ['a key that is not namespace/name', { web: { p: 'default', s: 'Synced', h: 'Healthy' } }],
    ['a broken thread', { 'argocd/web': { p: 'default', s: 'Synced', h: 'Healthy', thread: { rootId: 5 } } }],
    ['an entry that is not an object', { 'argocd/web': 'Healthy' }],
])('a shard with %s is refused, naming the app', (_name, apps) => {
    const decoded = decodeRecord(rosterCodec, { record: 'roster', key: 'shard-0', schema: 3, shard: 0, rev: 1, apps });
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.error).toMatch(/roster record .*(web)/);
});

describe('which shards a save writes', () => {
    const before = snapshotOf([fine('web'), fine('pay'), fine('api', { namespace: 'team-a' })]);

    test('none when nothing differs, even for keys named as changed (a failed post put them back)', () => {
        expect(shardsToWrite(before, snapshotOf(Object.values(before.apps)), ['argocd/web', 'argocd/pay'])).toEqual([]);
    });

    test('the shard of an app that changed, was added or was removed, and only that', () => {
        const next = snapshotOf([fine('web', { revision: 'b'.repeat(40) }), fine('pay'), fine('api', { namespace: 'team-a' })]);
        expect(shardsToWrite(before, next, ['argocd/web'])).toEqual([shardOf('argocd/web')]);
        const without = snapshotOf([fine('web'), fine('api', { namespace: 'team-a' })]);
        expect(shardsToWrite(before, without, ['argocd/pay'])).toEqual([shardOf('argocd/pay')]);
    });

    test('every shard when nothing was loaded, so no shard of an earlier watch survives', () => {
        expect(shardsToWrite(undefined, snapshotOf([]), [])).toEqual([0, 1]);
    });
});

describe('the snapshot store', () => {
    const fleet = Array.from({ length: 50 }, (_, i) => fine(`app-${i}`));

    test('a load reads the watch record and the shards, whatever the fleet; an unchanged save writes the watch record only', async () => {
        const memory = memoryPersistence();
        const store = new PersistenceSnapshotStore(memory.reader, memory.writer);
        const first = snapshotOf([...fleet, INCIDENT], 0);
        expect(await store.save({ snapshot: first, changed: Object.keys(first.apps), removed: [] })).toBe(3);

        const before = memory.documentsRead();
        const loaded = await store.load();
        expect(memory.documentsRead() - before).toBe(1 + ROSTER_SHARDS);
        expect(loaded.snapshot?.apps).toEqual(first.apps);
        expect(loaded.snapshot?.meta.revision).toBe(1);

        const shardsBefore = JSON.stringify(memory.docs.filter((d) => idsOf(d).includes('argo-drift:roster')));
        expect(await store.save({ snapshot: loaded.snapshot as Snapshot, previous: loaded.snapshot, changed: ['argocd/app-1'], removed: [] })).toBe(1);
        expect(JSON.stringify(memory.docs.filter((d) => idsOf(d).includes('argo-drift:roster')))).toBe(shardsBefore);
    });

    test('the readers\' load reads the shards only', async () => {
        const memory = memoryPersistence();
        const store = new PersistenceSnapshotStore(memory.reader, memory.writer);
        const snapshot = snapshotOf(fleet, 0);
        await store.save({ snapshot, changed: Object.keys(snapshot.apps), removed: [] });
        const before = memory.documentsRead();
        expect(await new PersistenceSnapshotStore(memory.reader).loadApps()).toEqual(snapshot.apps);
        expect(memory.documentsRead() - before).toBe(ROSTER_SHARDS);
    });

    test('of two copies of a shard (two upserts that both inserted), the later revision is read', async () => {
        const memory = memoryPersistence();
        const store = new PersistenceSnapshotStore(memory.reader, memory.writer);
        const snapshot = snapshotOf([fine('web')], 0);
        await store.save({ snapshot, changed: ['argocd/web'], removed: [] });
        const shard = shardOf('argocd/web');
        const stale = encodeRecord(rosterCodec, { shard, rev: 0, apps: { 'argocd/web': fine('web', { health: 'Degraded' }) } });
        memory.docs.unshift({ data: stale, associations: [{ model: 'misc', id: 'argo-drift:roster' }, { model: 'misc', id: `argo-drift:roster:shard-${shard}` }] });
        expect((await store.load()).snapshot?.apps['argocd/web'].health).toBe('Healthy');
    });

    test('an unreadable shard resets the watch, roster and watch record alike, with the reason', async () => {
        const memory = memoryPersistence();
        const store = new PersistenceSnapshotStore(memory.reader, memory.writer);
        const snapshot = snapshotOf([fine('web')], 0);
        await store.save({ snapshot, changed: ['argocd/web'], removed: [] });
        const doc = memory.docs.find((d) => idsOf(d).includes('argo-drift:roster') && JSON.stringify(d.data).includes('argocd/web'));
        (doc as { data: unknown }).data = 'junk';
        expect(await new PersistenceSnapshotStore(memory.reader).loadApps()).toBeUndefined();
        const loaded = await store.load();
        expect(loaded.resetReason).toMatch(/roster record is not an object/);
        expect(memory.docs).toEqual([]);
    });

    test('per-app records of schema 2 are read once, then the roster replaces them', async () => {
        const memory = memoryPersistence();
        const store = new PersistenceSnapshotStore(memory.reader, memory.writer);
        memory.docs.push({ data: { schema: 2, scopeKey: 'scope', baselineAt: NOW, revision: 41 }, associations: [{ model: 'misc', id: 'argo-drift:snapshot-meta' }] });
        for (const record of [fine('web'), INCIDENT]) {
            const key = `argocd/${record.name}`;
            memory.docs.push({ data: { v: 2, key, ...record }, associations: [{ model: 'misc', id: 'argo-drift:snapshot-app' }, { model: 'misc', id: `argo-drift:snapshot-app:${key}` }] });
        }
        expect(Object.keys(await new PersistenceSnapshotStore(memory.reader).loadApps() ?? {})).toEqual(['argocd/web', 'argocd/pay']);

        const loaded = await store.load();
        expect(loaded.perAppLayout).toBe(true);
        expect(loaded.snapshot?.apps['argocd/pay']).toEqual(INCIDENT);
        const snapshot = loaded.snapshot as Snapshot;
        await store.save({ snapshot, previous: snapshot, changed: [], removed: [], perAppLayout: true });

        expect(memory.docs.filter((d) => idsOf(d).includes('argo-drift:snapshot-app'))).toEqual([]);
        expect(memory.docs.filter((d) => idsOf(d).includes('argo-drift:roster'))).toHaveLength(ROSTER_SHARDS);
        const again = await store.load();
        expect(again.perAppLayout).toBeUndefined();
        expect(again.snapshot).toEqual({ meta: { ...snapshot.meta, revision: 42, schema: 3 }, apps: snapshot.apps });
    });
});
