import { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';
import { probeAppZip } from './probeApp';
import { startTestServer } from './testServer';
import type { TestServer } from './testServer';

// Scheduler, HTTP (as the job uses it), persistence and settings through the real engine.

let sim: RocketChatSim;
let server: TestServer;

beforeAll(async () => {
    server = await startTestServer();
    sim = await RocketChatSim.start({ appZip: probeAppZip(), settings: { probe_url: `${server.url}/status` } });
});

afterAll(async () => {
    await sim?.stop();
    await server?.close();
});

test('settings pass through the settings manager and fire onSettingUpdated', async () => {
    expect(sim.getSetting('probe_url')).toBe(`${server.url}/status`);
    expect(sim.getSetting('probe_room')).toBe('deploys');
    await sim.setSettings({ probe_room: 'general' });
    await sim.setSettings({ probe_room: 'deploys' });
    const lines = JSON.stringify(sim.logs());
    expect(lines).toContain(`setting updated: probe_url=${server.url}/status`);
    expect(lines).toContain('setting updated: probe_room=general');
    await expect(sim.setSetting('no_such_setting', 1)).rejects.toThrow(/no setting no_such_setting/);
});

test('the recurring job the app scheduled on enable is listed with its interval and data, not yet run', () => {
    const [job] = sim.scheduledJobs();
    expect(job).toMatchObject({ id: 'probe-poll', interval: '120 seconds', data: { source: 'onEnable' }, skipImmediate: true });
    expect(job.processorId).toBe(`probe-poll_${sim.appId}`);
    // skipImmediate: the first run is one interval away.
    expect(job.nextRunAt!.getTime() - Date.now()).toBeGreaterThan(100_000);
    expect(server.seen).toHaveLength(0);
});

test('runJob runs the processor with {...data, jobId}: HTTP GET with params and headers, persistence, a post and a thread reply', async () => {
    sim.resetPersistenceStats();
    await sim.runJob('probe-poll');
    const [request] = server.seen;
    expect(request).toMatchObject({ method: 'GET', url: '/status?from=probe' });
    expect(request.headers['x-probe']).toBe('yes');

    const [parent, reply] = sim.messages('deploys');
    expect(parent.text).toMatch(/^poll #1: 200 42 job=\w+ source=onEnable$/);
    expect(reply).toMatchObject({ text: 'thread reply to poll #1', threadId: parent.id });

    const record = sim.persistenceRecords().find((candidate) => JSON.stringify(candidate.associations).includes('probe:last-poll'));
    expect(record?.data).toEqual({ count: 1, status: 200, value: 42 });
    expect(sim.persistenceStats()).toEqual({ reads: 1, writes: 1, removes: 0 });
});

test('the app reads back what a test wrote into a raw record', async () => {
    const record = sim.persistenceRecords().find((candidate) => JSON.stringify(candidate.associations).includes('probe:last-poll'));
    sim.setPersistenceRecordData(record!.id, { count: 41 });
    await sim.runJob('probe-poll');
    expect(sim.messages('deploys').some((message) => message.text.startsWith('poll #42:'))).toBe(true);
    expect(sim.persistenceRecords().filter((candidate) => JSON.stringify(candidate.associations).includes('probe:last-poll'))).toHaveLength(1);
});

test('runJob rejects with the app error when its HTTP call fails, naming the cause', async () => {
    const down = await startTestServer();
    const url = `${down.url}/gone`;
    await down.close();
    await sim.setSetting('probe_url', url);
    await expect(sim.runJob('probe-poll')).rejects.toThrow(/ECONNREFUSED/);
    await sim.setSetting('probe_url', `${server.url}/status`);
});

test('two runs of one job never overlap', async () => {
    server.respond((_req, res) => setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end('{"value":1}');
    }, 300));
    const before = server.seen.length;
    await Promise.all([sim.runJob('probe-poll'), sim.runJob('probe-poll')]);
    const [first, second] = server.seen.slice(before);
    expect(second.startedAt).toBeGreaterThanOrEqual(first.endedAt!);
    server.respond((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end('{"value":42}');
    });
});

test('runJob for a processor the app never registered says so', async () => {
    await expect(sim.runJob('no-such-job')).rejects.toThrow(/no processor registered as no-such-job_/);
});

test('scheduleOnce with "in N seconds" and cancelJob', async () => {
    const asked = Date.now();
    await sim.typeCommand('alice', 'general', '/probe once why');
    const answered = Date.now();
    const once = sim.scheduledJobs().find((job) => job.id === 'probe-once');
    expect(once?.data).toEqual({ reason: 'why' });
    // "in 60 seconds" from when the app asked, somewhere while the command ran.
    expect(once!.when!.getTime()).toBeGreaterThanOrEqual(asked + 60_000);
    expect(once!.when!.getTime()).toBeLessThanOrEqual(answered + 60_000);

    // Firing a one-time job consumes it.
    await sim.runJob('probe-once');
    expect(sim.messages('general').map((message) => message.text)).toContainEqual(expect.stringMatching(/^once \{"reason":"why","jobId":"\w+"\}$/));
    expect(sim.scheduledJobs().some((job) => job.id === 'probe-once')).toBe(false);

    await sim.typeCommand('alice', 'general', '/probe cancel');
    expect(sim.scheduledJobs()).toEqual([]);
});

test('persistence: associations must all match; remove by association; stats count each kind', async () => {
    sim.resetPersistenceStats();
    await sim.typeCommand('alice', 'general', '/probe persist first');
    await sim.typeCommand('admin', 'general', '/probe persist second');
    expect(sim.notifications('alice').pop()?.text).toBe('persisted mine=1 kind=1');
    expect(sim.notifications('admin').pop()?.text).toBe('persisted mine=1 kind=2');
    await sim.typeCommand('alice', 'general', '/probe forget');
    expect(sim.notifications('alice').pop()?.text).toBe('removed 1');
    expect(sim.persistenceStats()).toEqual({ reads: 4, writes: 2, removes: 1 });
    expect(sim.persistenceRecords().filter((record) => JSON.stringify(record.associations).includes('probe:kind'))).toHaveLength(1);
});

test('an API endpoint answers like /api/apps/public/<appId>/<path>, with params, query, headers and body', async () => {
    const response = await sim.callApi('hook/deploy?via=test', { method: 'POST', headers: { 'X-Probe': 'hi' }, content: { app: 'web' } });
    expect(response).toMatchObject({ status: 202, content: { received: { app: 'web' }, name: 'deploy', query: { via: 'test' }, header: 'hi' } });
    expect(sim.messages('general').pop()?.text).toBe('hook deploy {"app":"web"}');
    expect(await sim.callApi('nowhere')).toMatchObject({ status: 404, content: 'Not Found' });
});
