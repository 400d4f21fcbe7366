import { SettingId } from '../../src/core/settingIds';
import { fleetApp, startWorld } from './world';
import type { World } from './world';

// Alerts that stay worth reading: a flapping app and a stuck rollout, end to end.

// The flips are counted in a window no run can outlast, however slow the machine; the steady time
// (the same setting) is then shortened, so the summary comes a second after the last flip.
const WINDOW = '1h';
// Each test runs many polls: on a loaded machine or a slow database that is minutes, not seconds.
jest.setTimeout(5 * 60 * 1000);
let world: World;

beforeAll(async () => {
    world = await startWorld({
        fleet: [fleetApp('wobbly', { project: 'shop' }), fleetApp('rollout')],
        settings: { [SettingId.FlapThreshold]: 3, [SettingId.FlapWindow]: WINDOW },
    });
    await world.poll();
    world.newPosts();
});

afterAll(async () => {
    await world?.stop();
});

test('an app that flips bad and fine 8 times gets one flapping notice in its thread, then one summary when steady', async () => {
    const before = world.chat.messages('deploys').length;
    for (let flip = 0; flip < 8; flip++) {
        world.argo.setApp('wobbly', { health: 'Degraded' });
        await world.poll();
        world.argo.setApp('wobbly', { health: 'Healthy' });
        await world.poll();
    }
    world.argo.setApp('wobbly', { health: 'Degraded' });
    await world.poll();
    const during = world.chat.messages('deploys').slice(before);
    console.log(`flapping timeline: ${during.length} posts for 8 flips`);
    const roots = during.filter((m) => !m.threadId);
    const last = roots[roots.length - 1];
    const replies = during.filter((m) => m.threadId === last.id).map((m) => m.text);
    expect(replies).toEqual([
        expect.stringMatching(/^:twisted_rightwards_arrows: `wobbly` \(project `shop`\) is flapping: it went bad and recovered 4 times within 1h\. No more alerts or recoveries for each flip; a summary follows once it has been steady for 1h\.$/),
    ]);
    // Three honest incidents (alert and recovery each), then the fourth alert, whose recovery became the notice.
    // The roots of the three closed incidents were edited to say "Resolved"; their own first line follows.
    expect(during.map((m) => m.text.replace(/^:white_check_mark: \*Resolved\*[^\n]*\n/, '').split('\n')[0])).toEqual([
        ...[0, 1, 2].flatMap(() => [expect.stringMatching(/^:red_circle: `wobbly` .* is Degraded/), expect.stringMatching(/^:white_check_mark: `wobbly` .* is Synced and Healthy again/)]),
        expect.stringMatching(/^:red_circle: `wobbly` .* is Degraded/),
        expect.stringMatching(/is flapping/),
    ]);

    // Not steady for the window yet: no summary.
    await world.poll();
    expect(world.chat.messages('deploys').filter((m) => m.threadId === last.id)).toHaveLength(1);
    await world.chat.setSetting(SettingId.FlapWindow, '1s');
    await world.pastLastPoll(1000);
    await world.poll();
    await world.poll();
    const summary = world.chat.messages('deploys').filter((m) => m.threadId === last.id).map((m) => m.text);
    expect(summary.slice(1)).toEqual([
        expect.stringMatching(/^:bar_chart: `wobbly` \(project `shop`\) has been steady for 1s after flapping: it recovered 8 times in \d+(?:s|m(?: \d+s)?)\. Now: sync `Synced` · health `Degraded`; this stays open as a normal incident\.$/),
    ]);
    await world.chat.setSetting(SettingId.FlapWindow, WINDOW);
    world.argo.setApp('wobbly', { health: 'Healthy' });
    await world.poll();
    expect(world.chat.messages('deploys').filter((m) => m.threadId === last.id).map((m) => m.text).slice(2)).toEqual([
        expect.stringMatching(/^:white_check_mark: `wobbly` .* is Synced and Healthy again/),
    ]);
    const all = world.chat.messages('deploys').slice(before);
    console.log(`flapping timeline with summary and final recovery: ${all.length} posts, ${all.filter((m) => (m.editCount ?? 0) > 0).length} roots edited`);
    // On main the same timeline posts 18 messages (an alert and a recovery per flip) and edits 9 roots.
    expect(all).toHaveLength(10);
});

test('a rollout Progressing longer than progressing_deadline alerts once as stuck, with its resources, and recovers', async () => {
    await world.chat.setSetting(SettingId.ProgressingDeadline, '1s');
    world.newPosts();
    world.argo.setApp('rollout', { health: 'Progressing', healthMessage: 'Waiting for rollout to finish: 1 of 3 updated replicas are available...' });
    await world.poll();
    expect(world.newPosts()).toEqual([]);
    await world.pastLastPoll(1000);
    await world.poll();
    const [alert] = world.newPosts();
    expect(alert.split('\n').slice(0, 4)).toEqual([
        ':large_orange_diamond: `rollout` is stuck in Progressing',
        'sync `Synced` · health `Progressing` · revision `ccccccc`',
        expect.stringMatching(/^Progressing for \d+s, longer than the progressing deadline$/),
        expect.stringMatching(/^unhealthy resources: `Deployment` `rollout\/rollout` `Progressing` \(`Waiting for rollout to finish: 1 of 3 updated replicas are available...`\)/),
    ]);
    await world.pastLastPoll(1000);
    await world.poll();
    expect(world.newPosts()).toEqual([]);
    world.argo.setApp('rollout', { health: 'Healthy', healthMessage: undefined });
    await world.poll();
    expect(world.newPosts()).toEqual([expect.stringMatching(/^:white_check_mark: `rollout` is Synced and Healthy again/)]);
    await world.chat.setSetting(SettingId.ProgressingDeadline, '');
});
