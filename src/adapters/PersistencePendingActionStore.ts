import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { PendingAction } from '../core/pendingAction';
import { keyed, kind, RecordKind } from './associations';

/** Confirmations in flight live in persistence: the click may reach another Rocket.Chat instance. */
export class PersistencePendingActionStore {
    constructor(private readonly reader: IPersistenceRead, private readonly writer: IPersistence) {}

    async put(action: PendingAction): Promise<void> {
        await this.writer.createWithAssociations(action, [kind(RecordKind.Pending), keyed(RecordKind.Pending, action.id)]);
    }

    /** Removes and returns it: a confirmation can be used once, so a replayed click finds nothing. */
    async take(id: string): Promise<PendingAction | undefined> {
        // Rocket.Chat answers undefined, not [], when nothing matched.
        const removed: object[] | undefined = await this.writer.removeByAssociations([kind(RecordKind.Pending), keyed(RecordKind.Pending, id)]);
        const [action] = (removed ?? []) as PendingAction[];
        return action && typeof action.id === 'string' ? action : undefined;
    }

    async removeExpired(now: number): Promise<void> {
        const all = await this.reader.readByAssociation(kind(RecordKind.Pending)) as PendingAction[];
        for (const action of all) {
            if (typeof action.expiresAt !== 'number' || action.expiresAt <= now) {
                await this.writer.removeByAssociations([kind(RecordKind.Pending), keyed(RecordKind.Pending, String(action.id))]);
            }
        }
    }
}
