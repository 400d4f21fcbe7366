import type { RoomBlock } from './roomBlock';

/**
 * What the latest run found about the watch itself, for `/argo status`. Each run states its own
 * facts from scratch: a problem that cleared is gone, nothing is carried over from an older run.
 */
export interface WatchFacts {
    /** The latest poll read Argo CD (true), failed to (false), or did not get that far (absent). */
    readOk?: boolean;
    lastReadApps?: number;
    /** Why the last read of Argo CD failed (no token in it). */
    readProblem?: string;
    /** The poll interval the watch runs at, for "reading every 2m". */
    intervalMs?: number;
    configProblems?: string[];
    channelProblem?: string;
    /** Routes whose channel does not exist (their apps go to the default channel meanwhile). */
    routeProblems?: string[];
    postProblem?: string;
    /** Channels refusing the bot's posts (read-only, archived, bot muted): alerts wait for them. */
    blockedRooms?: RoomBlock[];
}

export interface WatchStatus extends WatchFacts {
    /** When the current read outcome began: the good streak, or the failure. */
    readSince?: number;
    /** When a run last confirmed these facts: on every change, else once per heartbeat. */
    checkedAt?: number;
    /** Written by earlier versions only: the time of the last successful read. */
    lastReadAt?: number;
}

/**
 * How often an unchanged watch confirms it is still running. Between two such writes the status
 * says "since" rather than "last read at", so an unchanged fleet costs no write per poll.
 */
export const HEARTBEAT_MS = 10 * 60 * 1000;

/** Stored records come back through the engine's wire format, where an absent field may be null. */
function same(a: unknown, b: unknown): boolean {
    return (a ?? undefined) === (b ?? undefined);
}

function sameList(a: unknown[] | undefined | null, b: unknown[] | undefined | null): boolean {
    return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

export function sameFacts(a: WatchFacts, b: WatchFacts): boolean {
    return same(a.readOk, b.readOk) && same(a.readProblem, b.readProblem) && same(a.lastReadApps, b.lastReadApps)
        && same(a.intervalMs, b.intervalMs) && same(a.channelProblem, b.channelProblem) && same(a.postProblem, b.postProblem)
        && sameList(a.configProblems, b.configProblems) && sameList(a.routeProblems, b.routeProblems) && sameList(a.blockedRooms, b.blockedRooms);
}

/** Drops absent facts, so a stored record holds only what the latest run found. */
function defined(facts: WatchFacts): WatchFacts {
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(facts)) {
        if (value !== undefined && value !== null) {
            kept[key] = value;
        }
    }
    return kept as WatchFacts;
}

/**
 * The status after a run found `facts`: the streak's start is kept while the read outcome stays
 * the same, and the check time moves only with a change or a due heartbeat.
 */
export function nextStatus(previous: WatchStatus | undefined, facts: WatchFacts, now: number): WatchStatus {
    const readSince = previous?.readSince !== undefined && previous.readSince !== null && same(previous.readOk, facts.readOk) ? previous.readSince : now;
    const unchanged = previous !== undefined && sameFacts(previous, facts) && same(previous.readSince, readSince);
    const checkedAt = unchanged && previous?.checkedAt !== undefined && previous.checkedAt !== null && now - previous.checkedAt < HEARTBEAT_MS ? previous.checkedAt : now;
    return { ...defined(facts), readSince, checkedAt };
}

/** Whether the new status is worth a write: a change of facts, or a due heartbeat. */
export function statusNeedsWrite(previous: WatchStatus | undefined, next: WatchStatus): boolean {
    return previous === undefined || !sameFacts(previous, next) || !same(previous.readSince, next.readSince) || !same(previous.checkedAt, next.checkedAt);
}
