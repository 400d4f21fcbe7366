import { SettingId } from '../../src/core/settingIds';
import { JobId } from '../../src/jobIds';
import { fleetApp, startWorld } from './world';
import type { World } from './world';

// The push endpoint Argo CD's notifications controller calls, end to end through the app's API.

const SECRET = 's3cret-shared-with-argocd';
let world: World;

beforeAll(async () => {
    world = await startWorld({
        fleet: [fleetApp('orders', { project: 'shop' }), fleetApp('intranet', { project: 'internal' }), fleetApp('catalog', { project: 'shop' })],
        settings: { [SettingId.WebhookSecret]: SECRET, [SettingId.Projects]: 'shop' },
    });
    await world.poll();
    world.newPosts();
});

afterAll(async () => {
    await world?.stop();
});

function push(body: unknown, secret: string | null = SECRET) {
    return world.chat.callApi('argocd-webhook', { method: 'POST', headers: secret === null ? {} : { 'X-Argo-Drift-Secret': secret }, content: body });
}

/** The webhook answers at once and leaves the reading to a one-off job: run it as the scheduler would. */
async function pushAndCheck(body: unknown): Promise<number> {
    const answer = await push(body);
    await world.chat.runJob(JobId.Recheck);
    return answer.status;
}

test.each([
    ['no secret', null],
    ['a wrong secret', 's3cret-shared-with-argocX'],
    ['a prefix of the secret', 's3cret'],
])('a push with %s is a 401 and reads and changes nothing', async (_name, secret) => {
    world.argo.clearRequests();
    world.argo.setApp('orders', { health: 'Degraded' });
    const answer = await push({ app: 'orders', namespace: 'argocd' }, secret);
    expect(answer.status).toBe(401);
    expect(world.argo.requests()).toEqual([]);
    expect(world.newPosts()).toEqual([]);
    world.argo.setApp('orders', { health: 'Healthy' });
});

test('a push is answered before anything is read, then alerts before the next poll', async () => {
    world.argo.setApp('orders', { health: 'Degraded' });
    world.argo.clearRequests();
    const started = Date.now();
    const answer = await push({ app: 'orders', namespace: 'argocd' });
    const answeredMs = Date.now() - started;
    expect(answer).toMatchObject({ status: 202, content: { accepted: ['argocd/orders'] } });
    console.log(`webhook answered in ${answeredMs} ms, before any read of Argo CD`);
    expect(world.argo.requests()).toEqual([]);
    expect(world.chat.scheduledJobs().filter((job) => job.id === JobId.Recheck)).toHaveLength(1);
    await world.chat.runJob(JobId.Recheck);
    expect(world.newPosts()).toEqual([expect.stringMatching(/^:red_circle: `orders` \(project `shop`\) is Degraded/)]);
    // It read that one app, not the list.
    expect(world.argo.requests().some((r) => r.path === '/api/v1/applications')).toBe(false);
});

test('a push and a poll for the same change produce one message', async () => {
    world.argo.setApp('orders', { health: 'Healthy' });
    await pushAndCheck({ app: 'orders' });
    await world.poll();
    await Promise.all([pushAndCheck({ app: 'orders' }), world.poll()]);
    expect(world.newPosts().filter((t) => t.includes('`orders`'))).toEqual([expect.stringMatching(/^:white_check_mark: `orders` \(project `shop`\) is Synced and Healthy again/)]);
    world.argo.setApp('catalog', { sync: 'OutOfSync' });
    await Promise.all([pushAndCheck({ app: 'catalog' }), world.poll(), pushAndCheck({ app: 'catalog' })]);
    expect(world.newPosts().filter((t) => t.includes('`catalog`'))).toHaveLength(1);
});

test('within the grace period a push schedules a re-check that alerts when the grace ends', async () => {
    await world.chat.setSetting(SettingId.GracePeriod, '10m');
    world.argo.setApp('catalog', { sync: 'Synced' });
    await world.poll();
    world.newPosts();
    world.argo.setApp('catalog', { health: 'Missing' });
    await pushAndCheck({ app: 'catalog' });
    expect(world.newPosts()).toEqual([]);
    const recheck = world.chat.scheduledJobs().find((job) => job.id === JobId.Recheck);
    expect(recheck?.when?.getTime()).toBeGreaterThan(Date.now() + 9 * 60 * 1000);
    await world.chat.setSetting(SettingId.GracePeriod, '0s');
    await world.chat.runJob(JobId.Recheck);
    expect(world.newPosts()).toEqual([expect.stringMatching(/^:red_circle: `catalog` \(project `shop`\) is Missing/)]);
});

test('an app outside the watched scope or a malformed body changes nothing', async () => {
    world.argo.setApp('intranet', { health: 'Degraded' });
    expect(await pushAndCheck({ app: 'intranet' })).toBe(202);
    expect((await push({ app: 'Not A Name' })).status).toBe(400);
    expect((await push('not json')).status).toBe(400);
    expect(world.newPosts()).toEqual([]);
});
