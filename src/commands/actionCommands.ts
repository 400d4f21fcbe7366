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

function newActionId(): string {
    // Not a secret: a click is authorised against the stored requester, not by knowing the id.
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 10)}`;
}

/** Refuses before anything reaches Argo CD when the user holds none of the allowed roles. */
async function refuseWithoutRole(env: CommandEnv, verb: 'sync' | 'rollback', appName: string): Promise<boolean> {
    const config = await loadWatchConfig(env);
    const roles = config.ok ? config.value.syncRoles : ['admin'];
    if (mayOperate(env.sender.roles, roles)) {
        return false;
    }
    await env.replier.reply(`You are not allowed to ${verb} ${code(appName)}: it needs one of the roles ${roles.map((r) => code(r)).join(', ')} (the app's "Roles allowed to sync" setting). Nothing was sent to Argo CD.`);
    return true;
}

async function askConfirmation(env: CommandEnv, pending: PendingAction): Promise<void> {
    await new PersistencePendingActionStore(env.read.getPersistenceReader(), env.persis).put(pending);
    const question = describePendingAction(pending);
    const blockId = `confirm-${pending.id}`;
    await env.replier.reply(question, [
        section(question),
        actions(env.appId, blockId, [
            button(env.appId, blockId, ActionId.Confirm, pending.kind === 'sync' ? 'Confirm sync' : 'Confirm rollback', pending.id, pending.kind === 'sync' ? 'primary' : 'danger'),
            button(env.appId, blockId, ActionId.Cancel, 'Cancel', pending.id),
        ]),
    ]);
}

function basePending(env: CommandEnv, kind: PendingAction['kind'], app: PendingAction['app']): Omit<PendingAction, 'dryRun' | 'prune'> {
    return { id: newActionId(), kind, userId: env.sender.id, username: env.sender.username, app, createdAt: env.now, expiresAt: env.now + CONFIRMATION_TTL_MS };
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
            ? `${code(details.name)} has no deployment with id ${historyId}; \`/argo history ${details.name}\` lists the ids.`
            : `${code(details.name)} has no earlier deployment to roll back to; \`/argo history ${details.name}\` shows its deployments.`);
    }
    if (details.autoSync) {
        return env.replier.reply(`Argo CD refuses to roll back ${code(details.name)} while auto-sync is on (auto-sync would undo it at once). `
            + `Turn auto-sync off for it in Argo CD and run the command again, or revert the commit in Git. Nothing was sent to Argo CD.`);
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
