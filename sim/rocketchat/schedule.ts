// Agenda's notions of time, as Rocket.Chat's scheduler bridge uses them: `every(interval)` takes
// a human interval ('2 minutes', '1 hour and 30 minutes'), milliseconds, or a cron string;
// `schedule(when)` takes a date or a phrase like 'in 20 seconds'.

const UNIT_MS: Record<string, number> = {
    ms: 1, millisecond: 1, milliseconds: 1,
    s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
    m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
    h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
    d: 86_400_000, day: 86_400_000, days: 86_400_000,
    w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
    month: 2_592_000_000, months: 2_592_000_000,
    year: 31_536_000_000, years: 31_536_000_000,
};

const NUMBER_WORDS: Record<string, number> = {
    a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};

/** Milliseconds for a human interval, or undefined when the text is not one. */
export function parseHumanInterval(text: string): number | undefined {
    const parts = text.trim().toLowerCase().split(/\s*(?:,|\band\b)\s*/).filter(Boolean);
    if (parts.length === 0) {
        return undefined;
    }
    let total = 0;
    for (const part of parts) {
        const match = /^(\d+(?:\.\d+)?|[a-z]+)\s*([a-z]+)$/.exec(part);
        if (!match) {
            return undefined;
        }
        const amount = /^\d/.test(match[1]) ? Number(match[1]) : NUMBER_WORDS[match[1]];
        const unit = UNIT_MS[match[2]];
        if (amount === undefined || unit === undefined) {
            return undefined;
        }
        total += amount * unit;
    }
    return total > 0 ? total : undefined;
}

/** A parsed recurring interval: a fixed period, or a cron schedule. */
export type Recurrence = { kind: 'every'; ms: number } | { kind: 'cron'; cron: CronSchedule };

export function parseRecurrence(interval: string | number): Recurrence {
    if (typeof interval === 'number') {
        if (!(interval > 0)) {
            throw new Error(`invalid interval ${interval}`);
        }
        return { kind: 'every', ms: interval };
    }
    const cron = parseCron(interval);
    if (cron) {
        return { kind: 'cron', cron };
    }
    const ms = parseHumanInterval(interval);
    if (ms === undefined) {
        throw new Error(`invalid interval "${interval}": neither a human interval nor a cron string`);
    }
    return { kind: 'every', ms };
}

/** When a recurring job runs next, counting from the start of its last run (as Agenda does). */
export function nextRun(recurrence: Recurrence, from: Date): Date {
    return recurrence.kind === 'every' ? new Date(from.getTime() + recurrence.ms) : nextCronTime(recurrence.cron, from);
}

/** A one-time `when`: a Date, an ISO date string, 'now', or 'in N <unit>'. */
export function parseWhen(when: string | Date, now: Date): Date {
    if (when instanceof Date) {
        return when;
    }
    const text = when.trim().toLowerCase();
    if (text === 'now') {
        return now;
    }
    const relative = /^in\s+(.+)$/.exec(text);
    if (relative) {
        const ms = parseHumanInterval(relative[1]);
        if (ms !== undefined) {
            return new Date(now.getTime() + ms);
        }
    }
    const date = new Date(when);
    if (Number.isNaN(date.getTime())) {
        throw new Error(`invalid schedule time "${when}"`);
    }
    return date;
}

interface CronSchedule {
    seconds: Set<number>;
    minutes: Set<number>;
    hours: Set<number>;
    days: Set<number>;
    months: Set<number>;
    weekdays: Set<number>;
    anyDay: boolean;
    anyWeekday: boolean;
}

const CRON_FIELD = /^[\d*/,-]+$/;

/** Five fields (minute first) or six (second first); numbers, ranges, lists and steps. */
export function parseCron(text: string): CronSchedule | undefined {
    const fields = text.trim().split(/\s+/);
    if ((fields.length !== 5 && fields.length !== 6) || !fields.every((field) => CRON_FIELD.test(field))) {
        return undefined;
    }
    const [second, minute, hour, day, month, weekday] = fields.length === 6 ? fields : ['0', ...fields];
    return {
        seconds: cronField(second, 0, 59),
        minutes: cronField(minute, 0, 59),
        hours: cronField(hour, 0, 23),
        days: cronField(day, 1, 31),
        months: cronField(month, 1, 12),
        // 7 is Sunday too.
        weekdays: new Set([...cronField(weekday, 0, 7)].map((value) => value % 7)),
        anyDay: day === '*',
        anyWeekday: weekday === '*',
    };
}

function cronField(field: string, min: number, max: number): Set<number> {
    const values = new Set<number>();
    for (const part of field.split(',')) {
        const [range, stepText] = part.split('/');
        const step = stepText === undefined ? 1 : Number(stepText);
        let from = min;
        let to = max;
        if (range !== '*') {
            const [a, b] = range.split('-').map(Number);
            from = a;
            to = b === undefined ? (stepText === undefined ? a : max) : b;
        }
        if (!(step > 0) || Number.isNaN(from) || Number.isNaN(to) || from < min || to > max || from > to) {
            throw new Error(`invalid cron field "${field}"`);
        }
        for (let value = from; value <= to; value += step) {
            values.add(value);
        }
    }
    return values;
}

function nextCronTime(cron: CronSchedule, from: Date): Date {
    const candidate = new Date(from.getTime());
    candidate.setMilliseconds(0);
    candidate.setSeconds(candidate.getSeconds() + 1);
    // Minute by minute over at most four years (leap days), checking seconds within each minute.
    for (let steps = 0; steps < 4 * 366 * 24 * 60; steps++) {
        if (matchesDay(cron, candidate) && cron.hours.has(candidate.getHours()) && cron.minutes.has(candidate.getMinutes())) {
            const second = [...cron.seconds].sort((a, b) => a - b).find((value) => value >= candidate.getSeconds());
            if (second !== undefined) {
                candidate.setSeconds(second);
                return candidate;
            }
        }
        candidate.setSeconds(0);
        candidate.setMinutes(candidate.getMinutes() + 1);
    }
    throw new Error('cron schedule never fires');
}

function matchesDay(cron: CronSchedule, date: Date): boolean {
    if (!cron.months.has(date.getMonth() + 1)) {
        return false;
    }
    const dayMatch = cron.days.has(date.getDate());
    const weekdayMatch = cron.weekdays.has(date.getDay());
    // Standard cron: when both day fields are restricted, either may match.
    if (!cron.anyDay && !cron.anyWeekday) {
        return dayMatch || weekdayMatch;
    }
    return dayMatch && weekdayMatch;
}
