import type { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { HttpArgoCdClient } from '../adapters/HttpArgoCdClient';
import { PersistencePendingActionStore } from '../adapters/PersistencePendingActionStore';
import { resolveChannel, RoomNotifier } from '../adapters/RoomNotifier';
import { UserReplier } from '../adapters/UserReplier';
import { syncTargetOf } from '../core/commands/argoObjects';
import { explainActionFailure } from '../core/commands/refusals';
import { code } from '../core/escape';
import { authoriseConfirmation, renderAuditLine } from '../core/pendingAction';
import type { Translate } from '../core/i18n/translate';
import { serverTranslate } from '../adapters/languages';
import { loadWatchConfig } from './loadWatchConfig';

export interface ClickEnv {
    read: IRead;
    modify: IModify;
    http: IHttp;
    persis: IPersistence;
    logger: ILogger;
    user: IUser;
    room?: IRoom;
    now: number;
    /** In the clicking user's language. */
    t: Translate;
}

async function replierFor(env: ClickEnv, fallbackRoom: IRoom | undefined): Promise<UserReplier | undefined> {
    const room = env.room ?? fallbackRoom;
    return room ? new UserReplier(env.read, env.modify, env.user, room) : undefined;
}

export async function cancelAction(env: ClickEnv, pendingId: string): Promise<void> {
    const store = new PersistencePendingActionStore(env.read.getPersistenceReader(), env.persis);
    const pending = await store.get(pendingId);
    if (pending && pending.userId !== env.user.id) {
        // Someone else's confirmation: left untouched for its owner.
        return;
    }
    // A cancel is a use too: it races a Confirm click on the same record, and only one wins.
    const cancelled = pending !== undefined && await store.use(pendingId, env.now);
    const replier = await replierFor(env, undefined);
    await replier?.reply(cancelled && pending ? env.t('confirm.cancelled', { app: code(pending.app.name) }) : env.t('confirm.nothingToCancel'));
}

/** A Confirm click: authorised here, when it is handled, then sent to Argo CD and audited. */
export async function confirmAction(env: ClickEnv, pendingId: string): Promise<void> {
    const config = await loadWatchConfig(env);
    const store = new PersistencePendingActionStore(env.read.getPersistenceReader(), env.persis);
    const pending = await store.get(pendingId);
    const channel = config.ok ? await resolveChannel(env.read, config.value.channel) : undefined;
    const replier = await replierFor(env, channel);
    if (!config.ok) {
        await replier?.reply(config.error);
        return;
    }
    const allowed = authoriseConfirmation(pending, env.user, config.value.syncRoles, env.now, env.t);
    if (!allowed.ok) {
        env.logger.warn(`Refused a confirmation click by ${env.user.username}: ${allowed.error}`);
        await replier?.reply(allowed.error);
        return;
    }
    // Authorised, then used once: a second click or a replay racing this one loses here.
    if (!(await store.use(pendingId, env.now))) {
        env.logger.info(`A second click on confirmation ${pendingId} by ${env.user.username} found it already used.`);
        await replier?.reply(env.t('confirm.used'));
        return;
    }
    const action = allowed.value;
    const client = new HttpArgoCdClient(env.http, config.value.argocd, env.t);
    const answer = action.kind === 'sync'
        ? await client.sync({ name: action.app.name, namespace: action.app.namespace, dryRun: action.dryRun, prune: action.prune })
        : await client.rollback({ name: action.app.name, namespace: action.app.namespace, id: action.historyId ?? -1, dryRun: action.dryRun, prune: action.prune });
    if (!answer.ok) {
        await replier?.reply(explainActionFailure(action.kind, action.app.name, answer.error, action.historyId, env.t));
        return;
    }
    const accepted = action.kind === 'sync' ? syncTargetOf(answer.value) : action.toRevision;
    await replier?.reply(env.t('confirm.sent', { audit: renderAuditLine(action, accepted, env.t).replace(/^:[a-z_]+: /, '') }));
    if (channel) {
        const sender = await env.read.getUserReader().getAppUser();
        if (sender) {
            // The audit line is for the whole channel: in the server's language.
            const audit = renderAuditLine(action, accepted, await serverTranslate(env.read));
            const posted = await new RoomNotifier(env.read, env.modify, sender).post(channel, audit);
            if (!posted.ok) {
                env.logger.error(`Audit line for ${action.kind} of ${action.app.name} not posted: ${posted.error}`);
            }
        }
    }
}
