/** Scheduler job ids: the engine registers them as `<id>_<appId>`. */
export enum JobId {
    Poll = 'argo-drift-poll',
}
