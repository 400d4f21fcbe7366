import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { LayoutBlock } from '@rocket.chat/ui-kit';

/** Private answers: only the user who typed the command sees them. */
export class UserReplier {
    constructor(private readonly read: IRead, private readonly modify: IModify, private readonly user: IUser, private readonly room: IRoom) {}

    async reply(text: string, blocks?: LayoutBlock[]): Promise<void> {
        const appUser = await this.read.getUserReader().getAppUser();
        const builder = this.modify.getNotifier().getMessageBuilder()
            .setRoom(this.room)
            .setText(text)
            .setGroupable(false)
            .setParseUrls(false);
        if (appUser) {
            builder.setSender(appUser);
        }
        if (blocks) {
            builder.setBlocks(blocks);
        }
        await this.modify.getNotifier().notifyUser(this.user, builder.getMessage());
    }
}
