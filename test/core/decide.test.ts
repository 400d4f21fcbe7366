import type { AppState } from '../../src/core/model';
import { app, failed, healthy, MINUTE, Scenario } from './scenario';

type Step = { apps: AppState[] | 'unreachable'; after?: number; expect: string[] };

const unreachable = { ok: false as const, cause: 'connection refused' };

function run(steps: Step[], settings = {}): string[][] {
    const s = new Scenario(settings);
    return steps.map((step) => s.kinds(s.poll(step.apps === 'unreachable' ? unreachable : step.apps, step.after ?? 2)));
}

const cases: Array<[string, Step[]]> = [
    ['first run posts one baseline and no per-app alert', [
        { apps: [healthy('a'), app('b', 'OutOfSync')], expect: ['baseline'] },
        { apps: [healthy('a'), app('b', 'OutOfSync')], expect: [] },
    ]],
    ['an app that crosses into OutOfSync alerts only once the grace period has passed', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: [app('a', 'OutOfSync')], expect: [] },
        { apps: [app('a', 'OutOfSync')], expect: ['alert:a:OutOfSync'] },
    ]],
    ['an app bad for less than the grace period that recovers gets nothing at all', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: [app('a', 'OutOfSync', 'Progressing')], expect: [] },
        { apps: [healthy('a')], expect: [] },
        { apps: [healthy('a')], expect: [] },
    ]],
    ['an app that stays bad is not repeated', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: [app('a', 'Synced', 'Degraded')], expect: [] },
        { apps: [app('a', 'Synced', 'Degraded')], expect: ['alert:a:Degraded'] },
        { apps: [app('a', 'Synced', 'Degraded')], expect: [] },
        { apps: [app('a', 'Synced', 'Degraded')], after: 600, expect: [] },
    ]],
    ['an app that gets worse alerts once more, after its own grace', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: [app('a', 'OutOfSync')], expect: [] },
        { apps: [app('a', 'OutOfSync')], expect: ['alert:a:OutOfSync'] },
        { apps: [app('a', 'OutOfSync', 'Degraded')], expect: [] },
        { apps: [app('a', 'OutOfSync', 'Degraded')], expect: ['alert:a:Degraded:worse'] },
        { apps: [app('a', 'OutOfSync', 'Degraded')], expect: [] },
    ]],
    ['recovery: one line when Synced and Healthy again after an alert', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: [app('a', 'Synced', 'Missing')], expect: [] },
        { apps: [app('a', 'Synced', 'Missing')], expect: ['alert:a:Missing'] },
        { apps: [healthy('a')], expect: ['recovery:a'] },
        { apps: [healthy('a')], expect: [] },
    ]],
    ['no recovery while the app is only Progressing: it must be Synced and Healthy', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: [app('a', 'Synced', 'Degraded')], expect: [] },
        { apps: [app('a', 'Synced', 'Degraded')], expect: ['alert:a:Degraded'] },
        { apps: [app('a', 'Synced', 'Progressing')], expect: [] },
        { apps: [healthy('a')], expect: ['recovery:a'] },
    ]],
    ['a failed sync alerts; Synced and Healthy with the operation still Failed is not a recovery', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: [failed('a')], expect: [] },
        { apps: [failed('a')], expect: ['alert:a:SyncFailed+OutOfSync'] },
        { apps: [app('a', 'Synced', 'Healthy', { operationPhase: 'Failed' })], expect: [] },
        { apps: [app('a', 'Synced', 'Healthy', { operationPhase: 'Succeeded' })], expect: ['recovery:a'] },
    ]],
    ['an Error phase counts as a failed sync', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: [app('a', 'Synced', 'Healthy', { operationPhase: 'Error' })], expect: [] },
        { apps: [app('a', 'Synced', 'Healthy', { operationPhase: 'Error' })], expect: ['alert:a:SyncFailed'] },
    ]],
    ['apps bad at the baseline recover with one line and are not alerted again', [
        { apps: [app('a', 'Synced', 'Degraded')], expect: ['baseline'] },
        { apps: [app('a', 'Synced', 'Degraded')], expect: [] },
        { apps: [healthy('a')], expect: ['recovery:a'] },
    ]],
    ['a condition that clears and comes back alerts again', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: [app('a', 'OutOfSync', 'Degraded')], expect: [] },
        { apps: [app('a', 'OutOfSync', 'Degraded')], expect: ['alert:a:Degraded+OutOfSync'] },
        { apps: [app('a', 'Synced', 'Degraded')], expect: [] },
        { apps: [app('a', 'OutOfSync', 'Degraded')], expect: [] },
        { apps: [app('a', 'OutOfSync', 'Degraded')], expect: ['alert:a:OutOfSync:worse'] },
    ]],
    ['a new app that appears bad is alerted after the grace period like any other', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: [healthy('a'), app('b', 'OutOfSync')], expect: [] },
        { apps: [healthy('a'), app('b', 'OutOfSync')], expect: ['alert:b:OutOfSync'] },
    ]],
    ['an app that leaves the list with an open alert is noted once; one without is dropped silently', [
        { apps: [healthy('a'), healthy('b'), healthy('c'), healthy('d'), healthy('e')], expect: ['baseline'] },
        { apps: [app('a', 'OutOfSync'), healthy('b'), healthy('c'), healthy('d'), healthy('e')], expect: [] },
        { apps: [app('a', 'OutOfSync'), healthy('b'), healthy('c'), healthy('d'), healthy('e')], expect: ['alert:a:OutOfSync'] },
        { apps: [healthy('c'), healthy('d'), healthy('e')], expect: ['gone'] },
        { apps: [healthy('c'), healthy('d'), healthy('e')], expect: [] },
    ]],
    ['Unknown and Suspended do not alert by default', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: [app('a', 'Unknown', 'Suspended')], expect: [] },
        { apps: [app('a', 'Unknown', 'Suspended')], expect: [] },
    ]],
    ['unreachable: no app alerts, one outage message after the grace period, one when it answers again', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: 'unreachable', expect: [] },
        { apps: 'unreachable', expect: ['argo-down'] },
        { apps: 'unreachable', expect: [] },
        { apps: 'unreachable', after: 60, expect: [] },
        { apps: [healthy('a')], expect: ['argo-up'] },
        { apps: [healthy('a')], expect: [] },
    ]],
    ['unreachable for less than the grace period: nothing at all', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: 'unreachable', expect: [] },
        { apps: [healthy('a')], expect: [] },
    ]],
    ['an app that went bad during an outage is alerted once Argo CD answers', [
        { apps: [healthy('a')], expect: ['baseline'] },
        { apps: 'unreachable', expect: [] },
        { apps: 'unreachable', expect: ['argo-down'] },
        { apps: [app('a', 'Synced', 'Degraded')], expect: ['argo-up'] },
        { apps: [app('a', 'Synced', 'Degraded')], expect: ['alert:a:Degraded'] },
    ]],
    ['unreachable before the first read: no baseline until it answers', [
        { apps: 'unreachable', expect: [] },
        { apps: 'unreachable', expect: ['argo-down'] },
        { apps: [healthy('a')], expect: ['argo-up', 'baseline'] },
    ]],
];

describe('decide: the watch loop rules', () => {
    it.each(cases)('%s', (_name, steps) => {
        expect(run(steps)).toEqual(steps.map((step) => step.expect));
    });

    it('respects a custom grace period: a longer grace waits for more polls', () => {
        const steps: Step[] = [
            { apps: [healthy('a')], expect: ['baseline'] },
            { apps: [app('a', 'OutOfSync')], expect: [] },
            { apps: [app('a', 'OutOfSync')], expect: [] },
            { apps: [app('a', 'OutOfSync')], expect: [] },
            { apps: [app('a', 'OutOfSync')], expect: ['alert:a:OutOfSync'] },
        ];
        expect(run(steps, { graceMs: 6 * MINUTE })).toEqual(steps.map((s) => s.expect));
    });

    it('alerts on Unknown and Suspended when chosen', () => {
        const steps: Step[] = [
            { apps: [healthy('a')], expect: ['baseline'] },
            { apps: [app('a', 'Unknown', 'Suspended')], expect: [] },
            { apps: [app('a', 'Unknown', 'Suspended')], expect: ['alert:a:Unknown+Suspended'] },
        ];
        expect(run(steps, { alertOn: ['Unknown', 'Suspended'] })).toEqual(steps.map((s) => s.expect));
    });
});
