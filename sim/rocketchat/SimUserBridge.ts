import type { IUserCreationOptions } from 'apps-engine-runtime/definition/users';
import type { IUser } from 'apps-engine-runtime/definition/users';
import { UserType } from 'apps-engine-runtime/definition/users/UserType';
import { UserBridge } from 'apps-engine-runtime/server/bridges/UserBridge';

import { randomId } from './ids';
import { notImplemented } from './notImplemented';
import type { SimWorld } from './SimWorld';

/** Rocket.Chat's users collection: lookups, and the app user (`<slug>.bot`) the engine creates on install. */
export class SimUserBridge extends UserBridge {
    constructor(private readonly world: SimWorld) {
        super();
    }

    protected async getById(id: string): Promise<IUser> {
        const user = this.world.users.get(id);
        return (user ? this.world.toAppUser(user) : undefined) as IUser;
    }

    protected async getByUsername(username: string): Promise<IUser> {
        const user = this.world.userByUsername(username);
        return (user ? this.world.toAppUser(user) : undefined) as IUser;
    }

    protected async getAppUser(appId?: string): Promise<IUser | undefined> {
        if (!appId) {
            return undefined;
        }
        for (const user of this.world.users.values()) {
            if (user.appId === appId) {
                return this.world.toAppUser(user);
            }
        }
        return undefined;
    }

    protected async create(data: Partial<IUser>, appId: string, _options?: IUserCreationOptions): Promise<string> {
        // Apps may only create their own app/bot users, as in Rocket.Chat.
        if (data.type !== UserType.APP && data.type !== UserType.BOT) {
            throw new Error(`apps can only create app or bot users, not ${String(data.type)}`);
        }
        if (!data.username) {
            throw new Error('a username is required');
        }
        const user = this.world.addUser(
            { id: randomId(), username: data.username, name: data.name ?? data.username, roles: data.roles ?? ['bot'] },
            { type: data.type, appId },
        );
        return user.id;
    }

    protected async remove(user: IUser): Promise<boolean> {
        return this.world.users.delete(user.id);
    }

    protected async getUserRoomIds(userId: string): Promise<string[]> {
        const user = this.world.users.get(userId);
        return [...this.world.rooms.values()].filter((room) => user && room.members.includes(user.username)).map((room) => room.id);
    }

    protected async getActiveUserCount(): Promise<number> {
        return [...this.world.users.values()].filter((user) => user.type === UserType.USER).length;
    }

    protected async update(): Promise<boolean> {
        throw notImplemented('UserBridge', 'update');
    }

    protected async getUserUnreadMessageCount(): Promise<number> {
        throw notImplemented('UserBridge', 'getUserUnreadMessageCount');
    }

    protected async deleteUsersCreatedByApp(): Promise<boolean> {
        throw notImplemented('UserBridge', 'deleteUsersCreatedByApp');
    }

    protected async deactivate(): Promise<boolean> {
        throw notImplemented('UserBridge', 'deactivate');
    }
}
