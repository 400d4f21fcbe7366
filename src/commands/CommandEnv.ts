import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Accessors } from '../accessors';
import type { UserReplier } from '../adapters/UserReplier';
import type { Translate } from '../core/i18n/translate';

/** What every command handler gets: the accessors, who asked, where, and when. */
export interface CommandEnv extends Accessors {
    sender: IUser;
    room: IRoom;
    now: number;
    replier: UserReplier;
    /** In the language of the user who typed the command. */
    t: Translate;
}
