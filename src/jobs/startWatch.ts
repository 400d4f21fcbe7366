import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import { keyed, kind, RecordKind } from '../adapters/associations';
import { newId } from '../adapters/ids';
import type { LeaseSpace } from '../adapters/PersistenceLease';
import { PersistenceLease } from '../adapters/PersistenceLease';
import type { PollDeps } from './runPoll';
import { runPoll } from './runPoll';
import { schedulePoll } from './schedulePoll';

/**
 * Instances starting together share one start-up: a lease taken once and kept (not given back)
 * for this long, so the other instances' start jobs find it taken.
 */
const START_WINDOW_MS = 60 * 1000;

const STARTUP: LeaseSpace = {
    all: kind(RecordKind.Startup),
    own: (id) => [kind(RecordKind.Startup), keyed(RecordKind.Startup, id)],
    ttlMs: START_WINDOW_MS,
};

/**
 * The one-off job every instance's onEnable schedules. One of them wins the start-up lease:
 * it folds any duplicate poll jobs into one and polls at once; the rest do nothing.
 */
export async function startWatch(deps: PollDeps & { scheduler: ISchedulerModify }): Promise<boolean> {
    const won = await new PersistenceLease(deps.read.getPersistenceReader(), deps.persis, newId(), deps.clock ?? Date.now, STARTUP).acquire();
    if (!won) {
        deps.logger.debug('Another instance started the watch; this one only keeps its schedule.');
        return false;
    }
    await schedulePoll(deps.read, deps.scheduler, { collapse: true });
    await runPoll(deps);
    return true;
}
