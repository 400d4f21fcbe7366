import { readSettings } from '../adapters/settingsReader';
import type { WatchConfig } from '../core/config';
import { parseConfig } from '../core/config';
import type { Result } from '../core/result';
import { err, ok } from '../core/result';
import type { CommandEnv } from './CommandEnv';

/** Commands that talk to Argo CD need a valid configuration; say which setting is wrong if not. */
export async function loadWatchConfig(env: Pick<CommandEnv, 'read'>): Promise<Result<WatchConfig>> {
    const { config, problems } = parseConfig(await readSettings(env.read));
    if (!config) {
        return err(`Argo Drift is not configured yet: ${problems.map((p) => p.message).join('; ')}. An admin can fix it in Administration → Apps → Argo Drift → Settings.`);
    }
    return ok(config);
}
