import { SettingId } from '../../src/core/settingIds';
import { fleetApp, startWorld } from './world';
import type { World } from './world';

// Opt-in auto-sync remediation end to end, against the Argo CD test server's sync semantics.

let world: World;

beforeAll(async () => {
    world = await startWorld({
        fleet: [
            fleetApp('cart', { project: 'shop' }),
            fleetApp('stuck', { project: 'shop' }),
            fleetApp('frozen', { project: 'shop', syncWindowBlocked: true }),
            fleetApp('quiet', { project: 'shop' }),
            fleetApp('blog', { project: 'web' }),
        ],
        settings: { [SettingId.AutoSyncMatch]: 'project:shop', [SettingId.AutoSyncBackoff]: '0s' },
    });
    await world.poll();
    world.newPosts();
});

afterAll(async () => {
    await world?.stop();
});

function syncsOf(name: string): number {
    return world.argo.requests().filter((r) => r.method === 'POST' && r.path === `/api/v1/applications/${name}/sync`).length;
}

function threadOf(name: string): string[] {
    const root = world.chat.messages('deploys').find((m) => !m.threadId && m.text.includes(`\`${name}\``));
    return world.chat.messages('deploys').filter((m) => m.threadId === root?.id).map((m) => m.text);
}

test('an app fixed by the second automatic attempt: two syncs, each an audit line in its thread, then recovery', async () => {
    world.argo.syncOutcome('cart', { phase: 'Failed', message: 'one or more objects failed to apply', after: 1 });
    world.argo.setApp('cart', { sync: 'OutOfSync' });
    await world.poll();
    expect(syncsOf('cart')).toBe(1);
    world.argo.syncOutcome('cart', { phase: 'Succeeded', after: 1 });
    await world.poll();
    expect(syncsOf('cart')).toBe(2);
    await world.poll();
    await world.poll();
    expect(syncsOf('cart')).toBe(2);
    const thread = threadOf('cart');
    expect(thread.filter((t) => t.startsWith(':robot:'))).toEqual([
        expect.stringMatching(/^:robot: Auto-sync attempt 1\/3 of `cart` \(project `shop`\) at `[0-9a-f]{7}`: sent to Argo CD\.$/),
        expect.stringMatching(/^:robot: Auto-sync attempt 2\/3 of `cart`/),
    ]);
    expect(thread[thread.length - 1]).toMatch(/^:white_check_mark: `cart` \(project `shop`\) is Synced and Healthy again/);
});

test('an app that exhausts its attempts asks for a person once, then is left alone for that revision', async () => {
    world.argo.syncOutcome('stuck', { phase: 'Failed', message: 'admission webhook denied the request', after: 1 });
    world.argo.setApp('stuck', { sync: 'OutOfSync' });
    for (let i = 0; i < 6; i++) {
        await world.poll();
    }
    expect(syncsOf('stuck')).toBe(3);
    const lines = threadOf('stuck').filter((t) => /^:(robot|sos):/.test(t));
    expect(lines).toEqual([
        expect.stringMatching(/^:robot: Auto-sync attempt 1\/3 of `stuck`/),
        expect.stringMatching(/^:robot: Auto-sync attempt 2\/3 of `stuck`/),
        expect.stringMatching(/^:robot: Auto-sync attempt 3\/3 of `stuck`/),
        expect.stringMatching(/^:sos: Auto-sync gave up on `stuck`/),
    ]);
    expect(lines[3]).toMatch(/after 3 attempts at `[0-9a-f]{7}`: it is still .*OutOfSync.*A person is needed/);
});

test('a sync window refusal is reported in plain words and not retried', async () => {
    world.argo.setApp('frozen', { sync: 'OutOfSync' });
    await world.poll();
    await world.poll();
    await world.poll();
    expect(syncsOf('frozen')).toBe(1);
    expect(threadOf('frozen').filter((t) => t.startsWith(':no_entry:'))).toEqual([
        expect.stringMatching(/^:no_entry: Auto-sync of `frozen` \(project `shop`\) was refused by Argo CD: Argo CD refused: a sync window blocks syncing `frozen` right now\./),
    ]);
});

test('a muted app and an app no rule matches are left alone', async () => {
    await world.chat.typeCommand('admin', 'deploys', '/argo mute quiet 1h');
    world.argo.setApp('quiet', { sync: 'OutOfSync' });
    world.argo.setApp('blog', { sync: 'OutOfSync' });
    await world.poll();
    await world.poll();
    expect(syncsOf('quiet')).toBe(0);
    expect(syncsOf('blog')).toBe(0);
});

test('auto-sync stays off without a rule, and a bad rule is refused with a clear message', async () => {
    await world.chat.setSetting(SettingId.AutoSyncMatch, 'team=web');
    await world.poll();
    await world.chat.typeCommand('admin', 'deploys', '/argo status');
    expect(world.lastReply('admin')).toMatch(/Not watching: Auto-sync apps, line 1: "team=web" is not a matcher/);
    await world.chat.setSetting(SettingId.AutoSyncMatch, '');
    world.argo.clearRequests();
    await world.chat.typeCommand('admin', 'deploys', '/argo unmute quiet');
    await world.poll();
    await world.poll();
    expect(syncsOf('quiet')).toBe(0);
});
