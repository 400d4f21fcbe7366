import type { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';

/** What every handler of the app gets from the engine for one request or run. */
export interface Accessors {
    read: IRead;
    modify: IModify;
    http: IHttp;
    persis: IPersistence;
    logger: ILogger;
    appId: string;
}
