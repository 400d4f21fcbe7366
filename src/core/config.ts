import { parseDuration } from './duration';
import type { Condition } from './model';
import { ALL_CONDITIONS, DEFAULT_ALERT_CONDITIONS } from './model';
import { SettingId } from './settingIds';

export interface ArgoCdConnection {
    /** Without a trailing slash; may carry a root path (`https://host/argocd`). */
    url: string;
    token: string;
    skipTlsVerify: boolean;
    timeoutMs: number;
}

export interface Scope {
    projects: string[];
    selector?: string;
    appNamespace?: string;
}

export interface WatchConfig {
    argocd: ArgoCdConnection;
    scope: Scope;
    channel: string;
    pollIntervalMs: number;
    graceMs: number;
    alertOn: Condition[];
    stormThreshold: number;
    syncRoles: string[];
}

export interface ConfigProblem {
    setting: SettingId;
    message: string;
}

export type RawSettings = Partial<Record<SettingId, unknown>>;

export const DEFAULTS = {
    pollInterval: '2m',
    gracePeriod: '',
    alertOn: DEFAULT_ALERT_CONDITIONS.join(', '),
    stormThreshold: 10,
    syncRoles: 'admin',
    channel: 'deploys',
    requestTimeout: '20s',
} as const;

/** Rocket.Chat's scheduler and a polite Argo CD client both want some breathing room. */
const MIN_INTERVAL_MS = 1000;
const MAX_INTERVAL_MS = 24 * 3600 * 1000;

function text(value: unknown): string {
    if (typeof value === 'string') {
        return value.trim();
    }
    return value === undefined || value === null ? '' : String(value).trim();
}

function list(value: unknown): string[] {
    const items = Array.isArray(value) ? value.map(text) : text(value).split(/[,\s]+/);
    return items.map((item) => item.trim()).filter((item) => item !== '');
}

function parseUrl(raw: string, problems: ConfigProblem[]): string {
    const setting = SettingId.ArgoCdUrl;
    const hint = 'enter the address of the Argo CD UI, for example https://argocd.example.com or https://example.com/argocd';
    if (raw === '') {
        problems.push({ setting, message: `Argo CD URL is empty: ${hint}` });
        return '';
    }
    const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]+)([^?#\s]*)$/i.exec(raw);
    if (!match) {
        problems.push({ setting, message: `Argo CD URL "${raw}" is not a full address with a scheme: ${hint}` });
        return '';
    }
    const scheme = match[1].toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') {
        problems.push({ setting, message: `Argo CD URL uses "${scheme}": only http and https are supported; ${hint}` });
        return '';
    }
    if (match[2].includes('@')) {
        problems.push({ setting, message: 'Argo CD URL must not carry a user or password: put the token in the API token setting' });
        return '';
    }
    return `${scheme}://${match[2]}${match[3].replace(/\/+$/, '')}`;
}

function parseDurationSetting(setting: SettingId, raw: string, label: string, problems: ConfigProblem[]): number | undefined {
    const parsed = parseDuration(raw);
    if (!parsed.ok) {
        problems.push({ setting, message: `${label}: ${parsed.error}` });
        return undefined;
    }
    return parsed.value;
}

function parseConditions(raw: string, problems: ConfigProblem[]): Condition[] {
    const wanted = list(raw === '' ? DEFAULTS.alertOn : raw);
    const byLowerName = new Map(ALL_CONDITIONS.map((c) => [c.toLowerCase(), c] as const));
    const chosen: Condition[] = [];
    for (const name of wanted) {
        const condition = byLowerName.get(name.toLowerCase().replace(/[\s_-]/g, ''));
        if (!condition) {
            problems.push({
                setting: SettingId.AlertOn,
                message: `Alert on: "${name}" is not a state this app knows; choose from ${ALL_CONDITIONS.join(', ')}`,
            });
        } else if (!chosen.includes(condition)) {
            chosen.push(condition);
        }
    }
    return chosen;
}

/** A Kubernetes label selector, checked enough to catch typos before Argo CD answers 500. */
function checkSelector(selector: string, problems: ConfigProblem[]): void {
    const requirement = /^\s*(!?[A-Za-z0-9][-A-Za-z0-9_./]*|[A-Za-z0-9][-A-Za-z0-9_./]*\s*(==?|!=)\s*[-A-Za-z0-9_.]*|[A-Za-z0-9][-A-Za-z0-9_./]*\s+(in|notin)\s+\([-A-Za-z0-9_.,\s]*\))\s*$/;
    // Split on commas that are not inside a set like `env in (a,b)`.
    const parts = selector.split(/,(?![^(]*\))/);
    const bad = parts.find((part) => !requirement.test(part));
    if (bad !== undefined) {
        problems.push({
            setting: SettingId.Selector,
            message: `Label selector: "${bad.trim()}" is not a valid requirement; use forms like team=payments, env!=dev, tier in (web,api), !legacy`,
        });
    }
}

/**
 * Turns the app's settings into a validated configuration, or lists every problem, each naming
 * the setting and saying what to enter.
 */
export function parseConfig(raw: RawSettings): { config?: WatchConfig; problems: ConfigProblem[] } {
    const problems: ConfigProblem[] = [];
    const url = parseUrl(text(raw[SettingId.ArgoCdUrl]), problems);
    const token = text(raw[SettingId.ArgoCdToken]);
    if (token === '') {
        problems.push({ setting: SettingId.ArgoCdToken, message: 'API token is empty: create an Argo CD API token (see the README) and paste it here' });
    } else if (/\s/.test(token)) {
        problems.push({ setting: SettingId.ArgoCdToken, message: 'API token contains spaces: paste only the token, without "Bearer"' });
    }
    const pollIntervalMs = parseDurationSetting(SettingId.PollInterval, text(raw[SettingId.PollInterval]) || DEFAULTS.pollInterval, 'Poll interval', problems);
    if (pollIntervalMs !== undefined && (pollIntervalMs < MIN_INTERVAL_MS || pollIntervalMs > MAX_INTERVAL_MS)) {
        problems.push({ setting: SettingId.PollInterval, message: 'Poll interval must be between 1s and 24h, for example 2m' });
    }
    const graceRaw = text(raw[SettingId.GracePeriod]);
    const graceMs = graceRaw === ''
        ? pollIntervalMs
        : parseDurationSetting(SettingId.GracePeriod, graceRaw, 'Grace period', problems);
    const timeoutMs = parseDurationSetting(SettingId.RequestTimeout, text(raw[SettingId.RequestTimeout]) || DEFAULTS.requestTimeout, 'Request timeout', problems);
    const alertOn = parseConditions(text(raw[SettingId.AlertOn]), problems);
    if (alertOn.length === 0 && !problems.some((p) => p.setting === SettingId.AlertOn)) {
        problems.push({ setting: SettingId.AlertOn, message: `Alert on is empty: choose one or more of ${ALL_CONDITIONS.join(', ')}` });
    }
    const stormRaw = raw[SettingId.StormThreshold];
    const stormThreshold = stormRaw === undefined || stormRaw === '' ? DEFAULTS.stormThreshold : Number(stormRaw);
    if (!Number.isInteger(stormThreshold) || stormThreshold < 1) {
        problems.push({ setting: SettingId.StormThreshold, message: `Storm threshold "${text(stormRaw)}" must be a whole number of 1 or more, for example 10` });
    }
    const selector = text(raw[SettingId.Selector]);
    if (selector !== '') {
        checkSelector(selector, problems);
    }
    const channel = text(raw[SettingId.Channel]).replace(/^#/, '') || DEFAULTS.channel;
    const syncRoles = list(raw[SettingId.SyncRoles] ?? DEFAULTS.syncRoles);
    const appNamespace = text(raw[SettingId.AppNamespace]);
    if (problems.length > 0 || pollIntervalMs === undefined || graceMs === undefined || timeoutMs === undefined) {
        return { problems };
    }
    return {
        problems,
        config: {
            argocd: { url, token, skipTlsVerify: raw[SettingId.SkipTlsVerify] === true, timeoutMs },
            scope: {
                projects: list(raw[SettingId.Projects]),
                ...(selector !== '' ? { selector } : {}),
                ...(appNamespace !== '' ? { appNamespace } : {}),
            },
            channel,
            pollIntervalMs,
            graceMs,
            alertOn,
            stormThreshold,
            syncRoles,
        },
    };
}
