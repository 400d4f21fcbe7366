/** What the full Application object adds to an alert: the list's `fields` cannot carry these. */
export interface AlertDetails {
    revision?: string;
    operationMessage?: string;
}

export function alertDetailsOf(application: unknown): AlertDetails {
    const status = (application as { status?: { sync?: { revision?: unknown; revisions?: unknown }; operationState?: { message?: unknown } } })?.status;
    const details: AlertDetails = {};
    const revisions = Array.isArray(status?.sync?.revisions) ? status?.sync?.revisions as unknown[] : [];
    const revision = typeof status?.sync?.revision === 'string' && status.sync.revision !== '' ? status.sync.revision : revisions.find((r) => typeof r === 'string');
    if (typeof revision === 'string') {
        details.revision = revision;
    }
    const message = status?.operationState?.message;
    if (typeof message === 'string' && message !== '') {
        details.operationMessage = message;
    }
    return details;
}
