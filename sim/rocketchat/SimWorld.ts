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
    /** Rocket.Chat's room document fields `ro`, `archived`, `muted` (usernames). */
    ro?: boolean;
    archived?: boolean;
    muted?: string[];
    /**
     * Room roles (owner, moderator, leader) by username: in Rocket.Chat they live on each member's
     * subscription (rocketchat_subscription.roles), never on the user.
     */
    subscriptionRoles: Map<string, string[]>;
}

/**
 * Which roles hold a permission (rocketchat_permissions). Rocket.Chat:
 * apps/meteor/app/authorization/server/constant/permissions.ts gives `post-readonly` to admin,
 * owner and moderator; the app's own user is not among them.
 */
const DEFAULT_PERMISSIONS: Record<string, string[]> = {
    'post-readonly': ['admin', 'owner', 'moderator'],
};

/** Server settings an app can read, with Rocket.Chat's defaults (apps/meteor/server/settings/message.ts, threads.ts). */
export const DEFAULT_SERVER_SETTINGS: Record<string, unknown> = {
    Threads_enabled: true,
    Message_MaxAllowedSize: 5000,
};

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
    readonly permissions = new Map<string, Set<string>>(Object.entries(DEFAULT_PERMISSIONS).map(([id, roles]) => [id, new Set(roles)]));
    readonly settings: Record<string, unknown>;

    constructor(private readonly onEvent?: (event: SimEvent) => void, settings: Record<string, unknown> = {}) {
        this.settings = { ...DEFAULT_SERVER_SETTINGS, ...settings };
    }

    // Rocket.Chat: apps/meteor/app/authorization/server/functions/hasPermission.ts — a user holds a
    // permission through a global role (user.roles) or, inside a room, a role on its subscription.
    hasPermission(username: string, permission: string, roomId?: string): boolean {
        const user = this.userByUsername(username);
        if (!user) {
            return false;
        }
        const room = roomId ? this.rooms.get(roomId) : undefined;
        const roles = [...user.roles, ...(room?.subscriptionRoles.get(username) ?? [])];
        const holders = this.permissions.get(permission) ?? new Set<string>();
        return roles.some((role) => holders.has(role));
    }

    grantPermission(permission: string, role: string): void {
        const holders = this.permissions.get(permission) ?? new Set<string>();
        holders.add(role);
        this.permissions.set(permission, holders);
    }

    /** Sets a member's room roles (its subscription's roles), replacing the ones it had. */
    setRoomRoles(roomName: string, username: string, roles: string[]): void {
        const room = this.requireRoom(roomName);
        this.requireUser(username);
        if (!room.members.includes(username)) {
            throw new Error(`${username} is not a member of ${roomName} (no subscription to hold room roles)`);
        }
        room.subscriptionRoles.set(username, [...roles]);
    }

    /** Usernames whose subscription in the room carries this role. */
    usersWithRoomRole(roomId: string, role: string): WorldUser[] {
        const room = this.rooms.get(roomId);
        if (!room) {
            return [];
        }
        return [...room.subscriptionRoles.entries()]
            .filter(([, roles]) => roles.includes(role))
            .map(([username]) => this.userByUsername(username))
            .filter((user): user is WorldUser => user !== undefined);
    }

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
        // Rocket.Chat: apps/meteor/app/lib/server/functions/createRoom.ts — the creator's subscription gets `owner`.
        const subscriptionRoles = new Map<string, string[]>(members.includes(creator) ? [[creator, ['owner']]] : []);
        const room: WorldRoom = { id: randomId(), name, members: [...members], creator, createdAt: new Date(), subscriptionRoles };
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

    // Rocket.Chat: apps/meteor/app/apps/server/converters/users.ts — `roles` are the user's global
    // roles only; room roles stay on subscriptions (see RoomBridge getOwners and friends).
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

    // Rocket.Chat: apps/meteor/app/apps/server/converters/rooms.ts convertRoom — `ro` becomes
    // isReadOnly; fields the converter does not map (archived, muted…) reach the app only inside
    // `_unmappedProperties_` (converters/transformMappedData.ts).
    toAppRoom(room: WorldRoom): IRoom {
        const creator = this.userByUsername(room.creator);
        const unmapped = {
            usersCount: room.members.length,
            ...(room.archived !== undefined ? { archived: room.archived } : {}),
            ...(room.muted ? { muted: [...room.muted] } : {}),
        };
        return {
            _unmappedProperties_: unmapped,
            id: room.id,
            slugifiedName: room.name,
            displayName: room.name,
            type: RoomType.CHANNEL,
            creator: creator ? this.toAppUser(creator) : ({ id: 'unknown', username: room.creator } as IUser),
            usernames: [...room.members],
            isDefault: false,
            isReadOnly: room.ro === true,
            displaySystemMessages: true,
            messageCount: this.messages.filter((message) => message.roomId === room.id).length,
            createdAt: room.createdAt,
            updatedAt: room.createdAt,
            lastModifiedAt: room.createdAt,
        } as IRoom;
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
