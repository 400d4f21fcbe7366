import { AgendaCollection } from '../../sim/rocketchat/cluster/AgendaCollection';
import { AgendaSchedulerBridge } from '../../sim/rocketchat/cluster/AgendaSchedulerBridge';

// Several Rocket.Chat instances' Agendas over one jobs collection, as a cluster runs them:
// packages/agenda/src/Agenda.ts (every/_saveSingleJob, _findAndLockNextJob, _lockOnTheFly),
// Job.ts (run, save), apps/meteor/app/apps/server/bridges/scheduler.ts (_callProcessor).

const APP = 'app-1';
const JOB = `poll_${APP}`;
const ONCE = `start_${APP}`;

type Processor = (context: Record<string, unknown>) => Promise<void>;

interface Calls {
    registerProcessors(processors: Array<{ id: string; processor: Processor }>, appId: string): Promise<unknown>;
    scheduleOnce(schedule: { id: string; when: string | Date; data?: object }, appId: string): Promise<string | undefined>;
    scheduleRecurring(schedule: { id: string; interval: string | number; skipImmediate?: boolean; data?: object }, appId: string): Promise<string | undefined>;
    cancelJob(jobId: string, appId: string): Promise<void>;
}

interface Run { instance: string; name: string; jobId: string; error?: string }

const started: AgendaSchedulerBridge[] = [];
let runs: Run[] = [];
let listeners: Array<() => void> = [];

function instance(store: AgendaCollection, name: string, options: { lockLifetimeMs?: number } = {}): { bridge: AgendaSchedulerBridge; calls: Calls } {
    const bridge = new AgendaSchedulerBridge(store, {
        name,
        processEveryMs: 50,
        lockLifetimeMs: options.lockLifetimeMs ?? 10 * 60 * 1000,
        onJobRun: (run) => {
            runs.push({ instance: name, ...run });
            listeners.forEach((listener) => listener());
        },
    });
    started.push(bridge);
    return { bridge, calls: bridge as unknown as Calls };
}

/** Resolves once `ready()` holds, checked after each finished run (never on a timer). */
function until(ready: () => boolean): Promise<void> {
    return new Promise((resolve) => {
        const check = (): void => {
            if (ready()) {
                listeners = listeners.filter((listener) => listener !== check);
                resolve();
            }
        };
        listeners.push(check);
        check();
    });
}

function gate(): { opened: Promise<void>; open(): void } {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => { open = resolve; });
    return { opened, open };
}

afterEach(async () => {
    await Promise.all(started.splice(0).map((bridge) => bridge.stop()));
    runs = [];
    listeners = [];
});

test('a due job is locked and run by one instance of three, once per due time', async () => {
    const store = new AgendaCollection();
    const instances = ['a', 'b', 'c'].map((name) => instance(store, name));
    const contexts: Array<Record<string, unknown>> = [];
    for (const { calls } of instances) {
        await calls.registerProcessors([{ id: ONCE, processor: async (context) => { contexts.push(context); } }], APP);
    }
    const jobId = await instances[0].calls.scheduleOnce({ id: ONCE, when: new Date(), data: { reason: 'test' } }, APP);
    for (const { bridge } of instances) {
        bridge.startScheduler();
    }
    await until(() => runs.length >= 1);
    // The three scanned at once; the lock (an atomic findOneAndUpdate) gave the job to one of them.
    await Promise.all(started.map((bridge) => bridge.stop()));
    expect(runs).toHaveLength(1);
    // Rocket.Chat: scheduler.ts _callProcessor — {...data, jobId}, the internal appId left out.
    expect(contexts).toEqual([{ reason: 'test', jobId }]);
    expect(store.all().filter((job) => job.name === ONCE)).toEqual([]);
});

test('while one instance runs a job, it holds the lock (lockedAt); the lock is cleared after the run', async () => {
    const store = new AgendaCollection();
    const a = instance(store, 'a');
    const b = instance(store, 'b');
    const release = gate();
    const entered = gate();
    let running = 0;
    let most = 0;
    for (const { calls } of [a, b]) {
        await calls.registerProcessors([{ id: JOB, processor: async () => {
            running++;
            most = Math.max(most, running);
            entered.open();
            await release.opened;
            running--;
        } }], APP);
    }
    await a.calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: false }, APP);
    a.bridge.startScheduler();
    b.bridge.startScheduler();
    await entered.opened;
    expect(store.all()[0].lockedAt).toBeInstanceOf(Date);
    release.open();
    await until(() => runs.length === 1);
    expect(most).toBe(1);
    expect(store.all()).toEqual([expect.objectContaining({ lockedAt: null, lastModifiedBy: runs[0].instance })]);
});

test('`every` from two instances at once on an empty collection leaves two jobs (no unique index); on a stored job it updates in place', async () => {
    const store = new AgendaCollection();
    const a = instance(store, 'a');
    const b = instance(store, 'b');
    await Promise.all([a, b].map(({ calls }) => calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: true }, APP)));
    expect(store.all().filter((job) => job.name === JOB)).toHaveLength(2);

    const tidy = new AgendaCollection();
    const c = instance(tidy, 'c');
    const d = instance(tidy, 'd');
    const first = await c.calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: true }, APP);
    const again = await Promise.all([c, d].map(({ calls }) => calls.scheduleRecurring({ id: JOB, interval: '2 hours', skipImmediate: true }, APP)));
    expect(again).toEqual([first, first]);
    expect(tidy.all()).toEqual([expect.objectContaining({ _id: first, repeatInterval: '2 hours' })]);
});

test('a run saves its own copy at the end: an interval changed by `every` during the run is written back to the old one', async () => {
    const store = new AgendaCollection();
    const a = instance(store, 'a');
    const b = instance(store, 'b');
    const release = gate();
    const entered = gate();
    await a.calls.registerProcessors([{ id: JOB, processor: async () => { entered.open(); await release.opened; } }], APP);
    await a.calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: false }, APP);
    a.bridge.startScheduler();
    await entered.opened;
    await b.calls.scheduleRecurring({ id: JOB, interval: '2 seconds', skipImmediate: true }, APP);
    expect(store.all()[0].repeatInterval).toBe('2 seconds');
    release.open();
    await until(() => runs.length === 1);
    expect(store.all()).toEqual([expect.objectContaining({ repeatInterval: '1 hour' })]);
});

test('a job cancelled during its run stays cancelled (the end-of-run save does not upsert)', async () => {
    const store = new AgendaCollection();
    const a = instance(store, 'a');
    const release = gate();
    const entered = gate();
    await a.calls.registerProcessors([{ id: JOB, processor: async () => { entered.open(); await release.opened; } }], APP);
    await a.calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: false }, APP);
    a.bridge.startScheduler();
    await entered.opened;
    await a.calls.cancelJob(JOB, APP);
    release.open();
    await until(() => runs.length === 1);
    expect(store.all()).toEqual([]);
});

test('a lock older than the lock lifetime is taken by another instance', async () => {
    const store = new AgendaCollection();
    const stale = await store.insert({ name: ONCE, type: 'normal', data: { appId: APP }, nextRunAt: new Date(), lockedAt: new Date(Date.now() - 60_000) });
    const b = instance(store, 'b', { lockLifetimeMs: 30_000 });
    await b.calls.registerProcessors([{ id: ONCE, processor: async () => undefined }], APP);
    b.bridge.startScheduler();
    await until(() => runs.length === 1);
    expect(runs).toEqual([expect.objectContaining({ instance: 'b', jobId: stale._id })]);
});

test('a lock younger than the lock lifetime is left alone, even when the job is due', async () => {
    const store = new AgendaCollection();
    await store.insert({ name: ONCE, type: 'normal', data: { appId: APP }, nextRunAt: new Date(), lockedAt: new Date() });
    const b = instance(store, 'b');
    await b.calls.registerProcessors([{ id: ONCE, processor: async () => undefined }], APP);
    expect(await store.findAndLock(ONCE, new Date(Date.now() + 1000), 10 * 60 * 1000, new Date())).toBeNull();
    expect(runs).toEqual([]);
});

test('a one-time job that fails is kept with its reason and not run again', async () => {
    const store = new AgendaCollection();
    const a = instance(store, 'a');
    await a.calls.registerProcessors([{ id: ONCE, processor: async () => { throw new Error('boom'); } }], APP);
    await a.calls.scheduleOnce({ id: ONCE, when: new Date() }, APP);
    a.bridge.startScheduler();
    await until(() => runs.length === 1);
    expect(runs[0].error).toBe('boom');
    expect(store.all()).toEqual([expect.objectContaining({ failReason: 'boom', failCount: 1, lockedAt: null, nextRunAt: null })]);
});
