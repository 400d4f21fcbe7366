import { parseCommand } from '../../../src/core/commands/parseCommand';
import { suggestApps } from '../../../src/core/commands/suggestApps';
import { authoriseConfirmation } from '../../../src/core/pendingAction';
import type { PendingAction } from '../../../src/core/pendingAction';

const words = (text: string) => text.split(' ');

describe('parseCommand', () => {
    it.each([
        ['', { name: 'help' }],
        ['help', { name: 'help' }],
        ['status', { name: 'status' }],
        ['status project:shop', { name: 'status', filter: 'project:shop' }],
        ['app guestbook', { name: 'app', app: { name: 'guestbook' } }],
        ['app team-a/api', { name: 'app', app: { name: 'api', namespace: 'team-a' } }],
        ['history guestbook', { name: 'history', app: { name: 'guestbook' } }],
        ['sync guestbook', { name: 'sync', app: { name: 'guestbook' }, dryRun: false, prune: false }],
        ['sync --prune guestbook --dry-run', { name: 'sync', app: { name: 'guestbook' }, dryRun: true, prune: true }],
        ['rollback guestbook', { name: 'rollback', app: { name: 'guestbook' } }],
        ['rollback guestbook 3', { name: 'rollback', app: { name: 'guestbook' }, historyId: 3 }],
        ['mute guestbook', { name: 'mute', target: { kind: 'app', name: 'guestbook' }, durationMs: 3600000 }],
        ['mute project:shop 30m deploy freeze', { name: 'mute', target: { kind: 'project', project: 'shop' }, durationMs: 1800000, reason: 'deploy freeze' }],
        ['mute all', { name: 'mute', target: { kind: 'all' }, durationMs: 3600000 }],
        ['unmute all', { name: 'unmute', target: { kind: 'all' } }],
        ['mutes', { name: 'mutes' }],
        ['STATUS', { name: 'status' }],
        ['diff guestbook', { name: 'diff', app: { name: 'guestbook' } }],
        ['diff team-a/api', { name: 'diff', app: { name: 'api', namespace: 'team-a' } }],
        ['ack guestbook', { name: 'ack', app: { name: 'guestbook' } }],
        ['ack guestbook rolling back v2', { name: 'ack', app: { name: 'guestbook' }, note: 'rolling back v2' }],
        ['deploys', { name: 'deploys' }],
        ['deploys guestbook', { name: 'deploys', app: { name: 'guestbook' } }],
        ['deploys team-a/api', { name: 'deploys', app: { name: 'api', namespace: 'team-a' } }],
        ['deploys project:shop', { name: 'deploys', project: 'shop' }],
    ])('"/argo %s"', (text, command) => {
        expect(parseCommand(words(text))).toEqual({ ok: true, value: command });
    });

    it.each([
        ['deploy', /^unknown command `deploy`/],
        ['app', /needs an app name, e.g. `\/argo app guestbook`/],
        ['app Guest_Book', /is not an app name: names use lower-case letters/],
        ['app a/b/c', /is not an app name/],
        ['app one two', /takes one app name/],
        ['deploys one two', /takes one app name/],
        ['deploys project:Shop!', /is not an app name/],
        ['sync guestbook --force', /unknown option `--force` for `\/argo sync`/],
        ['sync one two', /takes one app name/],
        ['rollback guestbook three', /`three` is not a history id/],
        ['rollback guestbook 1 2', /takes an app name and optionally a history id/],
        ['mute', /needs a target/],
        ['mute project:Bad!', /is not a project name/],
        ['mute guestbook 5y', /unknown unit "y"/],
        ['mute guestbook 90d', /from 1s to 30d/],
        [`mute guestbook 1h ${'x'.repeat(201)}`, /reason is too long/],
        [`app ${'a'.repeat(254)}`, /at most 253/],
        ['app ｇｕｅｓｔｂｏｏｋ', /is not an app name/],
        ['app @all', /^`@\u200ball` is not an app name/],
        [`status ${'x'.repeat(101)}`, /filter is too long/],
        ['diff', /needs an app name, e.g. `\/argo diff guestbook`/],
        ['diff one two', /takes one app name/],
        ['ack', /needs an app name, e.g. `\/argo ack guestbook`/],
        [`ack guestbook ${'x'.repeat(201)}`, /too long/],
    ])('"/argo %s" is refused clearly', (text, message) => {
        const result = parseCommand(words(text));
        expect(result.ok).toBe(false);
        expect(!result.ok && result.error).toMatch(message);
    });

    it('quotes hostile input shortened, never whole', () => {
        const result = parseCommand(['app', `${'x'.repeat(100)}[link](http://evil)`]);
        expect(!result.ok && result.error.length).toBeLessThan(200);
    });
});

describe('suggestApps', () => {
    const names = ['guestbook', 'payments', 'payments-worker', 'api-gateway', 'gateway'];
    it.each([
        [['sync', 'pay'], ['payments', 'payments-worker']],
        [['app', 'gate'], ['gateway', 'api-gateway']],
        [['status', 'x'], []],
        [['sync'], ['api-gateway', 'gateway', 'guestbook', 'payments', 'payments-worker']],
        [['sync', 'a', 'b'], []],
    ])('%p suggests %p', (args, expected) => {
        expect(suggestApps(args, names)).toEqual(expected);
    });
});

describe('authoriseConfirmation', () => {
    const now = 1000000;
    const pending: PendingAction = {
        id: 'p1', kind: 'sync', userId: 'u1', username: 'admin', app: { name: 'a', namespace: 'argocd', project: 'default' },
        dryRun: false, prune: false, createdAt: now - 1000, expiresAt: now + 1000,
    };
    it.each([
        ['the requester with the role', pending, { id: 'u1', roles: ['admin'] }, true],
        ['another user, even an admin', pending, { id: 'u2', roles: ['admin'] }, false],
        ['the requester who lost the role', pending, { id: 'u1', roles: ['user'] }, false],
        ['an expired confirmation', { ...pending, expiresAt: now }, { id: 'u1', roles: ['admin'] }, false],
        ['a used or unknown confirmation', undefined, { id: 'u1', roles: ['admin'] }, false],
    ])('%s', (_name, candidate, clicker, allowed) => {
        expect(authoriseConfirmation(candidate, clicker, ['admin'], now).ok).toBe(allowed);
    });
});
