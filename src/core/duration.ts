import type { Translate } from './i18n/translate';
import { englishT } from './i18n/translate';
import type { Result } from './result';
import { err, ok } from './result';

const UNIT_MS: Record<string, number> = {
    ms: 1,
    s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
    m: 60000, min: 60000, mins: 60000, minute: 60000, minutes: 60000,
    h: 3600000, hr: 3600000, hrs: 3600000, hour: 3600000, hours: 3600000,
    d: 86400000, day: 86400000, days: 86400000,
};

const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)/g.source;

/**
 * Parses durations as people type them in settings and commands: `90s`, `2m`, `1h30m`,
 * `2 minutes`. A bare number has no unit and is refused rather than guessed.
 */
export function parseDuration(input: string, t: Translate = englishT): Result<number> {
    const text = input.trim().toLowerCase();
    const hint = t('duration.hint');
    if (text === '') {
        return err(t('duration.empty', { hint }));
    }
    let total = 0;
    let consumed = '';
    const parts = new RegExp(PART, 'g');
    for (let match = parts.exec(text); match !== null; match = parts.exec(text)) {
        const unit = UNIT_MS[match[2]];
        if (unit === undefined) {
            return err(t('duration.unit', { value: input.trim(), unit: match[2], hint }));
        }
        total += Number(match[1]) * unit;
        consumed += match[0];
    }
    if (consumed.replace(/\s+/g, '') !== text.replace(/\s+/g, '')) {
        return err(t('duration.invalid', { value: input.trim(), hint }));
    }
    return ok(Math.round(total));
}

/** Short human form: `45s`, `12m`, `3h 5m`, `2d 4h`. */
export function formatDuration(ms: number): string {
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 60) {
        return `${seconds}s`;
    }
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
        const rest = seconds % 60;
        return rest > 0 && minutes < 10 ? `${minutes}m ${rest}s` : `${minutes}m`;
    }
    const hours = Math.floor(minutes / 60);
    if (hours < 48) {
        const rest = minutes % 60;
        return rest > 0 ? `${hours}h ${rest}m` : `${hours}h`;
    }
    const days = Math.floor(hours / 24);
    const rest = hours % 24;
    return rest > 0 ? `${days}d ${rest}h` : `${days}d`;
}
