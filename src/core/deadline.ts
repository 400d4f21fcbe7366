/**
 * Rocket.Chat gives every call into the app 30 s; past it the host treats the call as over while
 * the app's code may still run, and the next run can overlap it. A run therefore keeps its own,
 * shorter deadline and leaves what it could not do to the next run.
 */
export const RUN_DEADLINE_MS = 25 * 1000;
/** Time kept back for the save (and the lease's fence reads) once posting stops. */
export const SAVE_RESERVE_MS = 4 * 1000;
/** Context fetches stop earlier still: an alert without context beats an alert not posted. */
export const CONTEXT_RESERVE_MS = 10 * 1000;

export interface RunDeadline {
    /** Milliseconds left before the run's own deadline. */
    left(): number;
    /** Whether less than `reserve` ms are left. */
    near(reserve: number): boolean;
}

export function runDeadline(startedAt: number, clock: () => number, budgetMs = RUN_DEADLINE_MS): RunDeadline {
    const left = (): number => startedAt + budgetMs - clock();
    return { left, near: (reserve) => left() < reserve };
}
