import type { SimMessage } from '../../sim/rocketchat/RocketChatSim';
import { SettingId } from '../../src/core/settingIds';
import { JobId } from '../../src/jobIds';
import {
    CANNOT_READ, fleetApp, naming, READING_AGAIN, snapshotMetaRecord, snapshotRecordIdOf, startWorld, Tally,
} from './harness';
import type { World } from './harness';

// Rocket.Chat failing under the app (a channel that goes away, a post that fails), runs that
// overlap, and stored state that is no longer readable. Grace is zero here: these faults are
// about posting and storing, not about Argo CD's timing.

const APPS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const STORM = Array.from({ length: 14 }, (_, i) => `storm-${i}`);
const tally = new Tally(__filename);
let world: World;

beforeAll(async () => {
    world = await startWorld({ fleet: [...APPS, ...STORM].map((name) => fleetApp(name)) });
    await world.poll();
    tally.messages += world.newPosts().length;
});

afterAll(async () => {
    tally.write();
    await world?.stop();
});

/** Every post in any room since the last call, counted into the tally. */
let seenMessages = 0;
function newMessagesAnywhere(): SimMessage[] {
    const all = world.chat.messages();
    const fresh = all.slice(seenMessages);
    seenMessages = all.length;
    tally.messages += fresh.length;
    return fresh;
}

function newPostsAnywhere(): string[] {
    return newMessagesAnywhere().map((m) => m.text);
}

/**
 * A grouped message is one top-level post; a reply in its thread may list every app in it, so
 * only top-level posts are counted as "the message", and no text may appear twice.
 */
function expectOneGroupedPost(messages: SimMessage[], count: number): void {
    const topLevel = messages.filter((m) => m.threadId === undefined);
    expect(topLevel.map((m) => m.text)).toEqual([expect.stringMatching(new RegExp(`\\b${count}\\b`))]);
    const texts = messages.map((m) => m.text);
    expect(new Set(texts).size).toBe(texts.length);
}

async function pollAll(times = 1): Promise<string[]> {
    const posts: string[] = [];
    for (let i = 0; i < times; i++) {
        await world.poll();
        posts.push(...newPostsAnywhere());
    }
    return posts;
}

async function statusFor(username = 'admin'): Promise<string> {
    await world.chat.typeCommand(username, 'general', '/argo status');
    return world.lastReply(username);
}

function appLogText(): string {
    return JSON.stringify(world.chat.logs());
}

/** Counts what is missing or doubled among the posts naming `app`: exactly one is expected. */
function account(posts: string[], app: string): void {
    const n = naming(posts, app).length;
    tally.lostAlerts += n === 0 ? 1 : 0;
    tally.falseAlerts += Math.max(0, n - 1);
}

beforeEach(() => {
    newPostsAnywhere();
    world.newPosts();
});

describe('a post that fails', () => {
    test('an alert: retried on the next run and posted once; /argo status shows the problem meanwhile', async () => {
        tally.fault('failed post: alert');
        world.argo.setApp('alpha', { health: 'Degraded' });
        world.chat.failNextPosts(1);
        const failed = await pollAll();
        expect(failed).toEqual([]);
        expect(await statusFor()).toMatch(/post failed/i);
        expect(appLogText()).toMatch(/Posting[^"]*failed/);
        const retried = await pollAll(3);
        account(retried, 'alpha');
        expect(naming(retried, 'alpha')).toEqual([expect.stringContaining('Degraded')]);
        expect(retried).toHaveLength(1);
        expect(await statusFor()).not.toMatch(/post failed/i);
    });

    test('a recovery: retried and posted once', async () => {
        tally.fault('failed post: recovery');
        world.argo.setApp('alpha', { health: 'Healthy' });
        world.chat.failNextPosts(1);
        expect(await pollAll()).toEqual([]);
        const retried = await pollAll(3);
        account(retried, 'alpha');
        expect(retried).toEqual([expect.stringContaining('`alpha`')]);
    });

    test('several runs in a row failing: the alert still goes out once when posting works again', async () => {
        tally.fault('failed posts: three runs in a row');
        world.argo.setApp('bravo', { sync: 'OutOfSync' });
        for (let i = 0; i < 3; i++) {
            world.chat.failNextPosts(1);
            expect(await pollAll()).toEqual([]);
        }
        const retried = await pollAll(3);
        account(retried, 'bravo');
        expect(retried).toEqual([expect.stringContaining('OutOfSync')]);
    });

    test('one of two alerts in a run: the failed one is retried, the other is not doubled', async () => {
        tally.fault('failed post: one of two');
        world.argo.setApp('charlie', { health: 'Missing' });
        world.argo.setApp('delta', { health: 'Missing' });
        world.chat.failNextPosts(1);
        const first = await pollAll();
        expect(first).toHaveLength(1);
        const retried = await pollAll(3);
        const all = [...first, ...retried];
        account(all, 'charlie');
        account(all, 'delta');
        expect(naming(all, 'charlie')).toHaveLength(1);
        expect(naming(all, 'delta')).toHaveLength(1);
        expect(all).toHaveLength(2);
    });

    test('a grouped storm message: retried once, every app in it', async () => {
        tally.fault('failed post: storm');
        STORM.forEach((name) => world.argo.setApp(name, { health: 'Degraded' }));
        world.chat.failNextPosts(1);
        await world.poll();
        expect(newMessagesAnywhere()).toEqual([]);
        const retried: SimMessage[] = [];
        for (let i = 0; i < 3; i++) {
            await world.poll();
            retried.push(...newMessagesAnywhere());
        }
        tally.lostAlerts += retried.length === 0 ? STORM.length : 0;
        expectOneGroupedPost(retried, STORM.length);
        STORM.forEach((name) => world.argo.setApp(name, { health: 'Healthy' }));
        world.chat.failNextPosts(1);
        await world.poll();
        expect(newMessagesAnywhere()).toEqual([]);
        const recovered: SimMessage[] = [];
        for (let i = 0; i < 3; i++) {
            await world.poll();
            recovered.push(...newMessagesAnywhere());
        }
        expect(recovered.length).toBeGreaterThan(0);
        expect(recovered.filter((m) => new RegExp(`\\b${STORM.length}\\b`).test(m.text))).not.toEqual([]);
        const texts = recovered.map((m) => m.text);
        expect(new Set(texts).size).toBe(texts.length);
    });

    test('the "cannot read Argo CD" notice and the "reading again" one: each retried, each posted once', async () => {
        tally.fault('failed post: outage notices');
        world.argo.injectFault({ kind: 'status', status: 503, route: 'list' });
        world.chat.failNextPosts(1);
        const down = await pollAll(3);
        world.argo.clearFaults();
        world.chat.failNextPosts(1);
        const up = await pollAll(3);
        expect(down.filter((t) => CANNOT_READ.test(t))).toHaveLength(1);
        expect(up.filter((t) => READING_AGAIN.test(t))).toHaveLength(1);
        expect([...down, ...up]).toHaveLength(2);
    });
});

describe('the channel goes away between runs', () => {
    test('deleted: nothing posted anywhere, said once in the log and in /argo status; recreated: the alert goes out once', async () => {
        tally.fault('channel deleted');
        world.chat.deleteRoom('deploys');
        world.argo.setApp('echo', { health: 'Degraded' });
        const logsBefore = world.chat.logs().length;
        const gone = await pollAll(3);
        expect(gone).toEqual([]);
        expect(await statusFor()).toMatch(/Not posting: .*deploys.* does not exist/);
        const logged = JSON.stringify(world.chat.logs().slice(logsBefore)).split('does not exist').length - 1;
        expect(logged).toBe(1);

        world.chat.createRoom('deploys');
        const back = await pollAll(3);
        account(back, 'echo');
        expect(back).toEqual([expect.stringContaining('Degraded')]);
        // In the new room, not lost with the old one.
        expect(naming(world.chat.messages('deploys').map((m) => m.text), 'echo')).toHaveLength(1);
        expect(await statusFor()).not.toMatch(/Not posting/);
    });

    test('renamed while the setting holds its name: nothing posted into either name; renamed back: posted once', async () => {
        tally.fault('channel renamed (setting by name)');
        world.newPosts('deploys');
        world.chat.renameRoom('deploys', 'deploys-old');
        world.argo.setApp('foxtrot', { health: 'Degraded' });
        expect(await pollAll(2)).toEqual([]);
        expect(await statusFor()).toMatch(/Not posting/);
        world.chat.renameRoom('deploys-old', 'deploys');
        const back = await pollAll(2);
        account(back, 'foxtrot');
        expect(back).toEqual([expect.stringContaining('Degraded')]);
    });

    test('renamed while the setting holds its id: the posts follow the room', async () => {
        tally.fault('channel renamed (setting by id)');
        const roomId = world.chat.messages('deploys')[0].roomId;
        await world.chat.setSetting(SettingId.Channel, roomId);
        world.chat.renameRoom('deploys', 'deployments');
        world.argo.setApp('golf', { health: 'Degraded' });
        const posts = await pollAll(2);
        account(posts, 'golf');
        expect(posts).toEqual([expect.stringContaining('Degraded')]);
        expect(naming(world.chat.messages('deployments').map((m) => m.text), 'golf')).toHaveLength(1);
        world.chat.renameRoom('deployments', 'deploys');
        await world.chat.setSetting(SettingId.Channel, 'deploys');
    });
});

describe('two runs at the same time', () => {
    test('three runs at once: a single alert is posted once', async () => {
        tally.fault('overlapping runs: single alert');
        world.argo.setApp('hotel', { health: 'Missing' });
        await Promise.all([
            world.poll(),
            world.chat.runJob(JobId.Poll, { alongside: true }),
            world.chat.runJob(JobId.Poll, { alongside: true }),
        ]);
        const posts = [...newPostsAnywhere(), ...await pollAll(2)];
        account(posts, 'hotel');
        expect(posts).toEqual([expect.stringContaining('Missing')]);
        world.argo.setApp('hotel', { health: 'Healthy' });
        expect(await pollAll()).toHaveLength(1);
    });

    test.each([1, 2, 3, 4, 5])('round %i: a storm (or its recovery) of 15 apps is one grouped message, posted once', async (round) => {
        tally.fault(`overlapping runs: storm round ${round}`);
        const bad = round % 2 === 1;
        world.argo.setApp('hotel', { health: bad ? 'Missing' : 'Healthy' });
        STORM.forEach((name) => world.argo.setApp(name, { sync: bad ? 'OutOfSync' : 'Synced' }));
        await Promise.all([
            world.poll(),
            world.chat.runJob(JobId.Poll, { alongside: true }),
            world.chat.runJob(JobId.Poll, { alongside: true }),
        ]);
        const messages = newMessagesAnywhere();
        for (let i = 0; i < 2; i++) {
            await world.poll();
            messages.push(...newMessagesAnywhere());
        }
        const topLevel = messages.filter((m) => m.threadId === undefined);
        tally.falseAlerts += Math.max(0, topLevel.length - 1);
        tally.lostAlerts += topLevel.length === 0 ? STORM.length + 1 : 0;
        expectOneGroupedPost(messages, STORM.length + 1);
    });

    test('an outage seen by two runs at once is announced once, and its end once', async () => {
        tally.fault('overlapping runs during an outage');
        world.argo.injectFault({ kind: 'status', status: 500, route: 'list' });
        await Promise.all([world.poll(), world.chat.runJob(JobId.Poll, { alongside: true })]);
        const down = [...newPostsAnywhere(), ...await pollAll()];
        world.argo.clearFaults();
        await Promise.all([world.poll(), world.chat.runJob(JobId.Poll, { alongside: true })]);
        const up = [...newPostsAnywhere(), ...await pollAll()];
        expect(down.filter((t) => CANNOT_READ.test(t))).toHaveLength(1);
        expect(up.filter((t) => READING_AGAIN.test(t))).toHaveLength(1);
        expect([...down, ...up]).toHaveLength(2);
    });
});

describe('a corrupt snapshot record', () => {
    const JUNK: Array<[string, unknown]> = [
        ['a string', 'junk'],
        ['null', null],
        ['an array', [1, 2, 3]],
        ['a record with fields of the wrong type', { v: 1, key: 'argocd/alpha', name: 42, sync: 'Sideways' }],
        ['a record from a future schema', { v: 99, key: 'argocd/alpha', name: 'alpha' }],
    ];

    test.each(JUNK)('an app record holding %s: one warning, a fresh baseline, then business as usual', async (what, junk) => {
        tally.fault(`corrupt app record: ${what}`);
        world.chat.setPersistenceRecordData(snapshotRecordIdOf(world.chat, 'argocd/alpha'), junk);
        const reset = await pollAll();
        const quiet = await pollAll(2);
        expect(reset).toHaveLength(2);
        expect(reset.filter((t) => /reset/i.test(t))).toHaveLength(1);
        expect(reset.filter((t) => /watching \d+ apps/.test(t))).toHaveLength(1);
        expect(quiet).toEqual([]);
        expect(appLogText().split('Stored watch state reset').length - 1).toBeGreaterThanOrEqual(1);

        // The watch goes on from the new baseline: a transition is alerted as usual.
        world.argo.setApp('alpha', { health: 'Degraded' });
        const alert = await pollAll(2);
        account(alert, 'alpha');
        expect(alert).toEqual([expect.stringContaining('Degraded')]);
        world.argo.setApp('alpha', { health: 'Healthy' });
        expect(await pollAll()).toHaveLength(1);
    });

    test('the watch record holding junk: one warning, a fresh baseline, no crash on later runs', async () => {
        tally.fault('corrupt watch (meta) record');
        const meta = snapshotMetaRecord(world.chat);
        expect(meta).toBeDefined();
        world.chat.setPersistenceRecordData(meta!.id, { schema: 'x', revision: 'NaN' });
        const reset = await pollAll();
        const quiet = await pollAll(2);
        expect(reset.filter((t) => /reset/i.test(t))).toHaveLength(1);
        expect(reset).toHaveLength(2);
        expect(quiet).toEqual([]);
    });

    test('the warning about the reset is retried when its post fails, like any other notice', async () => {
        tally.fault('corrupt record + the warning post fails');
        world.chat.setPersistenceRecordData(snapshotRecordIdOf(world.chat, 'argocd/charlie'), 'junk');
        world.chat.failNextPosts(1);
        const posts = await pollAll(3);
        tally.lostAlerts += posts.filter((t) => /reset/i.test(t)).length === 0 ? 1 : 0;
        expect(posts.filter((t) => /watching \d+ apps/.test(t))).toHaveLength(1);
        expect(posts.filter((t) => /reset/i.test(t))).toHaveLength(1);
    });

    test('/argo status still answers while a record is corrupt', async () => {
        tally.fault('corrupt record read by /argo status');
        world.chat.setPersistenceRecordData(snapshotRecordIdOf(world.chat, 'argocd/bravo'), 'junk');
        const text = await statusFor('alice');
        expect(text.length).toBeGreaterThan(0);
        const reset = await pollAll();
        expect(reset.filter((t) => /reset/i.test(t))).toHaveLength(1);
    });
});
