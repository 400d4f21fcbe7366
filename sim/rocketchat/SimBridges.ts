import type { ApiBridge } from 'apps-engine-runtime/server/bridges/ApiBridge';
import type { AppActivationBridge } from 'apps-engine-runtime/server/bridges/AppActivationBridge';
import { AppBridges } from 'apps-engine-runtime/server/bridges/AppBridges';
import type { AppDetailChangesBridge } from 'apps-engine-runtime/server/bridges/AppDetailChangesBridge';
import type { CloudWorkspaceBridge } from 'apps-engine-runtime/server/bridges/CloudWorkspaceBridge';
import type { CommandBridge } from 'apps-engine-runtime/server/bridges/CommandBridge';
import type { ContactBridge } from 'apps-engine-runtime/server/bridges/ContactBridge';
import type { EmailBridge } from 'apps-engine-runtime/server/bridges/EmailBridge';
import type { EnvironmentalVariableBridge } from 'apps-engine-runtime/server/bridges/EnvironmentalVariableBridge';
import type { ExperimentalBridge } from 'apps-engine-runtime/server/bridges/ExperimentalBridge';
import type { HttpBridge } from 'apps-engine-runtime/server/bridges/HttpBridge';
import type { IInternalBridge } from 'apps-engine-runtime/server/bridges/IInternalBridge';
import type { IInternalFederationBridge } from 'apps-engine-runtime/server/bridges/IInternalFederationBridge';
import type { IListenerBridge } from 'apps-engine-runtime/server/bridges/IListenerBridge';
import type { LivechatBridge } from 'apps-engine-runtime/server/bridges/LivechatBridge';
import type { MessageBridge } from 'apps-engine-runtime/server/bridges/MessageBridge';
import type { ModerationBridge } from 'apps-engine-runtime/server/bridges/ModerationBridge';
import type { OAuthAppsBridge } from 'apps-engine-runtime/server/bridges/OAuthAppsBridge';
import type { OutboundMessageBridge } from 'apps-engine-runtime/server/bridges/OutboundMessagesBridge';
import type { PersistenceBridge } from 'apps-engine-runtime/server/bridges/PersistenceBridge';
import type { RoleBridge } from 'apps-engine-runtime/server/bridges/RoleBridge';
import type { RoomBridge } from 'apps-engine-runtime/server/bridges/RoomBridge';
import type { SchedulerBridge } from 'apps-engine-runtime/server/bridges/SchedulerBridge';
import type { ServerSettingBridge } from 'apps-engine-runtime/server/bridges/ServerSettingBridge';
import type { ThreadBridge } from 'apps-engine-runtime/server/bridges/ThreadBridge';
import type { UiInteractionBridge } from 'apps-engine-runtime/server/bridges/UiInteractionBridge';
import type { UploadBridge } from 'apps-engine-runtime/server/bridges/UploadBridge';
import type { UserBridge } from 'apps-engine-runtime/server/bridges/UserBridge';
import type { VideoConferenceBridge } from 'apps-engine-runtime/server/bridges/VideoConferenceBridge';

import { unimplementedBridge } from './notImplemented';
import { SimApiBridge } from './SimApiBridge';
import { SimAppActivationBridge, SimAppDetailChangesBridge, SimInternalBridge, SimServerSettingBridge, SimUiInteractionBridge } from './SimAppStateBridges';
import { SimCommandBridge } from './SimCommandBridge';
import { SimHttpBridge } from './SimHttpBridge';
import { SimMessageBridge } from './SimMessageBridge';
import { SimPersistenceBridge } from './SimPersistenceBridge';
import { SimRoomBridge } from './SimRoomBridge';
import { SimSchedulerBridge } from './SimSchedulerBridge';
import { SimUserBridge } from './SimUserBridge';
import type { SimWorld } from './SimWorld';

export interface SimBridgesOptions {
    world: SimWorld;
    keyPair: { privateKey: string; publicKey: string };
    runScheduler: boolean;
    onJobError: (processorId: string, error: Error) => void;
    appUsername: (appId: string) => string | undefined;
    onJobRun?: (run: { processorId: string; startedAt: Date; error?: Error }) => void;
    httpGuard?: (request: { method: string; url: string }) => string | undefined;
    persistenceLatencyMs?: number;
}

/** Every bridge the engine asks for; the ones an app like ours never reaches reject with "not implemented". */
export class SimBridges extends AppBridges {
    readonly commands: SimCommandBridge;
    readonly apis = new SimApiBridge();
    readonly messages: SimMessageBridge;
    readonly persistence: SimPersistenceBridge;
    readonly scheduler: SimSchedulerBridge;
    readonly users: SimUserBridge;
    readonly rooms: SimRoomBridge;
    readonly http: SimHttpBridge;
    readonly activation = new SimAppActivationBridge();
    readonly detailChanges = new SimAppDetailChangesBridge();
    readonly serverSettings: SimServerSettingBridge;
    readonly uiInteraction: SimUiInteractionBridge;
    readonly internal: SimInternalBridge;
    readonly federation: IInternalFederationBridge;

    constructor(options: SimBridgesOptions) {
        super();
        this.commands = new SimCommandBridge();
        this.persistence = new SimPersistenceBridge(options.persistenceLatencyMs ?? 0);
        this.messages = new SimMessageBridge(options.world, options.appUsername);
        this.scheduler = new SimSchedulerBridge({ runScheduler: options.runScheduler, onJobError: options.onJobError, onJobRun: options.onJobRun });
        this.http = new SimHttpBridge(options.httpGuard);
        this.users = new SimUserBridge(options.world);
        this.rooms = new SimRoomBridge(options.world);
        this.serverSettings = new SimServerSettingBridge(options.world.settings);
        this.uiInteraction = new SimUiInteractionBridge(options.world);
        this.internal = new SimInternalBridge(options.world);
        const { privateKey, publicKey } = options.keyPair;
        this.federation = { getPrivateKey: async () => privateKey, getPublicKey: async () => publicKey };
    }

    getCommandBridge(): CommandBridge { return this.commands; }
    getApiBridge(): ApiBridge { return this.apis; }
    getAppDetailChangesBridge(): AppDetailChangesBridge { return this.detailChanges; }
    getHttpBridge(): HttpBridge { return this.http; }
    getMessageBridge(): MessageBridge { return this.messages; }
    getPersistenceBridge(): PersistenceBridge { return this.persistence; }
    getAppActivationBridge(): AppActivationBridge { return this.activation; }
    getRoomBridge(): RoomBridge { return this.rooms; }
    getInternalBridge(): IInternalBridge { return this.internal; }
    getInternalFederationBridge(): IInternalFederationBridge { return this.federation; }
    getServerSettingBridge(): ServerSettingBridge { return this.serverSettings; }
    getUserBridge(): UserBridge { return this.users; }
    getUiInteractionBridge(): UiInteractionBridge { return this.uiInteraction; }
    getSchedulerBridge(): SchedulerBridge { return this.scheduler; }

    // Created once each, so the same bridge object answers every call, like the real ones.
    private readonly unused = {
        contact: unimplementedBridge<ContactBridge>('ContactBridge'),
        environment: unimplementedBridge<EnvironmentalVariableBridge>('EnvironmentalVariableBridge'),
        listener: unimplementedBridge<IListenerBridge>('ListenerBridge'),
        livechat: unimplementedBridge<LivechatBridge>('LivechatBridge'),
        upload: unimplementedBridge<UploadBridge>('UploadBridge'),
        email: unimplementedBridge<EmailBridge>('EmailBridge'),
        cloud: unimplementedBridge<CloudWorkspaceBridge>('CloudWorkspaceBridge'),
        video: unimplementedBridge<VideoConferenceBridge>('VideoConferenceBridge'),
        oauth: unimplementedBridge<OAuthAppsBridge>('OAuthAppsBridge'),
        moderation: unimplementedBridge<ModerationBridge>('ModerationBridge'),
        thread: unimplementedBridge<ThreadBridge>('ThreadBridge'),
        role: unimplementedBridge<RoleBridge>('RoleBridge'),
        outbound: unimplementedBridge<OutboundMessageBridge>('OutboundMessageBridge'),
        experimental: unimplementedBridge<ExperimentalBridge>('ExperimentalBridge'),
    };

    getContactBridge(): ContactBridge { return this.unused.contact; }
    getEnvironmentalVariableBridge(): EnvironmentalVariableBridge { return this.unused.environment; }
    getListenerBridge(): IListenerBridge { return this.unused.listener; }
    getLivechatBridge(): LivechatBridge { return this.unused.livechat; }
    getUploadBridge(): UploadBridge { return this.unused.upload; }
    getEmailBridge(): EmailBridge { return this.unused.email; }
    getCloudWorkspaceBridge(): CloudWorkspaceBridge { return this.unused.cloud; }
    getVideoConferenceBridge(): VideoConferenceBridge { return this.unused.video; }
    getOAuthAppsBridge(): OAuthAppsBridge { return this.unused.oauth; }
    getModerationBridge(): ModerationBridge { return this.unused.moderation; }
    getThreadBridge(): ThreadBridge { return this.unused.thread; }
    getRoleBridge(): RoleBridge { return this.unused.role; }
    getOutboundMessageBridge(): OutboundMessageBridge { return this.unused.outbound; }
    getExperimentalBridge(): ExperimentalBridge { return this.unused.experimental; }
}
