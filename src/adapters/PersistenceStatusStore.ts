import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { WatchStatus } from '../core/status';
import { statusCodec } from '../core/storeCodecs';
import { RecordStore } from './RecordStore';

export class PersistenceStatusStore {
    private readonly records: RecordStore<WatchStatus>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.records = new RecordStore(reader, writer, statusCodec);
    }

    /**
     * Two instances' first writes can both insert (the upsert's index is not unique), and later
     * updates then reach one of the copies: the one checked last is the latest run's.
     */
    async load(): Promise<WatchStatus | undefined> {
        const found = await this.records.list();
        return found.reduce<WatchStatus | undefined>((latest, status) => (latest === undefined || (status.checkedAt ?? 0) > (latest.checkedAt ?? 0) ? status : latest), undefined);
    }

    async save(status: WatchStatus): Promise<void> {
        await this.records.put(status);
    }
}
