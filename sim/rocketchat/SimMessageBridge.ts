import type { ITypingDescriptor } from 'apps-engine-runtime/server/bridges/MessageBridge';
import { MessageBridge } from 'apps-engine-runtime/server/bridges/MessageBridge';
import type { IMessage } from 'apps-engine-runtime/definition/messages';
import type { IRoom } from 'apps-engine-runtime/definition/rooms';
import type { IUser } from 'apps-engine-runtime/definition/users';

import { randomId } from './ids';
import { notImplemented } from './notImplemented';
import type { SimWorld, WorldRoom } from './SimWorld';
import type { SimMessage } from './types';

/** Rocket.Chat's messages collection plus its ephemeral-message notifier. */
export class SimMessageBridge extends MessageBridge {
    private failuresToInject = 0;

    constructor(private readonly world: SimWorld, private readonly appUsername: (appId: string) => string | undefined) {
        super();
    }

    /** The next `count` creates reject, as a failed database insert would. */
    failNextPosts(count: number): void {
        this.failuresToInject = count;
    }

    protected async create(message: IMessage, appId: string): Promise<string> {
        if (this.failuresToInject > 0) {
            this.failuresToInject--;
            throw new Error('sim: message insert failed (injected by failNextPosts)');
        }
        const room = this.roomOf(message.room);
        if (message.threadId && !this.world.messages.some((parent) => parent.id === message.threadId && parent.roomId === room.id)) {
            throw new Error(`thread parent ${message.threadId} not found in room ${room.name}`);
        }
        const stored: SimMessage = {
            id: randomId(),
            roomId: room.id,
            roomName: room.name,
            text: message.text ?? '',
            sender: message.sender?.username ?? this.appUsername(appId) ?? 'unknown',
            createdAt: new Date(),
            editCount: 0,
            ...(message.threadId ? { threadId: message.threadId } : {}),
            ...(message.attachments?.length ? { attachments: clone(message.attachments) } : {}),
            ...(message.blocks?.length ? { blocks: clone(message.blocks) } : {}),
        };
        this.world.messages.push(stored);
        this.world.emit({
            event: 'post', room: room.name, id: stored.id, text: stored.text,
            ...(stored.threadId ? { threadId: stored.threadId } : {}),
            ...(stored.attachments ? { attachments: stored.attachments } : {}),
            ...(stored.blocks ? { blocks: stored.blocks } : {}),
        });
        return stored.id;
    }

    protected async update(message: IMessage): Promise<void> {
        const stored = this.world.messages.find((candidate) => candidate.id === message.id);
        if (!stored) {
            throw new Error(`message ${String(message.id)} not found`);
        }
        // Rocket.Chat replaces the editable fields with what the updater sends.
        stored.text = message.text ?? '';
        stored.attachments = message.attachments?.length ? clone(message.attachments) : undefined;
        stored.blocks = message.blocks?.length ? clone(message.blocks) : undefined;
        stored.updatedAt = new Date();
        stored.editCount++;
        this.world.emit({
            event: 'update', room: stored.roomName, id: stored.id, text: stored.text,
            ...(stored.threadId ? { threadId: stored.threadId } : {}),
            ...(stored.attachments ? { attachments: stored.attachments } : {}),
            ...(stored.blocks ? { blocks: stored.blocks } : {}),
        });
    }

    protected async getById(messageId: string): Promise<IMessage> {
        const stored = this.world.messages.find((candidate) => candidate.id === messageId);
        // Rocket.Chat's bridge answers a missing message with undefined, not an error.
        return (stored ? this.world.toAppMessage(stored) : undefined) as IMessage;
    }

    protected async notifyUser(user: IUser, message: IMessage): Promise<void> {
        const room = this.roomOf(message.room);
        this.notify(user.username, room, message);
    }

    protected async notifyRoom(room: IRoom, message: IMessage): Promise<void> {
        const target = this.roomOf(room);
        for (const username of target.members) {
            this.notify(username, target, message);
        }
    }

    protected async typing(_options: ITypingDescriptor): Promise<void> {
        throw notImplemented('MessageBridge', 'typing');
    }

    protected async delete(): Promise<void> {
        throw notImplemented('MessageBridge', 'delete');
    }

    protected async addReaction(): Promise<void> {
        throw notImplemented('MessageBridge', 'addReaction');
    }

    protected async removeReaction(): Promise<void> {
        throw notImplemented('MessageBridge', 'removeReaction');
    }

    private notify(username: string, room: WorldRoom, message: IMessage): void {
        const notification = {
            id: randomId(),
            user: username,
            roomName: room.name,
            text: message.text ?? '',
            at: new Date(),
            ...(message.attachments?.length ? { attachments: clone(message.attachments) } : {}),
            ...(message.blocks?.length ? { blocks: clone(message.blocks) } : {}),
        };
        this.world.notifications.push(notification);
        this.world.emit({
            event: 'notify', user: username, room: room.name, text: notification.text,
            ...(notification.attachments ? { attachments: notification.attachments } : {}),
            ...(notification.blocks ? { blocks: notification.blocks } : {}),
        });
    }

    private roomOf(room: IRoom | undefined): WorldRoom {
        const found = room?.id ? this.world.rooms.get(room.id) : undefined;
        if (!found) {
            throw new Error(`room ${room?.id ?? '(none)'} not found`);
        }
        return found;
    }
}

// Stored copies must not change when the app mutates its builder after sending.
function clone<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}
