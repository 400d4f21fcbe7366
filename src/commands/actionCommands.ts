import { newId } from '../adapters/ids';
import { PersistencePendingActionStore } from '../adapters/PersistencePendingActionStore';
import type { AppArg } from '../core/commands/parseCommand';
import { code } from '../core/escape';
import type { PendingAction } from '../core/pendingAction';
import { CONFIRMATION_TTL_MS, describePendingAction } from '../core/pendingAction';
import { mayOperate } from '../core/roles';
import { ActionId } from '../ui/actionIds';
import { actions, button, section } from '../ui/blocks';
import { loadApp } from './appCommands';
import type { CommandEnv } from './CommandEnv';
import { loadWatchConfig } from './loadWatchConfig';

/** Refuses before anything reaches Argo CD when the user holds none of the allowed roles. */
async function refuseWithoutRole(env: CommandEnv, verb: 'sync' | 'rollback', appName: string): Promise<boolean> {
    const config = await loadWatchConfig(env);
    const roles = config.ok ? config.value.syncRoles : ['admin'];
    if (mayOperate(env.sender.roles, roles)) {
        return false;
    }
    await env.replier.reply(env.t('cmd.notAllowed', { verb: env.t(verb === 'sync' ? 'verb.sync' : 'verb.rollback'), app: code(appName), roles: roles.map((r) => code(r)).join(', ') }));
    return true;
}

async function askConfirmation(env: CommandEnv, pending: PendingAction): Promise<void> {
    const store = new PersistencePendingActionStore(env.read.getPersistenceReader(), env.persis);
    // Confirmations nobody clicked would otherwise stay stored forever.
    await store.removeExpired(env.now);
    await store.put(pending);
    const question = describePendingAction(pending, env.t);
    const blockId = `confirm-${pending.id}`;
    await env.replier.reply(question, [
        section(question),
        actions(env.appId, blockId, [
            button(env.appId, blockId, ActionId.Confirm, env.t(pending.kind === 'sync' ? 'confirm.buttonSync' : 'confirm.buttonRollback'), pending.id, pending.kind === 'sync' ? 'primary' : 'danger'),
            button(env.appId, blockId, ActionId.Cancel, env.t('confirm.buttonCancel'), pending.id),
        ]),
    ]);
}

function basePending(env: CommandEnv, kind: PendingAction['kind'], app: PendingAction['app']): Omit<PendingAction, 'dryRun' | 'prune'> {
    return { id: newId(), kind, userId: env.sender.id, username: env.sender.username, app, createdAt: env.now, expiresAt: env.now + CONFIRMATION_TTL_MS };
}

export async function syncCommand(env: CommandEnv, app: AppArg, options: { dryRun: boolean; prune: boolean }): Promise<void> {
    if (await refuseWithoutRole(env, 'sync', app.name)) {
        return;
    }
    const loaded = await loadApp(env, app);
    if (!loaded.ok) {
        return env.replier.reply(loaded.error);
    }
    const { details } = loaded.value;
    await askConfirmation(env, {
        ...basePending(env, 'sync', { name: details.name, namespace: details.namespace, project: details.project }),
        dryRun: options.dryRun,
        prune: options.prune,
        ...(details.revision ? { fromRevision: details.revision } : {}),
        ...(details.targetRevision ? { toRevision: details.targetRevision } : {}),
    });
}

export async function rollbackCommand(env: CommandEnv, app: AppArg, historyId: number | undefined): Promise<void> {
    if (await refuseWithoutRole(env, 'rollback', app.name)) {
        return;
    }
    const loaded = await loadApp(env, app);
    if (!loaded.ok) {
        return env.replier.reply(loaded.error);
    }
    const { details } = loaded.value;
    const history = details.history;
    // Without an id, roll back to the deployment before the current one, as the Argo CD UI offers.
    const target = historyId !== undefined ? history.find((h) => h.id === historyId) : history[history.length - 2];
    if (!target) {
        return env.replier.reply(historyId !== undefined
            ? env.t('cmd.noDeployment', { app: code(details.name), id: historyId, name: details.name })
            : env.t('cmd.noEarlierDeployment', { app: code(details.name), name: details.name }));
    }
    if (details.autoSync) {
        return env.replier.reply(env.t('cmd.rollbackAutoSync', { app: code(details.name) }));
    }
    await askConfirmation(env, {
        ...basePending(env, 'rollback', { name: details.name, namespace: details.namespace, project: details.project }),
        dryRun: false,
        prune: false,
        historyId: target.id,
        ...(details.revision ? { fromRevision: details.revision } : {}),
        ...(target.revision ? { toRevision: target.revision } : {}),
    });
}
