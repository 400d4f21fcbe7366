import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { PersistenceAckStore } from '../adapters/PersistenceAckStore';
import type { Ack } from '../core/acks';
import { currentAcks, staleAckKeys } from '../core/acks';
import type { Snapshot } from '../core/snapshot';

export interface PollAcks {
    store: PersistenceAckStore;
    /** Undefined until read: most runs never need them. */
    all?: Ack[];
    /** Apps whose open incident someone is on: no reminders for them. */
    acked: Set<string>;
}

/**
 * Acks matter to the decision only for reminders, so they are read (one query) only when
 * reminders are on and an incident is open: a default set-up keeps its four reads per poll.
 */
export async function loadPollAcks(reader: IPersistenceRead, persis: IPersistence, snapshot: Snapshot | undefined, remindersOn: boolean): Promise<PollAcks> {
    const store = new PersistenceAckStore(reader, persis);
    const apps = snapshot?.apps ?? {};
    if (!remindersOn || !Object.values(apps).some((record) => record.openedAt !== undefined)) {
        return { store, acked: new Set() };
    }
    const all = await store.list();
    return { store, all, acked: new Set(currentAcks(all, apps).keys()) };
}

/** Whether an incident closed, or was replaced by another, between the loaded and the saved snapshot. */
function anIncidentEnded(previous: Snapshot | undefined, saved: Snapshot): boolean {
    return Object.entries(previous?.apps ?? {}).some(([key, record]) => record.openedAt !== undefined && saved.apps[key]?.openedAt !== record.openedAt);
}

/** Acks of incidents that ended are removed after the snapshot is saved; returns the writes. */
export async function removeStaleAcks(acks: PollAcks, previous: Snapshot | undefined, saved: Snapshot): Promise<number> {
    if (acks.all === undefined && !anIncidentEnded(previous, saved)) {
        return 0;
    }
    const stale = staleAckKeys(acks.all ?? await acks.store.list(), saved.apps);
    for (const key of stale) {
        await acks.store.remove(key);
    }
    return stale.length;
}
