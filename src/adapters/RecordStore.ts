import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { RecordCodec } from '../core/recordCodec';
import { decodeRecord, encodeRecord } from '../core/recordCodec';
import { associationOf, keyedAssociationOf } from './associations';

export interface LoadedRecords<T> {
    values: T[];
    /** Records of this kind that could not be read, with why: they are left out of `values`. */
    problems: string[];
}

/**
 * One kind of record in app persistence, read and written through its codec: every value read
 * is decoded field by field (nothing is cast), every value written carries its kind, key and
 * schema version. A kind with keys stores each value under `[kind, kind:key]`, so the whole kind
 * is one query and one value is one query; a kind without keys has one record under `[kind]`.
 */
export class RecordStore<T> {
    constructor(private readonly reader: IPersistenceRead, private readonly writer: IPersistence | undefined, private readonly codec: RecordCodec<T>) {}

    async load(): Promise<LoadedRecords<T>> {
        const loaded: LoadedRecords<T> = { values: [], problems: [] };
        for (const data of await this.reader.readByAssociation(associationOf(this.codec.kind))) {
            const decoded = decodeRecord(this.codec, data);
            if (decoded.ok) {
                loaded.values.push(decoded.value);
            } else {
                loaded.problems.push(decoded.error);
            }
        }
        return loaded;
    }

    /** Every readable value of this kind; unreadable records are left out. */
    async list(): Promise<T[]> {
        return (await this.load()).values;
    }

    /** The value stored under a key; undefined when there is none or it cannot be read. */
    async get(key: string): Promise<T | undefined> {
        const found = await this.reader.readByAssociations(this.associations(key));
        for (const data of found) {
            const decoded = decodeRecord(this.codec, data);
            if (decoded.ok) {
                return decoded.value;
            }
        }
        return undefined;
    }

    /** Writes the value over the record of its key (or the kind's one record), creating it if needed. */
    async put(value: T): Promise<void> {
        await this.required().updateByAssociations(this.associations(this.codec.keyOf?.(value)), encodeRecord(this.codec, value), true);
    }

    /** Inserts a new record without looking for one to replace: for values whose key is new by construction. */
    async create(value: T): Promise<void> {
        await this.required().createWithAssociations(encodeRecord(this.codec, value), this.associations(this.codec.keyOf?.(value)));
    }

    /** Whether anything was removed. */
    async remove(key: string): Promise<boolean> {
        // Rocket.Chat answers undefined, not [], when nothing matched.
        const removed: object[] | undefined = await this.required().removeByAssociations(this.associations(key));
        return (removed ?? []).length > 0;
    }

    async removeAll(): Promise<void> {
        await this.required().removeByAssociation(associationOf(this.codec.kind));
    }

    /** The exact association array a record is written with: Rocket.Chat's update matches it in order. */
    private associations(key: string | undefined): RocketChatAssociationRecord[] {
        return key === undefined ? [associationOf(this.codec.kind)] : [associationOf(this.codec.kind), keyedAssociationOf(this.codec.kind, key)];
    }

    private required(): IPersistence {
        if (!this.writer) {
            throw new Error(`the ${this.codec.kind} store was opened read-only`);
        }
        return this.writer;
    }
}
