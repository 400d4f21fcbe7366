import { parseDuration } from './duration';
import type { Translate } from './i18n/translate';
import { englishT } from './i18n/translate';
import { parseLabelSelector } from './labelSelector';
import type { Condition } from './model';
import { ALL_CONDITIONS, DEFAULT_ALERT_CONDITIONS } from './model';
import type { AutoSyncSettings } from './autoSync';
import type { RouteRule } from './routing';
import { parseAppMatchers, parseRoutes } from './routing';
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
    routes: RouteRule[];
    pollIntervalMs: number;
    graceMs: number;
    alertOn: Condition[];
    stormThreshold: number;
    syncRoles: string[];
    /** 0: reminders off. */
    reminderMs: number;
    /** How many alerting apps per run get their context (resources, commit) fetched. */
    contextFetchLimit: number;
    /** Opt-in: absent when no app is matched for automatic syncs. */
    autoSync?: AutoSyncSettings;
    /** Apps whose rollouts are posted (`deploy_feed_match`); absent: the deploy feed is off. */
    deployFeed?: RouteRule[];
    /** Who may ack; empty: anyone who can use /argo. */
    ackRoles: string[];
    /** More bad→fine flips than this within `flapWindowMs` is flapping; 0: off. */
    flapThreshold: number;
    flapWindowMs: number;
    /** An app Progressing longer than this alerts as stuck; 0: off. */
    progressingDeadlineMs: number;
}

export interface ConfigProblem {
    setting: SettingId;
    message: string;
}

export type RawSettings = Partial<Record<SettingId, unknown>>;

/** Rocket.Chat's room-scoped roles: held per room in subscriptions, never in `user.roles`. */
const ROOM_ROLES = ['owner', 'moderator', 'leader'];

export const DEFAULTS = {
    pollInterval: '2m',
    gracePeriod: '',
    alertOn: DEFAULT_ALERT_CONDITIONS.join(', '),
    stormThreshold: 10,
    syncRoles: 'admin',
    channel: 'deploys',
    requestTimeout: '20s',
    reminderInterval: '',
    contextFetchLimit: 10,
    autoSyncMaxAttempts: 3,
    ackRoles: '',
    flapThreshold: 3,
    flapWindow: '30m',
    progressingDeadline: '',
} as const;

/** Rocket.Chat's scheduler and a polite Argo CD client both want some breathing room. */
const MIN_INTERVAL_MS = 1000;
const MAX_INTERVAL_MS = 24 * 3600 * 1000;
const MAX_CONTEXT_FETCHES = 100;
/**
 * A run must finish inside Rocket.Chat's 30 s limit on a call into the app (see deadline.ts):
 * one Argo CD call may not take most of it.
 */
export const MAX_REQUEST_TIMEOUT_MS = 20 * 1000;

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

class ProblemList {
    readonly problems: ConfigProblem[] = [];

    constructor(readonly t: Translate) {}

    add(setting: SettingId, message: string): void {
        this.problems.push({ setting, message });
    }

    has(setting: SettingId): boolean {
        return this.problems.some((p) => p.setting === setting);
    }
}

function parseUrl(raw: string, p: ProblemList): string {
    const setting = SettingId.ArgoCdUrl;
    const hint = p.t('config.url.hint');
    if (raw === '') {
        p.add(setting, p.t('config.url.empty', { hint }));
        return '';
    }
    const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#\s]+)([^?#\s]*)$/i.exec(raw);
    if (!match) {
        p.add(setting, p.t('config.url.noScheme', { value: raw, hint }));
        return '';
    }
    const scheme = match[1].toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') {
        p.add(setting, p.t('config.url.scheme', { scheme, hint }));
        return '';
    }
    if (match[2].includes('@')) {
        p.add(setting, p.t('config.url.userinfo'));
        return '';
    }
    return `${scheme}://${match[2]}${match[3].replace(/\/+$/, '')}`;
}

type DurationLabel = 'config.label.pollInterval' | 'config.label.grace' | 'config.label.timeout' | 'config.label.reminder' | 'config.label.backoff'
    | 'config.label.flapWindow' | 'config.label.progressingDeadline';

function parseDurationSetting(setting: SettingId, raw: string, label: DurationLabel, p: ProblemList): number | undefined {
    const parsed = parseDuration(raw, p.t);
    if (!parsed.ok) {
        p.add(setting, p.t('config.duration', { label: p.t(label), problem: parsed.error }));
        return undefined;
    }
    return parsed.value;
}

function parseConditions(raw: string, p: ProblemList): Condition[] {
    const wanted = list(raw === '' ? DEFAULTS.alertOn : raw);
    const byLowerName = new Map(ALL_CONDITIONS.map((c) => [c.toLowerCase(), c] as const));
    const chosen: Condition[] = [];
    for (const name of wanted) {
        const condition = byLowerName.get(name.toLowerCase().replace(/[\s_-]/g, ''));
        if (!condition) {
            p.add(SettingId.AlertOn, p.t('config.alertOn.unknown', { name, choices: ALL_CONDITIONS.join(', ') }));
        } else if (!chosen.includes(condition)) {
            chosen.push(condition);
        }
    }
    if (chosen.length === 0 && !p.has(SettingId.AlertOn)) {
        p.add(SettingId.AlertOn, p.t('config.alertOn.empty', { choices: ALL_CONDITIONS.join(', ') }));
    }
    return chosen;
}

/** Room roles match nobody (see sync_roles); said per setting. */
function roleList(raw: unknown, fallback: string, setting: SettingId, p: ProblemList): string[] {
    const roles = list(raw ?? fallback);
    for (const role of roles.filter((r) => ROOM_ROLES.includes(r.toLowerCase()))) {
        p.add(setting, p.t(setting === SettingId.AckRoles ? 'config.ackRoles.roomRole' : 'config.syncRoles.roomRole', { role }));
    }
    return roles;
}

const MAX_FLAP_THRESHOLD = 100;
const MAX_FLAP_WINDOW_MS = 24 * 3600 * 1000;
const MAX_PROGRESSING_DEADLINE_MS = 7 * 24 * 3600 * 1000;

/** Flapping and stuck rollouts: each value checked with a message that says what to enter. */
function parseNoiseSettings(raw: RawSettings, p: ProblemList): { flapThreshold?: number; flapWindowMs?: number; progressingDeadlineMs?: number } {
    const flapThreshold = parseWholeNumber(raw[SettingId.FlapThreshold], DEFAULTS.flapThreshold, 0, MAX_FLAP_THRESHOLD);
    if (flapThreshold === undefined) {
        p.add(SettingId.FlapThreshold, p.t('config.flapThreshold', { value: text(raw[SettingId.FlapThreshold]) }));
    }
    const flapWindowMs = parseDurationSetting(SettingId.FlapWindow, text(raw[SettingId.FlapWindow]) || DEFAULTS.flapWindow, 'config.label.flapWindow', p);
    if (flapWindowMs !== undefined && (flapWindowMs < 1000 || flapWindowMs > MAX_FLAP_WINDOW_MS)) {
        p.add(SettingId.FlapWindow, p.t('config.flapWindow.range'));
    }
    const deadlineRaw = text(raw[SettingId.ProgressingDeadline]);
    const progressingDeadlineMs = deadlineRaw === '' ? 0 : parseDurationSetting(SettingId.ProgressingDeadline, deadlineRaw, 'config.label.progressingDeadline', p);
    if (progressingDeadlineMs !== undefined && deadlineRaw !== '' && (progressingDeadlineMs < 1000 || progressingDeadlineMs > MAX_PROGRESSING_DEADLINE_MS)) {
        p.add(SettingId.ProgressingDeadline, p.t('config.progressingDeadline.range'));
    }
    return { flapThreshold, flapWindowMs, progressingDeadlineMs };
}

function parseWholeNumber(raw: unknown, fallback: number, min: number, max: number): number | undefined {
    const value = raw === undefined || raw === null || raw === '' ? fallback : Number(raw);
    return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

/**
 * Turns the app's settings into a validated configuration, or lists every problem, each naming
 * the setting and saying what to enter.
 */
export function parseConfig(raw: RawSettings, t: Translate = englishT): { config?: WatchConfig; problems: ConfigProblem[] } {
    const p = new ProblemList(t);
    const url = parseUrl(text(raw[SettingId.ArgoCdUrl]), p);
    const token = text(raw[SettingId.ArgoCdToken]);
    if (token === '') {
        p.add(SettingId.ArgoCdToken, t('config.token.empty'));
    } else if (/\s/.test(token)) {
        p.add(SettingId.ArgoCdToken, t('config.token.spaces'));
    }
    const pollIntervalMs = parseDurationSetting(SettingId.PollInterval, text(raw[SettingId.PollInterval]) || DEFAULTS.pollInterval, 'config.label.pollInterval', p);
    if (pollIntervalMs !== undefined && (pollIntervalMs < MIN_INTERVAL_MS || pollIntervalMs > MAX_INTERVAL_MS)) {
        p.add(SettingId.PollInterval, t('config.interval.range'));
    }
    const graceRaw = text(raw[SettingId.GracePeriod]);
    const graceMs = graceRaw === '' ? pollIntervalMs : parseDurationSetting(SettingId.GracePeriod, graceRaw, 'config.label.grace', p);
    const timeoutMs = parseDurationSetting(SettingId.RequestTimeout, text(raw[SettingId.RequestTimeout]) || DEFAULTS.requestTimeout, 'config.label.timeout', p);
    if (timeoutMs !== undefined && (timeoutMs < MIN_INTERVAL_MS || timeoutMs > MAX_REQUEST_TIMEOUT_MS)) {
        p.add(SettingId.RequestTimeout, t('config.timeout.range'));
    }
    const reminderRaw = text(raw[SettingId.ReminderInterval]);
    const reminderMs = reminderRaw === '' ? 0 : parseDurationSetting(SettingId.ReminderInterval, reminderRaw, 'config.label.reminder', p);
    const alertOn = parseConditions(text(raw[SettingId.AlertOn]), p);
    const stormThreshold = parseWholeNumber(raw[SettingId.StormThreshold], DEFAULTS.stormThreshold, 1, Number.MAX_SAFE_INTEGER);
    if (stormThreshold === undefined) {
        p.add(SettingId.StormThreshold, t('config.storm', { value: text(raw[SettingId.StormThreshold]) }));
    }
    const contextFetchLimit = parseWholeNumber(raw[SettingId.ContextFetchLimit], DEFAULTS.contextFetchLimit, 0, MAX_CONTEXT_FETCHES);
    if (contextFetchLimit === undefined) {
        p.add(SettingId.ContextFetchLimit, t('config.contextLimit', { value: text(raw[SettingId.ContextFetchLimit]) }));
    }
    const selector = text(raw[SettingId.Selector]);
    if (selector !== '') {
        const parsed = parseLabelSelector(selector);
        if (!parsed.ok) {
            p.add(SettingId.Selector, t('config.selector', { requirement: parsed.error.requirement }));
        }
    }
    const routes = parseRoutes(typeof raw[SettingId.Routes] === 'string' ? raw[SettingId.Routes] as string : '', t);
    if (!routes.ok) {
        routes.error.forEach((message) => p.add(SettingId.Routes, message));
    }
    const autoSyncRules = parseAppMatchers(typeof raw[SettingId.AutoSyncMatch] === 'string' ? raw[SettingId.AutoSyncMatch] as string : '', t);
    if (!autoSyncRules.ok) {
        autoSyncRules.error.forEach((message) => p.add(SettingId.AutoSyncMatch, message));
    }
    const deployFeedRules = parseAppMatchers(typeof raw[SettingId.DeployFeedMatch] === 'string' ? raw[SettingId.DeployFeedMatch] as string : '', t, 'deployfeed');
    if (!deployFeedRules.ok) {
        deployFeedRules.error.forEach((message) => p.add(SettingId.DeployFeedMatch, message));
    }
    const maxAttempts = parseWholeNumber(raw[SettingId.AutoSyncMaxAttempts], DEFAULTS.autoSyncMaxAttempts, 1, 10);
    if (maxAttempts === undefined) {
        p.add(SettingId.AutoSyncMaxAttempts, t('config.autosync.attempts', { value: text(raw[SettingId.AutoSyncMaxAttempts]) }));
    }
    const backoffRaw = text(raw[SettingId.AutoSyncBackoff]);
    const backoffMs = backoffRaw === '' ? pollIntervalMs : parseDurationSetting(SettingId.AutoSyncBackoff, backoffRaw, 'config.label.backoff', p);
    const channel = text(raw[SettingId.Channel]).replace(/^#/, '') || DEFAULTS.channel;
    // Rocket.Chat hands apps a user's global roles only (apps/meteor/app/apps/server/converters/
    // users.ts); room roles live in subscriptions, so naming one here would match nobody.
    const syncRoles = roleList(raw[SettingId.SyncRoles], DEFAULTS.syncRoles, SettingId.SyncRoles, p);
    const ackRoles = roleList(raw[SettingId.AckRoles], DEFAULTS.ackRoles, SettingId.AckRoles, p);
    const noise = parseNoiseSettings(raw, p);
    const appNamespace = text(raw[SettingId.AppNamespace]);
    if (p.problems.length > 0 || pollIntervalMs === undefined || graceMs === undefined || timeoutMs === undefined
        || reminderMs === undefined || stormThreshold === undefined || contextFetchLimit === undefined || !routes.ok
        || !autoSyncRules.ok || !deployFeedRules.ok || maxAttempts === undefined || backoffMs === undefined
        || noise.flapThreshold === undefined || noise.flapWindowMs === undefined || noise.progressingDeadlineMs === undefined) {
        return { problems: p.problems };
    }
    return {
        problems: [],
        config: {
            argocd: { url, token, skipTlsVerify: raw[SettingId.SkipTlsVerify] === true, timeoutMs },
            scope: {
                projects: list(raw[SettingId.Projects]),
                ...(selector !== '' ? { selector } : {}),
                ...(appNamespace !== '' ? { appNamespace } : {}),
            },
            channel,
            routes: routes.value,
            pollIntervalMs,
            graceMs,
            alertOn,
            stormThreshold,
            syncRoles,
            reminderMs,
            contextFetchLimit,
            ackRoles,
            flapThreshold: noise.flapThreshold,
            flapWindowMs: noise.flapWindowMs,
            progressingDeadlineMs: noise.progressingDeadlineMs,
            ...(deployFeedRules.value.length > 0 ? { deployFeed: deployFeedRules.value } : {}),
            ...(autoSyncRules.value.length > 0 ? { autoSync: { rules: autoSyncRules.value, maxAttempts, backoffMs, graceMs } } : {}),
        },
    };
}
