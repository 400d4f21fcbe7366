import { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';
import { probeAppZip, runProbe } from './probeApp';

// Users and roles as an app sees them: apps/meteor/app/apps/server/converters/users.ts gives a user's
// global roles only; room roles live on subscriptions and are read through
// apps/meteor/app/apps/server/bridges/rooms.ts getOwners / getModerators / getLeaders.

let sim: RocketChatSim;

beforeAll(async () => {
    sim = await RocketChatSim.start({
        appZip: probeAppZip(),
        users: [
            { id: 'u-admin', username: 'admin', name: 'Administrator', roles: ['admin', 'user'] },
            { id: 'u-alice', username: 'alice', name: 'Alice', roles: ['user'] },
            { id: 'u-bob', username: 'bob', name: 'Bob', roles: ['user'] },
        ],
    });
});

afterAll(async () => {
    await sim?.stop();
});

function probe(room: string, command: string): Promise<string> {
    return runProbe(sim, room, command);
}

test('room roles never appear in the user the app sees: a room owner and moderator still has only global roles', async () => {
    sim.setRoomRoles('deploys', 'alice', ['owner', 'moderator']);
    expect(await probe('deploys', 'roles')).toMatch(/ sender=user read=user$/);
});

test('getOwners, getModerators and getLeaders answer from the room subscriptions; the creator owns the room', async () => {
    sim.setRoomRoles('general', 'alice', ['moderator']);
    sim.setRoomRoles('general', 'bob', ['leader', 'moderator']);
    expect(await probe('general', 'roles')).toBe('owners=admin moderators=alice,bob leaders=bob sender=user read=user');
});

test('room roles are per room: a moderator of one room is nothing in another', async () => {
    sim.createRoom('elsewhere');
    sim.setRoomRoles('elsewhere', 'bob', ['moderator']);
    expect(await probe('elsewhere', 'roles')).toBe('owners=admin moderators=bob leaders= sender=user read=user');
});

test('a room role can carry a permission: a room owner may post in a read-only room, a plain member may not', () => {
    // Rocket.Chat: apps/meteor/app/authorization/server/functions/hasPermission.ts (subscription roles count inside the room).
    sim.createRoom('ro-owners');
    sim.setRoomReadOnly('ro-owners');
    sim.setRoomRoles('ro-owners', 'alice', ['owner']);
    const world = (sim as unknown as { world: { hasPermission(user: string, permission: string, roomId: string): boolean; requireRoom(name: string): { id: string } } }).world;
    const roomId = world.requireRoom('ro-owners').id;
    expect(world.hasPermission('alice', 'post-readonly', roomId)).toBe(true);
    expect(world.hasPermission('bob', 'post-readonly', roomId)).toBe(false);
    sim.createRoom('plain');
    expect(world.hasPermission('alice', 'post-readonly', world.requireRoom('plain').id)).toBe(false);
});
