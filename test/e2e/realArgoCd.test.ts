import { SettingId } from '../../src/core/settingIds';
import { ActionId } from '../../src/ui/actionIds';
import { buttonValue, fleetApp, startWorld } from './world';
import type { World } from './world';

// The shapes and refusals of a real Argo CD (2.14–3.6), through the test server, end to end.

const COMMIT_OLD = '0f9e8d7c6b5a49382716051a2b3c4d5e6f708192';
let world: World;

beforeAll(async () => {
    world = await startWorld({
        fleet: [
            fleetApp('auto-empty', { autoSync: 'empty', history: [{ id: 1, revision: COMMIT_OLD, deployedAt: '2026-12-01T10:00:00Z' }] }),
            fleetApp('auto-off', { autoSync: 'disabled', history: [{ id: 1, revision: COMMIT_OLD, deployedAt: '2026-12-01T10:00:00Z' }, { id: 2, revision: 'c'.repeat(40), deployedAt: '2026-12-02T10:00:00Z' }] }),
            fleetApp('nginx', { chart: 'nginx', repoURL: 'https://charts.example.com', targetRevision: '1.4.2', revision: '1.4.2' }),
            fleetApp('kustom'),
            fleetApp('pruner'),
            fleetApp('retrying', { project: 'auto' }),
            fleetApp('leaving'),
            fleetApp('gap'),
        ],
        settings: { [SettingId.AutoSyncMatch]: 'project:auto', [SettingId.AutoSyncBackoff]: '0s' },
    });
    await world.poll();
    world.newPosts();
});

afterAll(async () => {
    await world?.stop();
});

function posts(name: string): string[] {
    return world.newPosts().filter((text) => text.includes(`\`${name}\``));
}

function lastNotification(username: string) {
    const mine = world.chat.notifications(username);
    return mine[mine.length - 1];
}

test('`automated: {}` is auto-sync on: /argo app marks it, and a rollback is refused before anything reaches Argo CD', async () => {
    await world.chat.typeCommand('admin', 'deploys', '/argo app auto-empty');
    expect(world.lastReply('admin')).toMatch(/^\*`auto-empty`\*.*auto-sync/);
    world.argo.clearRequests();
    await world.chat.typeCommand('admin', 'deploys', '/argo rollback auto-empty 1');
    expect(world.lastReply('admin')).toMatch(/refuses to roll back `auto-empty` while auto-sync is on/);
    expect(world.argo.requests().filter((r) => r.method === 'POST')).toEqual([]);
});

test('`automated: {enabled: false}` is auto-sync off: the rollback Argo CD would run goes through', async () => {
    await world.chat.typeCommand('admin', 'deploys', '/argo app auto-off');
    expect(world.lastReply('admin')).not.toMatch(/auto-sync/);
    await world.chat.typeCommand('admin', 'deploys', '/argo rollback auto-off 1');
    const confirmation = lastNotification('admin');
    expect(confirmation.text).toMatch(/^Roll back `auto-off` to deployment `1`/);
    world.argo.clearRequests();
    await world.chat.clickButton('admin', { messageId: confirmation.id, actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) });
    expect(world.argo.requests().filter((r) => r.method === 'POST').map((r) => [r.path, r.status])).toEqual([['/api/v1/applications/auto-off/rollback', 200]]);
});

test('a Helm app alerts with its chart version and no commit lookup (Argo CD answers that with 500)', async () => {
    world.argo.setApp('nginx', { health: 'Degraded' });
    world.argo.clearRequests();
    await world.poll();
    const [alert] = posts('nginx');
    expect(alert).toMatch(/is Degraded\nsync `Synced` · health `Degraded` · revision `1\.4\.2`/);
    const lookups = () => world.argo.requests().filter((r) => r.path.startsWith('/api/v1/applications/nginx/revisions/'));
    expect(lookups()).toEqual([]);
    await world.chat.typeCommand('admin', 'deploys', '/argo app nginx');
    expect(world.lastReply('admin')).toContain('Revision `1.4.2` · chart `nginx`');
    expect(lookups()).toEqual([]);
});

test('manifests that cannot be generated (sync Unknown, ComparisonError) alert by default with Argo CD\'s reason', async () => {
    world.argo.breakManifests('kustom', 'kustomize build failed: missing Resource metadata');
    await world.poll();
    expect(posts('kustom')).toEqual([expect.stringMatching(/^:red_circle: `kustom` is unable to generate its manifests\n[^\n]*\n`ComparisonError`: `Failed to load target state: .*kustomize build failed: missing Resource metadata`/)]);
    world.argo.fixManifests('kustom');
    await world.poll();
    expect(posts('kustom')).toEqual([expect.stringMatching(/^:white_check_mark: `kustom` is Synced and Healthy again/)]);
});

test('a failed sync lists the resource that failed, never one whose prune was skipped', async () => {
    world.argo.setApp('pruner', {
        sync: 'OutOfSync',
        operation: {
            phase: 'Failed', message: 'one or more objects failed to apply', finishedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
            resources: [
                { kind: 'ConfigMap', name: 'legacy', status: 'PruneSkipped', message: 'ignored (requires pruning)' },
                { group: 'apps', kind: 'Deployment', namespace: 'pruner', name: 'pruner', status: 'SyncFailed', message: 'admission webhook denied the request' },
            ],
        },
    });
    await world.poll();
    const [alert] = posts('pruner');
    expect(alert).toMatch(/failing resources: `Deployment` `pruner\/pruner` `SyncFailed`/);
    expect(alert).not.toContain('legacy');
});

test('auto-sync meets a repo-server outage (400 FailedPrecondition): it retries with the backoff instead of giving up', async () => {
    world.argo.failRevisionResolution({ reason: 'repo-server-down', times: 1 });
    world.argo.setApp('retrying', { sync: 'OutOfSync' });
    await world.poll();
    await world.poll();
    const syncs = world.argo.requests().filter((r) => r.method === 'POST' && r.path === '/api/v1/applications/retrying/sync').map((r) => r.status);
    expect(syncs).toEqual([400, 200]);
    const thread = world.chat.messages('deploys').map((m) => m.text).filter((t) => t.includes('`retrying`'));
    expect(thread.some((t) => /Not retrying|gave up/.test(t))).toBe(false);
    expect(thread.filter((t) => /Auto-sync attempt 2\/3/.test(t))).toHaveLength(1);
});

test('an app being deleted is reported once as being deleted, never as Missing or OutOfSync, then as gone', async () => {
    world.newPosts();
    world.argo.startDeletion('leaving');
    world.argo.setApp('leaving', { sync: 'OutOfSync', health: 'Missing' });
    await world.poll();
    await world.poll();
    expect(posts('leaving')).toEqual([expect.stringMatching(/^:large_blue_circle: `leaving` is being deleted\n(.|\n)*deletion requested `\d{4}-/)]);
    world.argo.finishDeletion('leaving');
    await world.poll();
    expect(posts('leaving')).toEqual([expect.stringMatching(/`leaving`.*no longer/)]);
});

test('the gap after a sync is accepted (operationState cleared) neither closes the incident nor reopens it', async () => {
    const failed = { phase: 'Failed' as const, message: 'one or more objects failed to apply', finishedAt: '2026-12-04T10:00:00Z' };
    world.argo.setApp('gap', { operation: failed });
    await world.poll();
    expect(posts('gap')).toEqual([expect.stringMatching(/^:red_circle: `gap` is failing to sync/)]);
    // Someone syncs; the controller picks it up only after two more list calls, and fails again.
    world.argo.syncOutcome('gap', { phase: 'Failed', message: 'one or more objects failed to apply', pickUpAfter: 2, after: 1 });
    await world.chat.typeCommand('admin', 'deploys', '/argo sync gap');
    const confirmation = lastNotification('admin');
    await world.chat.clickButton('admin', { messageId: confirmation.id, actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) });
    world.newPosts();
    for (let i = 0; i < 4; i++) {
        await world.poll();
    }
    expect(posts('gap')).toEqual([]);
});

test('a multi-source app (chart first, values from Git) alerts with the Git source\'s commit, looked up with its sourceIndex', async () => {
    const gitRevision = 'e'.repeat(40);
    world.argo.addApp(fleetApp('shop', {
        sources: [
            { repoURL: 'https://charts.example.com', chart: 'shop', targetRevision: '2.0.1' },
            { repoURL: 'https://github.com/example-org/values.git', path: 'shop', targetRevision: 'main' },
        ],
        revisions: ['2.0.1', gitRevision],
        revisionMetadata: { [gitRevision]: { author: 'Ravi <ravi@example.com>', date: '2026-12-04T09:00:00Z', message: 'shop: raise replicas' } },
    }));
    await world.poll();
    world.newPosts();
    world.argo.setApp('shop', { health: 'Degraded' });
    world.argo.clearRequests();
    await world.poll();
    expect(posts('shop')).toEqual([expect.stringMatching(/revision `2\.0\.1`(.|\n)*commit `eeeeeee` by `Ravi <ravi@​?example\.com>`: `shop: raise replicas`/)]);
    const lookups = world.argo.requests().filter((r) => r.path.includes('/revisions/'));
    expect(lookups.map((r) => [r.path, r.query.sourceIndex, r.status])).toEqual([[`/api/v1/applications/shop/revisions/${gitRevision}/metadata`, ['1'], 200]]);
});

test('a resource missing from the cluster shows in the alert as a Missing node of the resource tree', async () => {
    world.argo.addApp(fleetApp('partial'));
    await world.poll();
    world.newPosts();
    world.argo.setResourcesMissing('partial', (r) => r.kind === 'Service');
    world.argo.setApp('partial', { health: 'Degraded' });
    await world.poll();
    const [alert] = posts('partial');
    expect(alert).toMatch(/unhealthy resources: .*`Service` `partial\/partial` `Missing`/);
});
