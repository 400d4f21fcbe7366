import { SettingId } from '../../src/core/settingIds';
import { JobId } from '../../src/jobIds';
import { fleetApp, startWorld, TOKEN } from './world';
import type { World } from './world';

// The watch loop end to end: the packaged app in the real Apps-Engine, reading the Argo CD
// test server over HTTP, posting into #deploys.

let world: World;

beforeAll(async () => {
    world = await startWorld({
        fleet: [
            fleetApp('guestbook'),
            fleetApp('payments', { project: 'shop', sync: 'OutOfSync' }),
            fleetApp('billing', { namespace: 'team-a', project: 'shop' }),
        ],
    });
});

afterAll(async () => {
    await world?.stop();
});

test('the first run posts one baseline message and no per-app alerts', async () => {
    await world.poll();
    expect(world.newPosts()).toEqual([
        ':eyes: Argo Drift is watching 3 apps; 1 currently unhealthy: `payments` (OutOfSync)',
    ]);
    const posts = world.chat.messages('deploys');
    expect(posts[0].sender).toBe('argo-drift.bot');
});

test('one list request per run (after the version, which picks its fields), trimmed with fields, with the token as a Bearer header', async () => {
    world.argo.clearRequests();
    await world.poll();
    const requests = world.argo.requests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/version', 'GET /api/v1/applications']);
    const list = requests[1];
    expect(list.query.fields?.[0]).toContain('items.status.sync.status');
    expect(list.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(list.query.refresh).toBeUndefined();
    expect(world.newPosts()).toEqual([]);
});

test('drift alerts once with state, revision and a link, and is not repeated', async () => {
    world.argo.setApp('guestbook', { sync: 'OutOfSync' });
    await world.poll();
    const [alert, ...rest] = world.newPosts();
    expect(rest).toEqual([]);
    expect(alert).toMatch(/^:large_orange_diamond: `guestbook` is OutOfSync\nsync `OutOfSync` · health `Healthy` · revision `ccccccc`/);
    expect(alert).toContain(`[Open in Argo CD](${world.argo.url}/applications/argocd/guestbook)`);
    await world.poll();
    await world.poll();
    expect(world.newPosts()).toEqual([]);
});

test('an app that gets worse alerts again, once', async () => {
    world.argo.setApp('guestbook', { sync: 'OutOfSync', health: 'Degraded' });
    await world.poll();
    expect(world.newPosts()).toEqual([expect.stringMatching(/^:red_circle: `guestbook` got worse: now also Degraded/)]);
    await world.poll();
    expect(world.newPosts()).toEqual([]);
});

test('a failed sync names the operation message fetched from Argo CD', async () => {
    world.argo.setApp('billing', {
        sync: 'OutOfSync',
        operation: { phase: 'Failed', message: 'one or more objects failed to apply, reason: Deployment.apps "api" is invalid', finishedAt: '2026-11-22T09:00:00Z' },
    });
    world.argo.clearRequests();
    await world.poll();
    const [alert] = world.newPosts();
    expect(alert).toMatch(/^:red_circle: `billing` \(namespace `team-a`, project `shop`\) is failing to sync and OutOfSync/);
    expect(alert).toContain('sync message: `one or more objects failed to apply, reason: Deployment.apps "api" is invalid`');
    expect(alert).toContain(`${world.argo.url}/applications/team-a/billing`);
    // Context for this one alert: the full object, then the commit (cached per revision afterwards).
    expect(world.argo.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /api/version', 'GET /api/v1/applications', 'GET /api/v1/applications/billing', `GET /api/v1/applications/billing/revisions/${'c'.repeat(39)}7/metadata`,
    ]);
});

test('recovery is one short line with how long it was bad', async () => {
    world.argo.setApp('guestbook', { sync: 'Synced', health: 'Healthy' });
    await world.poll();
    const posts = world.newPosts();
    expect(posts).toEqual([expect.stringMatching(/^:white_check_mark: `guestbook` is Synced and Healthy again after \d+s · \[Open in Argo CD\]/)]);
    await world.poll();
    expect(world.newPosts()).toEqual([]);
});

test('Argo CD unreachable: no app alerts, one outage message naming the cause, one when it answers', async () => {
    world.argo.injectFault({ kind: 'refused' });
    world.argo.setApp('guestbook', { health: 'Degraded' });
    await world.poll();
    await world.poll();
    const outage = world.newPosts();
    expect(outage).toEqual([expect.stringMatching(/^:warning: Cannot read Argo CD for \d+s: `cannot connect to Argo CD \(connection refused\)`/)]);
    expect(outage[0]).not.toContain(TOKEN);
    world.argo.clearFaults();
    await world.argo.whenListening();
    await world.poll();
    // The app that went bad during the outage is not lost.
    expect(world.newPosts()).toEqual([
        expect.stringMatching(/^:ok: Reading Argo CD again after/),
        expect.stringMatching(/^:red_circle: `guestbook` is Degraded/),
    ]);
});

test('a post that fails is retried on the next run, and posted once', async () => {
    world.argo.setApp('guestbook', { health: 'Healthy' });
    world.chat.failNextPosts(1);
    await world.poll();
    expect(world.newPosts()).toEqual([]);
    await world.poll();
    expect(world.newPosts()).toEqual([expect.stringMatching(/^:white_check_mark: `guestbook` is Synced and Healthy again/)]);
    await world.poll();
    expect(world.newPosts()).toEqual([]);
});

test('a missing channel is reported in the app log and nothing is posted into the void', async () => {
    await world.chat.setSetting(SettingId.Channel, 'no-such-room');
    world.argo.setApp('guestbook', { health: 'Missing' });
    await world.poll();
    expect(world.chat.messages().filter((m) => m.text.includes('Missing'))).toEqual([]);
    expect(JSON.stringify(world.chat.logs())).toContain('the channel \\"no-such-room\\" does not exist');
    await world.chat.setSetting(SettingId.Channel, '#deploys');
    await world.poll();
    expect(world.newPosts()).toEqual([expect.stringMatching(/^:red_circle: `guestbook` is Missing/)]);
});

test('only a change of the poll interval reschedules the job', async () => {
    const before = world.chat.scheduledJobs();
    await world.chat.setSetting(SettingId.StormThreshold, 5);
    expect(world.chat.scheduledJobs()).toEqual(before);
    await world.chat.setSetting(SettingId.PollInterval, '45s');
    // The start job onEnable scheduled is still waiting here (this test bed fires jobs only when asked).
    expect(world.chat.scheduledJobs().filter((job) => job.id !== JobId.Start)).toEqual([expect.objectContaining({ id: expect.stringContaining('argo-drift-poll'), interval: '45 seconds' })]);
});

test('a real grace period holds back an alert until the app is still bad after it', async () => {
    await world.chat.setSetting(SettingId.GracePeriod, '1500ms');
    world.argo.setApp('guestbook', { health: 'Healthy' });
    await world.poll();
    world.newPosts();
    world.argo.setApp('billing', { sync: 'Synced', operation: { phase: 'Succeeded', finishedAt: '2026-11-22T09:10:00Z' } });
    world.argo.setApp('guestbook', { sync: 'OutOfSync' });
    await world.poll();
    expect(world.newPosts().filter((t) => t.includes('guestbook'))).toEqual([]);
    // The grace started in that run: once it is over, the next run alerts.
    await world.pastLastPoll(1500);
    await world.poll();
    expect(world.newPosts().filter((t) => t.includes('guestbook'))).toEqual([expect.stringMatching(/`guestbook` is OutOfSync/)]);
});

test('two runs at once (a second instance, an expired lock) post a change once', async () => {
    await world.chat.setSetting(SettingId.GracePeriod, '0s');
    await world.poll();
    world.newPosts();
    world.argo.setApp('payments', { sync: 'Synced', health: 'Missing' });
    await Promise.all([world.poll(), world.chat.runJob(JobId.Poll, { alongside: true }), world.chat.runJob(JobId.Poll, { alongside: true })]);
    await world.poll();
    expect(world.newPosts().filter((t) => t.includes('`payments`'))).toEqual([expect.stringMatching(/^:red_circle: `payments` \(project `shop`\) (is|got worse: now also) Missing/)]);
});
