import { SettingId } from '../../src/core/settingIds';
import { ActionId } from '../../src/ui/actionIds';
import { containsToken, everythingRecorded, fleetApp, startWorld, Tally, TOKEN } from './harness';
import type { World } from './harness';
import { buttonValue } from '../e2e/world';

// What must never get out or get through: the API token (in any message, reply, event or log
// line the app writes), markup smuggled in through Argo CD's data, hostile /argo arguments, and
// sync or rollback by someone without the role, however the click is forged.

const tally = new Tally(__filename);
const EVIL = 'evil.example';
// Kubernetes caps a name at 253 characters, so that is as long as Argo CD can send one; messages
// (operation, commit, health) have no cap and are sent longer below.
const LONG = `long-${'x'.repeat(248)}`;
const HOSTILE_NAMES = ['@all', '@here', `[x](https://${EVIL})`, `<https://${EVIL}|x>`, 'line1\nline2 @all', 'back`tick`s', LONG];
const HOSTILE_TEXT = `failed @all @here [click](https://${EVIL}) <https://${EVIL}|x>\n**bold** \`code\` ${'y'.repeat(3000)}`;
const REV = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0';
let world: World;

beforeAll(async () => {
    world = await startWorld({
        fleet: [
            fleetApp('guestbook', {
                revision: REV,
                history: [
                    { id: 1, revision: '0'.repeat(40), deployedAt: '2026-11-20T10:00:00Z' },
                    { id: 2, revision: REV, deployedAt: '2026-11-21T10:00:00Z' },
                ],
                revisionMetadata: { [REV]: { author: `@all <https://${EVIL}|me>`, date: '2026-11-21T09:58:00Z', message: HOSTILE_TEXT } },
                healthMessage: HOSTILE_TEXT,
                conditions: [{ type: 'SyncError', message: HOSTILE_TEXT }],
            }),
            fleetApp('hostile-project', { project: `@here [p](https://${EVIL})` }),
            ...HOSTILE_NAMES.map((name) => fleetApp(name)),
        ],
    });
    await world.poll();
    tally.messages += world.newPosts().length;
});

afterAll(async () => {
    tally.write();
    await world?.stop();
});

/** Everything outside inline code and outside our own links to Argo CD. */
function outsideCode(text: string): string {
    const argo = world.argo.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return text
        .replace(/`[^`\n]*`/g, '')
        .replace(new RegExp(`\\[[^\\]\\n]*\\]\\(${argo}/[^\\s()]*\\)`, 'g'), '');
}

/** A message that cannot mention, link elsewhere or break out of its layout. */
function expectInert(text: string): void {
    const outside = outsideCode(text);
    expect(outside).not.toMatch(/@(all|here)\b/);
    expect(outside).not.toContain(EVIL);
    expect(outside).not.toContain('`');
    expect(outside).not.toMatch(/\]\(|<https?:/);
    // Inside code a mention is inert in Rocket.Chat, and it is defused too so copying it out is safe.
    expect(text).not.toMatch(/@(all|here)\b/);
    // Attacker text never starts a line of its own.
    expect(text.split('\n').filter((line) => /^(line2|\*\*bold)/.test(line))).toEqual([]);
    expect(text.length).toBeLessThan(5000);
}

/**
 * A refusal of a typed argument. It goes privately to whoever typed it (an ephemeral message:
 * no mention in it notifies anyone, a link in it only reaches its own author), so what counts is
 * that it says what is wrong and cannot be blown up by the argument.
 */
function expectClearError(text: string): void {
    expect(text).toMatch(/not an app name|no app|at most|not allowed|invalid|unknown|takes one|takes an app name/i);
    expect(text.length).toBeLessThan(1000);
    expect(text.split('\n').length).toBeLessThan(5);
}

async function reply(username: string, command: string): Promise<string> {
    const before = world.chat.notifications(username).length;
    await world.chat.typeCommand(username, 'general', command);
    const mine = world.chat.notifications(username);
    expect(mine.length).toBeGreaterThan(before);
    return mine[mine.length - 1].text;
}

function posts(): string[] {
    const fresh = world.newPosts();
    tally.messages += fresh.length;
    return fresh;
}

function postRequests(): string[] {
    return world.argo.requests().filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
}

function lastNotification(username: string): { id: string; blocks?: unknown[] } {
    const mine = world.chat.notifications(username);
    return mine[mine.length - 1];
}

describe('hostile names and messages from Argo CD', () => {
    test('alerts about apps with hostile names, projects and sync messages cannot mention, link or break the layout', async () => {
        tally.fault('hostile names and operation messages in alerts');
        for (const name of [...HOSTILE_NAMES, 'hostile-project', 'guestbook']) {
            world.argo.setApp(name, {
                sync: 'OutOfSync',
                operation: { phase: 'Failed', message: HOSTILE_TEXT, finishedAt: '2026-11-22T09:00:00Z' },
            });
        }
        await world.poll();
        const alerts = posts();
        expect(alerts.length).toBeGreaterThan(0);
        alerts.forEach(expectInert);
    });

    test('their recoveries, and a storm naming them, are inert too', async () => {
        tally.fault('hostile names in recoveries and storms');
        for (const name of [...HOSTILE_NAMES, 'hostile-project', 'guestbook']) {
            world.argo.setApp(name, { sync: 'Synced', operation: { phase: 'Succeeded', finishedAt: '2026-11-22T09:05:00Z' } });
        }
        await world.poll();
        const recoveries = posts();
        expect(recoveries.length).toBeGreaterThan(0);
        recoveries.forEach(expectInert);

        await world.chat.setSetting(SettingId.StormThreshold, 2);
        HOSTILE_NAMES.forEach((name) => world.argo.setApp(name, { health: 'Degraded' }));
        await world.poll();
        HOSTILE_NAMES.forEach((name) => world.argo.setApp(name, { health: 'Healthy' }));
        await world.poll();
        const grouped = posts();
        expect(grouped.length).toBeGreaterThanOrEqual(2);
        grouped.forEach(expectInert);
        await world.chat.setSetting(SettingId.StormThreshold, 10);
    });

    test('/argo status and /argo app show hostile names, commit and health messages inert', async () => {
        tally.fault('hostile data in /argo status and /argo app');
        HOSTILE_NAMES.forEach((name) => world.argo.setApp(name, { health: 'Degraded' }));
        await world.poll();
        posts();
        expectInert(await reply('alice', '/argo status'));
        expectInert(await reply('alice', '/argo status bad'));
        expectInert(await reply('alice', '/argo app guestbook'));
        expectInert(await reply('alice', '/argo history guestbook'));
    });
});

describe('hostile /argo arguments', () => {
    const ARGS: Array<[string, string]> = [
        ['very long', 'a'.repeat(10_000)],
        ['unicode', '🚀ünïcødé名前'],
        ['a right-to-left override', 'gnp\u202e.exe'],
        ['a path traversal', '../../api/v1/applications/guestbook/sync'],
        ['a query string', 'guestbook?refresh=hard'],
        ['an encoded slash', 'guestbook%2Fsync'],
        ['a NoSQL operator', '{"$ne":null}'],
        ['a shell injection', '$(curl evil.example)'],
        ['an SQL injection', "'; DROP TABLE apps; --"],
        ['a mention', '@all'],
        ['a link', `<https://${EVIL}|x>`],
    ];
    const SUBCOMMANDS = ['app', 'history', 'sync', 'rollback'];

    test.each(ARGS)('%s: a clear error for app, history, sync and rollback, nothing odd sent to Argo CD', async (what, arg) => {
        tally.fault(`hostile argument: ${what}`);
        world.argo.clearRequests();
        for (const sub of SUBCOMMANDS) {
            const text = await reply('admin', `/argo ${sub} ${arg}`);
            expectClearError(text);
        }
        expect((await reply('alice', `/argo status ${arg}`)).length).toBeLessThan(5000);
        expect((await reply('alice', `/argo mute ${arg}`)).length).toBeLessThan(1000);
        expect(postRequests()).toEqual([]);
        // Whatever reached Argo CD is a well-formed call about one app, never a path made of the argument.
        for (const request of world.argo.requests()) {
            expect(request.route).not.toBe('unknown');
            expect(request.route).not.toBe('outside-api');
        }
        await world.chat.typeCommand('alice', 'general', '/argo unmute all');
    });
});

describe('sync and rollback without the role', () => {
    test('typed commands are refused and nothing reaches Argo CD', async () => {
        tally.fault('sync/rollback typed without the role');
        world.argo.clearRequests();
        expect(await reply('alice', '/argo sync guestbook')).toMatch(/not allowed/);
        expect(await reply('alice', '/argo sync guestbook --prune --dry-run')).toMatch(/not allowed/);
        expect(await reply('alice', '/argo rollback guestbook 1')).toMatch(/not allowed/);
        expect(await reply('alice', '/argo rollback guestbook')).toMatch(/not allowed/);
        expect(postRequests()).toEqual([]);
    });

    test('forged clicks (the requester\'s value, altered values, made-up payloads, another app id) send nothing', async () => {
        tally.fault('forged confirmation clicks');
        world.argo.clearRequests();
        await world.chat.typeCommand('admin', 'general', '/argo sync guestbook');
        const confirmation = lastNotification('admin');
        const value = buttonValue(confirmation.blocks, ActionId.Confirm);
        const forgeries: Array<{ actionId: string; value?: string; appId?: string }> = [
            { actionId: ActionId.Confirm, value },
            { actionId: ActionId.Confirm, value: `${value}x` },
            { actionId: ActionId.Confirm, value: value.slice(0, -1) },
            { actionId: ActionId.Confirm, value: JSON.stringify({ action: 'sync', app: 'guestbook', user: 'admin' }) },
            { actionId: ActionId.Confirm, value: '' },
            { actionId: ActionId.Confirm, value: '../../../' },
            { actionId: ActionId.Confirm },
            { actionId: ActionId.Confirm, value, appId: 'another-app' },
            { actionId: ActionId.Cancel, value: buttonValue(confirmation.blocks, ActionId.Cancel) },
        ];
        for (const forged of forgeries) {
            await world.chat.clickButton('alice', { roomName: 'general', ...forged }).catch(() => undefined);
        }
        expect(postRequests()).toEqual([]);
        expect(posts()).toEqual([]);
        // alice's forged Cancel did not cancel the admin's confirmation: it still works for them.
        await world.chat.clickButton('admin', { messageId: confirmation.id, actionId: ActionId.Confirm, value });
        expect(postRequests()).toEqual(['POST /api/v1/applications/guestbook/sync']);
        posts();
    });

    test('a rollback confirmation clicked by someone else does nothing', async () => {
        tally.fault('forged rollback click');
        await world.poll();
        posts();
        world.argo.clearRequests();
        await world.chat.typeCommand('admin', 'general', '/argo rollback guestbook 1');
        const confirmation = lastNotification('admin');
        await world.chat.clickButton('alice', { roomName: 'general', actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) });
        expect(postRequests()).toEqual([]);
    });
});

describe('the API token', () => {
    test('Argo CD errors that echo the token back are redacted everywhere the app writes', async () => {
        tally.fault('errors echoing the token');
        await world.chat.setSetting(SettingId.GracePeriod, '0s');
        const echoes = [
            { kind: 'status' as const, status: 502, route: 'list', body: `upstream rejected Authorization: Bearer ${TOKEN}` },
            { kind: 'status' as const, status: 401, route: 'list', body: JSON.stringify({ error: `token ${TOKEN} is invalid`, code: 16, message: `token ${TOKEN} is invalid` }) },
            { kind: 'html' as const, status: 503, route: 'list', body: `<html><body>bad token ${TOKEN}</body></html>` },
            { kind: 'status' as const, status: 400, route: 'list', body: `Bearer ${TOKEN}` },
        ];
        for (const echo of echoes) {
            world.argo.injectFault(echo);
            await world.poll();
            await reply('admin', '/argo status');
            world.argo.clearFaults();
            await world.poll();
        }
        world.argo.injectFault({ kind: 'status', status: 500, route: 'get', body: `get failed for ${TOKEN}` });
        await reply('alice', '/argo app guestbook');
        world.argo.clearFaults();
        world.argo.injectFault({ kind: 'status', status: 403, route: 'sync', body: JSON.stringify({ error: `permission denied for ${TOKEN}`, code: 7, message: `permission denied for ${TOKEN}` }) });
        await world.chat.typeCommand('admin', 'general', '/argo sync guestbook');
        const confirmation = lastNotification('admin');
        await world.chat.clickButton('admin', { messageId: confirmation.id, actionId: ActionId.Confirm, value: buttonValue(confirmation.blocks, ActionId.Confirm) });
        world.argo.clearFaults();
        tally.messages += posts().length;

        const leaks = everythingRecorded(world.chat).filter((item) => containsToken(item.text)).map((item) => item.where);
        expect(leaks).toEqual([]);
    });

    test('no log entry written by the app holds the token; the engine\'s own setting-update entries are the only ones that do', () => {
        const withToken = world.chat.logs().flatMap((log) => log.entries.map((entry) => ({ method: log.method, entry })))
            .filter(({ entry }) => containsToken(JSON.stringify(entry)));
        // The engine's runtime logs each app method call and its result at debug level ("A method
        // is being called...", "... was successfully called! The result is:"); for the settings
        // hooks that result is the setting itself, value included. The app cannot prevent that.
        const engineOwn = (entry: unknown): boolean => /appMethod/.test(JSON.stringify(entry)) && /"severity":"debug"/.test(JSON.stringify(entry));
        const byApp = withToken.filter(({ entry }) => !engineOwn(entry));
        expect(byApp).toEqual([]);
        const engineMethods = [...new Set(withToken.map(({ method }) => method))];
        expect(engineMethods.filter((method) => !['app:onPreSettingUpdate', 'app:onSettingUpdated'].includes(method ?? ''))).toEqual([]);
    });
});
