import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { PendingAction } from '../core/pendingAction';
import { CONFIRMATION_TTL_MS } from '../core/pendingAction';
import { pendingActionCodec } from '../core/storeCodecs';
import { keyed, kind, RecordKind } from './associations';
import { newId } from './ids';
import type { LeaseSpace } from './PersistenceLease';
import { PersistenceLease } from './PersistenceLease';
import { RecordStore } from './RecordStore';

/** A use is remembered a while past the confirmation's own expiry, so a late replay still finds it. */
const USE_REMEMBERED_MS = CONFIRMATION_TTL_MS + 5 * 60 * 1000;

/** The uses of one confirmation: a lease that is taken once and never given back. */
function usesOf(pendingId: string): LeaseSpace {
    return {
        all: keyed(RecordKind.ConfirmUse, pendingId),
        own: (clickId) => [kind(RecordKind.ConfirmUse), keyed(RecordKind.ConfirmUse, pendingId), keyed(RecordKind.ConfirmUse, `${pendingId}/${clickId}`)],
        ttlMs: USE_REMEMBERED_MS,
        scope: pendingId,
    };
}

/** Confirmations in flight live in persistence: the click may reach another Rocket.Chat instance. */
export class PersistencePendingActionStore {
    private readonly records: RecordStore<PendingAction>;

    constructor(private readonly reader: IPersistenceRead, private readonly writer: IPersistence) {
        this.records = new RecordStore(reader, writer, pendingActionCodec);
    }

    /** A new id each time: inserted, never looked up first. */
    put(action: PendingAction): Promise<void> {
        return this.records.create(action);
    }

    /** Reads it without using it: a refused click (someone else's, a missing role) leaves it for its owner. */
    get(id: string): Promise<PendingAction | undefined> {
        return this.records.get(id);
    }

    /**
     * Uses it once. Rocket.Chat's removal is find-then-delete, so two clicks (or a replay racing
     * the real click) could both "take" the record; instead each click writes its own use record
     * and the lease over those records picks exactly one, which never gives it back. Then the
     * confirmation itself is removed (a leftover copy is harmless: its use is recorded).
     */
    async use(id: string, now: number): Promise<boolean> {
        const used = await new PersistenceLease(this.reader, this.writer, newId(), () => now, usesOf(id)).acquire();
        if (used) {
            await this.records.remove(id);
        }
        return used;
    }

    async removeExpired(now: number): Promise<void> {
        for (const action of await this.records.list()) {
            if (action.expiresAt <= now) {
                await this.records.remove(action.id);
            }
        }
        // Uses past remembering go too, a confirmation at a time (every click on it has expired).
        const uses = await this.reader.readByAssociation(kind(RecordKind.ConfirmUse)) as Array<{ scope?: unknown; expiresAt?: unknown }>;
        const scopes = new Set(uses.map((use) => use.scope).filter((scope): scope is string => typeof scope === 'string'));
        for (const scope of scopes) {
            if (uses.filter((use) => use.scope === scope).every((use) => typeof use.expiresAt !== 'number' || use.expiresAt <= now)) {
                await this.writer.removeByAssociations([kind(RecordKind.ConfirmUse), keyed(RecordKind.ConfirmUse, scope)]);
            }
        }
    }
}
