import type { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { UserReplier } from '../adapters/UserReplier';
import type { Translate } from '../core/i18n/translate';

/** What every command handler gets: the accessors, who asked, where, and when. */
export interface CommandEnv {
    read: IRead;
    modify: IModify;
    http: IHttp;
    persis: IPersistence;
    logger: ILogger;
    appId: string;
    sender: IUser;
    room: IRoom;
    now: number;
    replier: UserReplier;
    /** In the language of the user who typed the command. */
    t: Translate;
}
