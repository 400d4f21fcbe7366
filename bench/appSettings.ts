/** The app's settings for every part of the benchmark, so the in-process decision and the engine decide alike. */
import type { ArgoCdTestServer } from '../sim/argocd/ArgoCdTestServer';
import type { WatchConfig } from '../src/core/config';
import { parseConfig } from '../src/core/config';
import { SettingId } from '../src/core/settingIds';
import { TOKEN } from './fleet';

export const CHANNEL = 'deploys';

export function rawSettings(server: ArgoCdTestServer): Record<string, unknown> {
    return {
        [SettingId.ArgoCdUrl]: server.url,
        [SettingId.ArgoCdToken]: TOKEN,
        [SettingId.Channel]: CHANNEL,
        // Zero grace: a change alerts on the poll that sees it, so the churned poll does post.
        [SettingId.GracePeriod]: '0s',
        // The full list of 10,000 apps takes seconds to render: the longest timeout the app accepts.
        [SettingId.RequestTimeout]: '20s',
    };
}

export function watchConfig(server: ArgoCdTestServer): WatchConfig {
    const { config, problems } = parseConfig(rawSettings(server));
    if (!config) {
        throw new Error(`bench settings are invalid: ${problems.map((p) => p.message).join('; ')}`);
    }
    return config;
}
