import type {
    IAppAccessors, IConfigurationExtend, IConfigurationModify, IEnvironmentRead, IHttp, ILogger, IModify, IPersistence, IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { IUIKitInteractionHandler, IUIKitResponse, UIKitBlockInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import { ArgoCommand } from './src/commands/ArgoCommand';
import { WebhookEndpoint } from './src/api/WebhookEndpoint';
import { SettingId } from './src/core/settingIds';
import { parseWebhookCall } from './src/core/webhook';
import { checkApps } from './src/jobs/checkApps';
import { JobId } from './src/jobIds';
import { runPoll } from './src/jobs/runPoll';
import { keepPollSchedule, schedulePoll } from './src/jobs/schedulePoll';
import { startWatch } from './src/jobs/startWatch';
import { handleBlockAction } from './src/handlers/blockActions';
import { SETTINGS } from './src/settings';

const START_DELAY_MS = 5000;

export class ArgoDriftApp extends App implements IUIKitInteractionHandler {
    constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
        super(info, logger, accessors);
    }

    public async executeBlockActionHandler(context: UIKitBlockInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
        const { actionId, value, user, room } = context.getInteractionData();
        await handleBlockAction({ actionId, value, user, room }, { read, modify, http, persis, logger: this.getLogger(), appId: this.getID() }, Date.now());
        return context.getInteractionResponder().successResponse();
    }

    protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
        await Promise.all(SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
        await configuration.slashCommands.provideSlashCommand(new ArgoCommand(this));
        // Engines from 1.62 call a processor bound to the app wrapped with the logger of that run,
        // so what it logs lands in the App Logs under the job; older ones (Rocket.Chat 7.x) bind it
        // to the processor's own registration object, which has no logger.
        const runLogger = (bound: unknown): ILogger => (typeof (bound as App | undefined)?.getLogger === 'function' ? (bound as App).getLogger() : this.getLogger());
        const app = { getID: (): string => this.getID() };
        await configuration.api.provideApi({ visibility: ApiVisibility.PUBLIC, security: ApiSecurity.UNSECURE, endpoints: [new WebhookEndpoint(this)] });
        await configuration.scheduler.registerProcessors([{
            id: JobId.Poll,
            // Plain functions on purpose: `this` is whatever the engine binds (see runLogger).
            processor: async function (this: unknown, context, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) {
                await keepPollSchedule(context as { intervalMs?: unknown }, read, modify.getScheduler());
                await runPoll({ read, modify, http, persis, logger: runLogger(this), appId: app.getID(), now: Date.now() });
            },
        }, {
            id: JobId.Start,
            processor: async function (this: unknown, _context, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) {
                await startWatch({ read, modify, http, persis, logger: runLogger(this), appId: app.getID(), now: Date.now(), scheduler: modify.getScheduler() });
            },
        }, {
            id: JobId.Recheck,
            processor: async function (this: unknown, context, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) {
                const apps = parseWebhookCall({ apps: (context as { apps?: unknown }).apps });
                if (apps.ok) {
                    await checkApps({ read, modify, http, persis, logger: runLogger(this), appId: app.getID(), now: Date.now(), scheduler: modify.getScheduler() }, apps.value);
                }
            },
        }]);
    }

    /**
     * Every Rocket.Chat instance runs this at start-up: it keeps the poll job scheduled (updated
     * in place, never run "now") and leaves the first poll to a one-off start job, which only one
     * instance's run carries out (see startWatch).
     */
    public async onEnable(_environment: IEnvironmentRead, configurationModify: IConfigurationModify): Promise<boolean> {
        await schedulePoll(this.getAccessors().reader, configurationModify.scheduler);
        // A few seconds on: instances starting together have all scheduled theirs (one of them
        // wins), and settings saved right after an install are in place for that first read.
        await configurationModify.scheduler.scheduleOnce({ id: JobId.Start, when: new Date(Date.now() + START_DELAY_MS) });
        return true;
    }

    public async onSettingUpdated(setting: ISetting, configurationModify: IConfigurationModify, read: IRead, _http: IHttp): Promise<void> {
        // Only the interval changes the schedule; every other setting is read afresh by each run.
        if (setting.id === SettingId.PollInterval) {
            await schedulePoll(read, configurationModify.scheduler);
        }
    }
}
