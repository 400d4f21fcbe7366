import { SettingId } from '../../src/core/settingIds';
import { JobId } from '../../src/jobIds';
import type { SimMessage } from '../../sim/rocketchat/types';
import { fleetApp, startWorld } from './world';
import type { World } from './world';

// The deploy feed end to end: the test server's controller drives status.operationState through
// Running → Succeeded and the app's health through Progressing → Healthy (or Degraded), one list
// call per step, and the packaged app in the real engine posts and edits one message per rollout.

const SECRET = 'deploy-feed-webhook-secret';
const FLEET = Array.from({ length: 40 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
const commit = (n: number): string => `${String(n).padStart(6, '0')}a${'b'.repeat(33)}`;
const FINISHED_EARLIER = {
    operation: { phase: 'Succeeded' as const, startedAt: '2024-03-05T07:33:03Z', finishedAt: '2024-03-05T07:33:04Z', revision: commit(1), initiatedBy: { username: 'dana@example.com' } },
    history: [{ id: 0, revision: commit(1), deployStartedAt: '2024-03-05T07:33:03Z', deployedAt: '2024-03-05T07:33:04Z', initiatedBy: { username: 'dana@example.com' } }],
    revision: commit(1),
};

let world: World;

beforeAll(async () => {
    world = await startWorld({
        fleet: [
            fleetApp('web', { project: 'shop', ...FINISHED_EARLIER }),
            fleetApp('api', { project: 'shop', ...FINISHED_EARLIER }),
            fleetApp('worker', { project: 'shop', ...FINISHED_EARLIER }),
            fleetApp('mono', { project: 'shop', ...FINISHED_EARLIER }),
            fleetApp('cart', { project: 'shop', ...FINISHED_EARLIER }),
            fleetApp('intranet', { project: 'internal', ...FINISHED_EARLIER }),
            fleetApp('cache', {
                project: 'shop', chart: 'redis', repoURL: 'https://charts.example.com', targetRevision: '15.4.1', revision: '15.4.1',
                history: [{ id: 0, revision: '15.4.1', deployStartedAt: '2024-03-05T07:33:03Z', deployedAt: '2024-03-05T07:33:04Z' }],
            }),
            fleetApp('stack', {
                project: 'shop',
                sources: [{ repoURL: 'https://charts.example.com', chart: 'redis', targetRevision: '15.4.1' }, { repoURL: 'https://git.example.com/stack.git', path: 'stack', targetRevision: 'main' }],
                revisions: ['15.4.1', commit(1)],
                history: [{ id: 0, revision: '', revisions: ['15.4.1', commit(1)], deployStartedAt: '2024-03-05T07:33:03Z', deployedAt: '2024-03-05T07:33:04Z' }],
            }),
            ...FLEET.map((name) => fleetApp(name, { project: 'fleet', ...FINISHED_EARLIER })),
        ],
        settings: { [SettingId.DeployFeedMatch]: 'project:shop\nproject:fleet', [SettingId.WebhookSecret]: SECRET },
    });
    await world.poll();
    world.newPosts();
});

afterAll(async () => {
    await world?.stop();
});

function roots(): SimMessage[] {
    return world.chat.messages('deploys').filter((m) => !m.threadId);
}

/** Top-level messages that name the app. */
function rootsAbout(name: string): SimMessage[] {
    return roots().filter((m) => m.text.includes(`\`${name}\``));
}

function replies(root: SimMessage): string[] {
    return world.chat.messages('deploys').filter((m) => m.threadId === root.id).map((m) => m.text);
}

/** The one deploy message of an app, as it reads now. */
function deployMessage(name: string): SimMessage {
    const found = rootsAbout(name).filter((m) => /Deploy/.test(m.text));
    expect(found).toHaveLength(1);
    return found[0];
}

function metadataCalls(revision: string): number {
    return world.argo.requests().filter((r) => r.path.endsWith(`/revisions/${revision}/metadata`)).length;
}

test('argocd-notifications#179: rollouts that ended before the watch started (first install, baseline) post nothing', () => {
    expect(roots().filter((m) => /Deploy/.test(m.text))).toEqual([]);
});

test('argo-cd#14316 and argocd-notifications#173: one message per rollout, edited as it goes, "healthy" only once the new pods are', async () => {
    world.argo.syncOutcome('web', { phase: 'Succeeded', after: 2, health: { staleFor: 1, after: 1, status: 'Healthy' } });
    world.argo.startSync('web', { revision: commit(2) }, { username: 'ravi@example.com' });
    await world.poll();
    expect(deployMessage('web').text).toMatch(/^:arrows_counterclockwise: Deploying `web` \(project `shop`\): syncing `000002a`\nCommit by `.+`: `web: .+`\nStarted by `ravi@\u200bexample.com` at .+ UTC$/);
    await world.poll();
    // Succeeded, and Argo CD still says Healthy: the health from before the sync (not yet refreshed).
    expect(world.argo.app('web')?.health).toBe('Healthy');
    expect(deployMessage('web').text).toMatch(/^:hourglass_flowing_sand: Deploying `web` \(project `shop`\): `000002a` synced, waiting for healthy/);
    await world.poll();
    // The refresh sees the new pods starting: Progressing.
    expect(deployMessage('web').text).toMatch(/waiting for healthy/);
    await world.poll();
    const done = deployMessage('web');
    expect(done.text).toMatch(/^:rocket: Deployed `web` \(project `shop`\): `000002a` is healthy after \d+s/);
    expect(done.editCount).toBe(2);
    expect(world.argo.app('web')?.health).toBe('Healthy');
    expect(metadataCalls(commit(2))).toBe(1);
    await world.poll();
    expect(deployMessage('web').editCount).toBe(2);
});

test('argo-cd#12169: a monorepo commit that moves the app\'s revision without syncing it is not a rollout', async () => {
    world.newPosts();
    world.argo.setApp('mono', { revision: commit(3) });
    await world.poll();
    await world.poll();
    expect(world.newPosts()).toEqual([]);
});

test('#153/#409: a self-heal re-sync of the revision already running is one reply in the deploy thread, never a new message', async () => {
    const before = roots().length;
    world.argo.syncOutcome('web', { phase: 'Succeeded', after: 1 });
    world.argo.startSync('web', { revision: commit(2) });
    await world.poll();
    await world.poll();
    await world.poll();
    expect(roots()).toHaveLength(before);
    const thread = replies(deployMessage('web'));
    expect(thread).toEqual([expect.stringMatching(/^:repeat: `web` \(project `shop`\) re-synced `000002a` \(by automated sync, `\w+`\): the same revision, not a new rollout\.$/)]);
});

test('argocd-notifications#179: a restart of Rocket.Chat between the steps of a rollout neither loses nor repeats it', async () => {
    world.argo.syncOutcome('cart', { phase: 'Succeeded', after: 2, health: { after: 1, status: 'Healthy' } });
    world.argo.startSync('cart', { revision: commit(4) });
    await world.poll();
    await world.chat.restartApp();
    await world.poll();
    await world.chat.restartApp();
    await world.poll();
    const message = deployMessage('cart');
    expect(message.text).toMatch(/^:rocket: Deployed `cart`/);
    expect(message.text).toContain('Started by automated sync');
});

test('argocd-notifications#179: a restart of Argo CD\'s controller (every app re-assessed, health flapping) posts no deploys', async () => {
    world.newPosts();
    for (const name of FLEET.slice(0, 5)) world.argo.setApp(name, { health: 'Progressing' });
    await world.poll();
    for (const name of FLEET.slice(0, 5)) world.argo.setApp(name, { health: 'Healthy' });
    await world.poll();
    expect(world.newPosts().filter((text) => /Deploy/.test(text))).toEqual([]);
});

test('#153/#409: the webhook and two polls at once (two instances) see the same rollout: one message', async () => {
    world.argo.syncOutcome('intranet', { phase: 'Succeeded', after: 1 });
    world.argo.syncOutcome('api', { phase: 'Succeeded', after: 2, health: { after: 1, status: 'Healthy' } });
    world.argo.startSync('api', { revision: commit(5) });
    const push = await world.chat.callApi('argocd-webhook', { method: 'POST', headers: { 'X-Argo-Drift-Secret': SECRET }, content: { app: 'api', namespace: 'argocd' } });
    expect(push.status).toBe(202);
    await Promise.all([world.poll(), world.chat.runJob(JobId.Poll, { alongside: true }), world.chat.runJob(JobId.Recheck)]);
    await Promise.all([world.poll(), world.chat.runJob(JobId.Poll, { alongside: true })]);
    await world.poll();
    await world.poll();
    const message = deployMessage('api');
    expect(message.text).toMatch(/^:rocket: Deployed `api`/);
    expect(replies(message)).toEqual([]);
});

test('a failed rollout and its alert are one conversation: the alert is a reply in the deploy message\'s thread', async () => {
    world.argo.syncOutcome('api', { phase: 'Failed', after: 2, message: 'one or more objects failed to apply, reason: admission webhook "policy" denied the request' });
    world.argo.startSync('api', { revision: commit(6) }, { username: 'lea@example.com' });
    await world.poll();
    await world.poll();
    const failed = rootsAbout('api').filter((m) => m.text.includes('000006a'));
    expect(failed).toHaveLength(1);
    expect(failed[0].text).toMatch(/^:x: Deploy of `api` \(project `shop`\) failed: `000006a` did not sync: `one or more objects failed to apply, reason: admission webhook "policy" denied the request`/);
    expect(replies(failed[0])).toEqual([expect.stringMatching(/`api`.*failing to sync/)]);
    // No second top-level message about the failure.
    expect(rootsAbout('api').filter((m) => !/Deploy/.test(m.text))).toEqual([]);
});

test('a rollout that syncs but ends Degraded says so with the reason, and its alert is in the same thread', async () => {
    world.argo.syncOutcome('worker', { phase: 'Succeeded', after: 2, health: { after: 1, status: 'Degraded', message: 'Deployment "worker" exceeded its progress deadline' } });
    world.argo.startSync('worker', { revision: commit(7) });
    await world.poll();
    await world.poll();
    await world.poll();
    const message = deployMessage('worker');
    expect(message.text).toMatch(/^:warning: Deployed `worker` \(project `shop`\): `000007a` synced but Degraded: `Deployment "worker" exceeded its progress deadline`/);
    expect(replies(message)).toEqual([expect.stringMatching(/`worker`.*Degraded/)]);
    expect(rootsAbout('worker')).toHaveLength(1);
});

test('a commit rolling out 40 apps is one message, its apps listed in its thread, edited as they finish: "38 of 40 healthy, 2 failed"', async () => {
    world.newPosts();
    world.argo.clearRequests();
    const revision = commit(8);
    FLEET.forEach((name, i) => world.argo.syncOutcome(name, i < 38
        ? { phase: 'Succeeded', after: 2, health: { after: 1, status: 'Healthy' } }
        : { phase: 'Failed', after: 2, message: 'one or more objects failed to apply' }));
    FLEET.forEach((name) => world.argo.startSync(name, { revision }));
    await world.poll();
    const group = roots().filter((m) => m.text.includes('to 40 apps'));
    expect(group).toHaveLength(1);
    expect(group[0].text).toMatch(/^:arrows_counterclockwise: Deploying `000008a` to 40 apps: 0 of 40 healthy, 40 in progress/);
    await world.poll();
    await world.poll();
    const [root] = roots().filter((m) => m.text.includes('to 40 apps'));
    expect(root.text).toMatch(/^:warning: Deployed `000008a` to 40 apps: 38 of 40 healthy, 2 failed: `svc-38`, `svc-39`/);
    const thread = replies(root);
    expect(thread[0]).toMatch(/^The 40 apps in this rollout:\n/);
    expect(FLEET.every((name) => thread[0].includes(`\`${name}\``))).toBe(true);
    // The two failures' alerts are replies in the group's thread: no other top-level message.
    expect(thread.filter((text) => /failing to sync/.test(text))).toHaveLength(2);
    expect(roots().filter((m) => FLEET.some((name) => m.text.includes(`\`${name}\``)))).toEqual([root]);
    expect(metadataCalls(revision)).toBe(1);
});

test('the storm threshold applies: more failures of one group than it are one storm, in the group\'s thread', async () => {
    const revision = commit(11);
    const failing = FLEET.slice(0, 12);
    FLEET.forEach((name) => world.argo.syncOutcome(name, failing.includes(name)
        ? { phase: 'Failed', after: 2, message: 'one or more objects failed to apply' }
        : { phase: 'Succeeded', after: 2, health: { after: 1, status: 'Healthy' } }));
    FLEET.forEach((name) => world.argo.startSync(name, { revision }));
    const rootsBefore = roots().length;
    await world.poll();
    await world.poll();
    await world.poll();
    const [root] = roots().filter((m) => m.text.includes('000011a'));
    expect(roots()).toHaveLength(rootsBefore + 1);
    expect(root.text).toMatch(/^:warning: Deployed `000011a` to 40 apps: 28 of 40 healthy, 12 failed: /);
    const thread = replies(root);
    expect(thread.filter((text) => /12 apps alerted at once/.test(text))).toHaveLength(1);
});

test('a chart version is shown as the chart\'s version and never looked up as a commit', async () => {
    world.argo.syncOutcome('cache', { phase: 'Succeeded', after: 2, health: { after: 1, status: 'Healthy' } });
    world.argo.startSync('cache', { revision: '15.4.2' });
    await world.poll();
    expect(deployMessage('cache').text).toMatch(/^:arrows_counterclockwise: Deploying `cache` \(project `shop`\): syncing chart `redis` `15\.4\.2`\nStarted by automated sync/);
    await world.poll();
    await world.poll();
    expect(deployMessage('cache').text).toMatch(/^:rocket: Deployed `cache` \(project `shop`\): chart `redis` `15\.4\.2` is healthy after/);
    expect(metadataCalls('15.4.2')).toBe(0);
});

test('a multi-source app shows the source whose revision changed, and its commit is looked up with its source index', async () => {
    world.argo.syncOutcome('stack', { phase: 'Succeeded', after: 2, health: { after: 1, status: 'Healthy' } });
    world.argo.startSync('stack', { revisions: ['15.4.1', commit(12)] }, { username: 'dana@example.com' });
    await world.poll();
    expect(deployMessage('stack').text).toMatch(/^:arrows_counterclockwise: Deploying `stack` \(project `shop`\): syncing source 2 `000012a` \(was `000001a`\)\nCommit by /);
    const lookups = world.argo.requests().filter((r) => r.path.endsWith(`/revisions/${commit(12)}/metadata`));
    expect(lookups).toHaveLength(1);
    expect(lookups[0].query.sourceIndex).toEqual(['1']);
});

function errorLogs(pattern: RegExp): number {
    return world.chat.logs().flatMap((entry) => entry.entries)
        .filter((line) => (line as { severity?: string }).severity === 'error' && pattern.test(JSON.stringify(line))).length;
}

test('a deploy message whose post failed is posted by the next run, once', async () => {
    world.argo.syncOutcome('mono', { phase: 'Succeeded', after: 3, health: { after: 1, status: 'Healthy' } });
    world.argo.startSync('mono', { revision: commit(9) });
    world.chat.failNextPosts(1);
    await world.poll();
    expect(rootsAbout('mono').filter((m) => /Deploy/.test(m.text))).toEqual([]);
    await world.poll();
    expect(deployMessage('mono').text).toMatch(/^:arrows_counterclockwise: Deploying `mono`/);
    await world.poll();
    await world.poll();
    expect(deployMessage('mono').text).toMatch(/^:rocket: Deployed `mono`/);
});

test('a channel that refuses the bot is said once; the rollout is posted, in the state it reached, once it accepts posts', async () => {
    const saidBefore = errorLogs(/Not posting/);
    world.chat.setRoomReadOnly('deploys');
    world.argo.syncOutcome('cart', { phase: 'Succeeded', after: 2, health: { after: 1, status: 'Healthy' } });
    world.argo.startSync('cart', { revision: commit(10) }, { username: 'lea@example.com' });
    for (let i = 0; i < 4; i++) {
        await world.poll();
    }
    expect(rootsAbout('cart').filter((m) => m.text.includes('000010a'))).toEqual([]);
    expect(errorLogs(/Not posting/) - saidBefore).toBe(1);
    world.chat.setRoomReadOnly('deploys', false);
    await world.poll();
    const posted = rootsAbout('cart').filter((m) => m.text.includes('000010a'));
    expect(posted).toHaveLength(1);
    expect(posted[0].text).toMatch(/^:rocket: Deployed `cart` \(project `shop`\): `000010a` is healthy after/);
    expect(posted[0].editCount).toBe(0);
});

test('/argo deploys lists recent rollouts from persistence: revision, who, when, how long, outcome', async () => {
    await world.chat.typeCommand('alice', 'deploys', '/argo deploys web');
    expect(world.lastReply('alice')).toMatch(/^Recent rollouts of `web` \(newest first\):\n• `web` \(project `shop`\) `000002a` · `ravi@\u200bexample.com` · [\d-]+ [\d:]+ UTC · \d+s · healthy$/);
    await world.chat.typeCommand('alice', 'deploys', '/argo deploys project:shop');
    const shop = world.lastReply('alice');
    expect(shop).toContain('`api` (project `shop`) `000006a` · `lea@\u200bexample.com`');
    expect(shop).toContain('· failed');
    expect(shop).toContain('· Degraded');
    await world.chat.typeCommand('alice', 'deploys', '/argo deploys project:internal');
    expect(world.lastReply('alice')).toMatch(/^No rollouts recorded of `project:internal`/);
});
