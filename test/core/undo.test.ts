import type { DecideSettings } from '../../src/core/decide';
import type { AppState } from '../../src/core/model';
import type { Notice } from '../../src/core/notices';
import { rearm } from '../../src/core/rearm';
import { attachThread } from '../../src/core/threads';
import { app, healthy, MINUTE, Scenario } from './scenario';

// Every notice the decision makes says what to undo if its post fails. Table-driven over each
// kind: the run whose post fails, then the next run posts the same news again, and the run after
// that is quiet (posted once, never lost, never doubled).

const oos = (name: string): AppState => app(name, 'OutOfSync');
const down = { ok: false as const, cause: 'connection refused' };

interface Case {
    settings?: Partial<DecideSettings>;
    /** Runs before the one whose post fails. */
    before: (s: Scenario) => void;
    /** The read of the run whose post fails, of its retry and of the quiet run after. */
    read: Parameters<Scenario['poll']>[0];
    expected: string[];
}

const CASES: Record<string, Case> = {
    'the baseline': { before: () => undefined, read: [healthy('a')], expected: ['baseline'] },
    'a new incident\'s alert': {
        before: (s) => { s.poll([healthy('a')]); s.poll([oos('a')]); },
        read: [oos('a')], expected: ['alert:a:OutOfSync'],
    },
    'an alert that it got worse': {
        before: (s) => { s.poll([healthy('a')]); s.poll([oos('a')]); s.poll([oos('a')]); s.poll([app('a', 'OutOfSync', 'Degraded')]); },
        read: [app('a', 'OutOfSync', 'Degraded')], expected: ['alert:a:Degraded:worse'],
    },
    'a storm': {
        settings: { stormThreshold: 2 },
        before: (s) => { s.poll(['a', 'b', 'c'].map(healthy)); s.poll(['a', 'b', 'c'].map(oos)); },
        read: ['a', 'b', 'c'].map(oos), expected: ['storm'],
    },
    'a recovery': {
        before: (s) => { s.poll([healthy('a')]); s.poll([oos('a')]); s.poll([oos('a')]); },
        read: [healthy('a')], expected: ['recovery:a'],
    },
    'a group of recoveries': {
        settings: { stormThreshold: 2 },
        before: (s) => { s.poll(['a', 'b', 'c'].map(healthy)); s.poll(['a', 'b', 'c'].map(oos)); s.poll(['a', 'b', 'c'].map(oos)); },
        read: ['a', 'b', 'c'].map(healthy), expected: ['recovery-group'],
    },
    'an app gone while its incident is open': {
        before: (s) => { s.poll(['a', 'b', 'c', 'd'].map(healthy)); s.poll([oos('a'), ...['b', 'c', 'd'].map(healthy)]); s.poll([oos('a'), ...['b', 'c', 'd'].map(healthy)]); },
        read: ['b', 'c', 'd'].map(healthy), expected: ['gone'],
    },
    'a suspicious shrink': {
        before: (s) => { s.poll(['a', 'b', 'c', 'd'].map(healthy)); },
        read: [healthy('a')], expected: ['shrink'],
    },
    'the notice that Argo CD cannot be read': {
        before: (s) => { s.poll([healthy('a')]); s.poll(down); },
        read: down, expected: ['argo-down'],
    },
    'the notice that Argo CD answers again': {
        before: (s) => { s.poll([healthy('a')]); s.poll(down); s.poll(down); },
        read: [healthy('a')], expected: ['argo-up'],
    },
    'a reminder': {
        settings: { reminderMs: 4 * MINUTE },
        before: (s) => {
            s.poll([healthy('a')]);
            s.poll([oos('a')]);
            s.poll([oos('a')]);
            attachThread(s.snapshot as NonNullable<Scenario['snapshot']>, ['argocd/a'], { rootId: 'root', roomId: 'room' });
            s.poll([oos('a')]);
        },
        read: [oos('a')], expected: ['reminder'],
    },
    'the flapping notice': {
        settings: { flapThreshold: 1, flapWindowMs: 30 * MINUTE },
        before: (s) => { s.poll([healthy('a')]); s.poll([oos('a')]); s.poll([oos('a')]); s.poll([healthy('a')]); s.poll([oos('a')]); s.poll([oos('a')]); },
        read: [healthy('a')], expected: ['flapping'],
    },
    'the summary once flapping stops': {
        settings: { flapThreshold: 1, flapWindowMs: 10 * MINUTE },
        before: (s) => {
            for (const read of [[healthy('a')], [oos('a')], [oos('a')], [healthy('a')], [oos('a')], [oos('a')], [healthy('a')]]) {
                s.poll(read);
            }
            for (let i = 0; i < 4; i++) {
                s.poll([healthy('a')]);
            }
        },
        read: [healthy('a')], expected: ['flap-end'],
    },
};

describe.each(Object.entries(CASES))('%s whose post fails', (_name, c) => {
    test('is decided again on the next run, and only once it went out is the run after quiet', () => {
        const s = new Scenario(c.settings);
        c.before(s);
        const failing = s.kinds(s.poll(c.read, 2, { postFails: true }));
        expect(failing).toEqual(c.expected);
        expect(s.kinds(s.poll(c.read))).toEqual(c.expected);
        expect(s.kinds(s.poll(c.read))).toEqual([]);
    });
});

test('every notice a run decides on says what to undo', () => {
    for (const c of Object.values(CASES)) {
        const s = new Scenario(c.settings);
        c.before(s);
        const notices: Notice[] = s.poll(c.read);
        expect(notices.every((n) => n.undo !== undefined && (n.undo.records?.length || n.undo.fields?.length || n.undo.meta))).toBe(true);
    }
});

test('undoing an alert puts back only what the alert marked: the grace clocks and the bad spell stay as this run saw them', () => {
    const s = new Scenario();
    s.poll([healthy('a')]);
    s.poll([oos('a')]);
    const [alert] = s.poll([app('a', 'OutOfSync', 'Degraded')]);
    expect(alert.kind).toBe('alert');
    const snapshot = s.snapshot as NonNullable<Scenario['snapshot']>;
    const told = snapshot.apps['argocd/a'];
    expect(rearm(snapshot, alert)).toEqual({ changed: ['argocd/a'] });
    const undone = snapshot.apps['argocd/a'];
    expect(undone).toEqual({ ...told, notified: [], openedAt: undefined });
    expect('openedAt' in undone).toBe(false);
    expect(undone.since).toEqual(told.since);
    expect(undone.badSince).toBe(told.badSince);
});

test('a notice about the watch itself undoes a fact of the watch, not an app', () => {
    const s = new Scenario();
    s.poll([healthy('a')]);
    s.poll(down);
    const [notice] = s.poll(down);
    const snapshot = s.snapshot as NonNullable<Scenario['snapshot']>;
    expect(snapshot.meta.argoOutageNotified).toBe(true);
    expect(rearm(snapshot, notice)).toEqual({ changed: [] });
    expect('argoOutageNotified' in snapshot.meta).toBe(false);
    expect(snapshot.meta.argoFailingSince).toBeDefined();
});
