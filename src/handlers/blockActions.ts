import type { Accessors } from '../accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { userTranslate } from '../adapters/languages';
import { UserReplier } from '../adapters/UserReplier';
import { syncCommand } from '../commands/actionCommands';
import { ackCommand } from '../commands/ackCommand';
import { appCommand } from '../commands/appCommands';
import { diffCommand } from '../commands/diffCommand';
import type { CommandEnv } from '../commands/CommandEnv';
import { cancelAction, confirmAction } from '../commands/confirmAction';
import { muteCommand } from '../commands/muteCommands';
import { parseAppArg } from '../core/commands/parseCommand';
import { ActionId } from '../ui/actionIds';

export interface BlockAction {
    actionId: string;
    value?: string;
    user: IUser;
    room?: IRoom;
}

const MUTE_FROM_BUTTON_MS = 60 * 60 * 1000;

/**
 * A button click, authorised when it is handled: each action re-checks who clicked and what
 * they may do, exactly as the typed command would, so a forged or replayed payload gains nothing.
 */
export async function handleBlockAction(action: BlockAction, accessors: Accessors, now: number): Promise<void> {
    const { actionId, value, user, room } = action;
    const t = await userTranslate(accessors.read, user);
    if (actionId === ActionId.Confirm || actionId === ActionId.Cancel) {
        const env = { ...accessors, user, room, now, t };
        if (value) {
            await (actionId === ActionId.Confirm ? confirmAction(env, value) : cancelAction(env, value));
        }
        return;
    }
    if (!room || !value) {
        return;
    }
    // Alert buttons carry the app as `namespace/name`; anything else is refused like a typed name.
    const env: CommandEnv = { ...accessors, sender: user, room, now, t, replier: new UserReplier(accessors.read, accessors.modify, user, room) };
    const app = parseAppArg(value, 'app', t);
    if (!app.ok) {
        await env.replier.reply(app.error);
        return;
    }
    switch (actionId) {
        case ActionId.Details:
            return appCommand(env, app.value);
        case ActionId.Diff:
            return diffCommand(env, app.value);
        case ActionId.Ack:
            return ackCommand(env, app.value, undefined);
        case ActionId.Sync:
            return syncCommand(env, app.value, { dryRun: false, prune: false });
        case ActionId.Mute:
            return muteCommand(env, { kind: 'app', name: app.value.name }, MUTE_FROM_BUTTON_MS, undefined);
        default:
            return undefined;
    }
}
