import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import { appKey } from '../core/model';
import { parseApplication } from '../core/parseApplications';
import { inScope, nextGraceExpiry } from '../core/scope';
import type { AppState } from '../core/model';
import { JobId } from '../jobIds';
import type { PollDeps, PollReport, WatchRead } from './runPoll';
import { runWatch } from './runPoll';

export interface AppToCheck {
    name: string;
    namespace?: string;
}

/** Reads just the named apps, dropping any the configured scope does not cover. */
function readNamed(refs: AppToCheck[]): WatchRead {
    return async (client, config) => {
        const apps: AppState[] = [];
        for (const ref of refs) {
            const namespace = ref.namespace ?? config.scope.appNamespace;
            const answer = await client.getApplication({ name: ref.name, ...(namespace ? { namespace } : {}) });
            if (!answer.ok) {
                // Gone or hidden by RBAC: the full poll decides about disappearing apps, not a webhook.
                if (answer.error.kind === 'forbidden' || answer.error.kind === 'not-found') {
                    continue;
                }
                return { ok: false, cause: answer.error.message };
            }
            const app = parseApplication(answer.value, namespace ?? 'argocd');
            if (app && inScope(app, config.scope)) {
                apps.push(app);
            }
        }
        return { ok: true, partial: true, apps };
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
