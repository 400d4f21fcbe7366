import type { RocketChatAssociationRecord } from 'apps-engine-runtime/definition/metadata';

import { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';
import { SimPersistenceBridge } from '../../sim/rocketchat/SimPersistenceBridge';
import { probeAppZip, runProbe } from './probeApp';

// Persistence as Rocket.Chat does it: apps/meteor/app/apps/server/bridges/persistence.ts over the
// AppsPersistence model (packages/models), whose { appId, associations } index is not unique.

const APP = 'app-1';

/** The bridge's own methods, as the engine calls them after its permission check. */
interface Calls {
    createWithAssociations(data: object, associations: RocketChatAssociationRecord[], appId: string): Promise<string>;
    create(data: object, appId: string): Promise<string>;
    readByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[]>;
    removeByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[] | undefined>;
    updateByAssociations(associations: RocketChatAssociationRecord[], data: object, upsert: boolean, appId: string): Promise<unknown>;
    update(id: string, data: object, upsert: boolean, appId: string): Promise<string>;
}

function bridge(latencyMs = 0): { raw: SimPersistenceBridge; calls: Calls } {
    const raw = new SimPersistenceBridge(latencyMs);
    return { raw, calls: raw as unknown as Calls };
}

function association(model: string, id: string): RocketChatAssociationRecord {
    return { model, id } as unknown as RocketChatAssociationRecord;
}

const A = association('misc', 'a');
const B = association('misc', 'b');
const C = association('misc', 'c');

describe('the bridge alone', () => {
    test('a read by associations matches records holding all of them, in any order, extra ones allowed', async () => {
        const { calls } = bridge();
        await calls.createWithAssociations({ n: 1 }, [B, A], APP);
        await calls.createWithAssociations({ n: 2 }, [A, B, C], APP);
        await calls.createWithAssociations({ n: 3 }, [A], APP);
        expect(await calls.readByAssociations([A, B], APP)).toEqual([{ n: 1 }, { n: 2 }]);
        expect(await calls.readByAssociations([A], APP)).toHaveLength(3);
    });

    test('an empty association list matches nothing ($all: [] in MongoDB)', async () => {
        const { calls } = bridge();
        await calls.createWithAssociations({ n: 1 }, [A], APP);
        await calls.create({ n: 2 }, APP);
        expect(await calls.readByAssociations([], APP)).toEqual([]);
    });

    test('update by associations matches only the exact array in order; another order upserts a second record', async () => {
        const { raw, calls } = bridge();
        await calls.updateByAssociations([A, B], { v: 1 }, true, APP);
        await calls.updateByAssociations([B, A], { v: 2 }, true, APP);
        await calls.updateByAssociations([A], { v: 3 }, false, APP);
        expect(raw.rawRecords().map((record) => record.data)).toEqual([{ v: 1 }, { v: 2 }]);
        await calls.updateByAssociations([A, B], { v: 4 }, true, APP);
        expect(raw.rawRecords().map((record) => record.data)).toEqual([{ v: 4 }, { v: 2 }]);
    });

    test('update by associations answers with MongoDB\'s update result, not a record id', async () => {
        const { calls } = bridge();
        expect(await calls.updateByAssociations([A], { v: 1 }, true, APP)).toMatchObject({ matchedCount: 0, upsertedCount: 1 });
        expect(await calls.updateByAssociations([A], { v: 2 }, true, APP)).toMatchObject({ matchedCount: 1, upsertedId: null });
    });

    test('update by id is not implemented in Rocket.Chat', async () => {
        const { calls } = bridge();
        const id = await calls.create({ v: 1 }, APP);
        await expect(calls.update(id, { v: 2 }, true, APP)).rejects.toThrow('Not implemented.');
    });

    test('with latency, two concurrent upserts of one key both insert: two documents for one key', async () => {
        const { raw, calls } = bridge(250);
        await Promise.all([calls.updateByAssociations([A, B], { by: 'first' }, true, APP), calls.updateByAssociations([A, B], { by: 'second' }, true, APP)]);
        expect(raw.rawRecords()).toHaveLength(2);
        expect(await calls.readByAssociations([A, B], APP)).toHaveLength(2);
    });

    test('at 0 ms a call is still a round trip: two upserts started together both insert', async () => {
        const { raw, calls } = bridge(0);
        await Promise.all([calls.updateByAssociations([A], { by: 'first' }, true, APP), calls.updateByAssociations([A], { by: 'second' }, true, APP)]);
        expect(raw.rawRecords()).toHaveLength(2);
    });

    test('two concurrent removes both find, and both return, the same record', async () => {
        const { raw, calls } = bridge(250);
        await calls.createWithAssociations({ token: 't1' }, [A], APP);
        const [first, second] = await Promise.all([calls.removeByAssociations([A], APP), calls.removeByAssociations([A], APP)]);
        expect(first).toEqual([{ token: 't1' }]);
        expect(second).toEqual([{ token: 't1' }]);
        expect(raw.rawRecords()).toHaveLength(0);
    });

    test('a record written between a remove\'s find and its delete is deleted without being returned', async () => {
        const { raw, calls } = bridge(250);
        await calls.createWithAssociations({ n: 1 }, [A], APP);
        const removing = calls.removeByAssociations([A], APP);
        const writing = calls.createWithAssociations({ n: 2 }, [A], APP);
        const [removed] = await Promise.all([removing, writing]);
        expect(removed).toEqual([{ n: 1 }]);
        expect(raw.rawRecords()).toHaveLength(0);
    });

    test('removing what is not there answers undefined', async () => {
        const { calls } = bridge();
        expect(await calls.removeByAssociations([C], APP)).toBeUndefined();
    });
});

describe('seen from the app', () => {
    let sim: RocketChatSim;

    beforeAll(async () => {
        // 1 s: the app's two calls leave Deno together, far less than half a round trip apart even on a busy machine.
        sim = await RocketChatSim.start({ appZip: probeAppZip(), persistenceLatencyMs: 1000 });
    });

    afterAll(async () => {
        await sim?.stop();
    });

    const probe = (command: string): Promise<string> => runProbe(sim, 'deploys', command);

    test('two upserts of one key made together by the app leave two records', async () => {
        expect(await probe('race-upsert k1')).toBe('race-upsert stored=2');
    });

    test('two removes made together by the app both get the record back', async () => {
        expect(await probe('race-remove t1')).toBe('race-remove a=[{"token":"t1"}] b=[{"token":"t1"}]');
    });

    test('an update naming the same associations in another order is a second record', async () => {
        expect(await probe('reorder r1')).toBe('reorder {"v":2} {"v":3}');
    });

    test('latency can be changed while running', async () => {
        sim.setPersistenceLatency(1000);
        expect(await probe('race-upsert k2')).toBe('race-upsert stored=2');
    });
});
