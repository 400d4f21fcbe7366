import type { RoomBlock } from './roomBlock';

/** What an admin needs to see in `/argo status` about the watch itself. */
export interface WatchStatus {
    lastReadAt?: number;
    lastReadApps?: number;
    /** Why the last read of Argo CD failed (no token in it). */
    readProblem?: string;
    configProblems?: string[];
    channelProblem?: string;
    /** Routes whose channel does not exist (their apps go to the default channel meanwhile). */
    routeProblems?: string[];
    postProblem?: string;
    /** Channels refusing the bot's posts (read-only, archived, bot muted): alerts wait for them. */
    blockedRooms?: RoomBlock[];
}

/** How often an unchanged, healthy watch refreshes its "last read" time in persistence. */
export const HEARTBEAT_MS = 10 * 60 * 1000;

/** Stored records come back through the engine's wire format, where an absent field may be null. */
function same(a: unknown, b: unknown): boolean {
    return (a ?? undefined) === (b ?? undefined);
}

function sameProblems(a: WatchStatus, b: WatchStatus): boolean {
    return same(a.readProblem, b.readProblem) && same(a.channelProblem, b.channelProblem) && same(a.postProblem, b.postProblem)
        && JSON.stringify(a.configProblems ?? []) === JSON.stringify(b.configProblems ?? [])
        && JSON.stringify(a.routeProblems ?? []) === JSON.stringify(b.routeProblems ?? []) && same(a.lastReadApps, b.lastReadApps)
        && JSON.stringify(a.blockedRooms ?? []) === JSON.stringify(b.blockedRooms ?? []);
}

/**
 * Whether a new status is worth a write: any problem that appeared or cleared, or a stale
 * heartbeat. An unchanged fleet otherwise costs no write at all.
 */
export function statusNeedsWrite(previous: WatchStatus | undefined, next: WatchStatus): boolean {
    if (!previous) {
        return true;
    }
    if (!sameProblems(previous, next)) {
        return true;
    }
    return (next.lastReadAt ?? 0) - (previous.lastReadAt ?? 0) >= HEARTBEAT_MS;
}
