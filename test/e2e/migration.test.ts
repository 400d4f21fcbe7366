import type { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';
import { SettingId } from '../../src/core/settingIds';
import type { PlantedRecord } from '../support/schema2Records';
import { headerlessAck, headerlessAppMute, schema2AppRecord, schema2MetaRecord } from '../support/schema2Records';
import { fleetApp, startWorld } from './world';
import type { World } from './world';

// An install that upgrades from per-app records (snapshot schema 2) to the roster: the first poll
// after the upgrade moves the apps into the roster, keeps the open incident and its thread, honours
// the mute and the ack stored by the old version, and posts nothing new.

const FLEET = ['alpha', 'bravo', 'charlie', 'delta'].map((name) => fleetApp(name));
const revisionOf = (name: string): string => fleetApp(name).revision as string;

let world: World;
let rootId: string;
let roomId: string;
const HOUR = 3600 * 1000;

function idsOf(record: { associations: unknown[] }): string[] {
    return record.associations.map((a) => String((a as { id?: unknown }).id));
}

function recordsOf(chat: RocketChatSim, kind: string): Array<{ id: string; data: unknown }> {
    return chat.persistenceRecords().filter((record) => idsOf(record).includes(kind));
}

function plant(records: PlantedRecord[]): void {
    for (const record of records) {
        world.chat.addPersistenceRecord(record.data, record.associations);
    }
}

beforeAll(async () => {
    world = await startWorld({ fleet: FLEET, settings: { [SettingId.ReminderInterval]: '4h' } });
    // The old version's alert for bravo, the root of its incident's thread: posted by the app, as it was then.
    await world.poll();
    world.argo.setApp('bravo', { health: 'Degraded' });
    world.argo.setApp('delta', { health: 'Degraded' });
    await world.poll();
    const alert = world.chat.messages('deploys').find((m) => !m.threadId && m.text.includes('`bravo`') && m.text.includes('Degraded'));
    rootId = alert?.id as string;
    roomId = alert?.roomId as string;
    expect(rootId).toBeDefined();
    world.newPosts();

    // What the old version had stored for this moment, in place of what this version wrote.
    for (const record of world.chat.persistenceRecords().filter((r) => idsOf(r).some((id) => /^argo-drift:(roster|snapshot-meta|mute|ack)$/.test(id)))) {
        world.chat.removePersistenceRecord(record.id);
    }
    const now = Date.now();
    const opened = now - 2 * HOUR;
    plant([
        schema2MetaRecord({ argocdUrl: world.argo.url, revision: 17, baselineAt: now - 30 * 24 * HOUR }),
        schema2AppRecord({ name: 'alpha', sync: 'Synced', health: 'Healthy', revision: revisionOf('alpha') }),
        schema2AppRecord({
            name: 'bravo', sync: 'Synced', health: 'Degraded', revision: revisionOf('bravo'),
            since: { Degraded: opened }, notified: ['Degraded'], openedAt: opened, badSince: opened, thread: { rootId, roomId }, remindedAt: now - HOUR,
        }),
        schema2AppRecord({ name: 'charlie', sync: 'Synced', health: 'Healthy', revision: revisionOf('charlie') }),
        // Muted while it went bad: nothing was told, and nothing is while the mute holds.
        schema2AppRecord({ name: 'delta', sync: 'Synced', health: 'Degraded', revision: revisionOf('delta'), since: { Degraded: now - HOUR }, badSince: now - HOUR }),
        headerlessAppMute('delta', now + 6 * HOUR, 'dana', now - HOUR),
        headerlessAck('argocd/bravo', 'dana', opened + 60000, opened),
    ]);
});

afterAll(async () => {
    await world?.stop();
});

test('before the first poll after the upgrade, /argo status and autocomplete read the old records', async () => {
    await world.chat.typeCommand('alice', 'deploys', '/argo status');
    const status = world.lastReply('alice');
    expect(status).toMatch(/`bravo`: Degraded for 2h.*on it: `dana`/);
    expect(status).toMatch(/`delta`: Degraded.*muted/);
    const previews = await world.chat.commandPreviews('alice', 'deploys', '/argo app br') as { items: Array<{ value: string }> };
    expect(previews.items.map((item) => item.value)).toEqual(['bravo']);
});

test('the first poll moves the apps into the roster and posts nothing; so do the polls after it', async () => {
    await world.poll();
    expect(world.newPosts()).toEqual([]);
    expect(recordsOf(world.chat, 'argo-drift:snapshot-app')).toEqual([]);
    const shards = recordsOf(world.chat, 'argo-drift:roster').map((r) => r.data as { apps: Record<string, unknown> });
    expect(shards.flatMap((shard) => Object.keys(shard.apps)).sort()).toEqual(['argocd/alpha', 'argocd/bravo', 'argocd/charlie', 'argocd/delta']);
    expect(recordsOf(world.chat, 'argo-drift:snapshot-meta').map((r) => r.data)).toEqual([expect.objectContaining({ schema: 3, revision: 18 })]);

    await world.poll();
    await world.poll();
    expect(world.newPosts()).toEqual([]);
});

test('the open incident kept its thread and its owner: /argo status shows who is on it, the recovery goes into the old thread and resolves its root', async () => {
    await world.chat.typeCommand('alice', 'deploys', '/argo status');
    expect(world.lastReply('alice')).toMatch(/`bravo`: Degraded for 2h.*on it: `dana`/);

    world.argo.setApp('bravo', { health: 'Healthy' });
    await world.poll();
    const replies = world.chat.messages('deploys').filter((m) => m.threadId === rootId);
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(/`bravo`.*Synced and Healthy again/)]);
    expect(world.chat.messages('deploys').find((m) => m.id === rootId)?.text).toMatch(/^:white_check_mark: \*Resolved/);
    expect(world.newPosts()).toHaveLength(1);
    // The ack of the incident that ended goes with it.
    expect(recordsOf(world.chat, 'argo-drift:ack')).toEqual([]);
});

test('the mute stored by the old version still holds, and the watch goes on as usual', async () => {
    await world.poll();
    expect(world.newPosts()).toEqual([]);
    world.argo.setApp('charlie', { sync: 'OutOfSync' });
    await world.poll();
    expect(world.newPosts()).toEqual([expect.stringMatching(/`charlie`.*OutOfSync/)]);
});
