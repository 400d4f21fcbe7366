import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { WatchStatus } from '../core/status';
import { kind, RecordKind } from './associations';

export class PersistenceStatusStore {
    constructor(private readonly reader: IPersistenceRead, private readonly writer?: IPersistence) {}

    /**
     * Two instances' first writes can both insert (the upsert's index is not unique), and later
     * updates then reach one of the copies: the one checked last is the latest run's.
     */
    async load(): Promise<WatchStatus | undefined> {
        const found = (await this.reader.readByAssociation(kind(RecordKind.Status)))
            .filter((data): data is WatchStatus => typeof data === 'object' && data !== null);
        return found.reduce<WatchStatus | undefined>((latest, status) => (latest === undefined || (status.checkedAt ?? 0) > (latest.checkedAt ?? 0) ? status : latest), undefined);
    }

    async save(status: WatchStatus): Promise<void> {
        if (!this.writer) {
            throw new Error('this status store was opened read-only');
        }
        await this.writer.updateByAssociation(kind(RecordKind.Status), status, true);
    }
}
