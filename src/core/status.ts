/** What an admin needs to see in `/argo status` about the watch itself. */
export interface WatchStatus {
    lastReadAt?: number;
    lastReadApps?: number;
    /** Why the last read of Argo CD failed (no token in it). */
    readProblem?: string;
    configProblems?: string[];
    channelProblem?: string;
    postProblem?: string;
}

/** How often an unchanged, healthy watch refreshes its "last read" time in persistence. */
export const HEARTBEAT_MS = 10 * 60 * 1000;

function sameProblems(a: WatchStatus, b: WatchStatus): boolean {
    return a.readProblem === b.readProblem && a.channelProblem === b.channelProblem && a.postProblem === b.postProblem
        && JSON.stringify(a.configProblems ?? []) === JSON.stringify(b.configProblems ?? []) && a.lastReadApps === b.lastReadApps;
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
