import type { ArgoCdFailure } from '../argoFailure';
import { code } from '../escape';
import type { Translate } from '../i18n/translate';
import { englishT } from '../i18n/translate';

/** Argo CD's refusals of an action, in plain words with what to do next. */
export function explainActionFailure(action: 'sync' | 'rollback' | 'read', appName: string, failure: ArgoCdFailure, historyId?: number, t: Translate = englishT): string {
    const app = code(appName);
    const detail = (failure.detail ?? failure.message).toLowerCase();
    const verb = t(action === 'rollback' ? 'verb.rollback' : 'verb.sync');
    if (detail.includes('sync window')) {
        return t('refusal.syncWindow', { app });
    }
    if (detail.includes('another operation is already in progress')) {
        return t('refusal.inProgress', { app, name: appName });
    }
    if (detail.includes('auto-sync is enabled')) {
        return t('refusal.autoSync', { app });
    }
    if (detail.includes('application is deleting')) {
        return t('refusal.deleting', { verb, app });
    }
    if (detail.includes('auto-sync currently set to')) {
        return t('refusal.autoSyncTarget', { app });
    }
    if (detail.includes('does not have deployment with id')) {
        return t('refusal.noDeployment', { app, id: historyId ?? '?', name: appName });
    }
    if (failure.kind === 'forbidden' || failure.kind === 'not-found') {
        return action === 'read' ? t('refusal.noSuchApp', { app }) : t('refusal.permission', { verb, app });
    }
    if (failure.kind === 'unauthorized') {
        return t('refusal.token');
    }
    // The failure may quote Argo CD or name addresses: shown as code, never as a link.
    return t('refusal.other', { verb: action === 'read' ? t('verb.read') : verb, app, problem: code(failure.message, 400) });
}
