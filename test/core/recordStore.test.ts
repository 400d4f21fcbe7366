import { RecordStore } from '../../src/adapters/RecordStore';
import { PersistenceMuteStore } from '../../src/adapters/PersistenceMuteStore';
import { PersistenceRevisionCache } from '../../src/adapters/PersistenceRevisionCache';
import { PersistenceStatusStore } from '../../src/adapters/PersistenceStatusStore';
import type { RecordCodec } from '../../src/core/recordCodec';
import { decodeRecord, encodeRecord } from '../../src/core/recordCodec';
import { ackCodec, autoSyncCodec, muteCodec, pendingActionCodec, revisionCacheCodec, statusCodec } from '../../src/core/storeCodecs';
import { idsOf, memoryPersistence } from '../support/memoryPersistence';

// Every small record goes through one codec shape: header (kind, key, schema), a decode that
// builds the value field by field, and refusals that say what is wrong.

const NOW = 1_700_000_000_000;

const SAMPLES: Array<[string, RecordCodec<unknown>, unknown]> = [
    ['status', statusCodec as RecordCodec<unknown>, {
        readOk: true, lastReadApps: 3, intervalMs: 120000, routeProblems: ['no #web'], readSince: NOW, checkedAt: NOW,
        blockedRooms: [{ roomId: 'r1', room: 'deploys', reason: 'read-only', since: NOW }],
    }],
    ['mute', muteCodec as RecordCodec<unknown>, { target: { kind: 'project', project: 'shop' }, until: NOW + 1, by: 'dana', reason: 'upgrade', createdAt: NOW }],
    ['pending-action', pendingActionCodec as RecordCodec<unknown>, {
        id: 'p1', kind: 'rollback', userId: 'u1', username: 'dana', app: { name: 'web', namespace: 'argocd', project: 'default' },
        dryRun: false, prune: true, historyId: 4, fromRevision: 'a'.repeat(40), createdAt: NOW, expiresAt: NOW + 600000,
    }],
    ['auto-sync', autoSyncCodec as RecordCodec<unknown>, { key: 'argocd/web', state: { revision: 'b'.repeat(40), attempts: 2, nextAttemptAt: NOW, stopped: 'refused' } }],
    ['revision-metadata', revisionCacheCodec as RecordCodec<unknown>, { revision: 'c'.repeat(40), commit: { author: 'Dana', message: 'fix' }, cachedAt: NOW }],
    ['ack', ackCodec as RecordCodec<unknown>, { appKey: 'argocd/web', by: 'dana', userId: 'u1', at: NOW, openedAt: NOW - 1, note: 'on it' }],
];

describe.each(SAMPLES)('%s records', (kind, codec, value) => {
    test('a value comes back as it was written, through the stored form', () => {
        const stored = JSON.parse(JSON.stringify(encodeRecord(codec, value)));
        expect(stored).toMatchObject({ record: kind, schema: codec.schema });
        expect(decodeRecord(codec, stored)).toEqual({ ok: true, value });
    });

    test('a record of another kind is refused, naming both kinds', () => {
        const stored = { ...encodeRecord(codec, value), record: 'something-else' };
        const decoded = decodeRecord(codec, stored);
        expect(decoded.ok).toBe(false);
        expect(!decoded.ok && decoded.error).toMatch(new RegExp(`something-else.*${kind}`));
    });

    test('a record from a newer schema is refused, saying a newer Argo Drift wrote it', () => {
        const decoded = decodeRecord(codec, { ...encodeRecord(codec, value), schema: codec.schema + 1 });
        expect(!decoded.ok && decoded.error).toMatch(/newer Argo Drift/);
    });

    test.each([['a string', 'junk'], ['null', null], ['an array', [1]]])('%s is refused', (_what, junk) => {
        expect(decodeRecord(codec, junk).ok).toBe(false);
    });

    test('an empty object is refused unless every field is optional (the status)', () => {
        expect(decodeRecord(codec, {}).ok).toBe(kind === 'status');
    });
});

test('records written before the header existed are read as they are, except cache entries (fetched again)', () => {
    const legacyMute = { target: { kind: 'app', name: 'web' }, until: NOW, by: 'dana', createdAt: NOW };
    expect(decodeRecord(muteCodec, legacyMute)).toEqual({ ok: true, value: legacyMute });
    const legacyAutoSync = { key: 'argocd/web', attempts: 1 };
    expect(decodeRecord(autoSyncCodec, legacyAutoSync)).toEqual({ ok: true, value: { key: 'argocd/web', state: { attempts: 1 } } });
    expect(decodeRecord(statusCodec, { readOk: false, readProblem: 'down', lastReadAt: null, checkedAt: NOW })).toEqual({ ok: true, value: { readOk: false, readProblem: 'down', checkedAt: NOW } });
    expect(decodeRecord(revisionCacheCodec, { commit: { author: 'x' }, cachedAt: NOW }).ok).toBe(false);
});

test('a field of the wrong type is refused with the field named', () => {
    const decoded = decodeRecord(ackCodec, { appKey: 'argocd/web', by: 7, userId: 'u1', at: NOW, openedAt: NOW });
    expect(!decoded.ok && decoded.error).toMatch(/ack.*by/);
});

test('the store writes under [kind, kind:key], reads a kind with one query, and leaves unreadable records out with a reason', async () => {
    const memory = memoryPersistence();
    const mutes = new PersistenceMuteStore(memory.reader, memory.writer);
    await mutes.put({ target: { kind: 'app', name: 'web' }, until: NOW + 1000, by: 'dana', createdAt: NOW });
    await mutes.put({ target: { kind: 'all' }, until: NOW - 1, by: 'dana', createdAt: NOW });
    expect(memory.docs.map(idsOf)).toEqual([['argo-drift:mute', 'argo-drift:mute:app:web'], ['argo-drift:mute', 'argo-drift:mute:all']]);
    memory.docs.push({ data: { record: 'mute', schema: 1, target: 'nonsense' }, associations: [{ model: 'misc', id: 'argo-drift:mute' }] });

    const loaded = await new RecordStore(memory.reader, undefined, muteCodec).load();
    expect(loaded.values).toHaveLength(2);
    expect(loaded.problems).toEqual([expect.stringMatching(/mute record is unreadable/)]);

    await mutes.removeExpired(NOW);
    expect((await mutes.list()).map((m) => m.target)).toEqual([{ kind: 'app', name: 'web' }]);
    expect(await mutes.remove({ kind: 'app', name: 'web' })).toBe(true);
    expect(await mutes.remove({ kind: 'app', name: 'web' })).toBe(false);
});

test('a store opened for reading refuses to write, naming its kind', async () => {
    const memory = memoryPersistence();
    await expect(new PersistenceStatusStore(memory.reader).save({ readOk: true })).rejects.toThrow(/status store was opened read-only/);
});

test('the status store reads back the latest of doubled records', async () => {
    const memory = memoryPersistence();
    memory.docs.push(
        { data: { readOk: true, checkedAt: NOW }, associations: [{ model: 'misc', id: 'argo-drift:status' }] },
        { data: { record: 'status', schema: 1, readOk: false, readProblem: 'down', checkedAt: NOW + 5 }, associations: [{ model: 'misc', id: 'argo-drift:status' }] },
    );
    expect(await new PersistenceStatusStore(memory.reader).load()).toEqual({ readOk: false, readProblem: 'down', checkedAt: NOW + 5 });
});

test('the commit cache is cleared when an entry is stale or unreadable, and kept otherwise', async () => {
    const memory = memoryPersistence();
    const cache = new PersistenceRevisionCache(memory.reader, memory.writer);
    await cache.put('a'.repeat(40), { author: 'Dana' }, NOW);
    await cache.prune(NOW + 1000);
    expect(await cache.get('a'.repeat(40))).toEqual({ author: 'Dana' });
    memory.docs.push({ data: { commit: { author: 'old' }, cachedAt: NOW }, associations: [{ model: 'misc', id: 'argo-drift:revision-metadata' }] });
    await cache.prune(NOW + 1000);
    expect(memory.docs).toEqual([]);
});
