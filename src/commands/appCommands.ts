import { HttpArgoCdClient } from '../adapters/HttpArgoCdClient';
import { renderAppDetails, renderHistory } from '../core/commands/appView';
import type { AppDetails } from '../core/commands/argoObjects';
import { readAppDetails, readRevisionMetadata, readUnhealthyResources } from '../core/commands/argoObjects';
import type { AppArg } from '../core/commands/parseCommand';
import { explainActionFailure } from '../core/commands/refusals';
import type { WatchConfig } from '../core/config';
import type { Result } from '../core/result';
import { isCommitSha } from '../core/revision';
import { err, ok } from '../core/result';
import type { ArgoCdClient } from '../ports/ArgoCdClient';
import type { CommandEnv } from './CommandEnv';
import { loadWatchConfig } from './loadWatchConfig';

export interface LoadedApp {
    config: WatchConfig;
    client: ArgoCdClient;
    details: AppDetails;
    raw: unknown;
}

/** Reads one app from Argo CD, or answers the user why it cannot. */
export async function loadApp(env: CommandEnv, app: AppArg): Promise<Result<LoadedApp>> {
    const config = await loadWatchConfig(env);
    if (!config.ok) {
        return config;
    }
    const client = new HttpArgoCdClient(env.http, config.value.argocd, env.t);
    const namespace = app.namespace ?? config.value.scope.appNamespace;
    const answer = await client.getApplication({ name: app.name, ...(namespace ? { namespace } : {}) });
    if (!answer.ok) {
        return err(explainActionFailure('read', app.name, answer.error, undefined, env.t));
    }
    const details = readAppDetails(answer.value);
    if (!details) {
        return err(env.t('cmd.notAnApp', { name: app.name }));
    }
    return ok({ config: config.value, client, details, raw: answer.value });
}

export async function appCommand(env: CommandEnv, app: AppArg): Promise<void> {
    const loaded = await loadApp(env, app);
    if (!loaded.ok) {
        return env.replier.reply(loaded.error);
    }
    const { client, details, config } = loaded.value;
    const ref = { name: details.name, namespace: details.namespace };
    const [tree, metadata] = await Promise.all([
        details.health !== 'Healthy' ? client.resourceTree(ref) : Promise.resolve(undefined),
        details.revision && isCommitSha(details.revision) ? client.revisionMetadata(ref, details.revision) : Promise.resolve(undefined),
    ]);
    await env.replier.reply(renderAppDetails(details, {
        now: env.now,
        t: env.t,
        argocdUrl: config.argocd.url,
        ...(tree?.ok ? { unhealthy: readUnhealthyResources(tree.value) } : {}),
        ...(metadata?.ok ? { revision: readRevisionMetadata(metadata.value) } : {}),
    }));
}

export async function historyCommand(env: CommandEnv, app: AppArg): Promise<void> {
    const loaded = await loadApp(env, app);
    await env.replier.reply(loaded.ok ? renderHistory(loaded.value.details, env.now, env.t) : loaded.error);
}
