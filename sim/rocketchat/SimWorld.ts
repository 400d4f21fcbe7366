import type { IMessage } from 'apps-engine-runtime/definition/messages';
import type { IRoom } from 'apps-engine-runtime/definition/rooms';
import { RoomType } from 'apps-engine-runtime/definition/rooms/RoomType';
import type { IUser } from 'apps-engine-runtime/definition/users';
import { UserStatusConnection } from 'apps-engine-runtime/definition/users/UserStatusConnection';
import { UserType } from 'apps-engine-runtime/definition/users/UserType';

import { randomId } from './ids';
import type { SimEvent, SimMessage, SimNotification, SimUiInteraction, SimUser } from './types';

export interface WorldUser extends SimUser {
    type: UserType;
    appId?: string;
    createdAt: Date;
}

export interface WorldRoom {
    id: string;
    name: string;
    members: string[];
    creator: string;
    createdAt: Date;
}

/**
 * The chat server's data: users, rooms, messages and ephemeral notifications, as Rocket.Chat's
 * collections would hold them. Bridges read and write it; the sim's API exposes it to tests.
 * Converts to the Apps-Engine's shapes (IUser, IRoom, IMessage) the way Rocket.Chat's converters do.
 */
export class SimWorld {
    readonly users = new Map<string, WorldUser>();
    readonly rooms = new Map<string, WorldRoom>();
    readonly messages: SimMessage[] = [];
    readonly notifications: SimNotification[] = [];
    readonly uiInteractions: SimUiInteraction[] = [];
    readonly events: SimEvent[] = [];

    constructor(private readonly onEvent?: (event: SimEvent) => void) {}

    emit(event: SimEvent): void {
        this.events.push(event);
        this.onEvent?.(event);
    }

    addUser(user: SimUser, extra: { type?: UserType; appId?: string } = {}): WorldUser {
        if (this.userByUsername(user.username)) {
            throw new Error(`user ${user.username} already exists`);
        }
        const stored: WorldUser = { ...user, roles: [...user.roles], type: extra.type ?? UserType.USER, appId: extra.appId, createdAt: new Date() };
        this.users.set(stored.id, stored);
        return stored;
    }

    userByUsername(username: string): WorldUser | undefined {
        for (const user of this.users.values()) {
            if (user.username === username) {
                return user;
            }
        }
        return undefined;
    }

    requireUser(username: string): WorldUser {
        const user = this.userByUsername(username);
        if (!user) {
            throw new Error(`no user named ${username}`);
        }
        return user;
    }

    createRoom(name: string, members: string[], creator: string): WorldRoom {
        if (this.roomByName(name)) {
            throw new Error(`room ${name} already exists`);
        }
        const room: WorldRoom = { id: randomId(), name, members: [...members], creator, createdAt: new Date() };
        this.rooms.set(room.id, room);
        return room;
    }

    roomByName(name: string): WorldRoom | undefined {
        for (const room of this.rooms.values()) {
            if (room.name === name) {
                return room;
            }
        }
        return undefined;
    }

    requireRoom(name: string): WorldRoom {
        const room = this.roomByName(name);
        if (!room) {
            throw new Error(`no room named ${name}`);
        }
        return room;
    }

    deleteRoom(name: string): void {
        this.rooms.delete(this.requireRoom(name).id);
    }

    renameRoom(from: string, to: string): void {
        const room = this.requireRoom(from);
        if (this.roomByName(to)) {
            throw new Error(`room ${to} already exists`);
        }
        room.name = to;
        for (const message of this.messages) {
            if (message.roomId === room.id) {
                message.roomName = to;
            }
        }
    }

    toAppUser(user: WorldUser): IUser {
        return {
            id: user.id,
            username: user.username,
            name: user.name,
            emails: [],
            type: user.type,
            isEnabled: true,
            roles: [...user.roles],
            status: 'online',
            statusConnection: UserStatusConnection.ONLINE,
            utcOffset: 0,
            createdAt: user.createdAt,
            updatedAt: user.createdAt,
            lastLoginAt: user.createdAt,
            ...(user.language ? { settings: { preferences: { language: user.language } } } : {}),
            ...(user.appId ? { appId: user.appId } : {}),
        };
    }

    toAppRoom(room: WorldRoom): IRoom {
        const creator = this.userByUsername(room.creator);
        return {
            id: room.id,
            slugifiedName: room.name,
            displayName: room.name,
            type: RoomType.CHANNEL,
            creator: creator ? this.toAppUser(creator) : ({ id: 'unknown', username: room.creator } as IUser),
            usernames: [...room.members],
            isDefault: false,
            isReadOnly: false,
            displaySystemMessages: true,
            messageCount: this.messages.filter((message) => message.roomId === room.id).length,
            createdAt: room.createdAt,
            updatedAt: room.createdAt,
            lastModifiedAt: room.createdAt,
        };
    }

    toAppMessage(message: SimMessage): IMessage {
        const room = this.rooms.get(message.roomId);
        const sender = this.userByUsername(message.sender);
        return {
            id: message.id,
            room: room ? this.toAppRoom(room) : ({ id: message.roomId, slugifiedName: message.roomName } as IRoom),
            sender: sender ? this.toAppUser(sender) : ({ username: message.sender } as IUser),
            text: message.text,
            createdAt: message.createdAt,
            updatedAt: message.updatedAt ?? message.createdAt,
            ...(message.threadId ? { threadId: message.threadId } : {}),
            ...(message.attachments ? { attachments: message.attachments as IMessage['attachments'] } : {}),
            ...(message.blocks ? { blocks: message.blocks as IMessage['blocks'] } : {}),
        };
    }
}
