import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Mute, MuteTarget } from '../core/mutes';
import { muteTargetKey } from '../core/mutes';
import { keyed, kind, RecordKind } from './associations';

function isMute(value: unknown): value is Mute {
    const mute = value as Mute;
    return typeof mute === 'object' && mute !== null && typeof mute.until === 'number' && typeof mute.target === 'object' && mute.target !== null;
}

/** Mutes live in persistence with who, why and until when; one record per target. */
export class PersistenceMuteStore {
    constructor(private readonly reader: IPersistenceRead, private readonly writer?: IPersistence) {}

    async list(): Promise<Mute[]> {
        return (await this.reader.readByAssociation(kind(RecordKind.Mute))).filter(isMute);
    }

    async put(mute: Mute): Promise<void> {
        await this.required().updateByAssociations([kind(RecordKind.Mute), keyed(RecordKind.Mute, muteTargetKey(mute.target))], mute, true);
    }

    async remove(target: MuteTarget): Promise<boolean> {
        // Rocket.Chat answers undefined, not [], when nothing matched.
        const removed: object[] | undefined = await this.required().removeByAssociations([kind(RecordKind.Mute), keyed(RecordKind.Mute, muteTargetKey(target))]);
        return (removed ?? []).length > 0;
    }

    /** Expired mutes are dropped lazily so the list stays short without a job of its own. */
    async removeExpired(now: number): Promise<void> {
        for (const mute of await this.list()) {
            if (mute.until <= now) {
                await this.remove(mute.target);
            }
        }
    }

    private required(): IPersistence {
        if (!this.writer) {
            throw new Error('this mute store was opened read-only');
        }
        return this.writer;
    }
}
