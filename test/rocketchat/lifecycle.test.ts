import { AppManager } from 'apps-engine-runtime/server/AppManager';

import { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';
import { probeAppZip } from './probeApp';
import { startTestServer } from './testServer';
import type { TestServer } from './testServer';

// Restart, stop, and starting a second sim in the same process.

let sim: RocketChatSim;
let server: TestServer;

beforeAll(async () => {
    server = await startTestServer();
    sim = await RocketChatSim.start({ appZip: probeAppZip(), settings: { probe_url: `${server.url}/status`, probe_room: 'general' } });
});

afterAll(async () => {
    await sim?.stop();
    await server?.close();
});

test('restartApp starts a new app process and keeps persistence, settings, jobs and messages', async () => {
    await sim.typeCommand('alice', 'general', '/probe count');
    await sim.typeCommand('alice', 'general', '/probe count');
    expect(sim.notifications('alice').pop()?.text).toBe('count 2');
    await sim.runJob('probe-poll');

    await sim.restartApp();

    // In-memory app state is gone: a new Deno process.
    await sim.typeCommand('alice', 'general', '/probe count');
    expect(sim.notifications('alice').pop()?.text).toBe('count 1');
    expect(sim.getSetting('probe_room')).toBe('general');
    expect(sim.scheduledJobs().map((job) => job.id)).toEqual(['probe-poll']);
    // The stored counter survives: this is poll #2.
    await sim.runJob('probe-poll');
    expect(sim.messages('general').filter((message) => message.text.startsWith('poll #')).map((message) => message.text.slice(0, 8)))
        .toEqual(['poll #1:', 'poll #2:']);
    expect(await sim.callApi('hook/after-restart', { method: 'POST', content: {} })).toMatchObject({ status: 202 });
});

test('a restart is the server process ending: the app is not disabled on the way down and comes back enabled', async () => {
    const disables = (): number => sim.logs().filter((entry) => entry.method === 'app:onDisable').length;
    const before = disables();
    await sim.restartApp();
    // Rocket.Chat unloads the manager (onDisable, and on Apps-Engine 1.53 a stored "disabled")
    // only when an admin turns the Apps framework off. Rocket.Chat: apps/meteor/ee/server/apps/orchestrator.js
    expect(disables()).toBe(before);
    await sim.typeCommand('alice', 'general', '/probe count');
    expect(sim.notifications('alice').pop()?.text).toBe('count 1');
});

test('stop() unloads and clears the engine singleton so another sim can start in this process', async () => {
    await sim.stop();
    expect(AppManager.Instance).toBeUndefined();
    await sim.stop();

    sim = await RocketChatSim.start({ appZip: probeAppZip(), settings: { probe_url: `${server.url}/status` } });
    await sim.typeCommand('admin', 'deploys', '/probe count');
    expect(sim.notifications('admin').pop()?.text).toBe('count 1');
    // A fresh sim has a fresh database.
    expect(sim.messages()).toEqual([]);
});

test('the sandbox mode fires recurring jobs on their interval; rescheduling keeps the stored next run, a fresh job runs at once', async () => {
    await sim.stop();
    const posted: string[] = [];
    let twoPosted!: () => void;
    const secondPost = new Promise<void>((resolve) => { twoPosted = resolve; });
    sim = await RocketChatSim.start({
        appZip: probeAppZip(),
        runScheduler: true,
        settings: { probe_url: `${server.url}/status` },
        onEvent: (event) => {
            if (event.event === 'post' && !event.threadId && posted.push(event.text) === 2) {
                twoPosted();
            }
        },
    });
    // onEnable scheduled it every 120 s, skipping the immediate run: nothing yet, and its first run is an interval away.
    expect(posted).toEqual([]);
    expect(sim.scheduledJobs()).toEqual([expect.objectContaining({ interval: '120 seconds' })]);
    expect(sim.scheduledJobs()[0].nextRunAt!.getTime() - Date.now()).toBeGreaterThan(100_000);

    // Rescheduling updates the stored job in place; Agenda keeps its next run (still 120 s away).
    await sim.setSetting('probe_interval', '1 second');
    expect(sim.scheduledJobs()).toEqual([expect.objectContaining({ interval: '1 second', data: { source: 'setting' } })]);
    expect(sim.scheduledJobs()[0].nextRunAt!.getTime() - Date.now()).toBeGreaterThan(100_000);
    // Cancelled and scheduled afresh, it is due at once.
    await sim.typeCommand('admin', 'general', '/probe cancel');
    await sim.setSetting('probe_interval', '1 seconds');
    await secondPost;
    expect(posted.slice(0, 2)).toEqual([expect.stringMatching(/^poll #1: .*source=setting$/), expect.stringMatching(/^poll #2: /)]);
    expect(sim.scheduledJobs()).toHaveLength(1);
    expect(sim.jobFailures()).toEqual([]);
});
