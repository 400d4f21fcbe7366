import { fork } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { AppStatusUtils } from 'apps-engine-runtime/definition/AppStatus';
import type { AppStatus } from 'apps-engine-runtime/definition/AppStatus';
import type { ISetting } from 'apps-engine-runtime/definition/settings';

import { defaultAppZip } from '../engineEnvironment';
import { SimUiInteractionBridge, SimServerSettingBridge } from '../SimAppStateBridges';
import { SimMessageBridge } from '../SimMessageBridge';
import { SimPersistenceBridge } from '../SimPersistenceBridge';
import { SimRoomBridge } from '../SimRoomBridge';
import { SimUserBridge } from '../SimUserBridge';
import { SimWorld } from '../SimWorld';
import { MemoryLogStorage, MemoryMetadataStorage, MemorySourceStorage } from '../storage';
import type { SimEvent, SimMessage, SimPersistenceRecord, SimUser } from '../types';
import { AgendaCollection } from './AgendaCollection';
import type { AgendaJob } from './AgendaCollection';
import type { InstanceBoot } from './instanceProcess';
import { RpcChannel } from './rpc';

export interface SimClusterOptions {
    /** 2 or 3: each is a process with its own AppManager and Deno process. */
    instances: number;
    appZip?: string;
    /** Saved on instance 0 after install; Rocket.Chat propagates each to the others. */
    settings?: Record<string, unknown>;
    users?: SimUser[];
    rooms?: string[];
    /** Agenda's scan interval on every instance. Default: Agenda's 5 s, which Rocket.Chat keeps. */
    processEveryMs?: number;
    /** Agenda's lock lifetime. Default: Agenda's 10 minutes, which Rocket.Chat keeps. */
    lockLifetimeMs?: number;
    /** Every persistence call is a database round trip this long (ms); default SIM_PERSISTENCE_LATENCY_MS or 0. */
    persistenceLatencyMs?: number;
}

export interface SimJobRun {
    instance: number;
    name: string;
    jobId: string;
    startedAt: Date;
    error?: string;
}

const DEFAULT_USERS: SimUser[] = [
    { id: 'user-admin', username: 'admin', name: 'Administrator', roles: ['admin', 'user'] },
    { id: 'user-alice', username: 'alice', name: 'Alice', roles: ['user'] },
];

/**
 * Rocket.Chat as a cluster: N instances sharing one database. This process owns the database
 * (users, rooms, messages, app persistence, the apps collection and Agenda's jobs collection);
 * each instance is a child process running the real engine (see instanceProcess.ts) whose bridges
 * reach the database over IPC. An app installed on one instance is loaded by the others, and a
 * setting saved on one is applied on every one, as Rocket.Chat's broadcasts do
 * (ee/server/apps/communication/websockets.ts).
 */
export class SimCluster {
    readonly world: SimWorld;
    readonly jobs = new AgendaCollection();
    readonly jobRuns: SimJobRun[] = [];
    private readonly persistence: SimPersistenceBridge;
    private readonly targets: Record<string, object>;
    private readonly instances: Array<{ child: ChildProcess; rpc: RpcChannel }> = [];
    private readonly broadcasts = new Set<Promise<unknown>>();
    private readonly waiters = new Set<() => void>();
    private appIdValue?: string;
    private readonly bootOptions: { count: number; boot: Omit<InstanceBoot, 'index'> };

    private constructor(options: SimClusterOptions) {
        this.bootOptions = {
            count: options.instances,
            boot: { processEveryMs: options.processEveryMs ?? 5000, lockLifetimeMs: options.lockLifetimeMs ?? 10 * 60 * 1000 },
        };
        this.world = new SimWorld((event: SimEvent) => this.changed(event), { Language: 'en' });
        this.persistence = new SimPersistenceBridge(options.persistenceLatencyMs ?? latencyFromEnvironment());
        const appUsername = (appId: string): string | undefined => [...this.world.users.values()].find((user) => user.appId === appId)?.username;
        this.targets = {
            'bridge:persistence': this.persistence,
            'bridge:messages': new SimMessageBridge(this.world, appUsername),
            'bridge:rooms': new SimRoomBridge(this.world),
            'bridge:users': new SimUserBridge(this.world),
            'bridge:serverSettings': new SimServerSettingBridge(this.world.settings),
            'bridge:uiInteraction': new SimUiInteractionBridge(this.world),
            'storage:metadata': new MemoryMetadataStorage(),
            'storage:source': new MemorySourceStorage(),
            'storage:logs': new MemoryLogStorage(),
            jobs: this.jobs,
            cluster: {
                jobRun: async (run: SimJobRun) => {
                    this.jobRuns.push(run);
                    this.changed();
                },
                settingChanged: async (from: number, appId: string, setting: ISetting) => {
                    const applied = Promise.all(this.instances.map((instance, index) => (index === from
                        ? undefined
                        : instance.rpc.call('instance', 'applySetting', [appId, setting]))));
                    this.broadcasts.add(applied);
                    await applied.finally(() => this.broadcasts.delete(applied));
                },
            },
        };
    }

    static async start(options: SimClusterOptions): Promise<SimCluster> {
        const zipPath = options.appZip ?? defaultAppZip();
        if (!fs.existsSync(zipPath)) {
            throw new Error(`app package ${zipPath} not found: run \`npm run package\` first`);
        }
        const cluster = new SimCluster(options);
        const users = options.users ?? DEFAULT_USERS;
        for (const user of users) {
            cluster.world.addUser(user);
        }
        const creator = users.find((user) => user.roles.includes('admin')) ?? users[0];
        for (const room of options.rooms ?? ['deploys', 'general']) {
            cluster.world.createRoom(room, users.map((user) => user.username), creator.username);
        }
        try {
            const { boot } = cluster.bootOptions;
            await Promise.all(Array.from({ length: options.instances }, (_, index) => cluster.spawn({ index, ...boot })));
            // Installed through one instance; Rocket.Chat broadcasts 'apps.added' and every other
            // instance loads it from the database and enables it (websockets.ts onAppAdded → addLocal).
            const installer = cluster.world.toAppUser(cluster.world.requireUser(creator.username));
            cluster.appIdValue = await cluster.call(0, 'install', zipPath, installer) as string;
            const statuses = await Promise.all(cluster.instances.slice(1).map((_, i) => cluster.call(i + 1, 'addLocal', cluster.appId)));
            if (!statuses.every((status) => AppStatusUtils.isEnabled(status as AppStatus))) {
                throw new Error(`the app is not enabled on every instance: ${statuses.join(', ')}`);
            }
            for (const [id, value] of Object.entries(options.settings ?? {})) {
                await cluster.setSetting(0, id, value);
            }
            return cluster;
        } catch (error) {
            await cluster.stop();
            throw error;
        }
    }

    get appId(): string {
        if (!this.appIdValue) {
            throw new Error('no app installed');
        }
        return this.appIdValue;
    }

    get size(): number {
        return this.instances.length;
    }

    /** An admin saves a setting on one instance; resolves once every instance has applied it. */
    async setSetting(instance: number, id: string, value: unknown): Promise<void> {
        await this.call(instance, 'setSetting', this.appId, id, value);
        await Promise.all([...this.broadcasts]);
    }

    /** The URL of one instance's app endpoints server: `<url>/api/apps/public/<appId>/<path>`. */
    async apiUrl(instance: number): Promise<string> {
        return `${String(await this.call(instance, 'apiUrl'))}/api/apps/public/${this.appId}`;
    }

    /** Runs a job's processor on one instance outside Agenda's lock (a duplicate job or an expired lock does that). */
    async runUnlocked(instance: number, jobId: string): Promise<void> {
        await this.call(instance, 'runUnlocked', `${jobId}_${this.appId}`);
    }

    /** The documents of Agenda's jobs collection for one job id of the app (`<id>_<appId>`). */
    jobsNamed(jobId: string): AgendaJob[] {
        return this.jobs.all().filter((job) => job.name === `${jobId}_${this.appId}`);
    }

    runsOf(jobId: string): SimJobRun[] {
        return this.jobRuns.filter((run) => run.name === `${jobId}_${this.appId}`);
    }

    messages(roomName?: string): SimMessage[] {
        const room = roomName === undefined ? undefined : this.world.roomByName(roomName);
        return this.world.messages.filter((message) => roomName === undefined || message.roomId === room?.id);
    }

    createRoom(name: string): void {
        const humans = [...this.world.users.values()].filter((user) => !user.appId).map((user) => user.username);
        this.world.createRoom(name, humans, humans[0] ?? 'admin');
    }

    persistenceRecords(): SimPersistenceRecord[] {
        return this.persistence.rawRecords();
    }

    setPersistenceLatency(ms: number): void {
        this.persistence.setLatency(ms);
    }

    logs(): unknown[] {
        return (this.targets['storage:logs'] as MemoryLogStorage).entries.flatMap((entry) => entry.entries);
    }

    /**
     * Resolves when `ready()` holds, checked now and after every post, edit or finished job run in
     * the cluster; never on a timer. `what` names it in the jest timeout's failure.
     */
    until(ready: () => boolean, what: string): Promise<void> {
        if (ready()) {
            return Promise.resolve();
        }
        return new Promise((resolve) => {
            const check = (): void => {
                if (ready()) {
                    this.waiters.delete(check);
                    resolve();
                }
            };
            Object.defineProperty(check, 'name', { value: what });
            this.waiters.add(check);
        });
    }

    /**
     * Every instance restarts at once (a deploy, a cluster restart): each process ends and a new one
     * loads the stored app and enables it, so every instance runs onEnable again. The database stays.
     */
    async restart(): Promise<void> {
        await this.stop();
        this.instances.splice(0);
        await Promise.all(Array.from({ length: this.bootOptions.count }, (_, index) => this.spawn({ index, ...this.bootOptions.boot })));
        await Promise.all(this.instances.map((_, index) => this.call(index, 'enableAll')));
        const statuses = await Promise.all(this.instances.map((_, index) => this.call(index, 'status', this.appId)));
        if (!statuses.every((status) => AppStatusUtils.isEnabled(status as AppStatus))) {
            throw new Error(`the app is not enabled on every instance after the restart: ${statuses.join(', ')}`);
        }
    }

    async stop(): Promise<void> {
        await Promise.all(this.instances.map(async ({ child, rpc }) => {
            if (child.exitCode !== null || child.signalCode !== null) {
                return;
            }
            const exited = new Promise((resolve) => child.once('exit', resolve));
            await rpc.call('instance', 'stop').catch(() => undefined);
            await exited;
        }));
    }

    private async spawn(boot: InstanceBoot): Promise<void> {
        const child = fork(path.join(__dirname, 'instanceProcess.ts'), [], {
            execArgv: ['--require', path.join(__dirname, 'engineAlias.js'), '--import', 'tsx'],
            serialization: 'advanced',
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
        const rpc = new RpcChannel(child, (target, method, args) => this.handle(target, method, args));
        child.once('exit', (code) => rpc.close(new Error(`instance ${boot.index} exited (${String(code)})`)));
        this.instances[boot.index] = { child, rpc };
        const engine = await rpc.call('instance', 'boot', [boot]);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const wanted = (require('apps-engine-runtime/package.json') as { version: string }).version;
        if (engine !== wanted) {
            throw new Error(`instance ${boot.index} runs Apps-Engine ${String(engine)}, the test bed ${wanted}`);
        }
    }

    private call(instance: number, method: string, ...args: unknown[]): Promise<unknown> {
        const target = this.instances[instance];
        if (!target) {
            throw new Error(`no instance ${instance}`);
        }
        return target.rpc.call('instance', method, args);
    }

    // An instance's data call: the Sim bridge (or store) here runs it, exactly as in one process.
    private async handle(target: string, method: string, args: unknown[]): Promise<unknown> {
        const receiver = this.targets[target] as Record<string, unknown> | undefined;
        const fn = receiver?.[method];
        if (typeof fn !== 'function') {
            throw new Error(`the shared database has no ${target}.${method}`);
        }
        const value = await (fn as (...a: unknown[]) => Promise<unknown>).apply(receiver, args);
        this.changed();
        return value;
    }

    private changed(_event?: SimEvent): void {
        for (const check of [...this.waiters]) {
            check();
        }
    }
}

function latencyFromEnvironment(): number {
    const value = Number(process.env.SIM_PERSISTENCE_LATENCY_MS ?? 0);
    return Number.isFinite(value) && value > 0 ? value : 0;
}
