import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { AutoSyncState } from '../core/autoSync';
import { keyed, kind, RecordKind } from './associations';

interface StoredAutoSync extends AutoSyncState {
    key: string;
}

/** Attempts and pauses per app: a restart or another instance must not reset the counter. */
export class PersistenceAutoSyncStore {
    constructor(private readonly reader: IPersistenceRead, private readonly writer: IPersistence) {}

    async loadAll(): Promise<Record<string, AutoSyncState>> {
        const states: Record<string, AutoSyncState> = {};
        for (const data of await this.reader.readByAssociation(kind(RecordKind.AutoSync)) as StoredAutoSync[]) {
            if (typeof data?.key === 'string' && typeof data.attempts === 'number') {
                const { key, ...state } = data;
                states[key] = state;
            }
        }
        return states;
    }

    async put(key: string, state: AutoSyncState): Promise<void> {
        await this.writer.updateByAssociations([kind(RecordKind.AutoSync), keyed(RecordKind.AutoSync, key)], { key, ...state }, true);
    }

    async remove(key: string): Promise<void> {
        await this.writer.removeByAssociations([kind(RecordKind.AutoSync), keyed(RecordKind.AutoSync, key)]);
    }
}
