import type { AppRecord } from './snapshot';

/**
 * "I am on it" for one open incident. Acks are records of their own, keyed by app, rather than a
 * field of the app's snapshot record: a poll that loaded the snapshot before someone acked and
 * saves after would write its older copy of the app record back and lose the ack, because
 * Rocket.Chat's persistence has no compare-and-set. An ack record is written only by the ack and
 * removed only once its incident is over, so no poll can overwrite it; the poll reads all of
 * them with one query. Each ack names the incident it acknowledged (`openedAt`), so an ack that
 * outlived its incident (its removal failed, or a poll missed it) never carries over to the next.
 */
export interface Ack {
    appKey: string;
    by: string;
    userId: string;
    at: number;
    /** `openedAt` of the incident acknowledged. */
    openedAt: number;
    note?: string;
}

/** The acks that hold for an open incident now, by app key; the latest wins if an upsert doubled one. */
export function currentAcks(acks: readonly Ack[], apps: Readonly<Record<string, AppRecord>>): Map<string, Ack> {
    const current = new Map<string, Ack>();
    for (const ack of acks) {
        const record = apps[ack.appKey];
        if (record?.openedAt === ack.openedAt && (current.get(ack.appKey)?.at ?? -1) < ack.at) {
            current.set(ack.appKey, ack);
        }
    }
    return current;
}

/** App keys whose acks belong to an incident that is over: recovered, gone, or replaced by a new one. */
export function staleAckKeys(acks: readonly Ack[], apps: Readonly<Record<string, AppRecord>>): string[] {
    return [...new Set(acks.filter((ack) => apps[ack.appKey]?.openedAt !== ack.openedAt).map((ack) => ack.appKey))];
}

/** The root message's first line while someone is on it; replaced when someone else takes over. */
export const ACK_LINE = /^:raising_hand: [^\n]*\n/;
