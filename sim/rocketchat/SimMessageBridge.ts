import type { ITypingDescriptor } from 'apps-engine-runtime/server/bridges/MessageBridge';
import { MessageBridge } from 'apps-engine-runtime/server/bridges/MessageBridge';
import type { IMessage } from 'apps-engine-runtime/definition/messages';
import type { IRoom } from 'apps-engine-runtime/definition/rooms';
import type { IUser } from 'apps-engine-runtime/definition/users';

import { randomId } from './ids';
import { notImplemented } from './notImplemented';
import type { SimWorld, WorldRoom, WorldUser } from './SimWorld';
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

    // Rocket.Chat: apps/meteor/app/apps/server/bridges/messages.ts create → executeSendMessage
    // (apps/meteor/app/lib/server/methods/sendMessage.ts) → canSendMessageAsync
    // (apps/meteor/app/authorization/server/functions/canSendMessage.ts) → sendMessage.
    protected async create(message: IMessage, appId: string): Promise<string> {
        if (this.failuresToInject > 0) {
            this.failuresToInject--;
            throw new Error('sim: message insert failed (injected by failNextPosts)');
        }
        const text = message.text ?? '';
        let threadId = message.threadId;
        if (threadId && !this.world.settings.Threads_enabled) {
            throw meteorError('error-not-allowed', 'not-allowed');
        }
        // Only the text counts (attachments and blocks do not), in UTF-16 code units.
        if (text && text.length > Number(this.world.settings.Message_MaxAllowedSize ?? 0)) {
            throw meteorError('error-message-size-exceeded', 'Message size exceeds Message_MaxAllowedSize');
        }
        const senderName = message.sender?.username ?? this.appUsername(appId) ?? 'unknown';
        const sender = this.world.userByUsername(senderName);
        if (!sender) {
            throw meteorError('error-invalid-user', 'Invalid user');
        }
        let room = this.roomOf(message.room);
        if (threadId) {
            // No nested threads: a reply to a reply joins the first thread. The reply goes to the
            // parent's room, whatever room the app named. A missing (deleted) parent is not an error:
            // the reply is stored with a thread id that points nowhere.
            const parent = this.world.messages.find((candidate) => candidate.id === threadId);
            threadId = parent?.threadId || threadId;
            const parentRoom = parent ? this.world.rooms.get(parent.roomId) : undefined;
            if (parentRoom) {
                room = parentRoom;
            }
        }
        try {
            this.assertCanSend(room, sender);
        } catch (error) {
            // executeSendMessage also tells the sender's sessions why, as an ephemeral message.
            this.notify(sender.username, room, { text: (error as { error?: string }).error ?? (error as Error).message } as IMessage);
            throw error;
        }
        const stored: SimMessage = {
            id: randomId(),
            roomId: room.id,
            roomName: room.name,
            text,
            sender: sender.username,
            createdAt: new Date(),
            editCount: 0,
            ...(threadId ? { threadId } : {}),
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

    // Rocket.Chat: bridges/messages.ts update → apps/meteor/app/lib/server/functions/updateMessage.ts.
    // Unlike posting, nothing checks read-only, archived, muted or Message_MaxAllowedSize: the edit
    // goes through. A message whose room is gone is silently left as it was.
    protected async update(message: IMessage): Promise<void> {
        const editorId = message.editor?.id;
        const editor = editorId ? this.world.users.get(editorId) ?? this.world.userByUsername(message.editor?.username ?? '') : undefined;
        if (!editor) {
            throw new Error('Invalid editor assigned to the message for the update.');
        }
        const stored = this.world.messages.find((candidate) => candidate.id === message.id);
        if (!stored) {
            throw new Error('Invalid message ID.');
        }
        if (!this.world.rooms.has(stored.roomId)) {
            return;
        }
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

    // Rocket.Chat: canSendMessage.ts validateRoomMessagePermissionsAsync, in its order. The app's
    // own user (type 'app') skips the room-access check, so it needs no membership.
    private assertCanSend(room: WorldRoom, sender: WorldUser): void {
        if (room.archived) {
            throw new Error('room_is_archived');
        }
        if (room.ro === true && !this.world.hasPermission(sender.username, 'post-readonly', room.id)) {
            throw new Error("You can't send messages because the room is readonly.");
        }
        if (room.muted?.includes(sender.username)) {
            throw new Error('You_have_been_muted');
        }
    }

    private roomOf(room: IRoom | undefined): WorldRoom {
        const found = room?.id ? this.world.rooms.get(room.id) : undefined;
        if (!found) {
            throw new Error(`room ${room?.id ?? '(none)'} not found`);
        }
        return found;
    }
}

/** A Meteor.Error as Rocket.Chat throws it: message "<reason> [<error>]", with error and reason fields. */
function meteorError(error: string, reason: string): Error {
    return Object.assign(new Error(`${reason} [${error}]`), { error, reason, errorType: 'Meteor.Error' });
}

// Stored copies must not change when the app mutates its builder after sending.
function clone<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}
