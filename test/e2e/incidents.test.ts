import { SettingId } from '../../src/core/settingIds';
import { JobId } from '../../src/jobIds';
import { ActionId } from '../../src/ui/actionIds';
import { buttonValue, fleetApp, startWorld } from './world';
import type { World } from './world';

// One incident is one conversation: threads, buttons, storms, reminders and routes, end to end.

let world: World;

beforeAll(async () => {
    world = await startWorld({
        fleet: [
            fleetApp('checkout', { project: 'shop', labels: { team: 'payments' } }),
            fleetApp('search', { project: 'web', labels: { team: 'web' } }),
            fleetApp('ledger', { project: 'finance' }),
            ...Array.from({ length: 6 }, (_, i) => fleetApp(`batch-${i}`, { project: 'batch' })),
        ],
        chat: { rooms: ['deploys', 'payments-alerts', 'web-alerts', 'general'] },
        settings: { [SettingId.StormThreshold]: 4 },
    });
    await world.poll();
    world.newPosts();
});

afterAll(async () => {
    await world?.stop();
});

function rootOf(room: string, match: string) {
    return world.chat.messages(room).find((m) => !m.threadId && m.text.includes(match));
}

function repliesTo(room: string, rootId: string | undefined) {
    return world.chat.messages(room).filter((m) => m.threadId === rootId);
}

test('the first alert is a thread root with buttons; worse is a reply; recovery replies and edits the root, across an app restart', async () => {
    world.argo.setApp('ledger', { sync: 'OutOfSync' });
    await world.poll();
    const root = rootOf('deploys', '`ledger`');
    expect(root?.text).toMatch(/^:large_orange_diamond: `ledger` \(project `finance`\) is OutOfSync/);
    const labels = JSON.stringify(root?.blocks);
    for (const label of ['Open in Argo CD', 'Details', 'Sync', 'Mute 1h']) {
        expect(labels).toContain(label);
    }
    expect(labels).toContain(`${world.argo.url}/applications/argocd/ledger`);

    // Thread ids live in persistence: a new app process continues the same conversation.
    await world.chat.restartApp();
    world.argo.setApp('ledger', { sync: 'OutOfSync', health: 'Degraded' });
    await world.poll();
    expect(repliesTo('deploys', root?.id).map((m) => m.text)).toEqual([expect.stringMatching(/^:red_circle: `ledger` \(project `finance`\) got worse: now also Degraded/)]);

    world.argo.setApp('ledger', { sync: 'Synced', health: 'Healthy' });
    await world.poll();
    const replies = repliesTo('deploys', root?.id).map((m) => m.text);
    expect(replies[replies.length - 1]).toMatch(/^:white_check_mark: `ledger` \(project `finance`\) is Synced and Healthy again after \d+s/);
    const edited = world.chat.messages('deploys').find((m) => m.id === root?.id);
    expect(edited?.text).toMatch(/^:white_check_mark: \*Resolved\* after \d+s, at \d{4}-\d\d-\d\d \d\d:\d\d UTC\n:large_orange_diamond: `ledger`/);
    expect(edited?.editCount).toBe(1);
    expect(JSON.stringify(edited?.blocks ?? [])).not.toContain('Mute 1h');
    // Nothing about ledger went to the channel outside its thread.
    expect(world.chat.messages('deploys').filter((m) => !m.threadId && m.text.includes('`ledger`'))).toHaveLength(1);
    world.newPosts();
});

test('alert buttons: Details answers privately, Mute 1h mutes, Sync asks for confirmation; a forged click by a plain user does nothing', async () => {
    world.argo.setApp('ledger', { health: 'Missing' });
    await world.poll();
    const root = rootOf('deploys', 'is Missing');
    const value = buttonValue(root?.blocks, ActionId.Details);
    expect(value).toBe('argocd/ledger');

    await world.chat.clickButton('alice', { messageId: root?.id, actionId: ActionId.Details, value });
    expect(world.lastReply('alice')).toMatch(/^\*`ledger`\* · project `finance` · namespace `argocd`/);

    world.argo.clearRequests();
    await world.chat.clickButton('alice', { messageId: root?.id, actionId: ActionId.Sync, value });
    expect(world.lastReply('alice')).toMatch(/You are not allowed to sync `ledger`.*Nothing was sent to Argo CD/);
    // A payload forged to name another app gets the same answer; nothing reaches Argo CD.
    await world.chat.clickButton('alice', { roomName: 'deploys', actionId: ActionId.Sync, value: 'argocd/search' });
    expect(world.lastReply('alice')).toMatch(/You are not allowed to sync `search`/);
    await world.chat.clickButton('alice', { roomName: 'deploys', actionId: ActionId.Sync, value: '../../etc)[x](y' });
    expect(world.lastReply('alice')).toMatch(/is not an app name/);
    expect(world.argo.requests().filter((r) => r.method !== 'GET')).toEqual([]);

    await world.chat.clickButton('admin', { messageId: root?.id, actionId: ActionId.Sync, value });
    expect(world.lastReply('admin')).toMatch(/^Sync `ledger`/);

    await world.chat.clickButton('alice', { messageId: root?.id, actionId: ActionId.Mute, value });
    expect(world.lastReply('alice')).toMatch(/^Muted `ledger` for 1h/);
    await world.chat.typeCommand('alice', 'deploys', '/argo unmute ledger');
    world.argo.setApp('ledger', { health: 'Healthy', sync: 'Synced' });
    await world.poll();
    world.newPosts();
});

test('a storm is one message with the full list in its thread; its apps recover together', async () => {
    for (let i = 0; i < 6; i++) {
        world.argo.setApp(`batch-${i}`, { health: 'Degraded' });
    }
    const before = world.chat.messages('deploys').length;
    await world.poll();
    const inChannel = world.chat.messages('deploys').slice(before).filter((m) => !m.threadId).map((m) => m.text);
    expect(inChannel).toEqual([expect.stringMatching(/^:red_circle: 6 apps alerted at once \(6 Degraded\): `batch-0`, `batch-1`/)]);
    world.newPosts();
    const storm = rootOf('deploys', '6 apps alerted at once');
    const list = repliesTo('deploys', storm?.id).map((m) => m.text).join('\n');
    expect(list).toMatch(/^All 6 apps in this storm:/);
    for (let i = 0; i < 6; i++) {
        expect(list).toContain(`\`batch-${i}\` (project \`batch\`) is Degraded`);
    }
    for (let i = 0; i < 6; i++) {
        world.argo.setApp(`batch-${i}`, { health: 'Healthy' });
    }
    await world.poll();
    expect(world.newPosts()).toEqual([expect.stringMatching(/^:white_check_mark: 6 apps are Synced and Healthy again/)]);
});

test('reminders (opt-in) reply in the open incident\'s thread every interval', async () => {
    // An interval no run can outlast first (nothing before it is due), then a short one to see it come.
    await world.chat.setSetting(SettingId.ReminderInterval, '1h');
    world.argo.setApp('search', { health: 'Degraded' });
    await world.poll();
    const root = rootOf('deploys', '`search` (project `web`) is Degraded');
    await world.poll();
    expect(repliesTo('deploys', root?.id)).toEqual([]);
    await world.chat.setSetting(SettingId.ReminderInterval, '1s');
    await world.pastLastPoll(1000);
    await world.poll();
    expect(repliesTo('deploys', root?.id).map((m) => m.text)).toEqual([expect.stringMatching(/^:hourglass: `search` \(project `web`\) is still Degraded after \d+s$/)]);
    await world.chat.setSetting(SettingId.ReminderInterval, '');
    world.argo.setApp('search', { health: 'Healthy' });
    await world.poll();
    world.newPosts();
});

test('routes send each team its apps; a route to a missing channel falls back and says so', async () => {
    await world.chat.setSetting(SettingId.Routes, 'selector:team=payments -> #payments-alerts\nproject:web -> #web-alerts\nname:ledg* -> #nowhere');
    world.argo.setApp('checkout', { health: 'Degraded' });
    world.argo.setApp('search', { sync: 'OutOfSync' });
    world.argo.setApp('ledger', { health: 'Degraded' });
    await world.poll();
    expect(world.newPosts('payments-alerts')).toEqual([expect.stringMatching(/`checkout` \(project `shop`\) is Degraded/)]);
    expect(world.newPosts('web-alerts')).toEqual([expect.stringMatching(/`search` \(project `web`\) is OutOfSync/)]);
    expect(world.newPosts('deploys')).toEqual([expect.stringMatching(/`ledger` \(project `finance`\) is Degraded/)]);
    await world.chat.typeCommand('admin', 'deploys', '/argo status');
    expect(world.lastReply('admin')).toContain(':warning: Routing: the channel "nowhere" of a route does not exist');

    await world.chat.setSetting(SettingId.Routes, 'project:web ->');
    await world.poll();
    await world.chat.typeCommand('admin', 'deploys', '/argo status');
    expect(world.lastReply('admin')).toMatch(/Not watching: Routes, line 1: "project:web ->" is not a rule/);
    await world.chat.setSetting(SettingId.Routes, '');
});

test('channel posts speak the server\'s language; replies the user\'s', async () => {
    await world.stop();
    world = await startWorld({
        fleet: [fleetApp('kasse')],
        chat: {
            serverLanguage: 'de',
            users: [
                { id: 'u-admin', username: 'admin', name: 'Admin', roles: ['admin', 'user'] },
                { id: 'u-joao', username: 'joao', name: 'João', roles: ['user'], language: 'pt-BR' },
            ],
        },
    });
    await world.poll();
    world.argo.setApp('kasse', { health: 'Degraded' });
    await world.poll();
    expect(world.newPosts()).toEqual([
        expect.stringMatching(/^:eyes: Argo Drift überwacht 1 App/),
        expect.stringMatching(/^:red_circle: `kasse` ist Degraded/),
    ]);
    await world.chat.typeCommand('joao', 'deploys', '/argo mute kasse 2h');
    expect(world.lastReply('joao')).toMatch(/^Silenciado `kasse` por 2h|`kasse`.*2h/);
    expect(world.lastReply('joao')).not.toMatch(/Muted/);
    await world.chat.runJob(JobId.Poll);
});
