/**
 * Ids for runs and confirmations. Not secrets: a confirmation is authorised against its stored
 * requester, and a run id only has to differ from a rival run's.
 */
export function newId(): string {
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 10)}`;
}
