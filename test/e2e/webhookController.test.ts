import { NotificationsController } from '../../sim/argocd/notifications';
import type { SimEvent } from '../../sim/rocketchat/RocketChatSim';
import { SettingId } from '../../src/core/settingIds';
import { configMapYaml, OLD_README_CONFIG_MAP } from '../argocd/notificationsConfig';
import { fleetApp, startWorld } from './world';
import type { World } from './world';

// Argo CD's notifications controller (notifications-engine semantics, sim/argocd/notifications)
// configured with the README's ConfigMap, calling the app's endpoint served as Rocket.Chat serves
// it (Express's body parsers), with the scheduler running as in Rocket.Chat: the endpoint answers
// at once and the one-off job it schedules does the reading and posting.

const SECRET = 's3cret';
let world: World;
const posted: string[] = [];
const waiting: Array<{ pattern: RegExp; resolve: (text: string) => void }> = [];

function onEvent(event: SimEvent): void {
    if (event.event !== 'post') {
        return;
    }
    posted.push(event.text);
    for (const waiter of waiting.filter((w) => w.pattern.test(event.text))) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(event.text);
    }
}

/** Resolves with the first post matching `pattern` from now on: waits for the event, not for time. */
function nextPost(pattern: RegExp): Promise<string> {
    return new Promise((resolve) => waiting.push({ pattern, resolve }));
}

async function controller(configMap: string): Promise<NotificationsController> {
    const base = await world.chat.startApiServer();
    return new NotificationsController(world.argo, {
        configMap,
        secret: { 'argo-drift-secret': SECRET },
        serviceUrl: `${base}/api/apps/public/${world.chat.appId}/argocd-webhook`,
    });
}

beforeAll(async () => {
    world = await startWorld({
        fleet: [fleetApp('orders', { project: 'shop' }), fleetApp('catalog', { project: 'shop' })],
        // A day between polls: everything after the baseline comes through the webhook.
        settings: { [SettingId.WebhookSecret]: SECRET, [SettingId.PollInterval]: '24h' },
        chat: { runScheduler: true, onEvent },
    });
    await world.poll();
});

afterAll(async () => {
    await world?.stop();
});

test('with the README\'s ConfigMap a change is posted through the webhook, once, and its recovery too', async () => {
    const ctrl = await controller(configMapYaml());
    // First pass: the "Synced and Healthy" condition calls once for each healthy app; nothing to say.
    await ctrl.tick();
    expect(ctrl.calls.map((c) => [c.app, c.status]).sort()).toEqual([['catalog', 202], ['orders', 202]]);
    const before = posted.length;

    const changedAt = Date.now();
    world.argo.setApp('orders', { health: 'Degraded' });
    const alert = nextPost(/^:red_circle: `orders` \(project `shop`\) is Degraded/);
    await ctrl.tick();
    await alert;
    const alertMs = Date.now() - changedAt;
    // Condition 1 of the trigger is the Degraded one.
    expect(ctrl.calls.slice(2).map((c) => [c.app, c.condition, c.status])).toEqual([['orders', expect.stringMatching(/^\[1\]\./), 202]]);

    // While it stays Degraded the controller does not call again, and nothing more is posted.
    await ctrl.tick();
    await ctrl.tick();
    expect(ctrl.calls).toHaveLength(3);

    world.argo.setApp('orders', { health: 'Healthy' });
    const recovery = nextPost(/^:white_check_mark: `orders` \(project `shop`\) is Synced and Healthy again/);
    await ctrl.tick();
    await recovery;
    expect(ctrl.calls).toHaveLength(4);
    expect(posted.slice(before)).toEqual([expect.stringMatching(/`orders`.*Degraded/), expect.stringMatching(/`orders`.*again/)]);
    // The figure the README quotes: from Argo CD's state change to the alert in the channel.
    console.log(`webhook: ${ctrl.calls.length} calls, ${posted.length - before} posts, state change to alert ${alertMs} ms`);
});

test('the ConfigMap the README used to show (no Content-Type) is refused with a 400 that says why, and posts nothing', async () => {
    const ctrl = await controller(OLD_README_CONFIG_MAP);
    const before = posted.length;
    world.argo.setApp('catalog', { sync: 'OutOfSync' });
    await ctrl.tick();
    expect(ctrl.calls.map((c) => [c.app, c.status, c.attempts]).sort()).toEqual([['catalog', 400, 1], ['orders', 400, 1]]);
    expect(posted.slice(before)).toEqual([]);
    world.argo.setApp('catalog', { sync: 'Synced' });
});
