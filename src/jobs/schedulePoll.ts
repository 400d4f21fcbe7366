import type { IRead, ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import { parseDuration } from '../core/duration';
import { DEFAULTS } from '../core/config';
import { SettingId } from '../core/settingIds';
import { JobId } from '../jobIds';

/**
 * (Re)schedules the poll from the interval setting. An invalid interval keeps the default so the
 * watch never stops silently; the run itself reports the bad setting.
 */
export async function schedulePoll(read: IRead, scheduler: ISchedulerModify): Promise<number> {
    const raw = await read.getEnvironmentReader().getSettings().getValueById(SettingId.PollInterval);
    const parsed = parseDuration(typeof raw === 'string' && raw.trim() !== '' ? raw : DEFAULTS.pollInterval);
    const fallback = parseDuration(DEFAULTS.pollInterval);
    const intervalMs = parsed.ok && parsed.value >= 1000 ? parsed.value : (fallback.ok ? fallback.value : 120000);
    await scheduler.cancelJob(JobId.Poll);
    // Agenda takes human intervals; whole seconds are what it parses reliably.
    await scheduler.scheduleRecurring({ id: JobId.Poll, interval: `${Math.max(1, Math.round(intervalMs / 1000))} seconds`, skipImmediate: false });
    return intervalMs;
}
