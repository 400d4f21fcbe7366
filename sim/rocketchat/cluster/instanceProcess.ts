// One Rocket.Chat instance of a SimCluster, in a process of its own: the engine's AppManager is a
// singleton (apps-engine server/AppManager.js throws "There is already a valid AppManager instance",
// and permission checks read AppManager.Instance), so one Node process holds one instance, as in
// Rocket.Chat. Its AppManager, Deno process, slash commands, API routes and Agenda are its own;
// everything Rocket.Chat keeps in MongoDB is in the shared database's process, reached over IPC.

import * as fs from 'fs';

import type { IApiRequest } from 'apps-engine-runtime/definition/api';
import type { ISetting } from 'apps-engine-runtime/definition/settings';
import type { IUser } from 'apps-engine-runtime/definition/users';
import { AppManager } from 'apps-engine-runtime/server/AppManager';
import type { ProxiedApp } from 'apps-engine-runtime/server/ProxiedApp';
import { AppLogStorage } from 'apps-engine-runtime/server/storage/AppLogStorage';
import { AppMetadataStorage } from 'apps-engine-runtime/server/storage/AppMetadataStorage';
import { AppSourceStorage } from 'apps-engine-runtime/server/storage/AppSourceStorage';
import type { IAppStorageItem } from 'apps-engine-runtime/server/storage/IAppStorageItem';

import { loadKeyPair, prepareEngineEnvironment } from '../engineEnvironment';
import { quietEngineConsole } from '../engineConsole';
import { SimApiServer } from '../SimApiServer';
import { toError } from '../SimSchedulerBridge';
import { MemoryLogStorage, MemoryMetadataStorage, MemorySourceStorage } from '../storage';
import { AgendaSchedulerBridge } from './AgendaSchedulerBridge';
import type { AgendaStore } from './AgendaSchedulerBridge';
import { ClusterBridges } from './ClusterBridges';
import { forwarding } from './forwarding';
import { RpcChannel } from './rpc';

export interface InstanceBoot {
    index: number;
    processEveryMs: number;
    lockLifetimeMs: number;
}

let manager: AppManager | undefined;
let bridges: ClusterBridges | undefined;
let apiServer: Promise<SimApiServer> | undefined;
/** Settings this instance applies because another instance broadcast them: not broadcast again. */
const received = new Set<string>();

const rpc = new RpcChannel(process, (target, method, args) => {
    if (target !== 'instance') {
        return Promise.reject(new Error(`an instance answers only 'instance' calls, not ${target}`));
    }
    const handler = handlers[method];
    if (!handler) {
        return Promise.reject(new Error(`no instance command ${method}`));
    }
    return handler(...(args as never[]));
});
process.on('disconnect', () => process.exit(0));

const handlers: Record<string, (...args: never[]) => Promise<unknown>> = {
    async boot(boot: InstanceBoot) {
        const tempFilePath = prepareEngineEnvironment();
        quietEngineConsole('silent');
        const store = {
            saveSingle: (...args) => rpc.call('jobs', 'saveSingle', args),
            insert: (...args) => rpc.call('jobs', 'insert', args),
            updateById: (...args) => rpc.call('jobs', 'updateById', args),
            findAndLock: (...args) => rpc.call('jobs', 'findAndLock', args),
            lockOnTheFly: (...args) => rpc.call('jobs', 'lockOnTheFly', args),
            find: (...args) => rpc.call('jobs', 'find', args),
            cancel: (...args) => rpc.call('jobs', 'cancel', args),
            unlock: (...args) => rpc.call('jobs', 'unlock', args),
        } as AgendaStore;
        const scheduler = new AgendaSchedulerBridge(store, {
            name: `instance-${boot.index}`,
            processEveryMs: boot.processEveryMs,
            lockLifetimeMs: boot.lockLifetimeMs,
            onJobRun: (run) => void rpc.call('cluster', 'jobRun', [{ instance: boot.index, ...run }]).catch(() => undefined),
        });
        bridges = new ClusterBridges(rpc, scheduler, loadKeyPair(), (appId, setting) => {
            const key = `${appId}/${setting.id}/${JSON.stringify(setting.value)}`;
            if (received.delete(key)) {
                return;
            }
            // Rocket.Chat: ee/server/apps/communication/websockets.ts AppServerNotifier.appSettingsChange
            // broadcasts 'apps.settingUpdated'; every other instance's listener applies it.
            void rpc.call('cluster', 'settingChanged', [boot.index, appId, setting]).catch(() => undefined);
        });
        manager = new AppManager({
            metadataStorage: sharedMetadata(),
            logStorage: forwarding<AppLogStorage>(AppLogStorage, MemoryLogStorage, 'storage:logs', rpc, 'memory'),
            bridges,
            sourceStorage: sharedSource(),
            tempFilePath,
        });
        bridges.apis.setExecutor((appId, endpointPath, request: IApiRequest) => requireManager().getApiManager().executeApi(appId, endpointPath, request));
        await manager.load();
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require('apps-engine-runtime/package.json') as { version: string }).version;
    },

    async install(zipPath: string, installer: IUser) {
        const result = await requireManager().add(fs.readFileSync(zipPath), { enable: true, user: installer });
        const app = result.getApp();
        if (!app) {
            throw new Error(`installing ${zipPath} failed: ${JSON.stringify((result as unknown as { getCompilerErrors?(): unknown[] }).getCompilerErrors?.() ?? [])}`);
        }
        return app.getID();
    },

    // Rocket.Chat: websockets.ts AppServerListener.onAppAdded → manager.addLocal(appId).
    async addLocal(appId: string) {
        await (requireManager() as unknown as { addLocal(id: string): Promise<void> }).addLocal(appId);
        return (await requireApp(appId).getStatus()) as string;
    },

    // Rocket.Chat: websockets.ts AppServerListener.onAppSettingUpdated → updateAppSetting on this instance.
    async applySetting(appId: string, setting: ISetting) {
        received.add(`${appId}/${setting.id}/${JSON.stringify(setting.value)}`);
        await requireManager().getSettingsManager().updateAppSetting(appId, setting);
        return true;
    },

    /** An admin saving a setting on this instance. */
    async setSetting(appId: string, id: string, value: unknown) {
        const setting = requireApp(appId).getStorageItem().settings[id];
        if (!setting) {
            throw new Error(`the app has no setting ${id}`);
        }
        await requireManager().getSettingsManager().updateAppSetting(appId, { ...setting, value });
        return true;
    },

    async status(appId: string) {
        return (await requireApp(appId).getStatus()) as string;
    },

    async apiUrl() {
        apiServer ??= SimApiServer.listen(requireBridges().apis.createApplication(), 0);
        return (await apiServer).url;
    },

    /**
     * Runs a job's processor on this instance outside Agenda's lock, as a duplicate job of the same
     * name, or a run whose lock outlived its lifetime, does; resolves when it ends.
     */
    async runUnlocked(processorId: string) {
        await requireBridges().scheduler.runUnlocked(processorId).catch((error: unknown) => {
            throw toError(error);
        });
        return true;
    },

    // Rocket.Chat starting with the app stored: load, then enable what was enabled (onEnable runs).
    async enableAll() {
        await requireManager().enableAll();
        return true;
    },

    /**
     * The server process ending (a restart, a deploy): its Agenda stops and unlocks what it held,
     * the app's Deno process goes, nothing is written to the app's stored status.
     * Rocket.Chat: apps/meteor/ee/server/apps/orchestrator.js (the manager is unloaded only when the
     * Apps framework is turned off).
     */
    async stop() {
        await bridges?.scheduler.stop();
        await (await apiServer?.catch(() => undefined))?.close();
        for (const app of await manager?.get().catch(() => [] as ProxiedApp[]) ?? []) {
            // Apps-Engine 1.62 reaches the Deno process through getRuntimeController(); 1.53 calls it getDenoRuntime().
            const legacy = app as unknown as { getDenoRuntime?: () => { stopApp(): Promise<unknown> } };
            const controller = typeof app.getRuntimeController === 'function' ? app.getRuntimeController() : legacy.getDenoRuntime?.();
            await controller?.stopApp().catch(() => undefined);
        }
        setImmediate(() => process.exit(0));
        return true;
    },
};

function requireManager(): AppManager {
    if (!manager) {
        throw new Error('instance not booted');
    }
    return manager;
}

function requireBridges(): ClusterBridges {
    if (!bridges) {
        throw new Error('instance not booted');
    }
    return bridges;
}

function requireApp(appId: string): ProxiedApp {
    const app = requireManager().getOneById(appId);
    if (!app) {
        throw new Error(`app ${appId} is not loaded on this instance`);
    }
    return app;
}

/** Rocket.Chat's apps collection. The engine keeps the object it created (1.53 writes through it). */
function sharedMetadata(): AppMetadataStorage {
    const storage = forwarding<AppMetadataStorage>(AppMetadataStorage, MemoryMetadataStorage, 'storage:metadata', rpc, 'memory');
    const create = storage.create.bind(storage);
    storage.create = async (item: IAppStorageItem) => Object.assign(item, await create(item));
    return storage;
}

/** Rocket.Chat keeps app packages in GridFS; a package crosses the wire as bytes. */
function sharedSource(): AppSourceStorage {
    const storage = forwarding<AppSourceStorage>(AppSourceStorage, MemorySourceStorage, 'storage:source', rpc, 'memory');
    const fetch = storage.fetch.bind(storage);
    storage.fetch = async (item: IAppStorageItem) => Buffer.from(await fetch(item));
    return storage;
}
