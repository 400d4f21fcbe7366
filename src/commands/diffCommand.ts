import { renderDiff } from '../core/commands/diffView';
import type { AppArg } from '../core/commands/parseCommand';
import { explainActionFailure } from '../core/commands/refusals';
import { diffManagedResources } from '../core/diff';
import { loadApp } from './appCommands';
import type { CommandEnv } from './CommandEnv';

/** `/argo diff <app>` and the Diff button: what differs between Git and the cluster, privately. */
export async function diffCommand(env: CommandEnv, app: AppArg): Promise<void> {
    const loaded = await loadApp(env, app);
    if (!loaded.ok) {
        return env.replier.reply(loaded.error);
    }
    const { client, details, config } = loaded.value;
    const ref = { name: details.name, namespace: details.namespace };
    const answer = await client.managedResources(ref);
    if (!answer.ok) {
        return env.replier.reply(explainActionFailure('read', details.name, answer.error, undefined, env.t));
    }
    await env.replier.reply(renderDiff(ref, diffManagedResources(answer.value), config.argocd.url, env.t));
}
