import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { App } from '@rocket.chat/apps-engine/definition/App';
import type { ISlashCommand, ISlashCommandPreview, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { SlashCommandPreviewItemType } from '@rocket.chat/apps-engine/definition/slashcommands';
import { PersistenceSnapshotStore } from '../adapters/PersistenceSnapshotStore';
import { UserReplier } from '../adapters/UserReplier';
import { userTranslate } from '../adapters/languages';
import { parseCommand } from '../core/commands/parseCommand';
import { suggestApps } from '../core/commands/suggestApps';
import { rollbackCommand, syncCommand } from './actionCommands';
import { ackCommand } from './ackCommand';
import { appCommand, historyCommand } from './appCommands';
import { deploysCommand } from './deploysCommand';
import { diffCommand } from './diffCommand';
import type { CommandEnv } from './CommandEnv';
import { muteCommand, mutesCommand, unmuteCommand } from './muteCommands';
import { statusCommand } from './statusCommand';

export class ArgoCommand implements ISlashCommand {
    public command = 'argo';
    public i18nParamsExample = 'argo_command_params';
    public i18nDescription = 'argo_command_description';
    public providesPreview = true;

    /** Holding the App lets the engine hand each run the logger of that request. */
    constructor(private readonly app: App) {}

    public async executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> {
        await this.run(context.getArguments(), context, read, modify, http, persis);
    }

    private async run(args: string[], context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> {
        const env: CommandEnv = {
            read, modify, http, persis, logger: this.app.getLogger(), appId: this.app.getID(),
            sender: context.getSender(), room: context.getRoom(), now: Date.now(),
            replier: new UserReplier(read, modify, context.getSender(), context.getRoom()),
            t: await userTranslate(read, context.getSender()),
        };
        const parsed = parseCommand(args, env.t);
        if (!parsed.ok) {
            return env.replier.reply(parsed.error);
        }
        const command = parsed.value;
        switch (command.name) {
            case 'help': return env.replier.reply(env.t('usage'));
            case 'status': return statusCommand(env, command.filter);
            case 'app': return appCommand(env, command.app);
            case 'history': return historyCommand(env, command.app);
            case 'diff': return diffCommand(env, command.app);
            case 'ack': return ackCommand(env, command.app, command.note);
            case 'sync': return syncCommand(env, command.app, command);
            case 'rollback': return rollbackCommand(env, command.app, command.historyId);
            case 'mute': return muteCommand(env, command.target, command.durationMs, command.reason);
            case 'unmute': return unmuteCommand(env, command.target);
            case 'mutes': return mutesCommand(env);
            case 'deploys': return deploysCommand(env, command.app, command.project);
        }
    }

    /** App names complete from the roster: no Argo CD call, and two documents, per keystroke. */
    public async previewer(context: SlashCommandContext, read: IRead): Promise<ISlashCommandPreview> {
        const apps = await new PersistenceSnapshotStore(read.getPersistenceReader()).loadApps();
        const suggestions = suggestApps(context.getArguments(), apps ? Object.values(apps).map((r) => r.name) : []);
        return {
            i18nTitle: 'argo_command_preview_title',
            items: suggestions.map((value) => ({ id: value, type: SlashCommandPreviewItemType.TEXT, value })),
        };
    }

    /** Picking a suggestion runs the command with the chosen name in place of the partial one. */
    public async executePreviewItem(item: { value: string }, context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> {
        const [verb] = context.getArguments();
        await this.run([verb, item.value], context, read, modify, http, persis);
    }
}
