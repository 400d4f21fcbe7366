import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Mute, MuteTarget } from '../core/mutes';
import { muteTargetKey } from '../core/mutes';
import { muteCodec } from '../core/storeCodecs';
import { RecordStore } from './RecordStore';

/** Mutes live in persistence with who, why and until when; one record per target. */
export class PersistenceMuteStore {
    private readonly records: RecordStore<Mute>;

    constructor(reader: IPersistenceRead, writer?: IPersistence) {
        this.records = new RecordStore(reader, writer, muteCodec);
    }

    list(): Promise<Mute[]> {
        return this.records.list();
    }

    put(mute: Mute): Promise<void> {
        return this.records.put(mute);
    }

    remove(target: MuteTarget): Promise<boolean> {
        return this.records.remove(muteTargetKey(target));
    }

    /** Expired mutes are dropped lazily so the list stays short without a job of its own. */
    async removeExpired(now: number): Promise<void> {
        for (const mute of await this.list()) {
            if (mute.until <= now) {
                await this.remove(mute.target);
            }
        }
    }
}
