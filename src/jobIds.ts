/** Scheduler job ids: the engine registers them as `<id>_<appId>`. */
export enum JobId {
    Poll = 'argo-drift-poll',
    /** A one-off check of apps a webhook named, once their grace period has passed. */
    Recheck = 'argo-drift-recheck',
    /** Scheduled by every instance's onEnable; one of them (the start-up lease) polls at once and tidies the poll job. */
    Start = 'argo-drift-start',
}
