import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Ack } from '../core/acks';
import { isAck } from '../core/acks';
import { keyed, kind, RecordKind } from './associations';

/** Acks, one record per app (see core/acks.ts for why they are not part of the snapshot). */
export class PersistenceAckStore {
    constructor(private readonly reader: IPersistenceRead, private readonly writer?: IPersistence) {}

    async list(): Promise<Ack[]> {
        return (await this.reader.readByAssociation(kind(RecordKind.Ack))).filter(isAck);
    }

    async put(ack: Ack): Promise<void> {
        await this.required().updateByAssociations([kind(RecordKind.Ack), keyed(RecordKind.Ack, ack.appKey)], ack, true);
    }

    async remove(appKey: string): Promise<void> {
        await this.required().removeByAssociations([kind(RecordKind.Ack), keyed(RecordKind.Ack, appKey)]);
    }

    private required(): IPersistence {
        if (!this.writer) {
            throw new Error('this ack store was opened read-only');
        }
        return this.writer;
    }
}
