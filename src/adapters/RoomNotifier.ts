import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { LayoutBlock } from '@rocket.chat/ui-kit';
import type { Result } from '../core/result';
import { err, ok } from '../core/result';

/** Finds the configured channel by id or by name (with or without `#`). */
export async function resolveChannel(read: IRead, channel: string): Promise<IRoom | undefined> {
    const rooms = read.getRoomReader();
    const name = channel.replace(/^#/, '');
    return (await rooms.getById(name)) ?? (await rooms.getByName(name));
}

export interface PostOptions {
    threadId?: string;
    blocks?: LayoutBlock[];
}

function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
}

/**
 * Whether the server accepts thread replies. With `Threads_enabled` off, Rocket.Chat refuses any
 * message with a thread id (`error-not-allowed`, apps/meteor/app/lib/server/functions/sendMessage.ts).
 */
export async function threadsEnabled(read: IRead): Promise<boolean> {
    try {
        return (await read.getEnvironmentReader().getServerSettings().getValueById('Threads_enabled')) !== false;
    } catch {
        return true;
    }
}

/** Posts and edits messages as the app's bot user. */
export class RoomNotifier {
    /**
     * With threads off, what would be a reply is posted to the channel itself: every reply the
     * app writes names its app, so it still reads as part of that incident.
     */
    constructor(private readonly read: IRead, private readonly modify: IModify, private readonly sender: IUser, private readonly threads = true) {}

    async post(room: IRoom, text: string, options: PostOptions = {}): Promise<Result<string>> {
        try {
            const builder = this.modify.getCreator().startMessage()
                .setRoom(room)
                .setSender(this.sender)
                .setText(text)
                .setGroupable(false)
                .setParseUrls(false);
            if (options.threadId && this.threads && await this.exists(options.threadId)) {
                builder.setThreadId(options.threadId);
            }
            if (options.blocks) {
                builder.setBlocks(options.blocks);
            }
            return ok(await this.modify.getCreator().finish(builder));
        } catch (error) {
            return err(messageOf(error));
        }
    }

    /**
     * Rocket.Chat inserts a reply to a deleted thread root anyway, with a thread id nobody can
     * open (apps/meteor/app/lib/server/functions/sendMessage.ts); such a reply goes to the channel.
     */
    private async exists(messageId: string): Promise<boolean> {
        return Boolean(await this.read.getMessageReader().getById(messageId));
    }

    /** Rewrites a message the app posted; `change` gets its current text. */
    async edit(messageId: string, change: (text: string) => string, blocks?: LayoutBlock[]): Promise<Result<void>> {
        try {
            const current = await this.read.getMessageReader().getById(messageId);
            if (!current) {
                return err(`message ${messageId} no longer exists`);
            }
            const builder = await this.modify.getUpdater().message(messageId, this.sender);
            builder.setEditor(this.sender).setText(change(current.text ?? ''));
            if (blocks) {
                builder.setBlocks(blocks);
            }
            await this.modify.getUpdater().finish(builder);
            return ok(undefined);
        } catch (error) {
            return err(messageOf(error));
        }
    }
}
