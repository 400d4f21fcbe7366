import { code } from './escape';
import type { Translate } from './i18n/translate';
import { englishT } from './i18n/translate';
import { shortRevision } from './render';
import type { Result } from './result';
import { err, ok } from './result';
import { mayOperate } from './roles';

/** A sync or rollback waiting for its requester to press Confirm. */
export interface PendingAction {
    id: string;
    kind: 'sync' | 'rollback';
    userId: string;
    username: string;
    app: { name: string; namespace: string; project: string };
    dryRun: boolean;
    prune: boolean;
    historyId?: number;
    /** What the app is at now and what the action takes it to, as shown in the confirmation. */
    fromRevision?: string;
    toRevision?: string;
    createdAt: number;
    expiresAt: number;
}

export const CONFIRMATION_TTL_MS = 10 * 60 * 1000;

/**
 * Authorises a Confirm click when it is handled, not when the button was drawn: only the
 * requester, still holding an allowed role, before it expires. A click forged by another user
 * or replayed after use finds nothing to do.
 */
export function authoriseConfirmation(pending: PendingAction | undefined, clicker: { id: string; roles?: readonly string[] }, allowedRoles: readonly string[], now: number, t: Translate = englishT): Result<PendingAction> {
    if (!pending) {
        return err(t('confirm.used'));
    }
    if (pending.userId !== clicker.id) {
        return err(t('confirm.notYours'));
    }
    if (!mayOperate(clicker.roles, allowedRoles)) {
        return err(t('confirm.needsRole', { roles: allowedRoles.map((r) => code(r)).join(', '), verb: t(pending.kind === 'sync' ? 'verb.sync' : 'verb.rollback') }));
    }
    if (pending.expiresAt <= now) {
        return err(t('confirm.expired'));
    }
    return ok(pending);
}

function optionsText(pending: PendingAction, t: Translate, prune: 'confirm.prune' | 'confirm.withPrune'): string {
    const options = [pending.dryRun ? t('confirm.dryRun') : '', pending.prune ? t(prune) : ''].filter((o) => o !== '').join(', ');
    return options ? ` (${options})` : '';
}

export function describePendingAction(pending: PendingAction, t: Translate = englishT): string {
    const from = shortRevision(pending.fromRevision);
    const to = shortRevision(pending.toRevision);
    const change = from || to ? t('confirm.change', { from: code(from ?? '?'), to: to ? code(to) : t('confirm.targetRevision') }) : '';
    const params = { app: code(pending.app.name), change, options: optionsText(pending, t, 'confirm.prune') };
    if (pending.kind === 'sync') {
        return t('confirm.sync', params);
    }
    return pending.historyId !== undefined ? t('confirm.rollbackTo', { ...params, id: pending.historyId }) : t('confirm.rollback', params);
}

/** The audit line for the watch channel once Argo CD accepted the action. */
export function renderAuditLine(pending: PendingAction, acceptedRevision: string | undefined, t: Translate = englishT): string {
    const to = shortRevision(acceptedRevision ?? pending.toRevision);
    const options = optionsText(pending, t, 'confirm.withPrune');
    if (pending.kind === 'sync') {
        return t('audit.sync', { user: code(pending.username), app: code(pending.app.name), to: to ? t('audit.syncTo', { revision: code(to) }) : '', options });
    }
    return t('audit.rollback', {
        user: code(pending.username),
        app: code(pending.app.name),
        to: pending.historyId !== undefined ? t('audit.rollbackTo', { id: pending.historyId }) : '',
        revision: to ? t('audit.rollbackRevision', { revision: code(to) }) : '',
        options,
    });
}
