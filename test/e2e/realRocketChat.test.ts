import { SettingId } from '../../src/core/settingIds';
import { fleetApp, startWorld } from './world';
import type { World } from './world';

// What a real Rocket.Chat does to the app's posts, roles and arguments (sim/rocketchat follows
// canSendMessage.ts, sendMessage.ts, converters/users.ts and parseParameters.ts).

let world: World;

beforeAll(async () => {
    world = await startWorld({ fleet: [fleetApp('web'), fleetApp('api'), fleetApp('db'), fleetApp('cache')], chat: { rooms: ['deploys', 'general', 'ops'] } });
    await world.poll();
    world.newPosts();
});

afterAll(async () => {
    await world?.stop();
});

async function status(): Promise<string> {
    await world.chat.typeCommand('admin', 'general', '/argo status');
    return world.lastReply('admin');
}

function errorLogs(pattern: RegExp): number {
    return world.chat.logs().flatMap((entry) => entry.entries)
        .filter((line) => (line as { severity?: string }).severity === 'error' && pattern.test(JSON.stringify(line))).length;
}

test.each([
    ['read-only', () => world.chat.setRoomReadOnly('deploys'), () => world.chat.setRoomReadOnly('deploys', false), /is read-only and the bot may not post there: give the role `app`.*`post-readonly`/],
    ['archived', () => world.chat.archiveRoom('deploys'), () => world.chat.archiveRoom('deploys', false), /is archived: unarchive it or choose another channel/],
    ['the bot muted in it', () => world.chat.muteUser('deploys', world.chat.appUsername()), () => world.chat.muteUser('deploys', world.chat.appUsername(), false), /the bot is muted in deploys: unmute it/],
])('a channel that is %s is said once, its alerts are kept without a retry storm, and posted once it accepts them', async (_name, block, unblock, said) => {
    const saidBefore = errorLogs(/Not posting/);
    block();
    world.argo.setApp('web', { health: 'Degraded' });
    world.argo.setApp('api', { sync: 'OutOfSync' });
    for (let i = 0; i < 4; i++) {
        await world.poll();
    }
    expect(world.newPosts()).toEqual([]);
    expect(await status()).toMatch(said);
    expect(errorLogs(/Not posting/) - saidBefore).toBe(1);
    expect(errorLogs(/Posting failed/)).toBe(0);

    unblock();
    await world.poll();
    expect(world.newPosts().sort()).toEqual([
        expect.stringMatching(/^:large_orange_diamond: `api` is OutOfSync/),
        expect.stringMatching(/^:red_circle: `web` is Degraded/),
    ]);
    expect(await status()).not.toMatch(/Not posting/);
    world.argo.setApp('web', { health: 'Healthy' });
    world.argo.setApp('api', { sync: 'Synced' });
    await world.poll();
    expect(world.newPosts()).toHaveLength(2);
});

test('with threads turned off, replies go to the channel naming their app, and the incident is still marked resolved', async () => {
    world.chat.setServerSetting('Threads_enabled', false);
    world.argo.setApp('db', { health: 'Degraded' });
    await world.poll();
    const [root] = world.chat.messages('deploys').filter((m) => m.text.includes('`db`') && !m.threadId).slice(-1);
    expect(root.text).toMatch(/^:red_circle: `db` is Degraded/);
    world.argo.setApp('db', { health: 'Degraded', sync: 'OutOfSync' });
    await world.poll();
    world.argo.setApp('db', { health: 'Healthy', sync: 'Synced' });
    await world.poll();
    const after = world.chat.messages('deploys').filter((m) => m.createdAt >= root.createdAt && m.id !== root.id);
    expect(after.every((m) => m.threadId === undefined)).toBe(true);
    expect(after.map((m) => m.text)).toEqual([
        expect.stringMatching(/^:red_circle: `db` got worse: now also OutOfSync/),
        expect.stringMatching(/^:white_check_mark: `db` is Synced and Healthy again/),
    ]);
    expect(world.chat.messages('deploys').find((m) => m.id === root.id)?.text).toMatch(/^:white_check_mark: \*Resolved\*/);
    expect(errorLogs(/error-not-allowed/)).toBe(0);
    world.chat.setServerSetting('Threads_enabled', true);
    world.newPosts();
});

test('a reply to an incident whose first message was deleted goes to the channel, not into an invisible thread', async () => {
    world.argo.setApp('cache', { health: 'Degraded' });
    await world.poll();
    const [root] = world.chat.messages('deploys').filter((m) => m.text.startsWith(':red_circle: `cache`')).slice(-1);
    world.chat.deleteMessage(root.id);
    world.argo.setApp('cache', { health: 'Healthy' });
    await world.poll();
    const recovery = world.chat.messages('deploys').filter((m) => m.text.startsWith(':white_check_mark: `cache`')).slice(-1)[0];
    expect(recovery.threadId).toBeUndefined();
    world.newPosts();
});

test('a room role in sync_roles is refused with why, since apps see global roles only', async () => {
    await world.chat.setSetting(SettingId.SyncRoles, 'admin, moderator');
    await world.poll();
    expect(await status()).toMatch(/"moderator" is a room role, and the chat server shows apps only a user's global roles/);
    await world.chat.setSetting(SettingId.SyncRoles, 'admin');
    await world.poll();
    expect(await status()).not.toMatch(/room role/);
});

test('slash-command arguments arrive as the server splits them: runs of spaces, a quoted reason kept whole', async () => {
    await world.chat.typeCommand('alice', 'deploys', '/argo   mute   db   2h   "deploy freeze"');
    expect(world.lastReply('alice')).toMatch(/^Muted `db` for 2h \(`deploy freeze`\)/);
    await world.chat.typeCommand('alice', 'deploys', '/argo unmute db');
});
