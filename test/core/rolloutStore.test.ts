import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { kind, RecordKind } from '../../src/adapters/associations';
import { PersistenceRolloutStore } from '../../src/adapters/PersistenceRolloutStore';
import type { AppRollouts, RolloutGroup } from '../../src/core/deployFeed';

// The deploy feed's store over a plain in-memory persistence that matches associations as
// Rocket.Chat does (every wanted association present) and upserts on the exact association array.

type Assoc = { model: string; id: string };
interface Doc { data: unknown; associations: Assoc[] }

function memory(): { docs: Doc[]; reader: IPersistenceRead; writer: IPersistence } {
    const docs: Doc[] = [];
    const holding = (wanted: Assoc[]): Doc[] => docs.filter((doc) => wanted.every((w) => doc.associations.some((a) => a.model === w.model && a.id === w.id)));
    const same = (a: Assoc[], b: Assoc[]): boolean => a.length === b.length && a.every((x) => b.some((y) => x.model === y.model && x.id === y.id));
    const reader = {
        readByAssociation: async (a: Assoc) => holding([a]).map((d) => d.data),
        readByAssociations: async (a: Assoc[]) => holding(a).map((d) => d.data),
    } as unknown as IPersistenceRead;
    const writer = {
        updateByAssociations: async (a: Assoc[], data: unknown) => {
            const found = docs.find((d) => same(d.associations, a));
            if (found) found.data = JSON.parse(JSON.stringify(data));
            else docs.push({ data: JSON.parse(JSON.stringify(data)), associations: a });
        },
        removeByAssociations: async (a: Assoc[]) => {
            for (const doc of holding(a)) docs.splice(docs.indexOf(doc), 1);
        },
        createWithAssociations: async (data: unknown, a: Assoc[]) => { docs.push({ data, associations: a }); },
    } as unknown as IPersistence;
    return { docs, reader, writer };
}

const record: AppRollouts = { key: 'argocd/web', lastStartedAt: '2024-03-05T10:00:00Z', lastRevisions: ['a'.repeat(40)], rollouts: [] };
const group: RolloutGroup = { id: 'g1', revisions: ['b'.repeat(40)], startedAt: '2024-03-05T10:00:00Z', members: ['argocd/web'], listed: [], by: { automated: true }, sources: [{}], changed: [0] };

test('app records and groups are read back with one query, and written in place', async () => {
    const { docs, reader, writer } = memory();
    const store = new PersistenceRolloutStore(reader, writer);
    await store.saveApp(record);
    await store.saveGroup(group);
    await store.saveApp({ ...record, lastStartedAt: '2024-03-05T11:00:00Z' });
    expect(docs).toHaveLength(2);
    const loaded = await store.load();
    expect([...loaded.apps.values()]).toEqual([{ ...record, lastStartedAt: '2024-03-05T11:00:00Z' }]);
    expect(loaded.groups).toEqual([group]);
    expect(loaded.problems).toEqual([]);
    await store.removeGroup('g1');
    expect((await store.load()).groups).toEqual([]);
});

test('a record it cannot read is reported, not guessed at', async () => {
    const { reader, writer } = memory();
    await writer.updateByAssociations([kind(RecordKind.DeployFeed), kind(RecordKind.DeployApp)], { kind: 'deploy-app', schema: 99, key: 'argocd/x', rollouts: [] });
    const loaded = await new PersistenceRolloutStore(reader, writer).load();
    expect(loaded.apps.size).toBe(0);
    expect(loaded.problems).toEqual([expect.stringContaining('schema 99, newer than this version reads')]);
});
