import type { AppStatus } from 'apps-engine-runtime/definition/AppStatus';
import type { ISetting } from 'apps-engine-runtime/definition/settings';
import type { IUIKitInteraction } from 'apps-engine-runtime/definition/uikit';
import type { IUser } from 'apps-engine-runtime/definition/users';
import type { ProxiedApp } from 'apps-engine-runtime/server/ProxiedApp';
import { AppActivationBridge } from 'apps-engine-runtime/server/bridges/AppActivationBridge';
import { AppDetailChangesBridge } from 'apps-engine-runtime/server/bridges/AppDetailChangesBridge';
import type { IInternalBridge } from 'apps-engine-runtime/server/bridges/IInternalBridge';
import { ServerSettingBridge } from 'apps-engine-runtime/server/bridges/ServerSettingBridge';
import { UiInteractionBridge } from 'apps-engine-runtime/server/bridges/UiInteractionBridge';

import { notImplemented } from './notImplemented';
import type { SimWorld } from './SimWorld';

// The small bridges through which the engine tells the host about app state, and reads server state.

/** Rocket.Chat broadcasts these to its clients; the sim only needs to accept them. */
export class SimAppActivationBridge extends AppActivationBridge {
    readonly statuses: Array<{ appId: string; status: AppStatus }> = [];

    protected async appAdded(): Promise<void> {}

    protected async appUpdated(): Promise<void> {}

    protected async appRemoved(): Promise<void> {}

    protected async appStatusChanged(app: ProxiedApp, status: AppStatus): Promise<void> {
        this.statuses.push({ appId: app.getID(), status });
    }

    protected async actionsChanged(): Promise<void> {}
}

export class SimAppDetailChangesBridge extends AppDetailChangesBridge {
    readonly changes: Array<{ appId: string; settingId: string }> = [];

    protected onAppSettingsChange(appId: string, setting: ISetting): void {
        this.changes.push({ appId, settingId: setting.id });
    }
}

/**
 * Server-wide settings an app reads (Rocket.Chat: apps/meteor/app/apps/server/bridges/settings.ts):
 * Language, Threads_enabled, Message_MaxAllowedSize. The object is the server's own, so a change a
 * test makes is what the app reads next, and what posting obeys.
 */
export class SimServerSettingBridge extends ServerSettingBridge {
    constructor(private readonly settings: Record<string, unknown>) {
        super();
    }

    protected async getOneById(id: string): Promise<ISetting> {
        if (!(id in this.settings)) {
            throw new Error(`server setting ${id} not found`);
        }
        const value = this.settings[id];
        const type = typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? 'int' : 'string';
        return { id, type, packageValue: value, value, required: false, public: true, i18nLabel: id } as unknown as ISetting;
    }

    protected async isReadableById(id: string): Promise<boolean> {
        return id in this.settings;
    }

    protected async getAll(): Promise<ISetting[]> {
        return Promise.all(Object.keys(this.settings).map((id) => this.getOneById(id)));
    }

    protected async hideGroup(): Promise<void> {
        throw notImplemented('ServerSettingBridge', 'hideGroup');
    }

    protected async hideSetting(): Promise<void> {
        throw notImplemented('ServerSettingBridge', 'hideSetting');
    }

    protected async updateOne(): Promise<void> {
        throw notImplemented('ServerSettingBridge', 'updateOne');
    }

    protected async incrementValue(): Promise<void> {
        throw notImplemented('ServerSettingBridge', 'incrementValue');
    }
}

/** Modals, contextual bars and form errors the app pushes to a user's client. */
export class SimUiInteractionBridge extends UiInteractionBridge {
    constructor(private readonly world: SimWorld) {
        super();
    }

    protected async notifyUser(user: IUser, interaction: IUIKitInteraction): Promise<void> {
        const { type, triggerId } = interaction;
        const view = (interaction as { view?: { id: string } }).view;
        this.world.uiInteractions.push({ user: user.username, type, triggerId, ...(view ? { view: JSON.parse(JSON.stringify(view)) } : {}), at: new Date() });
    }
}

/** Used by the engine's Room wrapper to list a room's usernames. */
export class SimInternalBridge implements IInternalBridge {
    constructor(private readonly world: SimWorld) {}

    async doGetUsernamesOfRoomById(roomId: string): Promise<string[]> {
        return this.doGetUsernamesOfRoomByIdSync(roomId);
    }

    doGetUsernamesOfRoomByIdSync(roomId: string): string[] {
        return [...(this.world.rooms.get(roomId)?.members ?? [])];
    }

    async doGetWorkspacePublicKey(): Promise<ISetting> {
        throw notImplemented('InternalBridge', 'doGetWorkspacePublicKey');
    }
}
