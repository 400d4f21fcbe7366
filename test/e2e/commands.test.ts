import { formatDuration } from '../../src/core/duration';
import { SettingId } from '../../src/core/settingIds';
import { ActionId } from '../../src/ui/actionIds';
import { buttonValue, fleetApp, startWorld, TOKEN } from './world';
import type { World } from './world';

// `/argo` end to end: the slash command in the real engine against the Argo CD test server.

const REV_NEW = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0';
const REV_OLD = '0f9e8d7c6b5a4f3e2d1c0f9e8d7c6b5a4f3e2d1c';
let world: World;

beforeAll(async () => {
    world = await startWorld({
        server: {
            tokens: { [TOKEN]: { username: 'argo-drift', canSync: (app) => app.name !== 'locked' } },
        },
        fleet: [
            fleetApp('guestbook', {
                revision: REV_NEW,
                targetRevision: 'main',
                history: [
                    { id: 1, revision: REV_OLD, deployedAt: '2026-11-20T10:00:00Z', initiatedBy: { username: 'carol' } },
                    { id: 2, revision: REV_NEW, deployedAt: '2026-11-21T10:00:00Z', initiatedBy: { automated: true } },
                ],
                revisionMetadata: { [REV_NEW]: { author: 'Dana <dana@example.com>', date: '2026-11-21T09:58:00Z', message: 'Bump guestbook to v2\n\nLonger body' } },
            }),
            fleetApp('payments', {
                project: 'shop',
                health: 'Degraded',
                autoSync: true,
                resources: [
                    { kind: 'Deployment', namespace: 'payments', name: 'payments-api', status: 'Synced', health: { status: 'Degraded', message: 'Deployment exceeded its progress deadline' } },
                    { kind: 'Service', namespace: 'payments', name: 'payments-api', status: 'Synced', health: { status: 'Healthy' } },
                ],
                history: [
                    { id: 4, revision: REV_OLD, deployedAt: '2026-11-20T10:00:00Z' },
                    { id: 5, revision: REV_NEW, deployedAt: '2026-11-21T10:00:00Z' },
                ],
            }),
            fleetApp('frozen', { syncWindowBlocked: true, sync: 'OutOfSync' }),
            fleetApp('locked'),
            fleetApp('busy', { operation: { phase: 'Running', startedAt: '2026-11-22T09:00:00Z' }, health: 'Progressing' }),
        ],
    });
    await world.poll();
    world.newPosts();
});

afterAll(async () => {
    await world?.stop();
});

function syncRequests(): string[] {
    return world.argo.requests().filter((r) => r.method === 'POST').map((r) => `${r.path} ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body)}`);
}

function lastNotification(username: string) {
    const mine = world.chat.notifications(username);
    return mine[mine.length - 1];
}

test('help and an unknown subcommand answer privately with the usage', async () => {
    await world.chat.typeCommand('alice', 'deploys', '/argo');
    expect(world.lastReply('alice')).toContain('`/argo status [filter]`');
    await world.chat.typeCommand('alice', 'deploys', '/argo deploy everything');
    expect(world.lastReply('alice')).toMatch(/^unknown command `deploy`\.\n\*\/argo\* commands:/);
    expect(world.newPosts()).toEqual([]);
});

test('status shows counts, the bad apps and when Argo CD was last read', async () => {
    await world.chat.typeCommand('alice', 'deploys', '/argo status');
    const text = world.lastReply('alice');
    expect(text).toMatch(/Reading Argo CD every 2m without a problem since \d{4}-\d\d-\d\d \d\d:\d\d UTC \((?:\d+[dhms] ?)+ ago\)\./);
    expect(text).toContain('5 apps: 2 Synced and Healthy · 1 OutOfSync · 1 Degraded · 1 Progressing');
    expect(text).toContain('• `payments`: Degraded for');
    expect(text).toContain('*Synced and Healthy (2)*: `guestbook`, `locked`');
});

test('status filters by project and by state', async () => {
    await world.chat.typeCommand('alice', 'deploys', '/argo status project:shop');
    expect(world.lastReply('alice')).toContain('1 app: 0 Synced and Healthy · 1 Degraded');
    await world.chat.typeCommand('alice', 'deploys', '/argo status OutOfSync');
    expect(world.lastReply('alice')).toMatch(/1 app: .*\n\*Not fine \(1\)\*\n• `frozen`: OutOfSync/);
});

test('app shows sync, health, the commit, unhealthy resources, recent syncs and a link', async () => {
    await world.chat.typeCommand('alice', 'deploys', '/argo app guestbook');
    const text = world.lastReply('alice');
    // The author's address is defused so it cannot mention anyone.
    expect(text).toContain('Revision `a1b2c3d` (tracking `main`): `Dana <dana@\u200bexample.com>`');
    expect(text).toContain('`Bump guestbook to v2`');
    expect(text).toMatch(/• `2` `a1b2c3d` deployed [\dhmds ]+ ago automated\n• `1` `0f9e8d7` deployed [\dhmds ]+ ago by `carol`/);
    expect(text).toContain(`[Open in Argo CD](${world.argo.url}/applications/argocd/guestbook)`);
    await world.chat.typeCommand('alice', 'deploys', '/argo app payments');
    expect(world.lastReply('alice')).toContain('• `Deployment` `payments/payments-api`: `Degraded` (`Deployment exceeded its progress deadline`)');
});

test('app for a name Argo CD does not show answers in plain words', async () => {
    await world.chat.typeCommand('alice', 'deploys', '/argo app nope');
    expect(world.lastReply('alice')).toMatch(/There is no app `nope` that Argo Drift's token can see/);
    await world.chat.typeCommand('alice', 'deploys', '/argo app Bad_Name!');
    expect(world.lastReply('alice')).toMatch(/`Bad_Name!` is not an app name/);
});

test('history lists deployments with ids, revisions, times and who started them', async () => {
    await world.chat.typeCommand('alice', 'deploys', '/argo history guestbook');
    expect(world.lastReply('alice')).toMatch(/^\*Deployments of `guestbook`\* \(newest first; roll back with `\/argo rollback guestbook <id>`\)\n• `2` `a1b2c3d` deployed .* automated\n• `1` `0f9e8d7` deployed .* by `carol`$/);
});

test('a plain user cannot sync: a clear refusal and no request reaches Argo CD', async () => {
    world.argo.clearRequests();
    await world.chat.typeCommand('alice', 'deploys', '/argo sync guestbook');
    expect(world.lastReply('alice')).toMatch(/You are not allowed to sync `guestbook`: it needs one of the roles `admin`.*Nothing was sent to Argo CD/);
    expect(world.argo.requests()).toEqual([]);
});

test('sync asks for confirmation; Cancel sends nothing', async () => {
    world.argo.clearRequests();
    await world.chat.typeCommand('admin', 'deploys', '/argo sync guestbook --prune');
    const confirmation = lastNotification('admin');
    expect(confirmation.text).toBe('Sync `guestbook` from `a1b2c3d` to `main` (prune)?');
    expect(JSON.stringify(confirmation.blocks)).toContain(ActionId.Confirm);
    await world.chat.clickButton('admin', { messageId: confirmation.id, actionId: ActionId.Cancel, value: buttonValue(confirmation.blocks, ActionId.Cancel) });
    expect(world.lastReply('admin')).toBe('Cancelled: nothing was sent to Argo CD for `guestbook`.');
    // The cancelled confirmation cannot be used afterwards either.
    await world.chat.clickButton('admin', { messageId: confirmation.id, actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) });
    expect(world.lastReply('admin')).toMatch(/already used, cancelled or has expired/);
    expect(syncRequests()).toEqual([]);
});

test('a confirmed sync reaches Argo CD once and leaves an audit line in the channel; a replayed click does nothing', async () => {
    world.argo.clearRequests();
    await world.chat.typeCommand('admin', 'deploys', '/argo sync guestbook --dry-run');
    const confirmation = lastNotification('admin');
    const click = { messageId: confirmation.id, actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) };
    await world.chat.clickButton('admin', click);
    expect(syncRequests()).toEqual([`/api/v1/applications/guestbook/sync {"name":"guestbook","dryRun":true,"prune":false,"appNamespace":"argocd"}`]);
    expect(world.newPosts()).toEqual([expect.stringMatching(/^:arrows_counterclockwise: `admin` synced `guestbook`( to `[^`]+`)? \(dry run\)$/)]);
    expect(world.lastReply('admin')).toMatch(/^Sent to Argo CD: `admin` synced `guestbook`/);
    await world.chat.clickButton('admin', click);
    expect(world.lastReply('admin')).toMatch(/already used/);
    expect(syncRequests()).toHaveLength(1);
});

test('confirmations nobody clicked are dropped once expired, not kept forever', async () => {
    const pending = () => world.chat.persistenceRecords().filter((r) => JSON.stringify(r.associations).includes('argo-drift:pending-action'));
    await world.chat.typeCommand('admin', 'deploys', '/argo sync guestbook');
    const [record] = pending().slice(-1);
    world.chat.setPersistenceRecordData(record.id, { ...(record.data as object), expiresAt: Date.now() - 1000 });
    const before = pending().length;
    await world.chat.typeCommand('admin', 'deploys', '/argo sync guestbook');
    expect(pending()).toHaveLength(before);
    expect(pending().some((r) => r.id === record.id)).toBe(false);
});

test('a forged click by a user without the role does nothing', async () => {
    world.argo.clearRequests();
    await world.chat.typeCommand('admin', 'deploys', '/argo sync guestbook');
    const confirmation = lastNotification('admin');
    await world.chat.clickButton('alice', { roomName: 'deploys', actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) });
    expect(world.lastReply('alice')).toBe('Only the person who asked for this action can confirm it.');
    expect(syncRequests()).toEqual([]);
    // The requester can still use it.
    await world.chat.clickButton('admin', { messageId: confirmation.id, actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) });
    expect(syncRequests()).toHaveLength(1);
    world.newPosts();
});

test.each([
    ['frozen', /a sync window blocks syncing `frozen` right now/],
    ['locked', /Argo CD refused to sync `locked`: permission denied for Argo Drift's token/],
    ['busy', /An operation is already running on `busy`; wait for it to finish/],
])('Argo CD refusing to sync %s comes back in plain words', async (name, message) => {
    await world.chat.typeCommand('admin', 'deploys', `/argo sync ${name}`);
    const confirmation = lastNotification('admin');
    await world.chat.clickButton('admin', { messageId: confirmation.id, actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) });
    expect(world.lastReply('admin')).toMatch(message);
    expect(world.newPosts()).toEqual([]);
});

test('rollback is refused up front while auto-sync is on, with how to proceed', async () => {
    world.argo.clearRequests();
    await world.chat.typeCommand('admin', 'deploys', '/argo rollback payments 4');
    expect(world.lastReply('admin')).toMatch(/refuses to roll back `payments` while auto-sync is on.*Turn auto-sync off/);
    expect(syncRequests()).toEqual([]);
});

test('rollback shows from and to, and once confirmed reaches Argo CD with the history id', async () => {
    // Earlier syncs are still running in Argo CD until its controller's next pass (a list call here).
    await world.poll();
    world.newPosts();
    world.argo.clearRequests();
    await world.chat.typeCommand('admin', 'deploys', '/argo rollback guestbook 9');
    expect(world.lastReply('admin')).toMatch(/has no deployment with id 9/);
    await world.chat.typeCommand('admin', 'deploys', '/argo rollback guestbook');
    const confirmation = lastNotification('admin');
    expect(confirmation.text).toMatch(/^Roll back `guestbook` to deployment `1` from `[0-9a-f]{7}` to `0f9e8d7`\?$/);
    await world.chat.clickButton('admin', { messageId: confirmation.id, actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) });
    expect(syncRequests()).toEqual([`/api/v1/applications/guestbook/rollback {"name":"guestbook","id":1,"dryRun":false,"prune":false,"appNamespace":"argocd"}`]);
    expect(world.newPosts()).toEqual(['`admin` rolled back `guestbook` to deployment `1` (`0f9e8d7`)'].map((t) => `:rewind: ${t}`));
});

/** How a mute ending at `until` can read while a command runs between `from` and `to`: the app reads its clock once, somewhere in there. */
function remainingAsShown(until: number, from: number, to: number): string[] {
    const shown = new Set<string>();
    for (let now = from; now < to + 1000; now += 1000) {
        shown.add(formatDuration(until - Math.min(now, to)));
    }
    return [...shown];
}

test('mute silences an app, mutes lists it, and an app still bad when unmuted alerts once', async () => {
    const muting = Date.now();
    await world.chat.typeCommand('alice', 'deploys', '/argo mute locked 2h maintenance window');
    const muted = Date.now();
    expect(world.lastReply('alice')).toMatch(/^Muted `locked` for 2h \(`maintenance window`\)/);
    const [{ until }] = world.chat.persistenceRecords().filter((r) => JSON.stringify(r.associations).includes('argo-drift:mute') && JSON.stringify(r.data).includes('locked')).map((r) => r.data as { until: number });
    expect(until).toBeGreaterThanOrEqual(muting + 2 * 3600 * 1000);
    expect(until).toBeLessThanOrEqual(muted + 2 * 3600 * 1000);
    world.argo.setApp('locked', { health: 'Degraded' });
    await world.poll();
    expect(world.newPosts().filter((t) => t.includes('`locked`'))).toEqual([]);
    // 2h less the time the poll and the commands took: "2h" on a quick machine, "1h 59m" on a slow one.
    const asked = Date.now();
    await world.chat.typeCommand('alice', 'deploys', '/argo mutes');
    const remaining = remainingAsShown(until, asked, Date.now());
    expect(remaining.map((duration) => `*Mutes (1)*\n• \`locked\` for ${duration} more, by \`alice\`: \`maintenance window\``)).toContain(world.lastReply('alice'));
    await world.chat.typeCommand('alice', 'deploys', '/argo status locked');
    expect(world.lastReply('alice')).toContain('(muted)');
    await world.chat.typeCommand('alice', 'deploys', '/argo unmute locked');
    expect(world.lastReply('alice')).toMatch(/^Unmuted `locked`/);
    await world.poll();
    expect(world.newPosts().filter((t) => t.includes('`locked`'))).toEqual([expect.stringMatching(/^:red_circle: `locked` is Degraded/)]);
    await world.chat.typeCommand('alice', 'deploys', '/argo unmute locked');
    expect(world.lastReply('alice')).toMatch(/was not muted/);
});

test('mute project: and all, and bad mute input gets a clear error', async () => {
    await world.chat.typeCommand('alice', 'deploys', '/argo mute project:shop 30m');
    expect(world.lastReply('alice')).toMatch(/^Muted `project:shop` for 30m/);
    await world.chat.typeCommand('alice', 'deploys', '/argo mute all 10x');
    expect(world.lastReply('alice')).toMatch(/^mute duration: "10x" has an unknown unit "x"/);
    await world.chat.typeCommand('alice', 'deploys', `/argo mute ${'a'.repeat(300)}`);
    expect(world.lastReply('alice')).toMatch(/at most 253/);
    await world.chat.typeCommand('alice', 'deploys', '/argo unmute project:shop');
});

test('app names autocomplete from the last snapshot, without calling Argo CD', async () => {
    world.argo.clearRequests();
    const previews = await world.chat.commandPreviews('alice', 'deploys', '/argo sync pa');
    expect(JSON.stringify(previews)).toContain('"value":"payments"');
    expect(JSON.stringify(previews)).not.toContain('guestbook');
    expect(world.argo.requests()).toEqual([]);
});

test('status reports a configuration problem where an admin sees it', async () => {
    await world.chat.setSetting(SettingId.Channel, 'gone');
    await world.poll();
    await world.chat.typeCommand('admin', 'deploys', '/argo status');
    expect(world.lastReply('admin')).toContain(':warning: Not posting: the channel "gone" does not exist');
    await world.chat.setSetting(SettingId.Channel, 'deploys');
});

test('status shows the latest run\'s facts only: a problem that cleared is gone, and an unchanged poll writes nothing', async () => {
    await world.chat.setSetting(SettingId.StormThreshold, 'many');
    await world.poll();
    await world.chat.typeCommand('admin', 'deploys', '/argo status');
    expect(world.lastReply('admin')).toMatch(/Not watching: .*whole number/);
    await world.chat.setSetting(SettingId.StormThreshold, 10);
    await world.poll();
    await world.chat.typeCommand('admin', 'deploys', '/argo status');
    const fixed = world.lastReply('admin');
    expect(fixed).not.toMatch(/Not watching|warning/);
    expect(fixed).toMatch(/Reading Argo CD every 2m without a problem since/);
    const status = () => world.chat.persistenceRecords().filter((r) => JSON.stringify(r.associations).includes('argo-drift:status'));
    const before = JSON.stringify(status());
    await world.poll();
    await world.poll();
    expect(JSON.stringify(status())).toBe(before);
    world.newPosts();
});

test.each([0, 250])('two concurrent Confirm clicks and a replay racing them reach Argo CD once (persistence latency %i ms)', async (latency) => {
    // Earlier syncs are still running in Argo CD until its controller's next pass (a list call here).
    await world.poll();
    world.newPosts();
    world.argo.clearRequests();
    await world.chat.typeCommand('admin', 'deploys', '/argo sync guestbook --dry-run');
    const confirmation = lastNotification('admin');
    const click = { messageId: confirmation.id, actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) };
    world.chat.setPersistenceLatency(latency);
    try {
        await Promise.all([world.chat.clickButton('admin', click), world.chat.clickButton('admin', click), world.chat.clickButton('admin', click)]);
    } finally {
        world.chat.setPersistenceLatency(0);
    }
    expect(syncRequests()).toHaveLength(1);
    expect(world.newPosts()).toHaveLength(1);
    const replies = world.chat.notifications('admin').slice(-3).map((n) => n.text);
    expect(replies.filter((text) => /^Sent to Argo CD/.test(text))).toHaveLength(1);
    expect(replies.filter((text) => /already used/.test(text))).toHaveLength(2);
});

test('Cancel racing Confirm: exactly one of them wins', async () => {
    await world.poll();
    world.newPosts();
    world.argo.clearRequests();
    await world.chat.typeCommand('admin', 'deploys', '/argo sync guestbook --dry-run');
    const confirmation = lastNotification('admin');
    world.chat.setPersistenceLatency(100);
    try {
        await Promise.all([
            world.chat.clickButton('admin', { messageId: confirmation.id, actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) }),
            world.chat.clickButton('admin', { messageId: confirmation.id, actionId: ActionId.Cancel, value: buttonValue(confirmation.blocks, ActionId.Cancel) }),
        ]);
    } finally {
        world.chat.setPersistenceLatency(0);
    }
    const replies = world.chat.notifications('admin').slice(-2).map((n) => n.text);
    const sent = replies.filter((text) => /^Sent to Argo CD/.test(text)).length;
    const cancelled = replies.filter((text) => /^Cancelled/.test(text)).length;
    expect(sent + cancelled).toBe(1);
    expect(syncRequests()).toHaveLength(sent);
    world.newPosts();
});
