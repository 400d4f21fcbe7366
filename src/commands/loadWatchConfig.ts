import { readSettings } from '../adapters/settingsReader';
import type { WatchConfig } from '../core/config';
import { parseConfig } from '../core/config';
import type { Result } from '../core/result';
import { err, ok } from '../core/result';
import type { CommandEnv } from './CommandEnv';

/** Commands that talk to Argo CD need a valid configuration; say which setting is wrong if not. */
export async function loadWatchConfig(env: Pick<CommandEnv, 'read' | 't'>): Promise<Result<WatchConfig>> {
    const { config, problems } = parseConfig(await readSettings(env.read), env.t);
    if (!config) {
        return err(env.t('cmd.notConfigured', { problems: problems.map((p) => p.message).join('; ') }));
    }
    return ok(config);
}
