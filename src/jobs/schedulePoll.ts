import type { IRead, ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import { parseDuration } from '../core/duration';
import { DEFAULTS } from '../core/config';
import { SettingId } from '../core/settingIds';
import { JobId } from '../jobIds';

async function intervalOf(read: IRead): Promise<number> {
    const raw = await read.getEnvironmentReader().getSettings().getValueById(SettingId.PollInterval);
    const parsed = parseDuration(typeof raw === 'string' && raw.trim() !== '' ? raw : DEFAULTS.pollInterval);
    const fallback = parseDuration(DEFAULTS.pollInterval);
    return parsed.ok && parsed.value >= 1000 ? parsed.value : (fallback.ok ? fallback.value : 120000);
}

/**
 * (Re)schedules the poll from the interval setting. An invalid interval keeps the default so the
 * watch never stops silently; the run itself reports the bad setting.
 *
 * Every Rocket.Chat instance calls this (onEnable, a settings change), so it never runs a poll
 * "now" (skipImmediate) and, by default, never cancels first: Agenda's `every` updates the stored
 * job in place, while cancel-then-insert on N instances at once leaves N jobs (no unique index).
 * `collapse` cancels first, to fold duplicates left by a first install into one; only the single
 * winner of the start-up lease asks for it.
 */
export async function schedulePoll(read: IRead, scheduler: ISchedulerModify, options: { collapse?: boolean } = {}): Promise<number> {
    const intervalMs = await intervalOf(read);
    if (options.collapse) {
        await scheduler.cancelJob(JobId.Poll);
    }
    // Agenda takes human intervals; whole seconds are what it parses reliably. The job carries the
    // interval it was scheduled with, so a run can tell when its schedule is out of date.
    await scheduler.scheduleRecurring({ id: JobId.Poll, interval: `${Math.max(1, Math.round(intervalMs / 1000))} seconds`, skipImmediate: true, data: { intervalMs } });
    return intervalMs;
}

/**
 * Agenda saves a running job's own copy back when the run ends (packages/agenda Job.run), so an
 * interval saved while a poll runs somewhere is undone, data included. Each poll compares the
 * interval its job carries with the setting and, when they differ, schedules the job afresh:
 * cancelled first, so the end-of-run save of this very run finds no job to write back to.
 */
export async function keepPollSchedule(context: { intervalMs?: unknown }, read: IRead, scheduler: ISchedulerModify): Promise<boolean> {
    if (typeof context.intervalMs !== 'number' || context.intervalMs === await intervalOf(read)) {
        return false;
    }
    await schedulePoll(read, scheduler, { collapse: true });
    return true;
}
