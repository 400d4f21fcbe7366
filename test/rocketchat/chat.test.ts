import { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';
import type { SimEvent } from '../../sim/rocketchat/RocketChatSim';
import { probeAppZip } from './probeApp';
import { startTestServer } from './testServer';
import type { TestServer } from './testServer';

// Messages, notifications, rooms, users and UIKit through the real engine.

let sim: RocketChatSim;
let server: TestServer;
const seenEvents: SimEvent[] = [];

beforeAll(async () => {
    server = await startTestServer();
    sim = await RocketChatSim.start({
        appZip: probeAppZip(),
        settings: { probe_url: `${server.url}/status` },
        users: [
            { id: 'u-admin', username: 'admin', name: 'Administrator', roles: ['admin', 'user'] },
            { id: 'u-alice', username: 'alice', name: 'Alice', roles: ['user'], language: 'de' },
            { id: 'u-bob', username: 'bob', name: 'Bob', roles: ['user'] },
        ],
        serverLanguage: 'pt-BR',
        onEvent: (event) => seenEvents.push(event),
    });
});

afterAll(async () => {
    await sim?.stop();
    await server?.close();
});

function lastNotification(username: string): string {
    const mine = sim.notifications(username);
    return mine[mine.length - 1]?.text ?? '';
}

test('a slash command reaches the app with the real sender, room, arguments and locale', async () => {
    await sim.typeCommand('alice', 'deploys', '/probe hello one two');
    const [notification] = sim.notifications('alice');
    expect(notification).toMatchObject({ user: 'alice', roomName: 'deploys' });
    expect(notification.text).toBe('hello alice (Alice) in deploys args=one|two server=pt-BR user=de');
    expect(notification.blocks).toEqual([expect.objectContaining({ type: 'actions', blockId: 'probe-actions' })]);
    expect(sim.notifications('admin')).toHaveLength(0);
});

test('the arguments reach the app split on runs of whitespace, a quoted string kept whole without its quotes', async () => {
    // Rocket.Chat: apps/meteor/lib/utils/parseParameters.ts, called by bridges/commands.ts.
    await sim.typeCommand('bob', 'deploys', '/probe hello  mute   app 1h "deploy freeze"');
    expect(lastNotification('bob')).toBe('hello bob (Bob) in deploys args=mute|app|1h|deploy freeze server=pt-BR user=undefined');
});

test('an unknown command is refused before it reaches any app', async () => {
    await expect(sim.typeCommand('alice', 'deploys', '/nope')).rejects.toThrow(/unknown or disabled command \/nope/);
});

test('an error thrown by the command comes back as an Error with the app message', async () => {
    await expect(sim.typeCommand('alice', 'deploys', '/probe fail badly')).rejects.toThrow('probe failure badly');
});

test('notifyRoom reaches every member of the room privately', async () => {
    await sim.typeCommand('admin', 'general', '/probe room');
    for (const user of ['admin', 'alice', 'bob']) {
        expect(lastNotification(user)).toBe('to everyone in general');
    }
    expect(sim.messages('general')).toHaveLength(0);
});

test('room members and the app user are readable', async () => {
    await sim.typeCommand('bob', 'deploys', '/probe members');
    expect(lastNotification('bob')).toBe('members admin,alice,bob app=sim-probe.bot');
});

test('a posted message is stored, readable by id, and a click on its button updates it in place', async () => {
    await sim.typeCommand('alice', 'deploys', '/probe post');
    const posted = sim.messages('deploys').find((message) => message.text === 'posted with a button');
    expect(posted).toBeDefined();
    expect(posted?.sender).toBe('sim-probe.bot');
    expect(lastNotification('alice')).toBe(`posted ${posted?.id} read back posted with a button`);

    await sim.clickButton('bob', { messageId: posted?.id, actionId: 'probe-edit', value: 'e1' });
    const updated = sim.messages('deploys').find((message) => message.id === posted?.id);
    expect(updated).toMatchObject({ text: 'posted with a button (clicked by bob)', editCount: 1 });
    expect(updated?.updatedAt).toBeInstanceOf(Date);
    expect(seenEvents).toContainEqual(expect.objectContaining({ event: 'update', id: posted?.id, room: 'deploys', text: 'posted with a button (clicked by bob)' }));
});

test('a button on a private notification reaches the block action handler with room, value and block id', async () => {
    await sim.typeCommand('alice', 'general', '/probe hello');
    const notification = sim.notifications('alice').filter((candidate) => candidate.text.startsWith('hello'))[1];
    await sim.clickButton('alice', { messageId: notification.id, actionId: 'probe-button', value: 'v1' });
    expect(lastNotification('alice')).toBe('clicked probe-button value=v1 block=probe-actions in general');
});

test('a click with only a room (no message) also reaches the handler', async () => {
    await sim.clickButton('bob', { roomName: 'deploys', actionId: 'probe-button', blockId: 'b1', value: 'x' });
    expect(lastNotification('bob')).toBe('clicked probe-button value=x block=b1 in deploys');
});

test('a modal opened by a command can be submitted; the app validates the state', async () => {
    await sim.typeCommand('admin', 'general', '/probe modal');
    const [opened] = sim.uiInteractions('admin');
    expect(opened).toMatchObject({ type: 'modal.open', view: expect.objectContaining({ id: 'probe-modal' }) });

    const rejected = await sim.submitView('admin', { id: 'probe-modal', state: {} });
    expect(rejected).toMatchObject({ success: false, errors: { note: 'required' } });

    const accepted = await sim.submitView('admin', { id: 'probe-modal', state: { 'probe-note': { note: 'ship it' } } });
    expect(accepted).toMatchObject({ success: true });
    expect(lastNotification('admin')).toBe('submitted probe-modal: ship it');
});

test('slash command previews come from the app previewer', async () => {
    const previews = await sim.commandPreviews('alice', 'deploys', '/probe a b');
    expect(previews).toMatchObject({ i18nTitle: 'probe', items: [{ value: 'preview a' }, { value: 'preview b' }] });
});

test('failNextPosts makes the next creates reject, then posting works again', async () => {
    sim.failNextPosts(1);
    await expect(sim.typeCommand('alice', 'deploys', '/probe post')).rejects.toThrow(/message insert failed/);
    const before = sim.messages('deploys').length;
    await sim.typeCommand('alice', 'deploys', '/probe post');
    expect(sim.messages('deploys')).toHaveLength(before + 1);
});

test('the job posts to the room named by a setting; renamed and deleted rooms behave as in Rocket.Chat', async () => {
    sim.createRoom('ops');
    await sim.setSetting('probe_room', 'ops');
    await sim.runJob('probe-poll');
    expect(sim.messages('ops').map((message) => message.text)).toEqual([
        expect.stringMatching(/^poll #1: 200 42 /),
        'thread reply to poll #1',
    ]);

    sim.renameRoom('ops', 'ops-renamed');
    expect(sim.messages('ops-renamed')).toHaveLength(2);
    await expect(sim.runJob('probe-poll')).rejects.toThrow('room ops not found');

    await sim.setSetting('probe_room', 'ops-renamed');
    sim.deleteRoom('ops-renamed');
    await expect(sim.runJob('probe-poll')).rejects.toThrow('room ops-renamed not found');
});

test('events() and onEvent see posts, thread replies and private notifications', async () => {
    const events = sim.events();
    expect(events).toEqual(seenEvents);
    const reply = events.find((event) => event.event === 'post' && event.text === 'thread reply to poll #1');
    const parent = events.find((event) => event.event === 'post' && event.text.startsWith('poll #1'));
    expect(reply).toMatchObject({ threadId: parent && 'id' in parent ? parent.id : 'missing' });
    expect(events).toContainEqual(expect.objectContaining({ event: 'notify', user: 'bob', room: 'general', text: 'to everyone in general' }));
});

test('an app call into a bridge the sim does not model fails loudly', async () => {
    await expect(sim.typeCommand('alice', 'deploys', '/probe typing')).rejects.toThrow('not implemented: MessageBridge.typing');
});
