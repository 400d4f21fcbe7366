import type { Scope } from './config';
import { matchesSelector, parseLabelSelector } from './labelSelector';
import type { AppState } from './model';

/**
 * Whether an app named from outside (a webhook) is one this watch covers: the same projects,
 * label selector and namespace that the list call asks Argo CD to filter by.
 */
export function inScope(app: AppState, scope: Scope): boolean {
    if (scope.projects.length > 0 && !scope.projects.includes(app.project)) {
        return false;
    }
    if (scope.appNamespace && app.namespace !== scope.appNamespace) {
        return false;
    }
    if (scope.selector) {
        const parsed = parseLabelSelector(scope.selector);
        return parsed.ok && matchesSelector(parsed.value, app.labels);
    }
    return true;
}

/** When the earliest not-yet-told condition of these apps passes its grace period, if ever. */
export function nextGraceExpiry(records: Array<{ since: Partial<Record<string, number>>; notified: string[] } | undefined>, graceMs: number): number | undefined {
    const due: number[] = [];
    for (const record of records) {
        for (const [condition, since] of Object.entries(record?.since ?? {})) {
            if (record && since !== undefined && !record.notified.includes(condition)) {
                due.push(since + graceMs);
            }
        }
    }
    return due.length > 0 ? Math.min(...due) : undefined;
}
