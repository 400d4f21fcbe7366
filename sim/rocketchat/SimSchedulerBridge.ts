import type { IOnetimeSchedule, IProcessor, IRecurringSchedule } from 'apps-engine-runtime/definition/scheduler';
import { StartupType } from 'apps-engine-runtime/definition/scheduler';
import { SchedulerBridge } from 'apps-engine-runtime/server/bridges/SchedulerBridge';

import { randomId } from './ids';
import { nextRun, parseRecurrence, parseWhen } from './schedule';
import type { Recurrence } from './schedule';
import type { SimScheduledJob } from './types';

type Processor = (jobContext: Record<string, unknown>) => Promise<void>;

export interface Job {
    /** Agenda's document id; handed to the processor as `jobId`. */
    key: string;
    processorId: string;
    appId: string;
    interval?: string;
    recurrence?: Recurrence;
    when?: Date;
    data?: object;
    skipImmediate?: boolean;
    nextRunAt?: Date;
    timer?: NodeJS.Timeout;
}

// setTimeout cannot wait longer than this; farther runs re-arm on the way.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Agenda's jobs collection (rocketchat_apps_scheduler). Several schedulers (Rocket.Chat instances)
 * can share one, as a cluster shares its database. Each lookup or write is a round trip: it yields,
 * so calls running together interleave.
 */
export class SimJobStore {
    jobs: Job[] = [];

    async findSingle(processorId: string): Promise<Job | undefined> {
        await roundTrip();
        return this.jobs.find((job) => job.processorId === processorId && job.recurrence !== undefined);
    }

    async insert(job: Job): Promise<void> {
        await roundTrip();
        this.jobs.push(job);
    }
}

function roundTrip(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Rocket.Chat's Agenda-backed scheduler. Jobs live in the database (kept across app restarts);
 * processors are in memory (the app registers them again on start). With the scheduler off,
 * jobs only run through runJob(); with it on, they fire on their schedule. Either way two runs of
 * one job never overlap (Agenda's lock): runJob waits its turn, a timer tick during a run is skipped.
 */
export class SimSchedulerBridge extends SchedulerBridge {
    private readonly processors = new Map<string, Processor>();
    private readonly running = new Map<string, Promise<void>>();
    private stopped = false;
    /** What the real bridge would only log (bad intervals or dates): the app's call still resolves. */
    readonly schedulingErrors: Error[] = [];

    constructor(private readonly options: {
        runScheduler: boolean;
        onJobError: (processorId: string, error: Error) => void;
        onJobRun?: (run: { processorId: string; startedAt: Date; error?: Error }) => void;
    }, private readonly store = new SimJobStore()) {
        super();
    }

    private get jobs(): Job[] {
        return this.store.jobs;
    }

    list(appId: string): SimScheduledJob[] {
        return this.jobs.filter((job) => job.appId === appId).map((job) => ({
            id: job.processorId.endsWith(`_${appId}`) ? job.processorId.slice(0, -(appId.length + 1)) : job.processorId,
            processorId: job.processorId,
            ...(job.interval !== undefined ? { interval: job.interval } : {}),
            ...(job.when ? { when: job.when } : {}),
            ...(job.data !== undefined ? { data: JSON.parse(JSON.stringify(job.data)) } : {}),
            ...(job.skipImmediate !== undefined ? { skipImmediate: job.skipImmediate } : {}),
            ...(job.nextRunAt ? { nextRunAt: job.nextRunAt } : {}),
        }));
    }

    /** Runs a processor now, as Agenda would fire it; resolves when it finishes, rejects with the app's error. */
    async run(processorId: string): Promise<void> {
        if (!this.processors.has(processorId)) {
            throw new Error(`no processor registered as ${processorId} (registered: ${[...this.processors.keys()].join(', ') || 'none'})`);
        }
        const pending = this.jobs.filter((job) => job.processorId === processorId);
        // A one-time job still due first, else the recurring one; a failed one-time job is not run again.
        const job = pending.find((candidate) => !candidate.recurrence && candidate.nextRunAt) ?? pending.find((candidate) => candidate.recurrence);
        await this.execute(processorId, job);
    }

    /** The app's processors vanish with its process; jobs stay in the database. */
    forgetProcessors(): void {
        this.processors.clear();
        this.disarmAll();
    }

    /** Processors registered again after a restart: re-arm the stored jobs. */
    rearm(): void {
        for (const job of this.jobs) {
            this.arm(job);
        }
    }

    async stop(): Promise<void> {
        this.stopped = true;
        this.disarmAll();
        await Promise.all([...this.running.values()].map((run) => run.catch(() => undefined)));
    }

    protected async registerProcessors(processors: IProcessor[], appId: string): Promise<string[]> {
        const ids: string[] = [];
        for (const processor of processors) {
            this.processors.set(processor.id, processor.processor as unknown as Processor);
            ids.push(processor.id);
            const startup = processor.startupSetting;
            if (startup?.type === StartupType.RECURRING) {
                await this.scheduleRecurring({ id: processor.id, interval: startup.interval, skipImmediate: startup.skipImmediate, data: startup.data }, appId);
            } else if (startup?.type === StartupType.ONETIME) {
                // Rocket.Chat: bridges/scheduler.ts scheduleOnceAfterRegister — only when no one-time job of that name is stored.
                if (!this.jobs.some((job) => job.processorId === processor.id && !job.recurrence)) {
                    await this.scheduleOnce({ id: processor.id, when: startup.when, data: startup.data }, appId);
                }
            }
        }
        return ids;
    }

    // Rocket.Chat: apps/meteor/app/apps/server/bridges/scheduler.ts scheduleOnce — Agenda's schedule()
    // inserts a 'normal' job. A failure (a bad date) is logged by the server, not thrown to the app.
    protected async scheduleOnce(schedule: IOnetimeSchedule, appId: string): Promise<string | undefined> {
        let when: Date;
        try {
            when = parseWhen(schedule.when, new Date());
        } catch (error) {
            this.schedulingErrors.push(toError(error));
            return undefined;
        }
        const job: Job = { key: randomId(), processorId: schedule.id, appId, when, data: schedule.data, nextRunAt: when };
        await this.store.insert(job);
        this.arm(job);
        return job.key;
    }

    // Rocket.Chat: bridges/scheduler.ts scheduleRecurring → Agenda every(), which saves a job of type
    // 'single' with findOneAndUpdate({ name, type: 'single' }, …, { upsert: true }) (Agenda's saveJob).
    // - an existing job of that name is updated in place: same document, so the same jobId;
    // - if the new next run is already due (skipImmediate false), Agenda "protects" the stored
    //   nextRunAt ($setOnInsert): an existing job keeps its old next run, only the interval changes;
    // - there is no unique index: two calls running together (two instances, or one app calling
    //   twice at once) both find nothing and both insert, leaving duplicate jobs.
    // Errors (a bad interval) are logged by the server, not thrown to the app.
    protected async scheduleRecurring(schedule: IRecurringSchedule, appId: string): Promise<string | undefined> {
        let recurrence: Recurrence;
        try {
            recurrence = parseRecurrence(schedule.interval);
        } catch (error) {
            this.schedulingErrors.push(toError(error));
            return undefined;
        }
        const now = new Date();
        const nextRunAt = schedule.skipImmediate ? nextRun(recurrence, now) : now;
        const fields = {
            interval: String(schedule.interval),
            recurrence,
            data: schedule.data,
            skipImmediate: schedule.skipImmediate ?? false,
        };
        const existing = await this.store.findSingle(schedule.id);
        if (existing) {
            Object.assign(existing, fields);
            if (nextRunAt.getTime() > Date.now()) {
                existing.nextRunAt = nextRunAt;
            }
            this.arm(existing);
            return existing.key;
        }
        const job: Job = { key: randomId(), processorId: schedule.id, appId, ...fields, nextRunAt };
        await this.store.insert(job);
        this.arm(job);
        return job.key;
    }

    protected async cancelJob(jobId: string): Promise<void> {
        this.remove((job) => job.processorId === jobId);
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        this.remove((job) => job.appId === appId);
    }

    /**
     * Runs a processor at once, ignoring the lock: what a second Rocket.Chat instance (or a
     * run whose lock expired) does. The app itself must keep such runs from double-posting.
     */
    async runAlongside(processorId: string): Promise<void> {
        const processor = this.processors.get(processorId);
        if (!processor) {
            throw new Error(`no processor registered as ${processorId}`);
        }
        try {
            await processor({ jobId: randomId() });
        } catch (error) {
            throw toError(error);
        }
    }

    // Rocket.Chat: bridges/scheduler.ts _callProcessor — the processor gets {...data, jobId} (the
    // internal appId removed); a one-time ('normal') job is cancelled only after a successful run, so a
    // failed one stays stored (Agenda does not run it again). Agenda computes a recurring job's next
    // run when the run STARTS: a run longer than the interval is followed at once by the next one.
    private async execute(processorId: string, job: Job | undefined): Promise<void> {
        const processor = this.processors.get(processorId);
        if (!processor) {
            throw new Error(`no processor registered as ${processorId}`);
        }
        const previous = this.running.get(processorId) ?? Promise.resolve();
        const run = previous.catch(() => undefined).then(async () => {
            if (job?.recurrence) {
                job.nextRunAt = nextRun(job.recurrence, new Date());
            } else if (job) {
                job.nextRunAt = undefined;
            }
            const startedAt = new Date();
            try {
                await processor({ ...(job?.data ?? {}), jobId: job?.key ?? randomId() });
            } catch (error) {
                const failure = toError(error);
                this.options.onJobRun?.({ processorId, startedAt, error: failure });
                throw failure;
            }
            if (job && !job.recurrence) {
                this.remove((candidate) => candidate === job);
            }
            this.options.onJobRun?.({ processorId, startedAt });
        });
        const settled: Promise<void> = run.catch(() => undefined).then(() => {
            if (this.running.get(processorId) === settled) {
                this.running.delete(processorId);
            }
            if (job?.recurrence && this.jobs.includes(job)) {
                this.arm(job);
            }
        });
        this.running.set(processorId, settled);
        await run;
    }

    private arm(job: Job): void {
        clearTimeout(job.timer);
        job.timer = undefined;
        if (!this.options.runScheduler || this.stopped || !job.nextRunAt || !this.processors.has(job.processorId)) {
            return;
        }
        const delay = Math.max(0, job.nextRunAt.getTime() - Date.now());
        job.timer = setTimeout(() => this.fire(job), Math.min(delay, MAX_TIMER_MS));
        job.timer.unref();
    }

    private fire(job: Job): void {
        job.timer = undefined;
        if (!this.jobs.includes(job) || this.stopped) {
            return;
        }
        if (job.nextRunAt && job.nextRunAt.getTime() > Date.now()) {
            this.arm(job);
            return;
        }
        const locked = this.running.get(job.processorId);
        if (locked && job.recurrence) {
            // Locked by a run still going (perhaps of a job since cancelled and scheduled again): when
            // it ends, this job's next run, due since, follows at once.
            void locked.then(() => {
                if (this.jobs.includes(job)) {
                    this.arm(job);
                }
            });
            return;
        }
        this.execute(job.processorId, job).catch((error: Error) => this.options.onJobError(job.processorId, error));
    }

    private remove(predicate: (job: Job) => boolean): void {
        for (const job of this.jobs.filter(predicate)) {
            clearTimeout(job.timer);
        }
        this.store.jobs = this.jobs.filter((job) => !predicate(job));
    }

    private disarmAll(): void {
        for (const job of this.jobs) {
            clearTimeout(job.timer);
            job.timer = undefined;
        }
    }
}

/** The engine hands back the app's failure as a JSON-RPC error object; make it a real Error. */
export function toError(error: unknown): Error {
    if (error instanceof Error) {
        return error;
    }
    if (error && typeof error === 'object' && 'message' in error) {
        const { message, code, data } = error as { message: unknown; code?: unknown; data?: { message?: unknown } };
        // Handlers report "Internal error" and put what the app threw in data.message.
        const detail = typeof data?.message === 'string' && data.message ? data.message : String(message);
        return Object.assign(new Error(detail), { code, data });
    }
    return new Error(String(error));
}
