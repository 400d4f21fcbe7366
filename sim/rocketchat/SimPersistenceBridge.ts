import type { RocketChatAssociationRecord } from 'apps-engine-runtime/definition/metadata';
import { PersistenceBridge } from 'apps-engine-runtime/server/bridges/PersistenceBridge';

import { randomId } from './ids';
import type { SimPersistenceRecord } from './types';

interface StoredRecord {
    id: string;
    appId: string;
    data: unknown;
    associations: RocketChatAssociationRecord[];
}

/**
 * The apps_persistence collection. Kept across app restarts (it is the database). Counts reads,
 * writes and removes so tests can hold the app to a storage budget.
 */
export class SimPersistenceBridge extends PersistenceBridge {
    private readonly records: StoredRecord[] = [];
    private stats = { reads: 0, writes: 0, removes: 0 };

    rawRecords(): SimPersistenceRecord[] {
        return this.records.map((record) => ({ id: record.id, data: copy(record.data), associations: copy(record.associations) }));
    }

    setRecordData(id: string, data: unknown): void {
        const record = this.records.find((candidate) => candidate.id === id);
        if (!record) {
            throw new Error(`no persistence record ${id}`);
        }
        record.data = copy(data);
    }

    statistics(): { reads: number; writes: number; removes: number } {
        return { ...this.stats };
    }

    resetStatistics(): void {
        this.stats = { reads: 0, writes: 0, removes: 0 };
    }

    protected async purge(appId: string): Promise<void> {
        this.removeWhere((record) => record.appId === appId);
    }

    protected async create(data: object, appId: string): Promise<string> {
        return this.insert(data, [], appId);
    }

    protected async createWithAssociations(data: object, associations: RocketChatAssociationRecord[], appId: string): Promise<string> {
        return this.insert(data, associations, appId);
    }

    protected async readById(id: string, appId: string): Promise<object> {
        this.stats.reads++;
        const record = this.records.find((candidate) => candidate.appId === appId && candidate.id === id);
        return (record ? copy(record.data) : undefined) as object;
    }

    protected async readByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[]> {
        this.stats.reads++;
        return this.matching(associations, appId).map((record) => copy(record.data) as object);
    }

    protected async remove(id: string, appId: string): Promise<object | undefined> {
        this.stats.removes++;
        const [removed] = this.removeWhere((record) => record.appId === appId && record.id === id);
        return removed ? (removed.data as object) : undefined;
    }

    protected async removeByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[] | undefined> {
        this.stats.removes++;
        const targets = new Set(this.matching(associations, appId));
        const removed = this.removeWhere((record) => targets.has(record));
        return removed.length ? removed.map((record) => record.data as object) : undefined;
    }

    protected async update(id: string, data: object, upsert: boolean, appId: string): Promise<string> {
        this.stats.writes++;
        const record = this.records.find((candidate) => candidate.appId === appId && candidate.id === id);
        if (record) {
            record.data = copy(data);
            return id;
        }
        if (!upsert) {
            throw new Error(`no persistence record ${id} to update`);
        }
        this.records.push({ id, appId, data: copy(data), associations: [] });
        return id;
    }

    protected async updateByAssociations(associations: RocketChatAssociationRecord[], data: object, upsert: boolean, appId: string): Promise<string> {
        this.stats.writes++;
        // Like Mongo's update without `multi`: the first matching record changes.
        const [record] = this.matching(associations, appId);
        if (record) {
            record.data = copy(data);
            return record.id;
        }
        if (!upsert) {
            throw new Error('no persistence record matches the associations to update');
        }
        return this.insert(data, associations, appId, false);
    }

    private insert(data: object, associations: RocketChatAssociationRecord[], appId: string, count = true): string {
        if (count) {
            this.stats.writes++;
        }
        const id = randomId();
        this.records.push({ id, appId, data: copy(data), associations: copy(associations) });
        return id;
    }

    private matching(associations: RocketChatAssociationRecord[], appId: string): StoredRecord[] {
        return this.records.filter((record) => record.appId === appId
            && associations.every((wanted) => record.associations.some((has) => sameAssociation(has, wanted))));
    }

    private removeWhere(predicate: (record: StoredRecord) => boolean): StoredRecord[] {
        const removed = this.records.filter(predicate);
        for (const record of removed) {
            this.records.splice(this.records.indexOf(record), 1);
        }
        return removed;
    }
}

// Associations cross the Deno boundary as plain { model, id } objects, not class instances.
function sameAssociation(a: RocketChatAssociationRecord, b: RocketChatAssociationRecord): boolean {
    const left = a as unknown as { model: string; id: string };
    const right = b as unknown as { model: string; id: string };
    return left.model === right.model && left.id === right.id;
}

// Stored data is a database document: the app never shares references with it.
function copy<T>(value: T): T {
    return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
