import type { RocketChatAssociationRecord } from 'apps-engine-runtime/definition/metadata';
import { PersistenceBridge } from 'apps-engine-runtime/server/bridges/PersistenceBridge';

import { randomId } from './ids';
import type { SimPersistenceRecord } from './types';

interface StoredRecord {
    id: string;
    appId: string;
    data: unknown;
    /** Absent on records made by create() without associations, as in Rocket.Chat's documents. */
    associations?: RocketChatAssociationRecord[];
}

/** What MongoDB's updateOne answers; Rocket.Chat's bridge hands it to the app as the "id". */
export interface SimUpdateResult {
    acknowledged: true;
    matchedCount: number;
    modifiedCount: number;
    upsertedCount: number;
    upsertedId: string | null;
}

/**
 * The apps_persistence collection (Rocket.Chat: apps/meteor/app/apps/server/bridges/persistence.ts
 * over the AppsPersistence model in packages/models). Kept across app restarts (it is the database).
 *
 * Every call is a database round trip: its query runs after half the latency and its write lands
 * when the latency has passed, so calls made at the same time interleave as they would against
 * MongoDB (at 0 ms they still yield between the read and the write). Counts reads, writes and
 * removes so tests can hold the app to a storage budget.
 */
export class SimPersistenceBridge extends PersistenceBridge {
    private readonly records: StoredRecord[] = [];
    private stats = { reads: 0, writes: 0, removes: 0 };
    /** Documents the reads handed back: what MongoDB fetched and Rocket.Chat encoded to the app. */
    private documentsRead = 0;

    constructor(private latencyMs = 0) {
        super();
    }

    /** Every later call takes this long (ms); 0 still leaves room for interleaving. */
    setLatency(ms: number): void {
        this.latencyMs = Math.max(0, ms);
    }

    rawRecords(): SimPersistenceRecord[] {
        return this.records.map((record) => ({ id: record.id, data: copy(record.data), associations: copy(record.associations ?? []) }));
    }

    setRecordData(id: string, data: unknown): void {
        const record = this.records.find((candidate) => candidate.id === id);
        if (!record) {
            throw new Error(`no persistence record ${id}`);
        }
        record.data = copy(data);
    }

    /** A record as another version of the app (or an admin) would have left it in the database. */
    addRecord(appId: string, data: unknown, associations: RocketChatAssociationRecord[]): string {
        const id = randomId();
        this.records.push({ id, appId, data: copy(data), associations: copy(associations) });
        return id;
    }

    removeRecord(id: string): void {
        if (!this.records.some((record) => record.id === id)) {
            throw new Error(`no persistence record ${id}`);
        }
        this.deleteWhere((record) => record.id === id);
    }

    statistics(): { reads: number; writes: number; removes: number } {
        return { ...this.stats };
    }

    documentsReadSoFar(): number {
        return this.documentsRead;
    }

    resetStatistics(): void {
        this.stats = { reads: 0, writes: 0, removes: 0 };
        this.documentsRead = 0;
    }

    protected async purge(appId: string): Promise<void> {
        await this.serverSide();
        this.deleteWhere((record) => record.appId === appId);
        await this.reply();
    }

    protected async create(data: object, appId: string): Promise<string> {
        return this.insert(data, undefined, appId);
    }

    protected async createWithAssociations(data: object, associations: RocketChatAssociationRecord[], appId: string): Promise<string> {
        return this.insert(data, associations, appId);
    }

    protected async readById(id: string, appId: string): Promise<object> {
        this.stats.reads++;
        await this.serverSide();
        const record = this.records.find((candidate) => candidate.appId === appId && candidate.id === id);
        const data = record ? copy(record.data) : undefined;
        this.documentsRead += record ? 1 : 0;
        await this.reply();
        return data as object;
    }

    // Rocket.Chat: bridges/persistence.ts readByAssociations: find({ appId, associations: { $all } }).
    // Every given association must be held, in any order; an empty list matches nothing ($all: []).
    protected async readByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[]> {
        this.stats.reads++;
        await this.serverSide();
        const found = this.holdingAll(associations, appId).map((record) => copy(record.data) as object);
        this.documentsRead += found.length;
        await this.reply();
        return found;
    }

    // Rocket.Chat: bridges/persistence.ts remove: findOne, then (another round trip) deleteOne.
    protected async remove(id: string, appId: string): Promise<object | undefined> {
        this.stats.removes++;
        await this.serverSide();
        const record = this.records.find((candidate) => candidate.appId === appId && candidate.id === id);
        const data = record ? copy(record.data) : undefined;
        await this.reply();
        if (!record) {
            return undefined;
        }
        await this.serverSide();
        this.deleteWhere((candidate) => candidate.appId === appId && candidate.id === id);
        await this.reply();
        return data as object;
    }

    // Rocket.Chat: bridges/persistence.ts removeByAssociations: find(query).toArray(), then after an
    // await, a delete of everything matching the query at that later moment. Not atomic: two removals
    // running together both find, and both return, the same records.
    protected async removeByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[] | undefined> {
        this.stats.removes++;
        await this.serverSide();
        const found = this.holdingAll(associations, appId).map((record) => copy(record.data) as object);
        await this.reply();
        if (found.length === 0) {
            return undefined;
        }
        await this.serverSide();
        const matching = new Set(this.holdingAll(associations, appId));
        this.deleteWhere((record) => matching.has(record));
        await this.reply();
        return found;
    }

    // Rocket.Chat: bridges/persistence.ts update(id): throws 'Not implemented.' for every call.
    protected async update(): Promise<string> {
        this.stats.writes++;
        throw new Error('Not implemented.');
    }

    // Rocket.Chat: bridges/persistence.ts updateByAssociations: updateOne({ appId, associations }, { $set: { data } }, { upsert }).
    // The query holds the association ARRAY, so only a document with exactly these associations in
    // this order matches (the same two in another order do not). The AppsPersistence index on
    // { appId, associations } is not unique: the match happens, then the insert lands later, so two
    // upserts running together both insert. The bridge returns MongoDB's update result (not an id).
    protected async updateByAssociations(associations: RocketChatAssociationRecord[], data: object, upsert: boolean, appId: string): Promise<string> {
        this.stats.writes++;
        await this.serverSide();
        const [record] = this.records.filter((candidate) => candidate.appId === appId && sameArray(candidate.associations, associations));
        await this.writeLands();
        let result: SimUpdateResult;
        if (record) {
            record.data = copy(data);
            result = { acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null };
        } else if (upsert) {
            const id = randomId();
            this.records.push({ id, appId, data: copy(data), associations: copy(associations) });
            result = { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: id };
        } else {
            result = { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null };
        }
        return result as unknown as string;
    }

    private async insert(data: object, associations: RocketChatAssociationRecord[] | undefined, appId: string): Promise<string> {
        this.stats.writes++;
        // Rocket.Chat: bridges/persistence.ts create/createWithAssociations refuse non-objects.
        if (typeof data !== 'object') {
            throw new Error('Attempted to store an invalid data type, it must be an object.');
        }
        await this.serverSide();
        await this.writeLands();
        const id = randomId();
        this.records.push({ id, appId, data: copy(data), ...(associations ? { associations: copy(associations) } : {}) });
        return id;
    }

    private holdingAll(associations: RocketChatAssociationRecord[], appId: string): StoredRecord[] {
        if (associations.length === 0) {
            return [];
        }
        return this.records.filter((record) => record.appId === appId
            && associations.every((wanted) => (record.associations ?? []).some((has) => sameAssociation(has, wanted))));
    }

    private deleteWhere(predicate: (record: StoredRecord) => boolean): void {
        for (const record of this.records.filter(predicate)) {
            this.records.splice(this.records.indexOf(record), 1);
        }
    }

    /** The request reaching the database: the query runs after this. */
    private serverSide(): Promise<void> {
        return pause(this.latencyMs / 2);
    }

    /** The write lands, and the answer comes back, after this. */
    private writeLands(): Promise<void> {
        return pause(this.latencyMs / 2);
    }

    private reply(): Promise<void> {
        return pause(this.latencyMs / 2);
    }
}

function pause(ms: number): Promise<void> {
    return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

// Associations cross the Deno boundary as plain { model, id } objects, not class instances.
function sameAssociation(a: RocketChatAssociationRecord, b: RocketChatAssociationRecord): boolean {
    const left = a as unknown as { model: string; id: string };
    const right = b as unknown as { model: string; id: string };
    return left.model === right.model && left.id === right.id;
}

function sameArray(stored: RocketChatAssociationRecord[] | undefined, wanted: RocketChatAssociationRecord[]): boolean {
    return stored !== undefined && stored.length === wanted.length && stored.every((association, index) => sameAssociation(association, wanted[index]));
}

// Stored data is a database document: the app never shares references with it.
function copy<T>(value: T): T {
    return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
