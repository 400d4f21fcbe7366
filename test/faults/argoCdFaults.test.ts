import type { FaultSpec, TokenInfo } from '../../sim/argocd/types';
import { SettingId } from '../../src/core/settingIds';
import {
    CANNOT_READ, containsToken, fleetApp, naming, READING_AGAIN, snapshotAppRecords, startWorld, Tally, TOKEN,
} from './harness';
import type { World } from './harness';

// Argo CD failing in every way we know of, against the packaged app in the real engine. A real
// grace period is used (not zero) so that the outage notice has to wait for it and a blip shorter
// than the grace stays silent; the waits only let the app's clock pass the grace since the last
// run (they can be late, never early), nothing is asserted about how long anything took.

const GRACE_MS = 1000;
const APPS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra'];

const tally = new Tally(__filename);
const tokenInfo: TokenInfo = { username: 'argo-drift' };
let hidden = new Set<string>();
let world: World;

beforeAll(async () => {
    tokenInfo.canSee = (app) => !hidden.has(app.name);
    world = await startWorld({
        fleet: APPS.map((name) => fleetApp(name)),
        server: { tokens: { [TOKEN]: tokenInfo } },
        settings: { [SettingId.GracePeriod]: `${GRACE_MS}ms`, [SettingId.RequestTimeout]: '1s' },
    });
    await world.poll();
    tally.messages += world.newPosts().length;
});

afterAll(async () => {
    tally.write();
    await world?.stop();
});

/** Polls and returns what was posted in #deploys by that run, counted into the tally. */
async function pollPosts(): Promise<string[]> {
    await world.poll();
    const posts = world.newPosts();
    tally.messages += posts.length;
    return posts;
}

interface OutageCase {
    name: string;
    cause: RegExp;
    start(): void;
    end(): Promise<void> | void;
}

function fault(spec: FaultSpec): Pick<OutageCase, 'start' | 'end'> {
    return {
        start: () => world.argo.injectFault(spec),
        end: async () => {
            world.argo.clearFaults();
            await world.argo.whenListening();
        },
    };
}

const OUTAGES: OutageCase[] = [
    { name: 'connection refused', cause: /connection refused/, ...fault({ kind: 'refused' }) },
    { name: 'connection reset', cause: /cannot reach Argo CD|ECONNRESET|socket hang up/i, ...fault({ kind: 'refused', times: 1000 }) },
    { name: 'a hang past the request timeout', cause: /did not answer before the request timeout/, ...fault({ kind: 'hang', route: 'list' }) },
    { name: 'HTTP 500', cause: /HTTP 500/, ...fault({ kind: 'status', status: 500, route: 'list' }) },
    { name: 'HTTP 502 from a proxy', cause: /HTTP 502/, ...fault({ kind: 'status', status: 502, route: 'list' }) },
    { name: 'HTTP 503', cause: /HTTP 503/, ...fault({ kind: 'status', status: 503, route: 'list' }) },
    {
        name: 'HTTP 401, the token expired',
        cause: /HTTP 401/,
        start: () => { tokenInfo.expired = true; },
        end: () => { tokenInfo.expired = false; },
    },
    { name: 'HTTP 403', cause: /HTTP 403/, ...fault({ kind: 'status', status: 403, route: 'list' }) },
    { name: 'an HTML error page from a proxy', cause: /HTML/, ...fault({ kind: 'html', status: 502, route: 'list' }) },
    {
        name: 'an HTML login page answered with 200 by an SSO proxy',
        cause: /HTML|not JSON/,
        ...fault({ kind: 'html', status: 200, route: 'list', body: '<!doctype html><html><head><title>Sign in</title></head><body><form action="/oauth2/start"></form></body></html>' }),
    },
    { name: 'malformed JSON', cause: /malformed|not JSON/, ...fault({ kind: 'malformed', route: 'list' }) },
    { name: 'truncated JSON', cause: /truncated|not JSON/, ...fault({ kind: 'truncated', route: 'list' }) },
    { name: 'an empty body', cause: /empty/, ...fault({ kind: 'empty-body', route: 'list' }) },
    {
        name: 'JSON that is not an application list',
        cause: /not an application list/,
        ...fault({ kind: 'status', status: 200, route: 'list', body: '{"kind":"Status","status":"Failure"}' }),
    },
];

// Each outage is a link in a chain: the app that went bad during the previous outage (and was
// alerted once Argo CD answered) recovers during this one, and a fresh app goes bad. So every
// case checks both directions of a transition that happened while Argo CD could not be read.
describe.each(OUTAGES.map((c, i) => [c.name, c, i] as const))('Argo CD outage: %s', (_name, outage, index) => {
    const victim = APPS[index + 1];
    const healer = APPS[index];

    test('no per-app alerts and the snapshot untouched while it lasts; one notice naming the cause after the grace period', async () => {
        tally.fault(outage.name);
        const before = snapshotAppRecords(world.chat);
        outage.start();
        world.argo.setApp(victim, { health: 'Degraded' });
        if (index > 0) {
            world.argo.setApp(healer, { health: 'Healthy' });
        }

        const blip = await pollPosts();
        expect(snapshotAppRecords(world.chat)).toEqual(before);

        await world.pastLastPoll(GRACE_MS);
        const notice = await pollPosts();
        const later = await pollPosts();
        const during = [...blip, ...notice, ...later];
        tally.falseAlerts += naming(during, victim).length + naming(during, healer).length;

        expect(blip).toEqual([]);
        expect(notice).toEqual([expect.stringMatching(CANNOT_READ)]);
        expect(notice[0]).toMatch(outage.cause);
        expect(later).toEqual([]);
        expect(during.filter(containsToken)).toEqual([]);
        expect(snapshotAppRecords(world.chat)).toEqual(before);
    });

    test('once it answers: one "reading again" notice, and the transitions made meanwhile are posted once each', async () => {
        await outage.end();
        const back = await pollPosts();
        await world.pastLastPoll(GRACE_MS);
        const afterGrace = await pollPosts();
        const quiet = await pollPosts();
        const all = [...back, ...afterGrace, ...quiet];

        const victimAlerts = naming(all, victim);
        const healerPosts = index > 0 ? naming(all, healer) : [];
        tally.lostAlerts += (victimAlerts.length === 0 ? 1 : 0) + (index > 0 && healerPosts.length === 0 ? 1 : 0);
        tally.falseAlerts += Math.max(0, victimAlerts.length - 1) + Math.max(0, healerPosts.length - 1);

        expect(back.filter((t) => READING_AGAIN.test(t))).toHaveLength(1);
        expect(all.filter((t) => READING_AGAIN.test(t) || CANNOT_READ.test(t))).toHaveLength(1);
        expect(victimAlerts).toEqual([expect.stringContaining('Degraded')]);
        if (index > 0) {
            // Recovery needs no grace: it is posted on the first read.
            expect(naming(back, healer)).toHaveLength(1);
            expect(healerPosts).toHaveLength(1);
        }
        // Nothing else: no app outside this link of the chain is named.
        const others = APPS.filter((app) => app !== victim && app !== healer);
        expect(others.flatMap((app) => naming(all, app))).toEqual([]);
        expect(quiet).toEqual([]);
    });
});

describe('an outage shorter than the grace period', () => {
    test('says nothing at all, before or after', async () => {
        tally.fault('a one-run blip (HTTP 503)');
        world.argo.injectFault({ kind: 'status', status: 503, route: 'list', times: 1 });
        const posts = [...await pollPosts(), ...await pollPosts(), ...await pollPosts()];
        expect(posts).toEqual([]);
    });
});

interface ListItem {
    metadata: { name?: string; annotations?: Record<string, string> };
    spec?: unknown;
    status?: { health?: { status: string } };
}

/** The list exactly as the server would answer the app's own request, for doctoring. */
async function realList(): Promise<{ metadata: unknown; items: ListItem[] }> {
    const [lastList] = world.argo.requests().filter((r) => r.route === 'list').slice(-1);
    const query = new URLSearchParams();
    for (const [key, values] of Object.entries(lastList.query)) {
        values.forEach((value) => query.append(key, value));
    }
    const answer = await fetch(`${world.argo.url}/api/v1/applications?${query.toString()}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    return answer.json() as Promise<{ metadata: unknown; items: ListItem[] }>;
}

function answerOnce(body: unknown): void {
    world.argo.injectFault({ kind: 'status', status: 200, route: 'list', times: 1, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** Opens an incident for one app (alerted after the grace period) and returns nothing posted about others. */
async function openIncident(app: string, health: string): Promise<void> {
    world.argo.setApp(app, { health });
    await pollPosts();
    await world.pastLastPoll(GRACE_MS);
    const posts = await pollPosts();
    expect(naming(posts, app)).toEqual([expect.stringContaining(health)]);
}

describe('bad input in an answer that is otherwise a list', () => {
    /** Answers the next list with the real list doctored by `change`, then the real list again; returns the posts of both. */
    async function oneDoctoredAnswer(change: (item: ListItem) => void): Promise<{ odd: string[]; after: string[] }> {
        const list = await realList();
        list.items.forEach(change);
        answerOnce(list);
        const odd = await pollPosts();
        // The grace period must pass after the good answer too: a repeat alert would come then.
        const after = await pollPosts();
        await world.pastLastPoll(GRACE_MS);
        after.push(...await pollPosts(), ...await pollPosts());
        return { odd, after };
    }

    test('an item without its status: the open alert of that app is not repeated, the snapshot untouched', async () => {
        tally.fault('items missing fields (no status)');
        await openIncident('quebec', 'Degraded');
        const before = snapshotAppRecords(world.chat);
        const { odd, after } = await oneDoctoredAnswer((item) => {
            if (item.metadata.name === 'quebec') {
                delete item.status;
            }
            if (item.metadata.name === 'alpha') {
                delete item.spec;
            }
        });
        tally.falseAlerts += odd.length + after.length;
        expect(odd).toEqual([]);
        // quebec was Degraded before and after the odd answer: nothing new to say about it.
        expect(after).toEqual([]);
        expect(snapshotAppRecords(world.chat)).toEqual(before);
    });

    test('an item without a name: no "gone" note for the app it was, and no repeat of its open alert', async () => {
        tally.fault('items missing fields (no name)');
        await openIncident('romeo', 'Missing');
        const before = snapshotAppRecords(world.chat);
        const { odd, after } = await oneDoctoredAnswer((item) => {
            if (item.metadata.name === 'romeo') {
                delete item.metadata.name;
            }
        });
        tally.falseAlerts += odd.length + after.length;
        expect(odd).toEqual([]);
        expect(after).toEqual([]);
        expect(snapshotAppRecords(world.chat)).toEqual(before);
    });

    test('unknown enum values from a newer Argo CD read as Unknown: no alert with the default conditions', async () => {
        tally.fault('unknown enum values');
        world.argo.setApp('sierra', { sync: 'Reconciling', health: 'Hibernating', operation: { phase: 'Paused' as never, finishedAt: '2026-11-22T09:00:00Z' } });
        const posts = [...await pollPosts()];
        await world.pastLastPoll(GRACE_MS);
        posts.push(...await pollPosts(), ...await pollPosts());
        tally.falseAlerts += naming(posts, 'sierra').length;
        expect(posts).toEqual([]);
        world.argo.setApp('sierra', { sync: 'Synced', health: 'Healthy', operation: undefined });
        const back = [...await pollPosts(), ...await pollPosts()];
        expect(back).toEqual([]);
    });

    test.each([
        ['an empty list', { metadata: { resourceVersion: '77' }, items: [] }],
        ['a null list (Argo CD 2.x with fields)', { metadata: { resourceVersion: '78' }, items: null }],
    ])('%s: one warning, state kept, nothing alerted or closed', async (name, body) => {
        tally.fault(name);
        const before = snapshotAppRecords(world.chat);
        world.argo.injectFault({ kind: 'status', status: 200, route: 'list', body: JSON.stringify(body) });
        const during = [...await pollPosts(), ...await pollPosts()];
        await world.pastLastPoll(GRACE_MS);
        during.push(...await pollPosts());
        world.argo.clearFaults();
        const after = [...await pollPosts(), ...await pollPosts()];
        tally.falseAlerts += APPS.flatMap((app) => naming(after, app)).length;
        expect(during).toHaveLength(1);
        expect(during[0]).not.toMatch(/no longer in Argo CD/);
        expect(after).toEqual([]);
        expect(snapshotAppRecords(world.chat)).toEqual(before);
    });

    test('a list shrunk by RBAC: one warning, state kept; an app that went bad while hidden is alerted once it is visible', async () => {
        tally.fault('a list shrunk by RBAC (canSee)');
        const before = snapshotAppRecords(world.chat);
        hidden = new Set(APPS.slice(2));
        world.argo.setApp('oscar', { sync: 'OutOfSync' });
        const during = [...await pollPosts(), ...await pollPosts()];
        await world.pastLastPoll(GRACE_MS);
        during.push(...await pollPosts());
        expect(during).toHaveLength(1);
        expect(naming(during, 'oscar')).toEqual([]);
        expect(snapshotAppRecords(world.chat)).toEqual(before);

        hidden = new Set();
        const back = await pollPosts();
        await world.pastLastPoll(GRACE_MS);
        const after = [...back, ...await pollPosts(), ...await pollPosts()];
        tally.lostAlerts += naming(after, 'oscar').length === 0 ? 1 : 0;
        tally.falseAlerts += APPS.filter((app) => app !== 'oscar').flatMap((app) => naming(after, app)).length;
        expect(naming(after, 'oscar')).toEqual([expect.stringContaining('OutOfSync')]);
        expect(after).toHaveLength(1);
        world.argo.setApp('oscar', { sync: 'Synced' });
        await pollPosts();
    });

    test('a 10 MB answer (fat annotations from an Argo CD that ignores fields) is read like any other', async () => {
        tally.fault('a 10 MB answer');
        const list = await realList();
        const filler = 'x'.repeat(Math.ceil((10 * 1024 * 1024) / list.items.length));
        for (const item of list.items) {
            item.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': filler };
        }
        const body = JSON.stringify(list);
        expect(body.length).toBeGreaterThan(10 * 1024 * 1024);
        world.argo.setApp('papa', { health: 'Missing' });
        const papa = list.items.find((item) => item.metadata.name === 'papa');
        papa!.status = { ...papa!.status, health: { status: 'Missing' } };
        const before = snapshotAppRecords(world.chat);
        world.argo.injectFault({ kind: 'status', status: 200, route: 'list', times: 2, body: JSON.stringify(list) });
        const first = await pollPosts();
        await world.pastLastPoll(GRACE_MS);
        const second = await pollPosts();
        const posts = [...first, ...second];
        tally.lostAlerts += naming(posts, 'papa').length === 0 ? 1 : 0;
        tally.falseAlerts += APPS.filter((app) => app !== 'papa').flatMap((app) => naming(posts, app)).length;
        expect(posts.filter((t) => CANNOT_READ.test(t))).toEqual([]);
        expect(naming(posts, 'papa')).toEqual([expect.stringContaining('Missing')]);
        expect(posts).toHaveLength(1);
        expect(Object.keys(snapshotAppRecords(world.chat)).sort()).toEqual(Object.keys(before).sort());
    });
});
