import { nextRun, parseCron, parseHumanInterval, parseRecurrence, parseWhen } from '../../sim/rocketchat/schedule';

const at = (iso: string) => new Date(iso);

test.each([
    ['120 seconds', 120_000],
    ['2 minutes', 120_000],
    ['one minute', 60_000],
    ['1 hour and 30 minutes', 5_400_000],
    ['1.5 seconds', 1500],
    ['500 ms', 500],
    ['3 days', 259_200_000],
])('human interval %s is %d ms', (text, ms) => {
    expect(parseHumanInterval(text)).toBe(ms);
});

test.each(['', 'soon', '5 parsecs', 'every 5 minutes'])('"%s" is not a human interval', (text) => {
    expect(parseHumanInterval(text)).toBeUndefined();
});

test('a recurring interval is a number of ms, a human interval or a cron string; anything else is refused', () => {
    expect(parseRecurrence(5000)).toEqual({ kind: 'every', ms: 5000 });
    expect(parseRecurrence('2 minutes')).toEqual({ kind: 'every', ms: 120_000 });
    expect(parseRecurrence('*/5 * * * *').kind).toBe('cron');
    expect(() => parseRecurrence('whenever')).toThrow(/invalid interval "whenever"/);
    expect(() => parseRecurrence(0)).toThrow(/invalid interval/);
});

test.each([
    ['*/5 * * * *', '2030-01-01T10:02:30', '2030-01-01T10:05:00'],
    ['0 9 * * *', '2030-01-01T10:00:00', '2030-01-02T09:00:00'],
    ['30 8 * * 1-5', '2030-01-04T09:00:00', '2030-01-07T08:30:00'],
    ['*/10 * * * * *', '2030-01-01T10:00:01', '2030-01-01T10:00:10'],
    ['0 0 1 1 *', '2030-06-01T00:00:00', '2031-01-01T00:00:00'],
])('cron %s after %s fires at %s (local time)', (cron, from, expected) => {
    const recurrence = parseRecurrence(cron);
    expect(nextRun(recurrence, at(from))).toEqual(at(expected));
});

test('malformed cron fields are refused', () => {
    expect(() => parseCron('61 * * * *')).toThrow(/invalid cron field/);
    expect(parseCron('not cron at all x')).toBeUndefined();
});

test('a fixed interval counts from the start of the last run', () => {
    expect(nextRun({ kind: 'every', ms: 1000 }, at('2030-01-01T00:00:00Z'))).toEqual(at('2030-01-01T00:00:01Z'));
});

test('one-time schedules accept dates, ISO strings, "now" and "in N <unit>"', () => {
    const now = at('2030-01-01T00:00:00Z');
    expect(parseWhen(at('2031-01-01T00:00:00Z'), now)).toEqual(at('2031-01-01T00:00:00Z'));
    expect(parseWhen('2031-01-01T00:00:00Z', now)).toEqual(at('2031-01-01T00:00:00Z'));
    expect(parseWhen('now', now)).toEqual(now);
    expect(parseWhen('in 20 seconds', now)).toEqual(at('2030-01-01T00:00:20Z'));
    expect(() => parseWhen('someday', now)).toThrow(/invalid schedule time/);
});
