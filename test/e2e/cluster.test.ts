import fetch from 'node-fetch';

import { ArgoCdTestServer } from '../../sim/argocd/ArgoCdTestServer';
import { SimCluster } from '../../sim/rocketchat/cluster/SimCluster';
import { SettingId } from '../../src/core/settingIds';
import { JobId } from '../../src/jobIds';
import { fleetApp, TOKEN } from './world';

// The app on Rocket.Chat as a cluster of three instances sharing one database: each instance is a
// process of its own with its own AppManager, Deno process and Agenda (see sim/rocketchat/cluster/).
// Every wait is for something to happen in the cluster (a post, a job run), never for time.

jest.setTimeout(10 * 60 * 1000);

const INSTANCES = 3;
const SECRET = 'cluster-secret';

let argo: ArgoCdTestServer;
let cluster: SimCluster;
const figures: string[] = [];

beforeAll(async () => {
    argo = await ArgoCdTestServer.start({ fleet: [fleetApp('alpha'), fleetApp('bravo', { health: 'Degraded' }), fleetApp('charlie')] });
    cluster = await SimCluster.start({
        instances: INSTANCES,
        // Agenda scans every 5 s in Rocket.Chat; a shorter scan only makes the test bed quicker.
        processEveryMs: 500,
        settings: {
            [SettingId.ArgoCdUrl]: argo.url,
            [SettingId.ArgoCdToken]: TOKEN,
            [SettingId.Channel]: 'deploys',
            [SettingId.GracePeriod]: '0s',
            [SettingId.RequestTimeout]: '2s',
            [SettingId.PollInterval]: '1h',
            [SettingId.WebhookSecret]: SECRET,
        },
    });
});

afterAll(async () => {
    await cluster?.stop();
    await argo?.stop();
    console.log(`cluster of ${INSTANCES} instances:\n${figures.join('\n')}`);
});

function texts(room: string): string[] {
    return cluster.messages(room).map((message) => message.text);
}

function listReads(): number {
    return argo.requests().filter((request) => request.path === '/api/v1/applications').length;
}

function naming(posts: string[], app: string): string[] {
    return posts.filter((text) => text.includes(`\`${app}\``));
}

test('start-up: every instance runs onEnable, and one first poll posts one baseline; one poll job is left', async () => {
    // Each instance's onEnable scheduled a start job; Agenda locks each one on one instance.
    await cluster.until(() => cluster.runsOf(JobId.Start).length === INSTANCES, 'every instance\'s start job has run');
    const posts = texts('deploys');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatch(/watching 3 apps/);
    expect(naming(posts, 'bravo')).toHaveLength(1);
    expect(listReads()).toBe(1);
    const pollJobs = cluster.jobsNamed(JobId.Poll);
    expect(pollJobs).toHaveLength(1);
    expect(pollJobs[0]).toMatchObject({ type: 'single', repeatInterval: '3600 seconds', lockedAt: null });
    // One-time jobs are removed after a successful run.
    expect(cluster.jobsNamed(JobId.Start)).toEqual([]);
    const ranOn = cluster.runsOf(JobId.Start).map((run) => run.instance).sort();
    figures.push(`start-up: ${cluster.runsOf(JobId.Start).length} start jobs run (on instances ${ranOn.join(', ')}), ${listReads()} first poll, `
        + `${posts.length} post, ${pollJobs.length} poll job`);
});

test('a settings change on one instance reaches every instance: one poll job, rescheduled; the next poll uses the new settings', async () => {
    cluster.createRoom('ops');
    await cluster.setSetting(1, SettingId.Channel, 'ops');
    await cluster.setSetting(1, SettingId.PollInterval, '2s');
    // onSettingUpdated ran on all three instances; each `every` updated the one job in place.
    const pollJobs = cluster.jobsNamed(JobId.Poll);
    expect(pollJobs).toHaveLength(1);
    expect(pollJobs[0]).toMatchObject({ repeatInterval: '2 seconds' });
    const polls = cluster.runsOf(JobId.Poll).length;
    argo.setApp('alpha', { health: 'Degraded' });
    await cluster.until(() => cluster.messages('ops').length > 0, 'a post in #ops');
    await cluster.until(() => cluster.runsOf(JobId.Poll).length >= polls + 2, 'two more polls');
    const ops = texts('ops');
    expect(ops).toHaveLength(1);
    expect(naming(ops, 'alpha')[0]).toMatch(/Degraded/);
    expect(texts('deploys')).toHaveLength(1);
    expect(cluster.jobsNamed(JobId.Poll)).toHaveLength(1);
    const ranOn = new Set(cluster.runsOf(JobId.Poll).map((run) => run.instance));
    figures.push(`settings change: ${cluster.jobsNamed(JobId.Poll).length} poll job (every 2 seconds), ${ops.length} post in #ops, `
        + `polls run on instances ${[...ranOn].sort().join(', ')}`);
});

describe.each([0, 250])('overlapping runs, persistence latency %i ms', (latency) => {
    const tally = { transitions: 0, duplicates: 0, lost: 0 };

    beforeAll(() => {
        cluster.setPersistenceLatency(latency);
    });

    afterAll(() => {
        cluster.setPersistenceLatency(0);
        figures.push(`overlap at ${latency} ms: ${tally.transitions} transitions, ${tally.duplicates} duplicate posts, ${tally.lost} lost`);
    });

    /** Polls on instances 0 and 1 and a webhook call on instance 2 at once; then two more scheduled polls. */
    async function overlap(app: string): Promise<string[]> {
        const seen = cluster.messages('ops').length;
        const rechecks = cluster.runsOf(JobId.Recheck).length;
        const webhook = `${await cluster.apiUrl(2)}/argocd-webhook`;
        const [, , answer] = await Promise.all([
            cluster.runUnlocked(0, JobId.Poll),
            cluster.runUnlocked(1, JobId.Poll),
            fetch(webhook, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Argo-Drift-Secret': SECRET }, body: JSON.stringify({ app, namespace: 'argocd' }) }),
        ]);
        expect(answer.status).toBe(202);
        await cluster.until(() => cluster.runsOf(JobId.Recheck).length > rechecks, 'the webhook\'s one-off job has run');
        const polls = cluster.runsOf(JobId.Poll).length;
        await cluster.until(() => cluster.runsOf(JobId.Poll).length >= polls + 2, 'two more scheduled polls');
        return texts('ops').slice(seen);
    }

    function count(posts: string[], app: string, matching: RegExp): number {
        const n = naming(posts, app).filter((text) => matching.test(text)).length;
        tally.transitions++;
        tally.duplicates += Math.max(0, n - 1);
        tally.lost += n === 0 ? 1 : 0;
        return n;
    }

    test('an app going Degraded, then recovering: each posted once', async () => {
        argo.setApp('charlie', { health: 'Degraded' });
        const down = await overlap('charlie');
        expect(count(down, 'charlie', /Degraded/)).toBe(1);
        expect(down).toHaveLength(1);
        argo.setApp('charlie', { health: 'Healthy' });
        const up = await overlap('charlie');
        expect(count(up, 'charlie', /./)).toBe(1);
        expect(up).toHaveLength(1);
        expect(cluster.jobsNamed(JobId.Poll)).toHaveLength(1);
    });
});

test('an interval saved while a poll runs: Agenda writes the old one back when that run ends, and the next poll schedules the new one', async () => {
    // The longest request timeout, so the hang outlasts the checks below however slow the machine;
    // the test ends it itself once it has seen the setting saved.
    await cluster.setSetting(0, SettingId.RequestTimeout, '20s');
    const from = Date.now();
    // The next list call hangs until released: the poll that makes it is still running.
    argo.injectFault({ kind: 'hang', route: 'list', times: 1 });
    const running = (): boolean => cluster.jobsNamed(JobId.Poll).some((job) => job.lockedAt !== null && (job.lastRunAt?.getTime() ?? 0) >= from)
        && argo.requests().some((request) => request.path === '/api/v1/applications' && request.status === 0);
    await cluster.until(running, 'a poll running, its list call hanging');
    const [hanging] = cluster.jobsNamed(JobId.Poll);
    await cluster.setSetting(0, SettingId.PollInterval, '3s');
    expect(cluster.jobsNamed(JobId.Poll)).toEqual([expect.objectContaining({ _id: hanging._id, repeatInterval: '3 seconds', data: expect.objectContaining({ intervalMs: 3000 }) })]);
    expect(argo.releaseHanging()).toBe(1);
    // Agenda (Job.ts run): the run's end saves its own copy, the old interval and data with it.
    const runStarted = hanging.lastRunAt?.getTime() ?? 0;
    await cluster.until(() => cluster.jobsNamed(JobId.Poll).some((job) => job._id === hanging._id && job.lockedAt === null
        && (job.lastFinishedAt?.getTime() ?? 0) >= runStarted), 'that poll has ended');
    expect(cluster.jobsNamed(JobId.Poll)).toEqual([expect.objectContaining({ _id: hanging._id, repeatInterval: '2 seconds' })]);
    argo.clearFaults();
    // The next poll finds its job's interval out of date and schedules the job afresh.
    await cluster.until(() => cluster.jobsNamed(JobId.Poll).some((job) => job.repeatInterval === '3 seconds'), 'the poll job back at 3 seconds');
    const pollJobs = cluster.jobsNamed(JobId.Poll);
    figures.push(`interval saved during a run: written back to ${String(hanging.repeatInterval)} by the run's end, then ${pollJobs.length} poll job at ${String(pollJobs[0]?.repeatInterval)}`);
    expect(pollJobs).toEqual([expect.objectContaining({ repeatInterval: '3 seconds', data: expect.objectContaining({ intervalMs: 3000 }) })]);
    await cluster.setSetting(0, SettingId.RequestTimeout, '2s');
});

test('the whole cluster restarts: every instance runs onEnable again, still one poll job and nothing posted twice', async () => {
    const posts = cluster.messages().length;
    const starts = cluster.runsOf(JobId.Start).length;
    await cluster.restart();
    await cluster.until(() => cluster.runsOf(JobId.Start).length === starts + INSTANCES, 'every instance\'s start job has run');
    const polls = cluster.runsOf(JobId.Poll).length;
    await cluster.until(() => cluster.runsOf(JobId.Poll).length >= polls + 2, 'two more polls');
    const news = cluster.messages().slice(posts).map((message) => message.text);
    // Only Argo CD answering again after the hang above may be said, and once.
    expect(news.filter((text) => !/Reading Argo CD again/.test(text))).toEqual([]);
    expect(news.length).toBeLessThanOrEqual(1);
    expect(cluster.jobsNamed(JobId.Poll)).toHaveLength(1);
    expect(cluster.jobsNamed(JobId.Start)).toEqual([]);
    figures.push(`restart of all ${INSTANCES}: ${cluster.runsOf(JobId.Start).length - starts} start jobs run, ${cluster.jobsNamed(JobId.Poll).length} poll job, ${news.length} new posts`);
});
