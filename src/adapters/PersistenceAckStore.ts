import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Ack } from '../core/acks';
import { ackCodec } from '../core/storeCodecs';
import { RecordStore } from './RecordStore';

/** Acks, one record per app (see core/acks.ts for why they are not part of the snapshot). */
export class PersistenceAckStore {
    private readonly records: RecordStore<Ack>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.records = new RecordStore(reader, writer, ackCodec);
    }

    list(): Promise<Ack[]> {
        return this.records.list();
    }

    put(ack: Ack): Promise<void> {
        return this.records.put(ack);
    }

    async remove(appKey: string): Promise<void> {
        await this.records.remove(appKey);
    }
}
