import type { ArgoCdFailure } from '../argoFailure';
import { code } from '../escape';

/** Argo CD's refusals of an action, in plain words with what to do next. */
export function explainActionFailure(action: 'sync' | 'rollback' | 'read', appName: string, failure: ArgoCdFailure, historyId?: number): string {
    const app = code(appName);
    const detail = (failure.detail ?? failure.message).toLowerCase();
    if (detail.includes('sync window')) {
        return `Argo CD refused: a sync window blocks syncing ${app} right now. Wait until the window opens, or ask an Argo CD admin to change the project's sync windows.`;
    }
    if (detail.includes('another operation is already in progress')) {
        return `An operation is already running on ${app}; wait for it to finish (\`/argo app ${appName}\` shows it) and try again.`;
    }
    if (detail.includes('auto-sync is enabled')) {
        return `Argo CD refuses to roll back ${app} while auto-sync is on (auto-sync would undo it at once). Turn auto-sync off for ${app} in Argo CD, or revert the commit in Git, then try again.`;
    }
    if (detail.includes('does not have deployment with id')) {
        return `${app} has no deployment with id ${historyId ?? '?'}; \`/argo history ${appName}\` lists the ids.`;
    }
    if (failure.kind === 'forbidden' || failure.kind === 'not-found') {
        if (action === 'read') {
            return `There is no app ${app} that Argo Drift's token can see (Argo CD answers "permission denied" for both). Check the name with \`/argo status\`.`;
        }
        return `Argo CD refused to ${action} ${app}: permission denied for Argo Drift's token. Give its role \`applications, ${action === 'rollback' ? 'sync' : action}\` on the app's project, or check the app exists (\`/argo status\`).`;
    }
    if (failure.kind === 'unauthorized') {
        return `Argo CD rejected Argo Drift's API token; an admin must update it in the app settings.`;
    }
    return `Could not ${action} ${app}: ${failure.message}.`;
}
