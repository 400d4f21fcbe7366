/** The app's settings in every build the benchmark runs, as in the e2e tests (grace 0s). */
import { fakeJwt } from '../sim/argocd/auth';
import type { WatchConfig } from '../src/core/config';
import { parseConfig } from '../src/core/config';
import { SettingId } from '../src/core/settingIds';

export const CHANNEL = 'deploys';
export const TOKEN = fakeJwt('argo-drift-bench');

export function rawSettings(argoUrl: string): Record<string, unknown> {
    return {
        [SettingId.ArgoCdUrl]: argoUrl,
        [SettingId.ArgoCdToken]: TOKEN,
        [SettingId.Channel]: CHANNEL,
        // Zero grace: a change alerts on the poll that sees it.
        [SettingId.GracePeriod]: '0s',
        // The 10,000-app first poll reads a large answer: the longest timeout the app accepts.
        [SettingId.RequestTimeout]: '20s',
    };
}

export function watchConfig(argoUrl: string): WatchConfig {
    const { config, problems } = parseConfig(rawSettings(argoUrl));
    if (!config) {
        throw new Error(`bench settings are invalid: ${problems.map((p) => p.message).join('; ')}`);
    }
    return config;
}
