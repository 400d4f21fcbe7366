import { code } from './escape';
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
export function authoriseConfirmation(pending: PendingAction | undefined, clicker: { id: string; roles?: readonly string[] }, allowedRoles: readonly string[], now: number): Result<PendingAction> {
    if (!pending) {
        return err('This confirmation was already used, cancelled or has expired; run the command again.');
    }
    if (pending.userId !== clicker.id) {
        return err('Only the person who asked for this action can confirm it.');
    }
    if (!mayOperate(clicker.roles, allowedRoles)) {
        return err(`You need one of the roles ${allowedRoles.map((r) => code(r)).join(', ')} to ${pending.kind} apps.`);
    }
    if (pending.expiresAt <= now) {
        return err('This confirmation has expired; run the command again.');
    }
    return ok(pending);
}

export function describePendingAction(pending: PendingAction): string {
    const options = [pending.dryRun ? 'dry run' : '', pending.prune ? 'prune' : ''].filter((o) => o !== '').join(', ');
    const from = shortRevision(pending.fromRevision);
    const to = shortRevision(pending.toRevision);
    const change = from || to ? ` from ${code(from ?? '?')} to ${code(to ?? 'the target revision')}` : '';
    const verb = pending.kind === 'sync' ? 'Sync' : `Roll back${pending.historyId !== undefined ? ` to deployment #${pending.historyId}` : ''}`;
    return `${verb} ${code(pending.app.name)}${change}${options ? ` (${options})` : ''}?`;
}

/** The audit line for the watch channel once Argo CD accepted the action. */
export function renderAuditLine(pending: PendingAction, acceptedRevision: string | undefined): string {
    const to = shortRevision(acceptedRevision ?? pending.toRevision);
    const options = [pending.dryRun ? 'dry run' : '', pending.prune ? 'with prune' : ''].filter((o) => o !== '').join(', ');
    const suffix = options ? ` (${options})` : '';
    if (pending.kind === 'sync') {
        return `:arrows_counterclockwise: ${code(pending.username)} synced ${code(pending.app.name)}${to ? ` to ${code(to)}` : ''}${suffix}`;
    }
    return `:rewind: ${code(pending.username)} rolled back ${code(pending.app.name)}${pending.historyId !== undefined ? ` to deployment #${pending.historyId}` : ''}${to ? ` (${code(to)})` : ''}${suffix}`;
}
