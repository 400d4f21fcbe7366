import { SimJobStore, SimSchedulerBridge } from '../../sim/rocketchat/SimSchedulerBridge';

// The scheduler as Rocket.Chat runs it: apps/meteor/app/apps/server/bridges/scheduler.ts over Agenda
// (saveJob's upsert on { name, type: 'single' }, next run computed when a run starts).

const APP = 'app-1';
const JOB = `poll_${APP}`;

type Processor = (context: Record<string, unknown>) => Promise<void>;

/** The bridge's own methods, as the engine calls them after its permission check. */
interface Calls {
    registerProcessors(processors: Array<{ id: string; processor: Processor; startupSetting?: unknown }>, appId: string): Promise<string[]>;
    scheduleOnce(schedule: { id: string; when: string | Date; data?: object }, appId: string): Promise<string | undefined>;
    scheduleRecurring(schedule: { id: string; interval: string | number; skipImmediate?: boolean; data?: object }, appId: string): Promise<string | undefined>;
}

const bridges: SimSchedulerBridge[] = [];

function scheduler(options: { runScheduler?: boolean; store?: SimJobStore } = {}): { bridge: SimSchedulerBridge; calls: Calls; errors: Error[] } {
    const errors: Error[] = [];
    const bridge = new SimSchedulerBridge({ runScheduler: options.runScheduler ?? false, onJobError: (_id, error) => errors.push(error) }, options.store);
    bridges.push(bridge);
    return { bridge, calls: bridge as unknown as Calls, errors };
}

afterEach(async () => {
    await Promise.all(bridges.splice(0).map((bridge) => bridge.stop()));
});

test('a processor receives the job data and the jobId of the stored job', async () => {
    const { bridge, calls } = scheduler();
    const seen: Array<Record<string, unknown>> = [];
    await calls.registerProcessors([{ id: JOB, processor: async (context) => { seen.push(context); } }], APP);
    const jobId = await calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: true, data: { source: 'test' } }, APP);
    await bridge.run(JOB);
    expect(seen).toEqual([{ source: 'test', jobId }]);
});

test('scheduleRecurring again updates the same job in place: one job, same jobId, new interval and data', async () => {
    const { bridge, calls } = scheduler();
    await calls.registerProcessors([{ id: JOB, processor: async () => undefined }], APP);
    const first = await calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: true, data: { v: 1 } }, APP);
    const second = await calls.scheduleRecurring({ id: JOB, interval: '2 hours', skipImmediate: true, data: { v: 2 } }, APP);
    expect(second).toBe(first);
    expect(bridge.list(APP)).toEqual([expect.objectContaining({ interval: '2 hours', data: { v: 2 } })]);
});

test('rescheduling without skipImmediate keeps the stored next run (Agenda protects a due nextRunAt)', async () => {
    const { bridge, calls } = scheduler();
    await calls.registerProcessors([{ id: JOB, processor: async () => undefined }], APP);
    await calls.scheduleRecurring({ id: JOB, interval: '2 hours', skipImmediate: true }, APP);
    const [before] = bridge.list(APP);
    await calls.scheduleRecurring({ id: JOB, interval: '1 second', skipImmediate: false }, APP);
    const [after] = bridge.list(APP);
    expect(after.interval).toBe('1 second');
    expect(after.nextRunAt).toEqual(before.nextRunAt);
});

test('a one-time job is removed after a successful run, and kept (not run again) after a failed one', async () => {
    const { bridge, calls } = scheduler();
    let fail = false;
    await calls.registerProcessors([{ id: JOB, processor: async () => { if (fail) throw new Error('boom'); } }], APP);
    await calls.scheduleOnce({ id: JOB, when: 'in 1 hour' }, APP);
    await bridge.run(JOB);
    expect(bridge.list(APP)).toEqual([]);

    fail = true;
    await calls.scheduleOnce({ id: JOB, when: 'in 1 hour' }, APP);
    await expect(bridge.run(JOB)).rejects.toThrow('boom');
    expect(bridge.list(APP)).toEqual([expect.objectContaining({ id: 'poll' })]);
    expect(bridge.list(APP)[0].nextRunAt).toBeUndefined();
});

test('a run longer than the interval is followed at once by the next: its next run was set when it started', async () => {
    const { bridge, calls, errors } = scheduler({ runScheduler: true });
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let firstStarted!: () => void;
    const first = new Promise<void>((resolve) => { firstStarted = resolve; });
    let secondStarted!: () => void;
    const second = new Promise<void>((resolve) => { secondStarted = resolve; });
    let runs = 0;
    await calls.registerProcessors([{
        id: JOB,
        processor: async () => {
            runs++;
            if (runs === 1) {
                firstStarted();
                await held;
            } else {
                secondStarted();
            }
        },
    }], APP);
    await calls.scheduleRecurring({ id: JOB, interval: 100, skipImmediate: false }, APP);
    await first;
    // Hold the first run until its next run (set at its start) has passed, and the timer has come and gone.
    const due = bridge.list(APP)[0].nextRunAt!.getTime();
    while (Date.now() < due + 100) {
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(bridge.list(APP)[0].nextRunAt!.getTime()).toBe(due);
    release();
    await second;
    expect(runs).toBe(2);
    expect(errors).toEqual([]);
});

test('two schedulers sharing the jobs store, scheduling together, create duplicate jobs (no unique index)', async () => {
    const store = new SimJobStore();
    const one = scheduler({ store });
    const two = scheduler({ store });
    await Promise.all([
        one.calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: true }, APP),
        two.calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: true }, APP),
    ]);
    expect(one.bridge.list(APP)).toHaveLength(2);
    // One after the other, the second finds the first and updates it.
    const fresh = new SimJobStore();
    const three = scheduler({ store: fresh });
    const four = scheduler({ store: fresh });
    await three.calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: true }, APP);
    await four.calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: true }, APP);
    expect(three.bridge.list(APP)).toHaveLength(1);
});

test('one app scheduling the same recurring job twice at once also gets two jobs', async () => {
    const { bridge, calls } = scheduler();
    await Promise.all([
        calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: true, data: { from: 'onEnable' } }, APP),
        calls.scheduleRecurring({ id: JOB, interval: '1 hour', skipImmediate: true, data: { from: 'onSettingUpdated' } }, APP),
    ]);
    expect(bridge.list(APP)).toHaveLength(2);
});

test('a bad interval is logged by the server, not thrown to the app: the call resolves with no job', async () => {
    const { bridge, calls } = scheduler();
    await expect(calls.scheduleRecurring({ id: JOB, interval: 'whenever' }, APP)).resolves.toBeUndefined();
    expect(bridge.list(APP)).toEqual([]);
    expect(bridge.schedulingErrors.map((error) => error.message)).toEqual([expect.stringMatching(/invalid interval "whenever"/)]);
});

test('a job cancelled and scheduled again while its old run is still going runs as soon as that run ends', async () => {
    const { bridge, calls, errors } = scheduler({ runScheduler: true });
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let firstStarted!: () => void;
    const first = new Promise<void>((resolve) => { firstStarted = resolve; });
    let secondStarted!: (context: Record<string, unknown>) => void;
    const second = new Promise<Record<string, unknown>>((resolve) => { secondStarted = resolve; });
    let runs = 0;
    await calls.registerProcessors([{
        id: JOB,
        processor: async (context) => {
            runs++;
            if (runs === 1) {
                firstStarted();
                await held;
            } else {
                secondStarted(context);
            }
        },
    }], APP);
    await calls.scheduleRecurring({ id: JOB, interval: '1 hour', data: { v: 1 } }, APP);
    await first;
    await (bridge as unknown as { cancelJob(id: string, appId: string): Promise<void> }).cancelJob(JOB, APP);
    await calls.scheduleRecurring({ id: JOB, interval: '1 hour', data: { v: 2 } }, APP);
    release();
    expect(await second).toMatchObject({ v: 2 });
    expect(errors).toEqual([]);
});
