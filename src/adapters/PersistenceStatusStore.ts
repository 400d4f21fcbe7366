import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { WatchStatus } from '../core/status';
import { kind, RecordKind } from './associations';

export class PersistenceStatusStore {
    constructor(private readonly reader: IPersistenceRead, private readonly writer?: IPersistence) {}

    async load(): Promise<WatchStatus | undefined> {
        const [data] = await this.reader.readByAssociation(kind(RecordKind.Status));
        return typeof data === 'object' && data !== null ? data as WatchStatus : undefined;
    }

    async save(status: WatchStatus): Promise<void> {
        if (!this.writer) {
            throw new Error('this status store was opened read-only');
        }
        await this.writer.updateByAssociation(kind(RecordKind.Status), status, true);
    }
}
