import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { PersistenceAutoSyncStore } from '../adapters/PersistenceAutoSyncStore';
import type { RoomNotifier } from '../adapters/RoomNotifier';
import { alertDetailsOf } from '../core/alertDetails';
import type { AutoSyncSettings, AutoSyncState } from '../core/autoSync';
import { nextAutoSyncStep, recoveredStates } from '../core/autoSync';
import { explainActionFailure } from '../core/commands/refusals';
import { conditionsOf } from '../core/conditions';
import { code } from '../core/escape';
import type { Translate } from '../core/i18n/translate';
import type { AppState } from '../core/model';
import { ALL_CONDITIONS } from '../core/model';
import { appLabel, conditionText, shortRevision } from '../core/render';
import type { Snapshot } from '../core/snapshot';
import type { ArgoCdClient, ArgoCdFailure } from '../ports/ArgoCdClient';

/** Automatic syncs are a scalpel, not a sweep: at most this many apps are handled per run. */
const MAX_APPS_PER_RUN = 5;

export interface AutoSyncContext {
    client: ArgoCdClient;
    store: PersistenceAutoSyncStore;
    notifier: RoomNotifier;
    roomFor: (route: string | undefined) => IRoom;
    routeOf: (app: AppState) => string | undefined;
    snapshot: Snapshot;
    settings: AutoSyncSettings;
    logger: ILogger;
    t: Translate;
    now: number;
}

const FAILED_PRECONDITION = 9;
/** Argo CD could not resolve the revision: the repo-server or Git answered with an error of its own. */
const PASSING_PRECONDITION = /error resolving repo revision|rpc error: code = (Unavailable|DeadlineExceeded|Unknown)/i;

/**
 * Argo CD's sync refusals (server/application/application.go) are final for this revision: the
 * app is being deleted, a sync window, no permission, a bad request. A FailedPrecondition about
 * resolving the revision (repo-server down, Git unreachable or refusing credentials:
 * `error resolving repo revision: rpc error: …`) is a passing problem: it counts as a failed
 * attempt and is retried with the backoff. Any other refusal stops and asks for a person.
 */
function isFinalRefusal(failure: ArgoCdFailure): boolean {
    if (failure.kind === 'forbidden') {
        return true;
    }
    if (failure.kind !== 'refused') {
        return false;
    }
    return failure.grpcCode !== FAILED_PRECONDITION || !PASSING_PRECONDITION.test(failure.detail ?? '');
}

class AutoSyncRun {
    constructor(private readonly ctx: AutoSyncContext) {}

    /** Every attempt and outcome is a line in the app's incident thread (or the channel if it has none). */
    private async say(app: AppState, text: string): Promise<void> {
        const room = this.ctx.roomFor(this.ctx.routeOf(app));
        const thread = this.ctx.snapshot.apps[app.key]?.thread;
        const posted = await this.ctx.notifier.post(room, text, { threadId: thread && thread.roomId === room.id ? thread.rootId : undefined });
        if (!posted.ok) {
            this.ctx.logger.error(`Auto-sync line for ${app.name} not posted: ${posted.error}`);
        }
    }

    async handle(app: AppState, previous: AutoSyncState | undefined): Promise<void> {
        const { client, store, settings, t, now } = this.ctx;
        const ref = { name: app.name, namespace: app.namespace };
        const full = await client.getApplication(ref);
        if (!full.ok) {
            return;
        }
        const revision = alertDetailsOf(full.value).revision;
        const step = nextAutoSyncStep(previous, revision, settings, now);
        const label = appLabel(app, t);
        const at = revision ? t('autosync.revision', { revision: code(shortRevision(revision) ?? revision) }) : '';
        if (step.kind === 'wait') {
            return;
        }
        if (step.kind === 'give-up') {
            await store.put(app.key, step.state);
            const state = conditionsOf(app, new Set(ALL_CONDITIONS)).map((c) => conditionText(c, t)).join(', ') || t('condition.OutOfSync');
            await this.say(app, t('autosync.gaveUp', { app: label, attempts: step.state.attempts, revision: at, state }));
            return;
        }
        // Written before the call: a run that dies mid-sync must not hand the next run a fresh counter.
        await store.put(app.key, step.state);
        const answer = await client.sync({ name: app.name, namespace: app.namespace });
        const counter = { attempt: step.attempt, max: settings.maxAttempts, app: label };
        if (answer.ok) {
            await this.say(app, t('autosync.attempt', { ...counter, revision: at }));
            return;
        }
        const detail = (answer.error.detail ?? answer.error.message).toLowerCase();
        if (detail.includes('another operation is already in progress')) {
            // Someone else is syncing it: not an attempt of ours, and nothing to report.
            await (previous ? store.put(app.key, previous) : store.remove(app.key));
            return;
        }
        if (isFinalRefusal(answer.error)) {
            await store.put(app.key, { ...step.state, stopped: 'refused' });
            await this.say(app, t('autosync.refused', { app: label, reason: explainActionFailure('sync', app.name, answer.error, undefined, t) }));
            return;
        }
        const passing = answer.error.grpcCode === FAILED_PRECONDITION;
        await this.say(app, t(passing ? 'autosync.unresolved' : 'autosync.failed', { ...counter, reason: code(answer.error.detail ?? answer.error.message, 200) }));
    }
}

/** Syncs the candidates that are due, gives up loudly when attempts run out, forgets healed apps. */
export async function runAutoSync(apps: readonly AppState[], candidates: readonly AppState[], states: Record<string, AutoSyncState>, ctx: AutoSyncContext): Promise<void> {
    for (const key of recoveredStates(apps, states)) {
        await ctx.store.remove(key);
    }
    const run = new AutoSyncRun(ctx);
    for (const app of candidates.slice(0, MAX_APPS_PER_RUN)) {
        await run.handle(app, states[app.key]);
    }
}
