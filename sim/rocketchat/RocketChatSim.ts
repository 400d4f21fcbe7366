import * as fs from 'fs';

import { AppStatusUtils } from 'apps-engine-runtime/definition/AppStatus';
import { AppInterface } from 'apps-engine-runtime/definition/metadata/AppInterface';
import { SlashCommandContext } from 'apps-engine-runtime/definition/slashcommands/SlashCommandContext';
import { UIKitIncomingInteractionType } from 'apps-engine-runtime/definition/uikit/IUIKitIncomingInteraction';
import type { RocketChatAssociationRecord } from 'apps-engine-runtime/definition/metadata';
import type { IUser } from 'apps-engine-runtime/definition/users';
import { AppManager } from 'apps-engine-runtime/server/AppManager';
import type { ProxiedApp } from 'apps-engine-runtime/server/ProxiedApp';

import { parseCommandParameters } from './commandParameters';
import { defaultAppZip, loadKeyPair, prepareEngineEnvironment } from './engineEnvironment';
import { quietEngineConsole } from './engineConsole';
import { randomId } from './ids';
import { requestApi } from './apiClient';
import type { SimApiRequest } from './apiClient';
import { SimApiServer } from './SimApiServer';
import { SimBridges } from './SimBridges';
import { toError } from './SimSchedulerBridge';
import { SimWorld } from './SimWorld';
import { MemoryLogStorage, MemoryMetadataStorage, MemorySourceStorage } from './storage';
import type {
    SimApiResponse, SimEvent, SimLogEntry, SimLogLevel, SimMessage, SimNotification, SimPersistenceRecord,
    SimScheduledJob, SimUiInteraction, SimUser,
} from './types';

export type {
    SimApiResponse, SimEvent, SimLogEntry, SimLogLevel, SimMessage, SimNotification, SimPersistenceRecord,
    SimScheduledJob, SimUiInteraction, SimUser,
} from './types';

export interface RocketChatSimOptions {
    /** Default: dist/<nameSlug>_<version>.zip from app.json. */
    appZip?: string;
    /** Applied after install, each through the settings manager (fires onSettingUpdated). */
    settings?: Record<string, unknown>;
    /** Default: admin (roles admin, user) and alice (role user). */
    users?: SimUser[];
    /** Public channels with every user as a member. Default ['deploys', 'general']. */
    rooms?: string[];
    /** The server's `Language` setting. Default 'en'. */
    serverLanguage?: string;
    /** true: jobs fire on their schedule (sandbox); false (default, tests): only runJob(). */
    runScheduler?: boolean;
    onEvent?: (event: SimEvent) => void;
    /** Default 'silent'. */
    logLevel?: SimLogLevel;
    /** Each finished run of a job (fired by the scheduler or runJob), by the id the app used. */
    onJobRun?: (run: { job: string; startedAt: Date; error?: Error }) => void;
    /** Return a reason to refuse an HTTP request the app makes (the app sees it fail), or undefined to send it. */
    httpGuard?: (request: { method: string; url: string }) => string | undefined;
    /**
     * Every persistence call is a database round trip this long (ms). Default: the environment's
     * SIM_PERSISTENCE_LATENCY_MS, else 0 (still asynchronous), so a whole suite can be run against a slow database.
     */
    persistenceLatencyMs?: number;
}

export interface SimClick {
    messageId?: string;
    roomName?: string;
    actionId: string;
    blockId?: string;
    value?: string;
    appId?: string;
}

export type { SimApiRequest } from './apiClient';

const DEFAULT_USERS: SimUser[] = [
    { id: 'user-admin', username: 'admin', name: 'Administrator', roles: ['admin', 'user'] },
    { id: 'user-alice', username: 'alice', name: 'Alice', roles: ['user'] },
];
const DEFAULT_ROOMS = ['deploys', 'general'];

/**
 * An in-memory Rocket.Chat around the real Apps-Engine: the AppManager runs the packaged app in
 * its Deno runtime, and every call the app makes lands in bridges that subclass the engine's own
 * (so its permission checks run) and keep the chat's state in memory.
 */
export class RocketChatSim {
    private manager!: AppManager;
    private installedAppId?: string;
    private stopped = false;
    private apiServer?: Promise<SimApiServer>;

    private constructor(
        private readonly world: SimWorld,
        private readonly bridges: SimBridges,
        private readonly storage: { metadata: MemoryMetadataStorage; logs: MemoryLogStorage; source: MemorySourceStorage },
        private readonly tempFilePath: string,
        private readonly restoreConsole: () => void,
        private readonly jobErrors: Array<{ job: string; error: Error }>,
    ) {}

    static async start(options: RocketChatSimOptions = {}): Promise<RocketChatSim> {
        const tempFilePath = prepareEngineEnvironment();
        const zipPath = options.appZip ?? defaultAppZip();
        if (!fs.existsSync(zipPath)) {
            throw new Error(`app package ${zipPath} not found: run \`npm run package\` first`);
        }
        const zip = fs.readFileSync(zipPath);

        const world = new SimWorld(options.onEvent, { Language: options.serverLanguage ?? 'en' });
        const users = options.users ?? DEFAULT_USERS;
        for (const user of users) {
            world.addUser(user);
        }
        const creator = users.find((user) => user.roles.includes('admin')) ?? users[0];
        for (const room of options.rooms ?? DEFAULT_ROOMS) {
            world.createRoom(room, users.map((user) => user.username), creator?.username ?? 'admin');
        }

        const jobErrors: Array<{ job: string; error: Error }> = [];
        const bridges = new SimBridges({
            world,
            keyPair: loadKeyPair(),
            runScheduler: options.runScheduler ?? false,
            onJobError: (job, error) => jobErrors.push({ job, error }),
            appUsername: (id) => [...world.users.values()].find((user) => user.appId === id)?.username,
            onJobRun: options.onJobRun && ((run) => options.onJobRun?.({
                job: run.processorId.replace(/_[^_]+$/, ''), startedAt: run.startedAt, ...(run.error ? { error: run.error } : {}),
            })),
            httpGuard: options.httpGuard,
            persistenceLatencyMs: options.persistenceLatencyMs ?? latencyFromEnvironment(),
        });
        const storage = { metadata: new MemoryMetadataStorage(), logs: new MemoryLogStorage(), source: new MemorySourceStorage() };
        const restoreConsole = quietEngineConsole(options.logLevel ?? 'silent');
        const sim = new RocketChatSim(world, bridges, storage, tempFilePath, restoreConsole, jobErrors);
        try {
            sim.manager = sim.createManager();
            bridges.apis.setExecutor((appId, endpointPath, request) => sim.manager.getApiManager().executeApi(appId, endpointPath, request));
            await sim.manager.load();
            const installer = creator ? world.toAppUser(world.requireUser(creator.username)) : undefined;
            const result = await sim.manager.add(zip, { enable: true, user: installer as IUser });
            const problems = installProblems(result);
            if (problems) {
                throw new Error(`installing ${zipPath} failed: ${problems}`);
            }
            sim.installedAppId = result.getApp().getID();
            await sim.assertEnabled('after install');
            if (options.settings) {
                await sim.setSettings(options.settings);
            }
            return sim;
        } catch (error) {
            await sim.stop();
            throw error;
        }
    }

    get appId(): string {
        if (!this.installedAppId) {
            throw new Error('no app installed');
        }
        return this.installedAppId;
    }

    // ---- settings -------------------------------------------------------------------------

    async setSetting(id: string, value: unknown): Promise<void> {
        const setting = this.app().getStorageItem().settings[id];
        if (!setting) {
            throw new Error(`the app has no setting ${id} (it has: ${Object.keys(this.app().getStorageItem().settings).join(', ')})`);
        }
        await this.manager.getSettingsManager().updateAppSetting(this.appId, { ...setting, value });
    }

    async setSettings(values: Record<string, unknown>): Promise<void> {
        for (const [id, value] of Object.entries(values)) {
            await this.setSetting(id, value);
        }
    }

    getSetting(id: string): unknown {
        const setting = this.app().getStorageItem().settings[id];
        if (!setting) {
            throw new Error(`the app has no setting ${id}`);
        }
        return setting.value !== undefined ? setting.value : setting.packageValue;
    }

    // ---- scheduler ------------------------------------------------------------------------

    /** Runs the app's processor now, as Agenda would ({...data, jobId}); rejects with the app's error. */
    async runJob(jobId: string, options: { alongside?: boolean } = {}): Promise<void> {
        const processorId = processorIdOf(jobId, this.appId);
        await (options.alongside ? this.bridges.scheduler.runAlongside(processorId) : this.bridges.scheduler.run(processorId));
    }

    scheduledJobs(): SimScheduledJob[] {
        return this.bridges.scheduler.list(this.appId);
    }

    /** Failures of jobs the scheduler fired on its own (runScheduler: true); runJob() rejects instead. */
    jobFailures(): Array<{ job: string; error: Error }> {
        return [...this.jobErrors];
    }

    // ---- commands and UIKit ---------------------------------------------------------------

    async typeCommand(username: string, roomName: string, text: string): Promise<void> {
        const { command, context } = this.commandContext(username, roomName, text);
        await this.manager.getCommandManager().executeCommand(command, context).catch((error) => { throw toError(error); });
    }

    async commandPreviews(username: string, roomName: string, text: string): Promise<unknown> {
        const { command, context } = this.commandContext(username, roomName, text);
        return this.manager.getCommandManager().getPreviews(command, context).catch((error) => { throw toError(error); });
    }

    /**
     * A block action as Rocket.Chat delivers it. A button on a posted message carries that
     * message and its room; one on an ephemeral notification carries only the room (the
     * notification is not stored), with the notification's id as the container.
     */
    async clickButton(username: string, click: SimClick): Promise<void> {
        const user = this.world.toAppUser(this.world.requireUser(username));
        const posted = click.messageId ? this.world.messages.find((message) => message.id === click.messageId) : undefined;
        const ephemeral = click.messageId && !posted ? this.world.notifications.find((notification) => notification.id === click.messageId) : undefined;
        if (click.messageId && !posted && !ephemeral) {
            throw new Error(`no message or notification ${click.messageId}`);
        }
        const roomName = posted?.roomName ?? ephemeral?.roomName ?? click.roomName;
        const room = roomName ? this.world.roomByName(roomName) : undefined;
        if (roomName && !room) {
            throw new Error(`no room named ${roomName}`);
        }
        const blocks = posted?.blocks ?? ephemeral?.blocks;
        const blockId = click.blockId ?? (blocks ? findBlockId(blocks, click.actionId) : undefined);
        const interaction = {
            type: UIKitIncomingInteractionType.BLOCK,
            appId: click.appId ?? this.appId,
            actionId: click.actionId,
            triggerId: randomId(),
            user,
            room: room ? this.world.toAppRoom(room) : undefined,
            message: posted ? this.world.toAppMessage(posted) : undefined,
            container: { type: 'message', id: click.messageId ?? randomId() },
            payload: { blockId: blockId ?? '', value: click.value },
        };
        await this.listenerCall(interaction);
    }

    async submitView(username: string, view: { id: string; state?: Record<string, Record<string, unknown>> }): Promise<unknown> {
        const user = this.world.toAppUser(this.world.requireUser(username));
        // Submit the surface the app opened, as the client would, with the user's input as state.
        const opened = [...this.world.uiInteractions].reverse().find((interaction) => interaction.view?.id === view.id)?.view;
        const interaction = {
            type: UIKitIncomingInteractionType.VIEW_SUBMIT,
            appId: this.appId,
            triggerId: randomId(),
            actionId: undefined,
            user,
            payload: { view: { appId: this.appId, ...(opened ?? {}), id: view.id, state: view.state ?? {} } },
        };
        return this.listenerCall(interaction);
    }

    /** Surfaces (modals, contextual bars, form errors) the app opened for users. */
    uiInteractions(username?: string): SimUiInteraction[] {
        return this.world.uiInteractions.filter((interaction) => !username || interaction.user === username);
    }

    // ---- API endpoints --------------------------------------------------------------------

    /**
     * Serves the app endpoints over HTTP on 127.0.0.1 (port 0: a free one), as Rocket.Chat does at
     * `/api/apps/public/<appId>/<path>`; returns the server's base URL. Started once: later calls return it.
     */
    async startApiServer(port = 0): Promise<string> {
        this.apiServer ??= SimApiServer.listen(this.bridges.apis.createApplication(), port);
        return (await this.apiServer).url;
    }

    /**
     * Calls an app endpoint through real HTTP and Express's body parsers (see SimApiRequest for how
     * `content` is serialised; `body` sends raw bytes with no Content-Type of its own).
     */
    async callApi(path: string, request: SimApiRequest = {}): Promise<SimApiResponse> {
        const base = await this.startApiServer();
        return requestApi(`${base}/api/apps/public/${this.appId}/${path.replace(/^\/+/, '')}`, request);
    }

    // ---- what happened ----------------------------------------------------------------------

    messages(roomName?: string): SimMessage[] {
        if (roomName === undefined) {
            return [...this.world.messages];
        }
        const room = this.world.roomByName(roomName);
        return this.world.messages.filter((message) => (room ? message.roomId === room.id : message.roomName === roomName));
    }

    notifications(username?: string): SimNotification[] {
        return this.world.notifications.filter((notification) => !username || notification.user === username);
    }

    events(): SimEvent[] {
        return [...this.world.events];
    }

    logs(): SimLogEntry[] {
        return this.storage.logs.entries
            .filter((entry) => entry.appId === this.appId)
            .map((entry) => ({ method: entry.method, entries: entry.entries }));
    }

    persistenceRecords(): SimPersistenceRecord[] {
        return this.bridges.persistence.rawRecords();
    }

    setPersistenceRecordData(id: string, data: unknown): void {
        this.bridges.persistence.setRecordData(id, data);
    }

    /**
     * Plants a record in the app's persistence as an earlier version of the app left it, with
     * these association ids (each a MISC association, as the app writes them). Returns its id.
     */
    addPersistenceRecord(data: unknown, associationIds: string[]): string {
        // Associations cross the Deno boundary as plain { model, id } objects; MISC is 'misc'.
        const associations = associationIds.map((id) => ({ model: 'misc', id })) as unknown as RocketChatAssociationRecord[];
        return this.bridges.persistence.addRecord(this.appId, data, associations);
    }

    removePersistenceRecord(id: string): void {
        this.bridges.persistence.removeRecord(id);
    }

    persistenceStats(): { reads: number; writes: number; removes: number } {
        return this.bridges.persistence.statistics();
    }

    /**
     * Documents the app's persistence reads handed back since the last reset: what Rocket.Chat
     * fetches from MongoDB and encodes to the app's process (reads counts calls).
     */
    persistenceDocumentsRead(): number {
        return this.bridges.persistence.documentsReadSoFar();
    }

    resetPersistenceStats(): void {
        this.bridges.persistence.resetStatistics();
    }

    /** From now on every persistence call takes this long (ms), as a slow or loaded database would. */
    setPersistenceLatency(ms: number): void {
        this.bridges.persistence.setLatency(ms);
    }

    // ---- the world changing under the app ------------------------------------------------

    createRoom(name: string): void {
        const humans = [...this.world.users.values()].filter((user) => !user.appId).map((user) => user.username);
        this.world.createRoom(name, humans, humans[0] ?? 'admin');
    }

    deleteRoom(name: string): void {
        this.world.deleteRoom(name);
    }

    renameRoom(from: string, to: string): void {
        this.world.renameRoom(from, to);
    }

    /** Rocket.Chat's room setting "Read-only" (`ro`): posting then needs `post-readonly`. */
    setRoomReadOnly(name: string, readOnly = true): void {
        this.world.requireRoom(name).ro = readOnly;
    }

    /** Archives (or unarchives) a room, as Rocket.Chat's archiveRoom sets `archived` on it. */
    archiveRoom(name: string, archived = true): void {
        this.world.requireRoom(name).archived = archived;
    }

    /** Mutes (or unmutes) a user in a room: Rocket.Chat keeps the username in the room's `muted` list. */
    muteUser(roomName: string, username: string, muted = true): void {
        const room = this.world.requireRoom(roomName);
        this.world.requireUser(username);
        const others = (room.muted ?? []).filter((name) => name !== username);
        room.muted = muted ? [...others, username] : others;
    }

    /** The app's own user (`<slug>.bot`), e.g. to mute it. */
    appUsername(): string {
        const user = [...this.world.users.values()].find((candidate) => candidate.appId === this.appId);
        if (!user) {
            throw new Error('the app has no user');
        }
        return user.username;
    }

    /** A server setting the app can read and posting obeys (Threads_enabled, Message_MaxAllowedSize, Language…). */
    setServerSetting(id: string, value: unknown): void {
        this.world.settings[id] = value;
    }

    /** Gives a role a permission, e.g. grantPermission('post-readonly', 'bot'). */
    grantPermission(permission: string, role: string): void {
        this.world.grantPermission(permission, role);
    }

    /** A member's room roles (owner, moderator, leader), kept on its subscription as in Rocket.Chat. */
    setRoomRoles(roomName: string, username: string, roles: string[]): void {
        this.world.setRoomRoles(roomName, username, roles);
    }

    /** Deletes a stored message, as a user removing it would. */
    deleteMessage(id: string): void {
        const index = this.world.messages.findIndex((message) => message.id === id);
        if (index === -1) {
            throw new Error(`no message ${id}`);
        }
        this.world.messages.splice(index, 1);
    }

    failNextPosts(count: number): void {
        this.bridges.messages.failNextPosts(count);
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /**
     * A Rocket.Chat restart: the server process ends and takes the app's Deno process with it; a
     * new manager loads the app from storage in a new Deno process and enables it. The database
     * survives (persistence, settings, scheduled jobs, users, messages, the app's stored status);
     * in-memory registries (slash commands, API routes, job processors) do not, and the app
     * registers them again. The manager is not unloaded: Rocket.Chat unloads it only when an
     * admin turns the Apps framework off, and Apps-Engine 1.53 (Rocket.Chat 7.8) stores the app
     * as disabled when it is, so it would not come back.
     * Rocket.Chat: apps/meteor/ee/server/apps/orchestrator.js (Apps_Framework_enabled → unload)
     */
    async restartApp(): Promise<void> {
        await this.endManagerProcesses();
        this.bridges.commands.clear();
        this.bridges.apis.clear();
        this.bridges.scheduler.forgetProcessors();
        this.manager = this.createManager();
        await this.manager.load();
        await this.manager.enableAll();
        await this.assertEnabled('after restart');
        this.bridges.scheduler.rearm();
    }

    /** Always unloads and ends the Deno process, so the Node process can exit. */
    async stop(): Promise<void> {
        if (this.stopped) {
            return;
        }
        this.stopped = true;
        try {
            await this.bridges.scheduler.stop();
            await (await this.apiServer?.catch(() => undefined))?.close();
            await this.unloadManager();
        } finally {
            this.restoreConsole();
        }
    }

    // ---- internals --------------------------------------------------------------------------

    private createManager(): AppManager {
        if (AppManager.Instance) {
            throw new Error('another RocketChatSim (AppManager) is running in this process: stop it first');
        }
        return new AppManager({
            metadataStorage: this.storage.metadata,
            logStorage: this.storage.logs,
            bridges: this.bridges,
            sourceStorage: this.storage.source,
            tempFilePath: this.tempFilePath,
        });
    }

    /** What the end of the server process does: the app's Deno process goes, nothing is written. */
    private async endManagerProcesses(): Promise<void> {
        for (const app of await this.manager.get()) {
            await stopRuntime(app);
        }
        (AppManager as unknown as { Instance?: AppManager }).Instance = undefined;
    }

    private async unloadManager(): Promise<void> {
        const manager = this.manager as AppManager | undefined;
        if (!manager) {
            return;
        }
        try {
            await manager.unload(false);
        } finally {
            // unload() stops the runtime without waiting for the child to exit; make sure it has.
            for (const app of await manager.get().catch(() => [] as ProxiedApp[])) {
                await stopRuntime(app);
            }
            // The manager is a singleton; clear it so another can be made in this process.
            (AppManager as unknown as { Instance?: AppManager }).Instance = undefined;
        }
    }

    private app(): ProxiedApp {
        const app = this.manager.getOneById(this.appId);
        if (!app) {
            throw new Error(`app ${this.appId} is not loaded`);
        }
        return app;
    }

    private async assertEnabled(when: string): Promise<void> {
        const status = await this.app().getStatus();
        if (!AppStatusUtils.isEnabled(status)) {
            const logs = this.logs().flatMap((entry) => entry.entries).slice(-5);
            throw new Error(`app is ${status} ${when}; last logs: ${JSON.stringify(logs)}`);
        }
    }

    private commandContext(username: string, roomName: string, text: string): { command: string; context: SlashCommandContext } {
        const match = /^\/(\S+)(.*)$/s.exec(text.trim());
        if (!match) {
            throw new Error(`not a slash command: ${text}`);
        }
        const command = match[1].toLowerCase();
        if (!this.bridges.commands.isEnabled(command)) {
            throw new Error(`unknown or disabled command /${command} (registered: ${this.bridges.commands.registered().join(', ') || 'none'})`);
        }
        const room = this.world.requireRoom(roomName);
        const sender = this.world.toAppUser(this.world.requireUser(username));
        const params = parseCommandParameters(match[2]);
        return { command, context: new SlashCommandContext(sender, this.world.toAppRoom(room), params, undefined, randomId()) };
    }

    private async listenerCall(interaction: object): Promise<unknown> {
        try {
            return await this.manager.getListenerManager().executeListener(AppInterface.IUIKitInteractionHandler, interaction as never);
        } catch (error) {
            throw toError(error);
        }
    }
}

/**
 * Ends the app's Deno process. Apps-Engine 1.62 reaches it through getRuntimeController();
 * 1.53 calls the same controller getDenoRuntime().
 */
async function stopRuntime(app: ProxiedApp): Promise<void> {
    const legacy = app as unknown as { getDenoRuntime?: () => { stopApp(): Promise<unknown> } };
    const controller = typeof app.getRuntimeController === 'function' ? app.getRuntimeController() : legacy.getDenoRuntime?.();
    await controller?.stopApp().catch(() => undefined);
}

function latencyFromEnvironment(): number {
    const value = Number(process.env.SIM_PERSISTENCE_LATENCY_MS ?? 0);
    return Number.isFinite(value) && value > 0 ? value : 0;
}

function processorIdOf(jobId: string, appId: string): string {
    return jobId.endsWith(`_${appId}`) ? jobId : `${jobId}_${appId}`;
}

function installProblems(result: unknown): string | undefined {
    const aff = result as {
        getApp(): ProxiedApp | undefined;
        getCompilerErrors?(): unknown[];
        hasAppUserError?(): boolean;
        getAppUserError?(): object;
        getStorageError?(): string | undefined;
        licenseValidationResult?: { hasErrors?: boolean; getErrors?(): unknown };
    };
    const problems: string[] = [];
    if (aff.getCompilerErrors?.().length) {
        problems.push(`compiler errors ${JSON.stringify(aff.getCompilerErrors())}`);
    }
    if (aff.hasAppUserError?.()) {
        problems.push(`app user ${JSON.stringify(aff.getAppUserError?.())}`);
    }
    if (aff.getStorageError?.()) {
        problems.push(`storage ${aff.getStorageError()}`);
    }
    if (aff.licenseValidationResult?.hasErrors) {
        problems.push(`license ${JSON.stringify(aff.licenseValidationResult.getErrors?.())}`);
    }
    if (!aff.getApp()) {
        problems.push('no app in the result');
    }
    return problems.length ? problems.join('; ') : undefined;
}

/** The block holding the element with this action id, so a click needs only the action. */
function findBlockId(blocks: unknown[], actionId: string): string | undefined {
    for (const block of blocks as Array<{ blockId?: string; elements?: unknown[]; accessory?: unknown }>) {
        const elements = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])] as Array<{ actionId?: string }>;
        if (elements.some((element) => element?.actionId === actionId)) {
            return block.blockId;
        }
    }
    return undefined;
}
