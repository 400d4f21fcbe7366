import type { IOnetimeSchedule, IProcessor, IRecurringSchedule } from 'apps-engine-runtime/definition/scheduler';
import { StartupType } from 'apps-engine-runtime/definition/scheduler';
import { SchedulerBridge } from 'apps-engine-runtime/server/bridges/SchedulerBridge';

import { randomId } from '../ids';
import { nextRun, parseRecurrence, parseWhen } from '../schedule';
import { toError } from '../SimSchedulerBridge';
import type { AgendaCollection, AgendaJob, AgendaJobProps } from './AgendaCollection';

type Processor = (jobContext: Record<string, unknown>) => Promise<void>;

/** The shared collection as an instance reaches it (over the wire, every call async). */
export type AgendaStore = Pick<AgendaCollection, 'saveSingle' | 'insert' | 'updateById' | 'findAndLock' | 'lockOnTheFly' | 'find' | 'cancel' | 'unlock'>;

export interface AgendaOptions {
    /** Agenda's `lastModifiedBy`: which instance saved a job. */
    name: string;
    /** How often this instance scans for due jobs. Agenda's default, which Rocket.Chat keeps: 5 s. */
    processEveryMs: number;
    /** Agenda's default, which Rocket.Chat keeps: 10 minutes. */
    lockLifetimeMs: number;
    onJobRun?: (run: { name: string; jobId: string; startedAt: Date; error?: string }) => void;
}

/** Rocket.Chat creates its Agenda with `defaultConcurrency: 1`: one run of a job name at a time, per instance. */
const CONCURRENCY = 1;

/**
 * One Rocket.Chat instance's Agenda over the jobs collection every instance shares
 * (Rocket.Chat: apps/meteor/app/apps/server/bridges/scheduler.ts; packages/agenda/src/Agenda.ts,
 * Job.ts). Every `processEvery` the instance locks, one by one, each job of a defined name that is
 * due before its next scan (or whose lock outlived the lock lifetime), and runs them at their time,
 * one per name at once. A job saved with a run due before the next scan is locked "on the fly" by
 * the instance that saved it. A lock is a `lockedAt` date: whoever set it runs the job, nobody else.
 */
export class AgendaSchedulerBridge extends SchedulerBridge {
    private readonly definitions = new Map<string, { fn: Processor; running: number }>();
    private readonly queue: AgendaJob[] = [];
    private readonly locked = new Set<string>();
    private readonly runs = new Set<Promise<void>>();
    private interval?: NodeJS.Timeout;
    private wake?: NodeJS.Timeout;
    private nextScanAt?: Date;
    private stopped = false;

    constructor(private readonly store: AgendaStore, private readonly options: AgendaOptions) {
        super();
    }

    // Rocket.Chat: scheduler.ts startScheduler → Agenda.start: a scan now, then every processEvery.
    startScheduler(): void {
        if (this.interval || this.stopped) {
            return;
        }
        this.interval = setInterval(() => this.processJobs(), this.options.processEveryMs);
        process.nextTick(() => this.processJobs());
    }

    // Agenda.stop: no more scans; the jobs this instance locked are unlocked. Runs going on finish.
    async stop(): Promise<void> {
        this.stopped = true;
        clearInterval(this.interval);
        clearTimeout(this.wake);
        this.interval = undefined;
        await this.store.unlock([...this.locked]).catch(() => undefined);
        await Promise.all([...this.runs]);
    }

    /** Runs a defined processor at once, outside any lock (a duplicate job, an expired lock). */
    async runUnlocked(name: string): Promise<void> {
        const definition = this.definitions.get(name);
        if (!definition) {
            throw new Error(`no processor defined as ${name} (defined: ${[...this.definitions.keys()].join(', ') || 'none'})`);
        }
        await definition.fn({ jobId: randomId() });
    }

    // Rocket.Chat: scheduler.ts registerProcessors — Agenda.define(id, _callProcessor(processor)).
    protected async registerProcessors(processors: IProcessor[] = [], appId: string): Promise<void | string[]> {
        const afterRegister: Array<Promise<string | void>> = [];
        for (const { id, processor, startupSetting } of processors) {
            this.definitions.set(id, { fn: processor as unknown as Processor, running: 0 });
            if (startupSetting?.type === StartupType.ONETIME) {
                afterRegister.push(this.scheduleOnceAfterRegister({ id, when: startupSetting.when, data: startupSetting.data }, appId));
            } else if (startupSetting?.type === StartupType.RECURRING) {
                afterRegister.push(this.scheduleRecurring({ id, interval: startupSetting.interval, skipImmediate: startupSetting.skipImmediate, data: startupSetting.data }, appId));
            }
        }
        if (afterRegister.length) {
            return (await Promise.all(afterRegister)).filter((value): value is string => typeof value === 'string');
        }
    }

    // Rocket.Chat: scheduler.ts scheduleOnce → Agenda.schedule: insertOne of a 'normal' job. Errors are logged, not thrown.
    protected async scheduleOnce({ id, when, data }: IOnetimeSchedule, appId: string): Promise<void | string> {
        this.startScheduler();
        try {
            const job = await this.store.insert({
                name: id, type: 'normal', data: { ...(data ?? {}), appId }, nextRunAt: parseWhen(when, new Date()), lockedAt: null, lastModifiedBy: this.options.name,
            });
            this.afterSave(job);
            return job._id;
        } catch {
            return undefined;
        }
    }

    private async scheduleOnceAfterRegister(job: IOnetimeSchedule, appId: string): Promise<void | string> {
        const stored = await this.store.find({ name: job.id, type: 'normal' });
        if (!stored.length) {
            return this.scheduleOnce(job, appId);
        }
    }

    // Rocket.Chat: scheduler.ts scheduleRecurring → Agenda.every → Job.repeatEvery → _saveSingleJob.
    // With skipImmediate the next run is an interval from now; without, a human interval runs now.
    protected async scheduleRecurring({ id, interval, skipImmediate = false, data }: IRecurringSchedule, appId: string): Promise<void | string> {
        this.startScheduler();
        try {
            const recurrence = parseRecurrence(interval);
            const now = new Date();
            const nextRunAt = skipImmediate || recurrence.kind === 'cron' ? nextRun(recurrence, now) : now;
            const job = await this.store.saveSingle({
                name: id, type: 'single', data: { ...(data ?? {}), appId }, repeatInterval: interval, nextRunAt, lockedAt: null, lastModifiedBy: this.options.name,
            }, now);
            this.afterSave(job);
            return job._id;
        } catch {
            return undefined;
        }
    }

    // Rocket.Chat: scheduler.ts cancelJob — the id is no ObjectId (`<id>_<appId>`), so it cancels by name.
    protected async cancelJob(jobId: string): Promise<void> {
        this.startScheduler();
        await this.store.cancel({ name: jobId }).catch(() => undefined);
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        this.startScheduler();
        await this.store.cancel({ nameEndsWith: `_${appId}` }).catch(() => undefined);
    }

    // Agenda.ts _processDbResult: a job due before this instance's next scan is locked on the fly here.
    private afterSave(job: AgendaJob): void {
        if (job.nextRunAt && this.nextScanAt && job.nextRunAt.getTime() < this.nextScanAt.getTime() && this.definitions.has(job.name)) {
            void this.lockOnTheFly(job);
        }
    }

    private processJobs(): void {
        if (this.stopped) {
            return;
        }
        for (const name of this.definitions.keys()) {
            void this.fillQueue(name);
        }
    }

    // Agenda.ts _jobQueueFilling: lock the next due job of this name, again and again until none is left.
    private async fillQueue(name: string): Promise<void> {
        this.nextScanAt = new Date(Date.now() + this.options.processEveryMs);
        try {
            for (;;) {
                const job = await this.store.findAndLock(name, this.nextScanAt, this.options.lockLifetimeMs, new Date());
                if (!job || this.stopped) {
                    if (job) {
                        await this.store.unlock([job._id]);
                    }
                    break;
                }
                this.enqueue(job);
            }
        } catch {
            // Agenda logs a failed lock and tries again on the next scan.
        }
        this.processQueue();
    }

    private async lockOnTheFly(job: AgendaJob): Promise<void> {
        const locked = await this.store.lockOnTheFly(job._id, job.nextRunAt, new Date()).catch(() => null);
        if (locked) {
            this.enqueue(locked);
            this.processQueue();
        }
    }

    private enqueue(job: AgendaJob): void {
        this.locked.add(job._id);
        this.queue.push(job);
        this.queue.sort((a, b) => (a.nextRunAt?.getTime() ?? 0) - (b.nextRunAt?.getTime() ?? 0));
    }

    // Agenda.ts _jobProcessing / _runOrRetry: the earliest job whose name has a free slot runs when due.
    private processQueue(): void {
        clearTimeout(this.wake);
        if (this.stopped) {
            return;
        }
        const now = Date.now();
        for (const job of [...this.queue]) {
            const definition = this.definitions.get(job.name);
            if (!definition || definition.running >= CONCURRENCY || !job.nextRunAt) {
                continue;
            }
            if (job.nextRunAt.getTime() > now) {
                this.wake = setTimeout(() => this.processQueue(), job.nextRunAt.getTime() - now);
                return;
            }
            this.queue.splice(this.queue.indexOf(job), 1);
            // A lock held here past its lifetime may already be another instance's: let it go.
            if (job.lockedAt && job.lockedAt.getTime() < now - this.options.lockLifetimeMs) {
                this.locked.delete(job._id);
                continue;
            }
            definition.running++;
            const run = this.run(job, definition.fn).finally(() => {
                definition.running--;
                this.locked.delete(job._id);
                this.runs.delete(run);
                this.processQueue();
            });
            this.runs.add(run);
        }
    }

    // Job.ts run: lastRunAt and the next run are computed and saved when the run STARTS; at the end
    // lockedAt is cleared and the job saved again with every field of this instance's copy ($set),
    // so an interval changed by `every` during the run is written back to the old one.
    // Rocket.Chat: scheduler.ts _callProcessor hands {...data, jobId} (appId removed) and cancels a
    // 'normal' job after a successful run.
    private async run(job: AgendaJob, fn: Processor): Promise<void> {
        const startedAt = new Date();
        job.lastRunAt = startedAt;
        job.nextRunAt = job.repeatInterval !== undefined ? safeNextRun(job.repeatInterval, startedAt) : null;
        let failure: string | undefined;
        try {
            await this.store.updateById(job._id, props(job, this.options.name));
            const { appId: _appId, ...data } = job.data;
            await fn({ ...data, jobId: job._id });
            if (job.type === 'normal') {
                await this.store.cancel({ _id: job._id });
            }
            job.lastFinishedAt = new Date();
        } catch (error) {
            failure = toError(error).message;
            job.failReason = failure;
            job.failCount = (job.failCount ?? 0) + 1;
            job.lastFinishedAt = new Date();
        }
        job.lockedAt = null;
        const saved = await this.store.updateById(job._id, props(job, this.options.name)).catch(() => null);
        // Agenda.ts _processDbResult after that save: a next run due before this instance's next
        // scan is locked on the fly here, so a short interval tends to stay on one instance.
        if (saved) {
            this.afterSave(saved);
        }
        this.options.onJobRun?.({ name: job.name, jobId: job._id, startedAt, ...(failure !== undefined ? { error: failure } : {}) });
    }
}

function safeNextRun(interval: string | number, from: Date): Date | null {
    try {
        return nextRun(parseRecurrence(interval), from);
    } catch {
        return null;
    }
}

function props(job: AgendaJob, name: string): AgendaJobProps {
    const { _id: _id, ...rest } = job;
    return { ...rest, lastModifiedBy: name };
}
