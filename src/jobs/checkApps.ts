import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import { appKey } from '../core/model';
import { CONTEXT_RESERVE_MS, SAVE_RESERVE_MS } from '../core/deadline';
import type { NamedAnswer } from '../core/readNamed';
import { namedRead } from '../core/readNamed';
import { nextGraceExpiry } from '../core/scope';
import { JobId } from '../jobIds';
import type { PollDeps, PollReport, WatchRead } from './runPoll';
import { runWatch } from './runPoll';

export interface AppToCheck {
    name: string;
    namespace?: string;
}

/**
 * Reads just the named apps, one call each, parsed as list items are; the ones the run has no
 * time left for are not asked (the next poll reads them).
 */
function readNamed(refs: AppToCheck[]): WatchRead {
    return async (client, config, deadline) => {
        const answers: NamedAnswer[] = [];
        for (const ref of refs) {
            if (deadline.near(SAVE_RESERVE_MS + CONTEXT_RESERVE_MS)) {
                break;
            }
            const namespace = ref.namespace ?? config.scope.appNamespace;
            answers.push(await client.getApplication({ name: ref.name, ...(namespace ? { namespace } : {}) }));
        }
        return namedRead(refs, answers, config.scope);
    };
}

/**
 * Decides at once about apps a webhook named, with the same rules as the poll; when one is bad
 * but still inside its grace period, a one-off re-check is scheduled for when the grace ends, so
 * the alert does not wait for the next poll.
 */
export async function checkApps(deps: PollDeps & { scheduler: ISchedulerModify }, refs: AppToCheck[]): Promise<PollReport> {
    const report = await runWatch(deps, readNamed(refs));
    if (report.snapshot && report.config && report.outcome === 'read') {
        const records = refs.map((ref) => report.snapshot?.apps[appKey(ref.namespace ?? report.config?.scope.appNamespace ?? 'argocd', ref.name)]);
        const due = nextGraceExpiry(records, report.config.graceMs);
        if (due !== undefined && due > deps.now) {
            await deps.scheduler.scheduleOnce({ id: JobId.Recheck, when: new Date(due + 1000), data: { apps: refs } });
        }
    }
    return report;
}
