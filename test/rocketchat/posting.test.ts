import { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';
import { probeAppZip, runProbe } from './probeApp';

// Posting and editing as Rocket.Chat's server decides them, seen from inside the app:
// apps/meteor/app/apps/server/bridges/messages.ts → apps/meteor/app/lib/server/methods/sendMessage.ts
// (executeSendMessage) → apps/meteor/app/authorization/server/functions/canSendMessage.ts, and
// apps/meteor/app/lib/server/functions/updateMessage.ts for edits.

let sim: RocketChatSim;

beforeAll(async () => {
    sim = await RocketChatSim.start({ appZip: probeAppZip() });
});

afterAll(async () => {
    await sim?.stop();
});

/** Runs a probe command as alice and returns what the app told her. */
function probe(room: string, command: string): Promise<string> {
    return runProbe(sim, room, command);
}

// The engine creates the app's user with the single global role 'app' (not admin, owner, moderator).
const APP_ROLE = 'app';

test('a read-only room refuses the app user, which lacks post-readonly, until its role is granted it', async () => {
    sim.createRoom('ro-room');
    sim.setRoomReadOnly('ro-room');
    expect(await probe('ro-room', 'say hello')).toBe("say failed: You can't send messages because the room is readonly.");
    expect(sim.messages('ro-room')).toHaveLength(0);
    // executeSendMessage also tells the sender (the app user) why, as an ephemeral message.
    expect(sim.notifications(sim.appUsername()).map((notification) => notification.text)).toContain("You can't send messages because the room is readonly.");

    sim.grantPermission('post-readonly', APP_ROLE);
    expect(await probe('ro-room', 'say hello')).toMatch(/^say ok \w+$/);
    expect(sim.messages('ro-room').map((message) => message.text)).toEqual(['hello']);
});

test('an archived room refuses every post with room_is_archived', async () => {
    sim.createRoom('archived-room');
    sim.archiveRoom('archived-room');
    expect(await probe('archived-room', 'say hello')).toBe('say failed: room_is_archived');
    expect(sim.messages('archived-room')).toHaveLength(0);
});

test('the app user muted in a room is refused with You_have_been_muted', async () => {
    sim.createRoom('muted-room');
    sim.muteUser('muted-room', sim.appUsername());
    expect(await probe('muted-room', 'say hello')).toBe('say failed: You_have_been_muted');
    sim.muteUser('muted-room', sim.appUsername(), false);
    expect(await probe('muted-room', 'say hello')).toMatch(/^say ok /);
});

test('the app sees a read-only room as isReadOnly, and archived and muted only among the unmapped properties', async () => {
    sim.createRoom('seen-room');
    expect(await probe('seen-room', 'room-info')).toBe('room seen-room readOnly=false archived=undefined muted=undefined');
    sim.setRoomReadOnly('seen-room');
    sim.archiveRoom('seen-room');
    sim.muteUser('seen-room', sim.appUsername());
    expect(await probe('seen-room', 'room-info')).toBe(`room seen-room readOnly=true archived=true muted=["${sim.appUsername()}"]`);
});

test('with Threads_enabled off a reply is refused with error-not-allowed; the app can read the setting', async () => {
    sim.createRoom('threads-off');
    expect(await probe('threads-off', 'setting Threads_enabled')).toBe('setting Threads_enabled=true');
    expect(await probe('threads-off', 'say parent')).toMatch(/^say ok /);
    const [parent] = sim.messages('threads-off');
    sim.setServerSetting('Threads_enabled', false);
    try {
        expect(await probe('threads-off', 'setting Threads_enabled')).toBe('setting Threads_enabled=false');
        expect(await probe('threads-off', `reply ${parent.id}`)).toBe('reply failed: not-allowed [error-not-allowed]');
        expect(sim.messages('threads-off')).toHaveLength(1);
    } finally {
        sim.setServerSetting('Threads_enabled', true);
    }
});

test('a reply to a deleted thread parent is still stored, with a thread id that points nowhere', async () => {
    sim.createRoom('dangling');
    await probe('dangling', 'say parent');
    const [parent] = sim.messages('dangling');
    sim.deleteMessage(parent.id);
    expect(await probe('dangling', `reply ${parent.id}`)).toMatch(/^reply ok /);
    expect(sim.messages('dangling')).toEqual([expect.objectContaining({ text: 'a reply', threadId: parent.id })]);
});

test('a reply goes to its parent\'s room, and a reply to a reply joins the first thread', async () => {
    sim.createRoom('parent-room');
    sim.createRoom('other-room');
    await probe('parent-room', 'say parent');
    const [parent] = sim.messages('parent-room');
    expect(await probe('other-room', `reply ${parent.id}`)).toMatch(/^reply ok /);
    expect(sim.messages('other-room')).toHaveLength(0);
    const reply = sim.messages('parent-room').find((message) => message.text === 'a reply');
    expect(reply?.threadId).toBe(parent.id);

    await probe('parent-room', `reply ${String(reply?.id)}`);
    expect(sim.messages('parent-room').filter((message) => message.text === 'a reply').map((message) => message.threadId)).toEqual([parent.id, parent.id]);
});

test('Message_MaxAllowedSize bounds the text: one character over is refused, the setting is readable and can change', async () => {
    sim.createRoom('sizes');
    expect(await probe('sizes', 'setting Message_MaxAllowedSize')).toBe('setting Message_MaxAllowedSize=5000');
    expect(await probe('sizes', 'say-long 5000')).toMatch(/^say-long ok /);
    expect(await probe('sizes', 'say-long 5001')).toBe('say-long failed: Message size exceeds Message_MaxAllowedSize [error-message-size-exceeded]');
    sim.setServerSetting('Message_MaxAllowedSize', 10);
    try {
        expect(await probe('sizes', 'say-long 11')).toMatch(/failed: Message size exceeds/);
    } finally {
        sim.setServerSetting('Message_MaxAllowedSize', 5000);
    }
    expect(sim.messages('sizes').map((message) => message.text.length)).toEqual([5000]);
});

test('an edit by the app goes through in a read-only, archived room where it is muted (updateMessage checks none of it)', async () => {
    sim.createRoom('edit-room');
    await probe('edit-room', 'say original');
    const [original] = sim.messages('edit-room');
    sim.setRoomReadOnly('edit-room');
    sim.archiveRoom('edit-room');
    sim.muteUser('edit-room', sim.appUsername());
    expect(await probe('edit-room', `edit ${original.id} changed text`)).toBe('edit ok done');
    expect(sim.messages('edit-room')[0]).toMatchObject({ text: 'changed text', editCount: 1 });
});

test('editing a message that no longer exists fails: the engine reads it back as undefined before the update', async () => {
    sim.createRoom('edit-gone');
    await probe('edit-gone', 'say original');
    const [original] = sim.messages('edit-gone');
    sim.deleteMessage(original.id);
    // Rocket.Chat's getById answers undefined for a deleted message, so the engine's updater has no room.
    expect(await probe('edit-gone', `edit ${original.id} changed`)).toBe('edit failed: The "room" property is required.');
});
