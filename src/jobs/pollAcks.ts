import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { PersistenceAckStore } from '../adapters/PersistenceAckStore';
import type { Ack } from '../core/acks';
import { currentAcks, staleAckKeys } from '../core/acks';
import type { Snapshot } from '../core/snapshot';

export interface PollAcks {
    store: PersistenceAckStore;
    all: Ack[];
    /** Apps whose open incident someone is on: no reminders for them. */
    acked: Set<string>;
}

/** One query, and none at all while no incident is open (an all-fine fleet costs no extra read). */
export async function loadPollAcks(reader: IPersistenceRead, persis: IPersistence, snapshot: Snapshot | undefined): Promise<PollAcks> {
    const store = new PersistenceAckStore(reader, persis);
    const apps = snapshot?.apps ?? {};
    const anyOpen = Object.values(apps).some((record) => record.openedAt !== undefined);
    const all = anyOpen ? await store.list() : [];
    return { store, all, acked: new Set(currentAcks(all, apps).keys()) };
}

/** Acks of incidents that closed (or were replaced) are removed after the snapshot is saved. */
export async function removeStaleAcks(acks: PollAcks, saved: Snapshot): Promise<number> {
    const stale = staleAckKeys(acks.all, saved.apps);
    for (const key of stale) {
        await acks.store.remove(key);
    }
    return stale.length;
}
