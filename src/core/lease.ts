/**
 * The right to post and save, as a lease of its own: one record per run that wants it, never the
 * watch state itself. Rocket.Chat's persistence has no compare-and-set, its upserts can insert
 * twice and its removal is find-then-delete, so the lease rests only on what it does give: a
 * write that has returned is seen by every read that starts after it.
 *
 * It follows Lamport's bakery. A run first says it is choosing (its own record), reads every
 * lease, takes a ticket one above the highest it saw, and says so. Then it reads again: it waits
 * only while a rival is still choosing, and holds the lease when no live rival has a smaller
 * (ticket, runId). Two runs cannot both hold it: whichever finished choosing second saw the
 * other's record (the other's "choosing" write returned before its own read started), so it
 * either drew a larger ticket or waited for the other's ticket and loses to it. No fixed pause.
 */
export interface LeaseRecord {
    runId: string;
    takenAt: number;
    expiresAt: number;
    choosing: boolean;
    ticket?: number;
    /** Which lease the record belongs to, when its space holds several (a confirmation's id). */
    scope?: string;
}

/** Longer than a run may last (its deadline), so a live holder is never taken for a dead one. */
export const LEASE_TTL_MS = 2 * 60 * 1000;

export type LeaseVerdict = 'held' | 'wait' | 'lost';

function isLease(value: unknown): value is LeaseRecord {
    const record = value as LeaseRecord | null;
    return typeof record === 'object' && record !== null && typeof record.runId === 'string'
        && typeof record.takenAt === 'number' && typeof record.expiresAt === 'number';
}

/**
 * One record per run: a duplicate (an upsert that inserted twice) counts once, by its most
 * advanced copy, so every reader decides the same from the same documents.
 */
export function distinctLeases(stored: unknown[]): LeaseRecord[] {
    const byRun = new Map<string, LeaseRecord>();
    for (const record of stored.filter(isLease)) {
        const seen = byRun.get(record.runId);
        if (!seen || (seen.choosing && !record.choosing)) {
            byRun.set(record.runId, record);
        }
    }
    return [...byRun.values()];
}

/** Leases of runs that died keep no one out once expired. */
export function liveLeases(leases: LeaseRecord[], now: number): LeaseRecord[] {
    return leases.filter((lease) => lease.expiresAt > now);
}

export function nextTicket(leases: LeaseRecord[], now: number): number {
    return 1 + Math.max(0, ...liveLeases(leases, now).map((lease) => lease.ticket ?? 0));
}

function before(a: LeaseRecord, b: LeaseRecord): boolean {
    const ta = a.ticket ?? Number.POSITIVE_INFINITY;
    const tb = b.ticket ?? Number.POSITIVE_INFINITY;
    return ta < tb || (ta === tb && a.runId < b.runId);
}

/** What a run holding ticket `runId` may conclude from one read of every lease. */
export function leaseVerdict(leases: LeaseRecord[], runId: string, now: number): LeaseVerdict {
    const live = liveLeases(leases, now);
    const mine = live.find((lease) => lease.runId === runId);
    if (!mine || mine.choosing || mine.ticket === undefined) {
        return 'lost';
    }
    const rivals = live.filter((lease) => lease.runId !== runId);
    if (rivals.some((rival) => !rival.choosing && before(rival, mine))) {
        return 'lost';
    }
    return rivals.some((rival) => rival.choosing) ? 'wait' : 'held';
}

/**
 * Fencing: whether a run that took the lease still holds it. A rival still choosing does not
 * take it away: it reads this run's ticket before drawing its own.
 */
export function stillHeld(leases: LeaseRecord[], runId: string, now: number): boolean {
    return leaseVerdict(leases, runId, now) !== 'lost';
}
