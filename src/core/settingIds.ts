/** Setting ids: also the i18n keys of their labels (`<id>`) and descriptions (`<id>_description`). */
export enum SettingId {
    ArgoCdUrl = 'argocd_url',
    ArgoCdToken = 'argocd_token',
    SkipTlsVerify = 'argocd_skip_tls_verify',
    Projects = 'scope_projects',
    Selector = 'scope_selector',
    AppNamespace = 'scope_app_namespace',
    Channel = 'channel',
    PollInterval = 'poll_interval',
    GracePeriod = 'grace_period',
    AlertOn = 'alert_on',
    StormThreshold = 'storm_threshold',
    SyncRoles = 'sync_roles',
    RequestTimeout = 'request_timeout',
    Routes = 'routes',
    ReminderInterval = 'reminder_interval',
    ContextFetchLimit = 'context_fetch_limit',
}
