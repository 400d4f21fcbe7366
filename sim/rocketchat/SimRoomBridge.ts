import type { IRoom } from 'apps-engine-runtime/definition/rooms';
import type { IUser } from 'apps-engine-runtime/definition/users';
import { RoomBridge } from 'apps-engine-runtime/server/bridges/RoomBridge';

import { notImplemented } from './notImplemented';
import type { SimWorld } from './SimWorld';

/** Rocket.Chat's rooms collection: lookups and members. Unknown rooms answer undefined, as there. */
export class SimRoomBridge extends RoomBridge {
    constructor(private readonly world: SimWorld) {
        super();
    }

    protected async getById(roomId: string): Promise<IRoom> {
        const room = this.world.rooms.get(roomId);
        return (room ? this.world.toAppRoom(room) : undefined) as IRoom;
    }

    protected async getByName(roomName: string): Promise<IRoom> {
        // Rocket.Chat accepts the name with or without the leading '#'.
        const room = this.world.roomByName(roomName.replace(/^#/, ''));
        return (room ? this.world.toAppRoom(room) : undefined) as IRoom;
    }

    protected async getCreatorById(roomId: string): Promise<IUser | undefined> {
        const room = this.world.rooms.get(roomId);
        const creator = room && this.world.userByUsername(room.creator);
        return creator ? this.world.toAppUser(creator) : undefined;
    }

    protected async getCreatorByName(roomName: string): Promise<IUser | undefined> {
        const room = this.world.roomByName(roomName);
        return room ? this.getCreatorById(room.id) : undefined;
    }

    protected async getMembers(roomId: string): Promise<Array<IUser>> {
        const room = this.world.rooms.get(roomId);
        if (!room) {
            throw new Error(`room ${roomId} not found`);
        }
        return room.members
            .map((username) => this.world.userByUsername(username))
            .filter((user): user is NonNullable<typeof user> => user !== undefined)
            .map((user) => this.world.toAppUser(user));
    }

    protected async create(): Promise<string> {
        throw notImplemented('RoomBridge', 'create');
    }

    protected async getDirectByUsernames(): Promise<IRoom | undefined> {
        throw notImplemented('RoomBridge', 'getDirectByUsernames');
    }

    protected async getAllRooms(): Promise<never> {
        throw notImplemented('RoomBridge', 'getAllRooms');
    }

    protected async update(): Promise<void> {
        throw notImplemented('RoomBridge', 'update');
    }

    protected async createDiscussion(): Promise<string> {
        throw notImplemented('RoomBridge', 'createDiscussion');
    }

    protected async delete(): Promise<void> {
        throw notImplemented('RoomBridge', 'delete');
    }

    // Rocket.Chat: apps/meteor/app/apps/server/bridges/rooms.ts getUsersByRoomIdAndSubscriptionRole —
    // the members whose subscription in the room holds the role, converted like any user (global roles only).
    protected async getModerators(roomId: string): Promise<Array<IUser>> {
        return this.withRoomRole(roomId, 'moderator');
    }

    protected async getOwners(roomId: string): Promise<Array<IUser>> {
        return this.withRoomRole(roomId, 'owner');
    }

    protected async getLeaders(roomId: string): Promise<Array<IUser>> {
        return this.withRoomRole(roomId, 'leader');
    }

    private withRoomRole(roomId: string, role: string): IUser[] {
        return this.world.usersWithRoomRole(roomId, role).map((user) => this.world.toAppUser(user));
    }

    protected async getMessages(): Promise<never> {
        throw notImplemented('RoomBridge', 'getMessages');
    }

    protected async removeUsers(): Promise<void> {
        throw notImplemented('RoomBridge', 'removeUsers');
    }

    protected async getUnreadByUser(): Promise<never> {
        throw notImplemented('RoomBridge', 'getUnreadByUser');
    }

    protected async getUserUnreadMessageCount(): Promise<number> {
        throw notImplemented('RoomBridge', 'getUserUnreadMessageCount');
    }
}
