import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';
import { DEFAULTS } from './core/config';
import { SettingId } from './core/settingIds';

function setting(id: SettingId, type: SettingType, packageValue: unknown, extra: Partial<ISetting> = {}): ISetting {
    return { id, type, packageValue, required: false, public: false, i18nLabel: id, i18nDescription: `${id}_description`, ...extra };
}

/** The app's settings page is its whole configuration; every value is validated on each run. */
export const SETTINGS: ISetting[] = [
    setting(SettingId.ArgoCdUrl, SettingType.STRING, '', { required: true, section: 'connection', i18nPlaceholder: `${SettingId.ArgoCdUrl}_placeholder` }),
    setting(SettingId.ArgoCdToken, SettingType.PASSWORD, '', { required: true, section: 'connection' }),
    setting(SettingId.SkipTlsVerify, SettingType.BOOLEAN, false, { section: 'connection' }),
    setting(SettingId.RequestTimeout, SettingType.STRING, DEFAULTS.requestTimeout, { section: 'connection' }),
    setting(SettingId.Projects, SettingType.STRING, '', { section: 'scope' }),
    setting(SettingId.Selector, SettingType.STRING, '', { section: 'scope' }),
    setting(SettingId.AppNamespace, SettingType.STRING, '', { section: 'scope' }),
    setting(SettingId.Channel, SettingType.STRING, DEFAULTS.channel, { required: true, section: 'alerts' }),
    setting(SettingId.PollInterval, SettingType.STRING, DEFAULTS.pollInterval, { section: 'alerts' }),
    setting(SettingId.GracePeriod, SettingType.STRING, DEFAULTS.gracePeriod, { section: 'alerts' }),
    setting(SettingId.AlertOn, SettingType.STRING, DEFAULTS.alertOn, { section: 'alerts' }),
    setting(SettingId.StormThreshold, SettingType.NUMBER, DEFAULTS.stormThreshold, { section: 'alerts' }),
    setting(SettingId.Routes, SettingType.CODE, '', { section: 'alerts', multiline: true }),
    setting(SettingId.DeployFeedMatch, SettingType.CODE, '', { section: 'alerts', multiline: true }),
    setting(SettingId.ReminderInterval, SettingType.STRING, DEFAULTS.reminderInterval, { section: 'alerts' }),
    setting(SettingId.ContextFetchLimit, SettingType.NUMBER, DEFAULTS.contextFetchLimit, { section: 'alerts' }),
    setting(SettingId.FlapThreshold, SettingType.NUMBER, DEFAULTS.flapThreshold, { section: 'alerts' }),
    setting(SettingId.FlapWindow, SettingType.STRING, DEFAULTS.flapWindow, { section: 'alerts' }),
    setting(SettingId.ProgressingDeadline, SettingType.STRING, DEFAULTS.progressingDeadline, { section: 'alerts' }),
    setting(SettingId.SyncRoles, SettingType.STRING, DEFAULTS.syncRoles, { section: 'commands' }),
    setting(SettingId.AckRoles, SettingType.STRING, DEFAULTS.ackRoles, { section: 'commands' }),
    setting(SettingId.AutoSyncMatch, SettingType.CODE, '', { section: 'remediation', multiline: true }),
    setting(SettingId.AutoSyncMaxAttempts, SettingType.NUMBER, DEFAULTS.autoSyncMaxAttempts, { section: 'remediation' }),
    setting(SettingId.AutoSyncBackoff, SettingType.STRING, '', { section: 'remediation' }),
    setting(SettingId.WebhookSecret, SettingType.PASSWORD, '', { section: 'webhook' }),
];
