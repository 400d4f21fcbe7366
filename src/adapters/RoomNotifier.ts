import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { RenderedMessage } from '../core/render';
import type { Result } from '../core/result';
import { err, ok } from '../core/result';

/** Finds the configured channel by id or by name (with or without `#`). */
export async function resolveChannel(read: IRead, channel: string): Promise<IRoom | undefined> {
    const rooms = read.getRoomReader();
    const name = channel.replace(/^#/, '');
    return (await rooms.getById(name)) ?? (await rooms.getByName(name));
}

/** Posts into one room as the app's bot user. */
export class RoomNotifier {
    constructor(private readonly modify: IModify, private readonly room: IRoom, private readonly sender: IUser) {}

    async post(message: RenderedMessage): Promise<Result<string>> {
        try {
            const builder = this.modify.getCreator().startMessage()
                .setRoom(this.room)
                .setSender(this.sender)
                .setText(message.text)
                .setGroupable(false)
                .setParseUrls(false);
            return ok(await this.modify.getCreator().finish(builder));
        } catch (error) {
            return err(error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error));
        }
    }
}
