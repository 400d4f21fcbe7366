import type { AppState, Condition } from './model';

/** The bad conditions an app is in right now, limited to the ones the team chose to alert on. */
export function conditionsOf(app: AppState, alertOn: ReadonlySet<Condition>): Condition[] {
    if (app.deleting) {
        // An app on its way out is OutOfSync or Missing as a matter of course: that is not news.
        return ['Deleting'];
    }
    const found: Condition[] = [];
    const add = (condition: Condition, present: boolean): void => {
        if (present && alertOn.has(condition)) {
            found.push(condition);
        }
    };
    add('SyncFailed', app.operationPhase === 'Failed' || app.operationPhase === 'Error');
    add('Degraded', app.health === 'Degraded');
    add('Missing', app.health === 'Missing');
    add('OutOfSync', app.sync === 'OutOfSync');
    const comparisonFailed = app.sync === 'Unknown' && !app.syncNotUnderstood;
    add('ComparisonError', comparisonFailed);
    // Sync Unknown is a ComparisonError when the team alerts on those; `Unknown` keeps the rest.
    add('Unknown', app.health === 'Unknown' || (app.sync === 'Unknown' && (!comparisonFailed || !alertOn.has('ComparisonError'))));
    add('Suspended', app.health === 'Suspended');
    return found;
}

/** Synced, Healthy and not left with a failed operation: the only state that closes an incident. */
export function isRecovered(app: AppState): boolean {
    return !app.operationPending
        && !app.deleting
        && app.sync === 'Synced'
        && app.health === 'Healthy'
        && app.operationPhase !== 'Failed'
        && app.operationPhase !== 'Error';
}

const SEVERITY: Record<Condition, number> = {
    SyncFailed: 3, Degraded: 3, Missing: 3, ComparisonError: 3, OutOfSync: 2, Stuck: 2, Unknown: 1, Suspended: 1, Deleting: 1,
};

export type Severity = 'critical' | 'warning' | 'notice';

export function severityOf(conditions: readonly Condition[]): Severity {
    const top = Math.max(0, ...conditions.map((c) => SEVERITY[c]));
    return top >= 3 ? 'critical' : top === 2 ? 'warning' : 'notice';
}
