import type { ISetting } from 'apps-engine-runtime/definition/settings';
import type { ApiBridge } from 'apps-engine-runtime/server/bridges/ApiBridge';
import type { AppActivationBridge } from 'apps-engine-runtime/server/bridges/AppActivationBridge';
import { AppBridges } from 'apps-engine-runtime/server/bridges/AppBridges';
import { AppDetailChangesBridge } from 'apps-engine-runtime/server/bridges/AppDetailChangesBridge';
import type { CommandBridge } from 'apps-engine-runtime/server/bridges/CommandBridge';
import type { HttpBridge } from 'apps-engine-runtime/server/bridges/HttpBridge';
import type { IInternalBridge } from 'apps-engine-runtime/server/bridges/IInternalBridge';
import type { IInternalFederationBridge } from 'apps-engine-runtime/server/bridges/IInternalFederationBridge';
import { MessageBridge } from 'apps-engine-runtime/server/bridges/MessageBridge';
import { PersistenceBridge } from 'apps-engine-runtime/server/bridges/PersistenceBridge';
import { RoomBridge } from 'apps-engine-runtime/server/bridges/RoomBridge';
import type { SchedulerBridge } from 'apps-engine-runtime/server/bridges/SchedulerBridge';
import { ServerSettingBridge } from 'apps-engine-runtime/server/bridges/ServerSettingBridge';
import { UiInteractionBridge } from 'apps-engine-runtime/server/bridges/UiInteractionBridge';
import { UserBridge } from 'apps-engine-runtime/server/bridges/UserBridge';

import { unimplementedBridge } from '../notImplemented';
import { SimApiBridge } from '../SimApiBridge';
import { SimAppActivationBridge, SimServerSettingBridge, SimUiInteractionBridge } from '../SimAppStateBridges';
import { SimCommandBridge } from '../SimCommandBridge';
import { SimHttpBridge } from '../SimHttpBridge';
import { SimMessageBridge } from '../SimMessageBridge';
import { SimPersistenceBridge } from '../SimPersistenceBridge';
import { SimRoomBridge } from '../SimRoomBridge';
import { SimUserBridge } from '../SimUserBridge';
import type { AgendaSchedulerBridge } from './AgendaSchedulerBridge';
import { forwarding } from './forwarding';
import type { RpcChannel } from './rpc';

/** The instance tells the cluster about a setting saved here (Rocket.Chat broadcasts it). */
class BroadcastingDetailChangesBridge extends AppDetailChangesBridge {
    constructor(private readonly onChange: (appId: string, setting: ISetting) => void) {
        super();
    }

    protected onAppSettingsChange(appId: string, setting: ISetting): void {
        this.onChange(appId, setting);
    }
}

/**
 * The engine wraps a room in a Room whose `usernames` getter asks the internal bridge
 * synchronously; an instance cannot wait for the shared database there, so it answers from the
 * rooms it has been handed (every room crossing the wire carries its usernames).
 */
class CachedInternalBridge implements IInternalBridge {
    readonly members = new Map<string, string[]>();

    async doGetUsernamesOfRoomById(roomId: string): Promise<string[]> {
        return this.doGetUsernamesOfRoomByIdSync(roomId);
    }

    doGetUsernamesOfRoomByIdSync(roomId: string): string[] {
        return [...(this.members.get(roomId) ?? [])];
    }

    async doGetWorkspacePublicKey(): Promise<never> {
        throw new Error('sim: InternalBridge.doGetWorkspacePublicKey is not implemented');
    }

    remember(value: unknown, depth = 0): void {
        if (!value || typeof value !== 'object' || depth > 4) {
            return;
        }
        const room = value as { id?: unknown; usernames?: unknown; slugifiedName?: unknown };
        if (typeof room.id === 'string' && Array.isArray(room.usernames) && room.slugifiedName !== undefined) {
            this.members.set(room.id, room.usernames as string[]);
        }
        for (const child of Object.values(value)) {
            this.remember(child, depth + 1);
        }
    }
}

/**
 * One instance's bridges. What Rocket.Chat keeps in MongoDB (persistence, users, rooms, messages,
 * server settings) is the shared database's: those bridges forward their data calls to it. What
 * each Rocket.Chat process holds for itself stays here: slash commands, API routes, outgoing HTTP,
 * and its own Agenda over the shared jobs collection.
 */
export class ClusterBridges extends AppBridges {
    readonly commands = new SimCommandBridge();
    readonly apis = new SimApiBridge();
    readonly http = new SimHttpBridge();
    readonly activation = new SimAppActivationBridge();
    readonly internal = new CachedInternalBridge();
    readonly detailChanges: BroadcastingDetailChangesBridge;
    readonly persistence: PersistenceBridge;
    readonly messages: MessageBridge;
    readonly rooms: RoomBridge;
    readonly users: UserBridge;
    readonly serverSettings: ServerSettingBridge;
    readonly uiInteraction: UiInteractionBridge;
    readonly federation: IInternalFederationBridge;

    constructor(
        rpc: RpcChannel,
        readonly scheduler: AgendaSchedulerBridge,
        keyPair: { privateKey: string; publicKey: string },
        onSettingChange: (appId: string, setting: ISetting) => void,
    ) {
        super();
        const remembering = {
            call: async (target: string, method: string, args: unknown[]) => {
                const value = await rpc.call(target, method, args);
                this.internal.remember(value);
                return value;
            },
        } as RpcChannel;
        this.persistence = forwarding(PersistenceBridge, SimPersistenceBridge, 'bridge:persistence', rpc);
        this.messages = forwarding(MessageBridge, SimMessageBridge, 'bridge:messages', remembering);
        this.rooms = forwarding(RoomBridge, SimRoomBridge, 'bridge:rooms', remembering);
        this.users = forwarding(UserBridge, SimUserBridge, 'bridge:users', rpc);
        this.serverSettings = forwarding(ServerSettingBridge, SimServerSettingBridge, 'bridge:serverSettings', rpc);
        this.uiInteraction = forwarding(UiInteractionBridge, SimUiInteractionBridge, 'bridge:uiInteraction', rpc);
        this.detailChanges = new BroadcastingDetailChangesBridge(onSettingChange);
        const { privateKey, publicKey } = keyPair;
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

    private readonly unused = unimplementedBridge<never>('an unused bridge');
    getContactBridge(): never { return this.unused; }
    getEnvironmentalVariableBridge(): never { return this.unused; }
    getListenerBridge(): never { return this.unused; }
    getLivechatBridge(): never { return this.unused; }
    getUploadBridge(): never { return this.unused; }
    getEmailBridge(): never { return this.unused; }
    getCloudWorkspaceBridge(): never { return this.unused; }
    getVideoConferenceBridge(): never { return this.unused; }
    getOAuthAppsBridge(): never { return this.unused; }
    getModerationBridge(): never { return this.unused; }
    getThreadBridge(): never { return this.unused; }
    getRoleBridge(): never { return this.unused; }
    getOutboundMessageBridge(): never { return this.unused; }
    getExperimentalBridge(): never { return this.unused; }
}
