import { SettingId } from '../../src/core/settingIds';
import { ActionId } from '../../src/ui/actionIds';
import type { FleetResource } from '../../sim/argocd/types';
import { buttonValue, fleetApp, startWorld } from './world';
import type { World } from './world';

// What drifted and who is on it: drifted resources, /argo diff, the Diff and Ack buttons, end to end.

const PASSWORD = 'hunter2-s3cr3t';
const PASSWORD_B64 = Buffer.from(PASSWORD).toString('base64');
const OLD_PASSWORD_B64 = Buffer.from('old-pa55word').toString('base64');
const API_KEY = 'sk-live-0123456789abcdef';

function deployment(replicas: number, image: string, withServerFields: boolean): Record<string, unknown> {
    return {
        apiVersion: 'apps/v1', kind: 'Deployment',
        metadata: {
            name: 'payments-api', namespace: 'payments', labels: { app: 'payments-api' },
            ...(withServerFields ? { uid: 'b7c1', resourceVersion: '48121', generation: 7, creationTimestamp: '2026-11-01T10:00:00Z', managedFields: [{ manager: 'argocd-controller' }] } : {}),
        },
        spec: {
            replicas,
            selector: { matchLabels: { app: 'payments-api' } },
            template: { spec: { containers: [{ name: 'api', image, ports: [{ containerPort: 8080 }] }, { name: 'envoy', image: 'envoyproxy/envoy:v1.29' }] } },
        },
        ...(withServerFields ? { status: { replicas, readyReplicas: replicas } } : {}),
    };
}

function secret(data: Record<string, string>, stringData?: Record<string, string>): Record<string, unknown> {
    return { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'payments-db', namespace: 'payments' }, type: 'Opaque', data, ...(stringData ? { stringData } : {}) };
}

const drifted: FleetResource[] = [
    { kind: 'Service', namespace: 'payments', name: 'payments-api', status: 'Synced', health: { status: 'Healthy' },
        manifests: { live: { kind: 'Service', metadata: { name: 'payments-api' } }, desired: { kind: 'Service', metadata: { name: 'payments-api' } } } },
    { group: 'apps', kind: 'Deployment', namespace: 'payments', name: 'payments-api', status: 'OutOfSync', health: { status: 'Healthy' },
        manifests: { live: deployment(5, 'registry.example.com/payments-api:1.4.2', true), desired: { ...deployment(3, 'registry.example.com/payments-api:1.5.0', true), status: undefined } } },
    { kind: 'Secret', namespace: 'payments', name: 'payments-db', status: 'OutOfSync', health: { status: 'Healthy' },
        manifests: { live: secret({ password: OLD_PASSWORD_B64, user: 'cGF5bWVudHM=' }), desired: secret({ user: 'cGF5bWVudHM=', password: PASSWORD_B64 }, { apiKey: API_KEY }) } },
    { kind: 'ConfigMap', namespace: 'payments', name: 'payments-flags', status: 'OutOfSync',
        manifests: { live: null, desired: { kind: 'ConfigMap', metadata: { name: 'payments-flags' }, data: { beta: 'on' } } } },
];

let world: World;

beforeAll(async () => {
    world = await startWorld({ fleet: [fleetApp('payments', { project: 'shop' }), fleetApp('search')] });
    await world.poll();
    world.newPosts();
});

afterAll(async () => {
    await world?.stop();
});

function ackRecords() {
    return world.chat.persistenceRecords().map((r) => r.data as { appKey?: string; by?: string }).filter((d) => d.appKey !== undefined && d.by !== undefined);
}

function root(match: string) {
    return world.chat.messages('deploys').find((m) => !m.threadId && m.text.includes(match));
}

test('an OutOfSync alert names the drifted resources and has Diff and Ack buttons; /argo diff and the Diff button answer privately', async () => {
    world.argo.setApp('payments', { sync: 'OutOfSync', resources: drifted });
    await world.poll();
    const alert = root('`payments` (project `shop`) is OutOfSync');
    expect(alert?.text).toContain('drifted resources: `Deployment` `payments/payments-api`, `Secret` `payments/payments-db`, `ConfigMap` `payments/payments-flags`');
    expect(buttonValue(alert?.blocks, ActionId.Diff)).toBe('argocd/payments');
    expect(buttonValue(alert?.blocks, ActionId.Ack)).toBe('argocd/payments');

    world.argo.clearRequests();
    await world.chat.typeCommand('alice', 'deploys', '/argo diff payments');
    const answer = world.lastReply('alice');
    expect(answer.split('\n')).toEqual([
        '*Diff of `payments`* (cluster → Git): 3 of 4 resources differ',
        '• `Deployment` `payments/payments-api`',
        '  `spec.replicas`: `5` → `3`',
        '  `spec.template.spec.containers[api].image`: `registry.example.com/payments-api:1.4.2` → `registry.example.com/payments-api:1.5.0`',
        '• `Secret` `payments/payments-db`',
        '  `data.apiKey` changed (Secret values are never shown)',
        '  `data.password` changed (Secret values are never shown)',
        '  `data.user` unchanged',
        '• `ConfigMap` `payments/payments-flags`: only in Git, not in the cluster',
        `[Open the diff in Argo CD](${world.argo.url}/applications/argocd/payments?node=argoproj.io/Application/argocd/payments/0&tab=diff)`,
    ]);
    // Read-only: the answer needs nothing beyond `applications, get`.
    expect(world.argo.requests().map((r) => `${r.method} ${r.route}`)).toEqual(['GET get', 'GET managed-resources']);
    expect(world.newPosts()).toEqual([expect.stringContaining('is OutOfSync')]);

    await world.chat.clickButton('alice', { messageId: alert?.id, actionId: ActionId.Diff, value: 'argocd/payments' });
    expect(world.lastReply('alice')).toBe(answer);
    await world.chat.clickButton('alice', { roomName: 'deploys', actionId: ActionId.Diff, value: 'argocd/x)[y](z' });
    expect(world.lastReply('alice')).toMatch(/is not an app name/);
});

test('ack: the root says who is on it, one thread line, reminders stop, /argo status shows the owner, recovery closes it', async () => {
    await world.chat.setSetting(SettingId.ReminderInterval, '1s');
    const alert = root('`payments` (project `shop`) is OutOfSync');
    await world.chat.clickButton('alice', { messageId: alert?.id, actionId: ActionId.Ack, value: 'argocd/payments' });
    expect(world.lastReply('alice')).toMatch(/^You are on `payments` now/);
    const edited = world.chat.messages('deploys').find((m) => m.id === alert?.id);
    expect(edited?.text).toMatch(/^:raising_hand: On it: `alice` since \d\d:\d\d UTC\n:large_orange_diamond: `payments`/);
    const thread = () => world.chat.messages('deploys').filter((m) => m.threadId === alert?.id).map((m) => m.text);
    expect(thread()).toEqual([':raising_hand: `alice` is on `payments` (project `shop`). Reminders stop until it recovers.']);

    // Taking over with a note replaces the owner line; still one line per ack in the thread.
    await world.chat.typeCommand('admin', 'deploys', '/argo ack payments rolling back the image');
    const again = world.chat.messages('deploys').find((m) => m.id === alert?.id);
    expect(again?.text).toMatch(/^:raising_hand: On it: `admin` since \d\d:\d\d UTC: `rolling back the image`\n:large_orange_diamond:/);
    expect(thread()).toHaveLength(2);

    // A reminder is due by now (the incident opened before the last run): the ack holds it back.
    await world.pastLastPoll(1000);
    await world.poll();
    expect(thread()).toHaveLength(2);

    await world.chat.typeCommand('alice', 'deploys', '/argo status');
    expect(world.lastReply('alice')).toContain('• `payments`: OutOfSync for');
    expect(world.lastReply('alice')).toContain(' · on it: `admin`');

    await world.chat.typeCommand('alice', 'deploys', '/argo ack search');
    expect(world.lastReply('alice')).toMatch(/^`search` has no open incident to acknowledge/);

    // The ack is its own record, keyed by app, never part of the snapshot the poll rewrites.
    const acks = ackRecords;
    expect(acks()).toEqual([expect.objectContaining({ appKey: 'argocd/payments', by: 'admin', note: 'rolling back the image' })]);

    world.argo.setApp('payments', { sync: 'Synced', resources: undefined });
    await world.poll();
    expect(acks()).toEqual([]);
    expect(thread()[2]).toMatch(/^:white_check_mark: `payments` \(project `shop`\) is Synced and Healthy again/);
    expect(world.chat.messages('deploys').find((m) => m.id === alert?.id)?.text).toMatch(/^:white_check_mark: \*Resolved\* after \d+s, at [^\n]+\n:raising_hand: On it: `admin`/);
    await world.chat.typeCommand('alice', 'deploys', '/argo status');
    expect(world.lastReply('alice')).not.toContain('on it');

    // The next incident starts without an owner: its reminders come again.
    world.argo.setApp('payments', { health: 'Degraded' });
    await world.poll();
    const next = world.chat.messages('deploys').filter((m) => !m.threadId && m.text.includes('`payments` (project `shop`) is Degraded')).pop();
    await world.pastLastPoll(1000);
    await world.poll();
    expect(world.chat.messages('deploys').filter((m) => m.threadId === next?.id).map((m) => m.text)).toEqual([expect.stringMatching(/^:hourglass: `payments`/)]);
    await world.chat.setSetting(SettingId.ReminderInterval, '');
    world.argo.setApp('payments', { health: 'Healthy' });
    await world.poll();
    world.newPosts();
});

test('ack_roles limits who may ack; the click is authorised when it is handled', async () => {
    await world.chat.setSetting(SettingId.AckRoles, 'admin');
    world.argo.setApp('search', { health: 'Degraded' });
    await world.poll();
    const alert = root('`search` is Degraded');
    await world.chat.clickButton('alice', { messageId: alert?.id, actionId: ActionId.Ack, value: 'argocd/search' });
    expect(world.lastReply('alice')).toBe('You are not allowed to acknowledge `search`: that needs one of the roles `admin`.');
    expect(world.chat.messages('deploys').find((m) => m.id === alert?.id)?.text).not.toContain('On it');
    await world.chat.setSetting(SettingId.AckRoles, 'owner');
    await world.poll();
    await world.chat.typeCommand('admin', 'deploys', '/argo status');
    expect(world.lastReply('admin')).toMatch(/Roles allowed to acknowledge: "owner" is a room role/);
    await world.chat.setSetting(SettingId.AckRoles, '');
    await world.poll();
    await world.chat.clickButton('alice', { messageId: alert?.id, actionId: ActionId.Ack, value: 'argocd/search' });
    expect(ackRecords()).toEqual([expect.objectContaining({ appKey: 'argocd/search', by: 'alice' })]);
    // Reminders are off, so the poll reads no acks, yet the ack of an incident that ended is removed.
    world.argo.setApp('search', { health: 'Healthy' });
    await world.poll();
    expect(ackRecords()).toEqual([]);
});

test('no Secret value reached any text: channel posts, their buttons, private replies', () => {
    const texts = [...world.chat.messages().map((m) => `${m.text}${JSON.stringify(m.blocks ?? [])}`), ...world.chat.notifications().map((n) => n.text)].join('\n');
    expect(texts).toContain('`data.password` changed');
    for (const value of [PASSWORD, PASSWORD_B64, OLD_PASSWORD_B64, API_KEY, 'cGF5bWVudHM=', 'old-pa55word']) {
        expect(texts).not.toContain(value);
    }
});
