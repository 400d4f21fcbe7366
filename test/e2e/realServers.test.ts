import { SettingId } from '../../src/core/settingIds';
import { redirectingFront, selfSignedFront } from '../support/fronts';
import type { Front } from '../support/fronts';
import { ActionId } from '../../src/ui/actionIds';
import { buttonValue, fleetApp, startWorld } from './world';
import type { World } from './world';

// What stands between the app and Argo CD at a real install, through Rocket.Chat's HTTP bridge.

let world: World;
const fronts: Front[] = [];

beforeAll(async () => {
    // A long grace, so a read that fails says so in /argo status without an outage post yet.
    world = await startWorld({ fleet: [fleetApp('web'), fleetApp('api', { sync: 'OutOfSync' })], settings: { [SettingId.GracePeriod]: '10m' } });
});

afterAll(async () => {
    await Promise.all(fronts.map((front) => front.close()));
    await world?.stop();
});

async function front(make: Promise<Front>): Promise<Front> {
    const made = await make;
    fronts.push(made);
    return made;
}

async function status(): Promise<string> {
    await world.chat.typeCommand('admin', 'deploys', '/argo status');
    return world.lastReply('admin');
}

test('a self-signed Argo CD over HTTPS is refused by default, naming the certificate, and read once verification is turned off', async () => {
    const tls = await front(selfSignedFront(world.argo.url));
    await world.chat.setSettings({ [SettingId.ArgoCdUrl]: tls.url, [SettingId.SkipTlsVerify]: false });
    world.argo.clearRequests();
    await world.poll();
    expect(world.argo.requests()).toEqual([]);
    expect(world.newPosts()).toEqual([]);
    expect(await status()).toMatch(/TLS certificate of Argo CD is not trusted \(.*self[- ]signed certificate/);

    await world.chat.setSetting(SettingId.SkipTlsVerify, true);
    await world.poll();
    expect(world.newPosts()).toEqual([expect.stringMatching(/^.*watching 2 apps/)]);
    expect(world.argo.requests().filter((r) => r.path === '/api/v1/applications')).toHaveLength(1);
});

test('an Argo CD URL that redirects (http to https, another host) is reported as a wrong URL naming the likely one, and nothing is alerted', async () => {
    // 127.0.0.1 → localhost: another host, so Rocket.Chat's fetch drops the token on the way.
    const moved = await front(redirectingFront(world.argo.url.replace('127.0.0.1', 'localhost')));
    await world.chat.setSettings({ [SettingId.ArgoCdUrl]: moved.url, [SettingId.SkipTlsVerify]: false });
    await world.poll();
    expect(world.newPosts()).toEqual([]);
    expect(await status()).toMatch(new RegExp(`Argo CD URL ${moved.url.replace(/[.:/]/g, '\\$&')} redirects elsewhere.*probably https://127\\.0\\.0\\.1`));
});

test('a redirect that keeps the token still turns a sync into a read: the sync is refused as a wrong URL, never run as a GET', async () => {
    // Same host, same protocol: Rocket.Chat's fetch keeps the token but makes the POST a GET (302).
    const moved = await front(redirectingFront(world.argo.url, 302));
    await world.chat.setSettings({ [SettingId.ArgoCdUrl]: moved.url, [SettingId.SkipTlsVerify]: false });
    world.argo.clearRequests();
    await world.chat.typeCommand('admin', 'deploys', '/argo sync web');
    const confirmation = world.chat.notifications('admin').slice(-1)[0];
    await world.chat.clickButton('admin', { messageId: confirmation.id, actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) });
    expect(world.argo.requests().filter((r) => r.path.endsWith('/sync')).map((r) => r.method)).toEqual(['GET']);
    expect(world.lastReply('admin')).toMatch(/Argo CD URL http:\/\/127\.0\.0\.1:\d+ redirects elsewhere/);
    expect(world.newPosts()).toEqual([]);
});
