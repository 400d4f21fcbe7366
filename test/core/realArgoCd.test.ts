import { alertDetailsOf } from '../../src/core/alertDetails';
import { failureFromStatus } from '../../src/core/argoFailure';
import { isAutomatedSyncEnabled, readAppDetails } from '../../src/core/commands/argoObjects';
import { conditionsOf } from '../../src/core/conditions';
import { DEFAULT_ALERT_CONDITIONS } from '../../src/core/model';
import { parseApplicationList } from '../../src/core/parseApplications';
import { isCommitSha, shortRevision } from '../../src/core/revision';
import type { AppRecord } from '../../src/core/snapshot';
import { decodeRecord, encodeRecord } from '../../src/core/recordCodec';
import { rosterCodec } from '../../src/core/roster';
import { parseWebhookCall } from '../../src/core/webhook';
import { app, Scenario } from './scenario';

// How the app reads the shapes a real Argo CD (2.14–3.6) sends, rather than the friendliest ones.

describe('auto-sync as IsAutomatedSyncEnabled decides it (pkg/apis/application/v1alpha1/types.go)', () => {
    test.each([
        ['automated: {} (the usual way to switch it on)', { automated: {} }, true],
        ['automated with selfHeal', { automated: { prune: true, selfHeal: true } }, true],
        ['automated: {enabled: false} (3.1+)', { automated: { enabled: false } }, false],
        ['automated: {enabled: true}', { automated: { enabled: true } }, true],
        ['no automated', { syncOptions: ['CreateNamespace=true'] }, false],
        ['automated: null', { automated: null }, false],
        ['no sync policy', undefined, false],
    ])('%s', (_name, syncPolicy, on) => {
        expect(isAutomatedSyncEnabled(syncPolicy)).toBe(on);
        expect(readAppDetails({ metadata: { name: 'a' }, spec: { syncPolicy } })?.autoSync).toBe(on);
    });
});

test('only SyncFailed or a failed hook counts as a failed resource; PruneSkipped is success', () => {
    const details = alertDetailsOf({
        status: {
            operationState: {
                phase: 'Failed',
                syncResult: {
                    resources: [
                        { kind: 'ConfigMap', name: 'old', status: 'PruneSkipped', message: 'ignored (requires pruning)' },
                        { kind: 'Service', name: 'web', status: 'Synced' },
                        { kind: 'Secret', name: 'gone', status: 'Pruned' },
                        { kind: 'Deployment', name: 'web', status: 'SyncFailed', message: 'invalid image' },
                        { kind: 'Job', name: 'migrate', status: 'Synced', hookPhase: 'Failed' },
                    ],
                },
            },
        },
    });
    expect(details.failingResources?.map((r) => `${r.kind}/${r.name}`)).toEqual(['Deployment/web', 'Job/migrate']);
});

describe('revisions that are not commits (reposerver/repository/repository.go answers 500 for their metadata)', () => {
    test.each([
        ['a Git commit', 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', true, 'a1b2c3d'],
        ['a SHA-256 Git commit', 'ab'.repeat(32), true, 'ababab' + 'a'],
        ['a Helm chart version', '1.4.2', false, '1.4.2'],
        ['an OCI digest', `sha256:${'f'.repeat(64)}`, false, `sha256:${'f'.repeat(12)}`],
        ['a branch name', 'main', false, 'main'],
    ])('%s', (_name, revision, commit, shown) => {
        expect(isCommitSha(revision)).toBe(commit);
        expect(shortRevision(revision)).toBe(shown);
    });
});

describe('broken manifests: sync Unknown with a ComparisonError', () => {
    test('alert by default as ComparisonError, not as Unknown', () => {
        expect(conditionsOf(app('a', 'Unknown', 'Healthy'), new Set(DEFAULT_ALERT_CONDITIONS))).toEqual(['ComparisonError']);
    });
    test('a team that alerts on Unknown only still hears of it', () => {
        expect(conditionsOf(app('a', 'Unknown', 'Healthy'), new Set(['Unknown'] as const))).toEqual(['Unknown']);
    });
    test('the alert carries the condition with Argo CD\'s reason', () => {
        const details = alertDetailsOf({ status: { conditions: [
            { type: 'ComparisonError', message: 'Failed to load target state: kustomize build failed' },
            { type: 'SharedResourceWarning', message: 'shared' },
        ] } });
        expect(details.errorConditions).toEqual([{ type: 'ComparisonError', message: 'Failed to load target state: kustomize build failed' }]);
    });
});

describe('an app being deleted (metadata.deletionTimestamp)', () => {
    const list = (deletionTimestamp: unknown) => parseApplicationList({ items: [{
        metadata: { name: 'web', namespace: 'argocd', deletionTimestamp },
        status: { sync: { status: 'OutOfSync' }, health: { status: 'Missing' } },
    }] });

    const first = (parsed: ReturnType<typeof list>) => (parsed.ok ? parsed.value.apps[0] : undefined);

    test('is read from the list, and `null` (what `fields` sends for others) is not deleting', () => {
        expect(first(list('2026-12-04T10:00:00Z'))?.deleting).toBe(true);
        expect(first(list(null))?.deleting).toBeUndefined();
    });

    test('its record is stored and read back like any other', () => {
        const s = new Scenario();
        s.poll([app('web')]);
        s.poll([app('web', 'OutOfSync', 'Missing', { deleting: true })]);
        s.poll([app('web', 'OutOfSync', 'Missing', { deleting: true })]);
        const record = s.snapshot?.apps['argocd/web'];
        expect(record?.notified).toEqual(['Deleting']);
        const shard = { shard: 0, rev: 1, apps: { 'argocd/web': record as AppRecord } };
        expect(decodeRecord(rosterCodec, JSON.parse(JSON.stringify(encodeRecord(rosterCodec, shard))))).toEqual({ ok: true, value: shard });
    });

    test('is reported once as being deleted, never as Missing or OutOfSync, then noted when it is gone', () => {
        const s = new Scenario();
        s.poll([app('web')]);
        const deleting = app('web', 'OutOfSync', 'Missing', { deleting: true });
        expect(s.kinds(s.poll([deleting]))).toEqual([]);
        expect(s.kinds(s.poll([deleting]))).toEqual(['alert:web:Deleting']);
        expect(s.kinds(s.poll([deleting], 60))).toEqual([]);
        expect(s.kinds(s.poll([]))).toEqual(['gone']);
    });
});

describe('the gap after a sync is accepted: operationState cleared, operation set', () => {
    test('is read from the list as an operation pending', () => {
        const parsed = parseApplicationList({ items: [{
            metadata: { name: 'web' }, status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } }, operation: { sync: { revision: 'abc' } },
        }] });
        expect(parsed.ok && parsed.value.apps[0].operationPending).toBe(true);
    });

    test('neither closes a failed-sync incident nor reopens it', () => {
        const s = new Scenario();
        s.poll([app('web')]);
        const failedSync = app('web', 'Synced', 'Healthy', { operationPhase: 'Failed' });
        s.poll([failedSync]);
        expect(s.kinds(s.poll([failedSync]))).toEqual(['alert:web:SyncFailed']);
        // A retry was accepted: Argo CD cleared operationState until the controller picks it up.
        expect(s.kinds(s.poll([app('web', 'Synced', 'Healthy', { operationPending: true })]))).toEqual([]);
        expect(s.kinds(s.poll([app('web', 'Synced', 'Healthy', { operationPending: true, operationPhase: 'Running' })]))).toEqual([]);
        // It failed again: still the same incident, nothing new.
        expect(s.kinds(s.poll([failedSync]))).toEqual([]);
        expect(s.kinds(s.poll([app('web', 'Synced', 'Healthy', { operationPhase: 'Succeeded' })]))).toEqual(['recovery:web']);
    });
});

describe('the webhook call', () => {
    test('names the app in a JSON body', () => {
        expect(parseWebhookCall({ app: 'web', namespace: 'team-a' })).toEqual({ ok: true, value: [{ name: 'web', namespace: 'team-a' }] });
    });
    test('or, without a body, in query parameters', () => {
        expect(parseWebhookCall({}, { app: 'web', namespace: 'team-a' })).toEqual({ ok: true, value: [{ name: 'web', namespace: 'team-a' }] });
    });
    test('an empty body (JSON sent without Content-Type, parsed by nothing) says what to send', () => {
        const call = parseWebhookCall({}, {});
        expect(call.ok).toBe(false);
        expect(!call.ok && call.error).toMatch(/Content-Type: application\/json/);
    });
});

test('Argo CD\'s gRPC code is kept: FailedPrecondition (9) tells a passing repo problem from a refusal', () => {
    const body = { error: 'error resolving repo revision: rpc error: code = Unavailable', code: 9, message: 'error resolving repo revision: rpc error: code = Unavailable' };
    expect(failureFromStatus(400, body, JSON.stringify(body))).toMatchObject({ kind: 'refused', grpcCode: 9 });
});

test('/argo app shows a Helm app\'s chart and version as such', async () => {
    const { renderAppDetails } = await import('../../src/core/commands/appView');
    const details = readAppDetails({
        metadata: { name: 'nginx', namespace: 'argocd' },
        spec: { project: 'web', source: { repoURL: 'https://charts.example.com', chart: 'nginx', targetRevision: '1.4.*' } },
        status: { sync: { status: 'Synced', revision: '1.4.2' }, health: { status: 'Healthy' }, sourceType: 'Helm' },
    });
    expect(details && renderAppDetails(details, { now: 0, argocdUrl: 'https://argocd.example.com' })).toContain('Revision `1.4.2` · chart `nginx`');
});

test.each([
    ['application is deleting', /being deleted/],
    ['Cannot sync to abc: auto-sync currently set to main', /only to its target revision while auto-sync is on/],
])('Argo CD\'s refusal "%s" is explained in plain words', async (text, explained) => {
    const { explainActionFailure } = await import('../../src/core/commands/refusals');
    const failure = failureFromStatus(400, { error: text, code: 9, message: text }, '');
    expect(explainActionFailure('sync', 'web', failure)).toMatch(explained);
});

test('a sync status this app does not know (a newer Argo CD) reads as Unknown, never as a ComparisonError', () => {
    const parsed = parseApplicationList({ items: [{ metadata: { name: 'web' }, status: { sync: { status: 'Reconciling' }, health: { status: 'Healthy' } } }] });
    const web = parsed.ok ? parsed.value.apps[0] : undefined;
    expect(web?.sync).toBe('Unknown');
    expect(conditionsOf(web as NonNullable<typeof web>, new Set(DEFAULT_ALERT_CONDITIONS))).toEqual([]);
    expect(conditionsOf(web as NonNullable<typeof web>, new Set(['Unknown'] as const))).toEqual(['Unknown']);
});
