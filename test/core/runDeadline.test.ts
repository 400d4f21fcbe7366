import type { RoomNotifier } from '../../src/adapters/RoomNotifier';
import { runDeadline, RUN_DEADLINE_MS, SAVE_RESERVE_MS } from '../../src/core/deadline';
import { englishT } from '../../src/core/i18n/translate';
import type { AppState } from '../../src/core/model';
import type { Notice } from '../../src/core/notices';
import type { Snapshot } from '../../src/core/snapshot';
import { emptyMeta } from '../../src/core/snapshot';
import { postNotices } from '../../src/jobs/postNotices';

// A run near its own deadline stops posting, keeps what it posted and leaves the rest, re-armed,
// to the next run. Time is stepped by the posts themselves: no sleeping.

const START = 1_700_000_000_000;
const room = { id: 'r1', slugifiedName: 'deploys' } as Parameters<RoomNotifier['post']>[0];

function app(name: string): AppState {
    return { key: `argocd/${name}`, name, namespace: 'argocd', project: 'default', sync: 'Synced', health: 'Degraded' };
}

function alertFor(name: string): Notice {
    // As the decision marks a new incident's first alert: undone, the condition is due again and the incident unopened.
    return { kind: 'alert', app: app(name), added: ['Degraded'], conditions: ['Degraded'], worse: false, undo: { fields: [{ key: `argocd/${name}`, fields: { notified: [], openedAt: undefined } }] } };
}

function snapshotOf(names: string[]): Snapshot {
    const apps: Snapshot['apps'] = {};
    for (const name of names) {
        apps[`argocd/${name}`] = { name, namespace: 'argocd', project: 'default', sync: 'Synced', health: 'Degraded', since: { Degraded: START }, notified: ['Degraded'], openedAt: START };
    }
    return { meta: emptyMeta('scope'), apps };
}

test('each post takes 8 s: three fit before the reserve for the save, the other two are left re-armed', async () => {
    let clock = START;
    const posted: string[] = [];
    const notifier = {
        post: async (_room: unknown, text: string) => {
            clock += 8000;
            posted.push(text);
            return { ok: true, value: `m${posted.length}` };
        },
        edit: async () => ({ ok: true, value: undefined }),
    } as unknown as RoomNotifier;
    const names = ['a', 'b', 'c', 'd', 'e'];
    const snapshot = snapshotOf(names);
    const deadline = runDeadline(START, () => clock);
    const notices: Notice[] = names.map(alertFor);
    const result = await postNotices(notices, {
        notifier, roomFor: () => room, snapshot, details: new Map(), argocdUrl: 'https://argocd.example.com',
        appId: 'app', now: START, t: englishT, blocks: new Map(), mustStop: () => deadline.near(SAVE_RESERVE_MS),
    });
    // Posts start at 0 s, 8 s and 16 s (9 s left); the fourth would start with 1 s left, inside the 4 s reserve.
    expect(RUN_DEADLINE_MS - 3 * 8000).toBeLessThan(SAVE_RESERVE_MS);
    expect(posted).toHaveLength(3);
    expect(result).toMatchObject({ posted: 3, failed: 0, deferred: 2 });
    // Not told: the next run decides to post them again.
    expect(snapshot.apps['argocd/d'].notified).toEqual([]);
    expect(snapshot.apps['argocd/e'].notified).toEqual([]);
    expect(snapshot.apps['argocd/a'].notified).toEqual(['Degraded']);
    expect(result.changedKeys).toEqual(expect.arrayContaining(['argocd/d', 'argocd/e']));
});

test('a run with time left posts everything', async () => {
    const notifier = { post: async () => ({ ok: true, value: 'm' }), edit: async () => ({ ok: true, value: undefined }) } as unknown as RoomNotifier;
    const deadline = runDeadline(START, () => START);
    const result = await postNotices(['a', 'b'].map(alertFor), {
        notifier, roomFor: () => room, snapshot: snapshotOf(['a', 'b']), details: new Map(), argocdUrl: 'https://argocd.example.com',
        appId: 'app', now: START, t: englishT, blocks: new Map(), mustStop: () => deadline.near(SAVE_RESERVE_MS),
    });
    expect(result).toMatchObject({ posted: 2, deferred: 0 });
});
