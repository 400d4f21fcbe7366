import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { AutoSyncState } from '../core/autoSync';
import type { KeyedAutoSync } from '../core/storeCodecs';
import { autoSyncCodec } from '../core/storeCodecs';
import { RecordStore } from './RecordStore';

/** Attempts and pauses per app: a restart or another instance must not reset the counter. */
export class PersistenceAutoSyncStore {
    private readonly records: RecordStore<KeyedAutoSync>;

    constructor(reader: IPersistenceRead, writer: IPersistence) {
        this.records = new RecordStore(reader, writer, autoSyncCodec);
    }

    async loadAll(): Promise<Record<string, AutoSyncState>> {
        const states: Record<string, AutoSyncState> = {};
        for (const { key, state } of await this.records.list()) {
            states[key] = state;
        }
        return states;
    }

    put(key: string, state: AutoSyncState): Promise<void> {
        return this.records.put({ key, state });
    }

    async remove(key: string): Promise<void> {
        await this.records.remove(key);
    }
}
