import { SettingId } from '../../src/core/settingIds';
import { JobId } from '../../src/jobIds';
import { fleetApp, startWorld } from './harness';
import type { World } from './harness';

// Start-up as a cluster sees it: every instance runs onEnable and so schedules the start job;
// the test bed runs in one process, so the other instances' start jobs run alongside the first.

let world: World;

beforeAll(async () => {
    world = await startWorld({ fleet: ['alpha', 'bravo'].map((name) => fleetApp(name)) });
});

afterAll(async () => {
    await world?.stop();
});

function listReads(): number {
    return world.argo.requests().filter((r) => r.path === '/api/v1/applications').length;
}

test('onEnable runs no poll "now": the poll job waits an interval, and a start job is scheduled', () => {
    const jobs = world.chat.scheduledJobs();
    expect(jobs.filter((job) => job.id === JobId.Poll)).toEqual([expect.objectContaining({ skipImmediate: true })]);
    expect(jobs.filter((job) => job.id === JobId.Start)).toHaveLength(1);
});

test('three instances\' start jobs at once give one poll, and one poll job', async () => {
    world.argo.clearRequests();
    await Promise.all([
        world.chat.runJob(JobId.Start),
        world.chat.runJob(JobId.Start, { alongside: true }),
        world.chat.runJob(JobId.Start, { alongside: true }),
    ]);
    expect(listReads()).toBe(1);
    expect(world.newPosts()).toEqual([expect.stringMatching(/watching 2 apps/)]);
    expect(world.chat.scheduledJobs().filter((job) => job.id === JobId.Poll)).toHaveLength(1);
});

test('a late start job from another instance within the start window does nothing', async () => {
    world.argo.clearRequests();
    await world.chat.runJob(JobId.Start, { alongside: true });
    expect(listReads()).toBe(0);
});

test('a change of the interval reschedules in place, with no poll run "now"', async () => {
    world.argo.clearRequests();
    await world.chat.setSetting(SettingId.PollInterval, '45s');
    expect(world.chat.scheduledJobs().filter((job) => job.id === JobId.Poll)).toEqual([expect.objectContaining({ interval: '45 seconds', skipImmediate: true })]);
    expect(listReads()).toBe(0);
});
