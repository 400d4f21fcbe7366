import { isRecovered } from './conditions';
import type { AppState } from './model';
import type { Mute } from './mutes';
import { findMute } from './mutes';
import type { RouteRule } from './routing';
import { ruleMatches } from './routing';
import type { AppRecord } from './snapshot';

/** What the app remembers about fixing one app by itself; lives in persistence across instances. */
export interface AutoSyncState {
    /** The revision these attempts are about; a new revision starts afresh. */
    revision?: string;
    attempts: number;
    nextAttemptAt?: number;
    /** Set when the app stopped trying for this revision: it gave up, or Argo CD refused. */
    stopped?: 'exhausted' | 'refused';
}

export interface AutoSyncSettings {
    rules: readonly RouteRule[];
    maxAttempts: number;
    backoffMs: number;
    graceMs: number;
}

export type AutoSyncStep =
    | { kind: 'attempt'; attempt: number; state: AutoSyncState }
    | { kind: 'give-up'; state: AutoSyncState }
    | { kind: 'wait' };

function running(app: AppState): boolean {
    return app.operationPhase === 'Running' || app.operationPhase === 'Terminating';
}

/**
 * The apps worth looking at this run: matched by the auto-sync rules, not muted, no operation
 * running, and either OutOfSync past the grace period or still bad after an earlier attempt.
 */
export function autoSyncCandidates(apps: readonly AppState[], records: Record<string, AppRecord>, states: Record<string, AutoSyncState>, settings: AutoSyncSettings, mutes: readonly Mute[], now: number): AppState[] {
    if (settings.rules.length === 0) {
        return [];
    }
    return apps.filter((app) => {
        if (!settings.rules.some((rule) => ruleMatches(rule, app)) || findMute(app, mutes, now) || running(app) || isRecovered(app)) {
            return false;
        }
        const since = records[app.key]?.since.OutOfSync;
        const driftedLongEnough = app.sync === 'OutOfSync' && since !== undefined && now - since >= settings.graceMs * 0.9;
        const stillBadAfterAttempt = (states[app.key]?.attempts ?? 0) > 0
            && (app.sync === 'OutOfSync' || app.health === 'Degraded' || app.operationPhase === 'Failed' || app.operationPhase === 'Error');
        return driftedLongEnough || stillBadAfterAttempt;
    });
}

/** Apps that are fine again no longer need their auto-sync state. */
export function recoveredStates(apps: readonly AppState[], states: Record<string, AutoSyncState>): string[] {
    return apps.filter((app) => states[app.key] !== undefined && isRecovered(app)).map((app) => app.key);
}

/** The next step for one candidate at its current revision: try again, give up once, or wait. */
export function nextAutoSyncStep(previous: AutoSyncState | undefined, revision: string | undefined, settings: AutoSyncSettings, now: number): AutoSyncStep {
    const state: AutoSyncState = previous && previous.revision === revision ? previous : { attempts: 0, ...(revision ? { revision } : {}) };
    if (state.stopped) {
        return { kind: 'wait' };
    }
    if (state.attempts >= settings.maxAttempts) {
        return { kind: 'give-up', state: { ...state, stopped: 'exhausted' } };
    }
    if (state.nextAttemptAt !== undefined && now < state.nextAttemptAt) {
        return { kind: 'wait' };
    }
    const attempt = state.attempts + 1;
    // Backoff doubles: an app that did not heal after a sync gets more time before the next one.
    return { kind: 'attempt', attempt, state: { ...state, attempts: attempt, nextAttemptAt: now + settings.backoffMs * 2 ** (attempt - 1) } };
}
