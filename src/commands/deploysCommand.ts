import { PersistenceRolloutStore } from '../adapters/PersistenceRolloutStore';
import type { AppArg } from '../core/commands/parseCommand';
import { deployList } from '../core/deployRender';
import type { CommandEnv } from './CommandEnv';

/** `/argo deploys [app | project:NAME]`: recent rollouts from persistence, no Argo CD call. */
export async function deploysCommand(env: CommandEnv, app: AppArg | undefined, project: string | undefined): Promise<void> {
    const loaded = await new PersistenceRolloutStore(env.read.getPersistenceReader()).load();
    const filter = { ...(app ? { app: app.name, ...(app.namespace ? { namespace: app.namespace } : {}) } : {}), ...(project ? { project } : {}) };
    await env.replier.reply(deployList([...loaded.apps.values()], filter, env.t));
}
