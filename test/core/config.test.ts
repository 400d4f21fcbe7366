import { parseConfig } from '../../src/core/config';
import { parseDuration, formatDuration } from '../../src/core/duration';
import { SettingId } from '../../src/core/settingIds';

const valid = { [SettingId.ArgoCdUrl]: 'https://argocd.example.com/', [SettingId.ArgoCdToken]: 'aaa.bbb.ccc' };

describe('parseDuration', () => {
    it.each([
        ['90s', 90000], ['2m', 120000], ['1h30m', 5400000], ['2 minutes', 120000], ['1.5h', 5400000], [' 10 S ', 10000], ['500ms', 500],
    ])('%s is %d ms', (text, ms) => {
        expect(parseDuration(text)).toEqual({ ok: true, value: ms });
    });

    it.each(['', '120', 'soon', '5 fortnights', '2m and then some', '-5m'])('"%s" is refused with what to enter', (text) => {
        const result = parseDuration(text);
        expect(result.ok).toBe(false);
        expect(!result.ok && result.error).toMatch(/30s, 2m, 1h/);
    });

    it.each([[45000, '45s'], [150000, '2m 30s'], [3900000, '1h 5m'], [183600000, '2d 3h']])('formats %d ms as %s', (ms, text) => {
        expect(formatDuration(ms)).toBe(text);
    });
});

describe('parseConfig', () => {
    it('applies the defaults: 2m interval, grace of one interval, the default states, storm 10, admins sync', () => {
        const { config, problems } = parseConfig(valid);
        expect(problems).toEqual([]);
        expect(config).toEqual({
            argocd: { url: 'https://argocd.example.com', token: 'aaa.bbb.ccc', skipTlsVerify: false, timeoutMs: 20000 },
            scope: { projects: [] },
            channel: 'deploys',
            pollIntervalMs: 120000,
            graceMs: 120000,
            alertOn: ['OutOfSync', 'Degraded', 'Missing', 'SyncFailed', 'ComparisonError'],
            stormThreshold: 10,
            syncRoles: ['admin'],
            routes: [],
            reminderMs: 0,
            contextFetchLimit: 10,
            // Anyone may ack; flapping is more than 3 flips in 30m; stuck rollouts are off.
            ackRoles: [],
            flapThreshold: 3,
            flapWindowMs: 1800000,
            progressingDeadlineMs: 0,
        });
    });

    it.each([
        [SettingId.FlapThreshold, -1, /Flapping threshold "-1" must be a whole number from 0 \(off\) to 100/],
        [SettingId.FlapThreshold, 2.5, /Flapping threshold "2.5"/],
        [SettingId.FlapWindow, '0s', /Flapping window must be between 1s and 24h/],
        [SettingId.FlapWindow, 'often', /Flapping window/],
        [SettingId.ProgressingDeadline, '8d', /Progressing deadline must be between 1s and 7d/],
        [SettingId.ProgressingDeadline, 'soon', /Progressing deadline/],
        [SettingId.AckRoles, 'admin, moderator', /Roles allowed to acknowledge: "moderator" is a room role/],
    ])('%s = %p is refused with what to enter', (setting, value, message) => {
        const { config, problems } = parseConfig({ ...valid, [setting]: value });
        expect(config).toBeUndefined();
        expect(problems).toEqual([{ setting, message: expect.stringMatching(message) }]);
    });

    it('reads flapping, the progressing deadline and ack roles', () => {
        const { config } = parseConfig({ ...valid, [SettingId.FlapThreshold]: 0, [SettingId.FlapWindow]: '1h', [SettingId.ProgressingDeadline]: '15m', [SettingId.AckRoles]: 'sre, admin' });
        expect(config).toMatchObject({ flapThreshold: 0, flapWindowMs: 3600000, progressingDeadlineMs: 900000, ackRoles: ['sre', 'admin'] });
    });

    it('keeps a root path and reads the scope', () => {
        const { config } = parseConfig({
            ...valid, [SettingId.ArgoCdUrl]: 'http://example.com/argocd//', [SettingId.Projects]: 'shop, payments',
            [SettingId.Selector]: 'team=web,tier in (api,ui),!legacy', [SettingId.AppNamespace]: 'apps', [SettingId.Channel]: '#ops',
            [SettingId.GracePeriod]: '5m', [SettingId.AlertOn]: 'degraded, sync-failed, Unknown', [SettingId.SkipTlsVerify]: true,
        });
        expect(config).toMatchObject({
            argocd: { url: 'http://example.com/argocd', skipTlsVerify: true },
            scope: { projects: ['shop', 'payments'], selector: 'team=web,tier in (api,ui),!legacy', appNamespace: 'apps' },
            channel: 'ops', graceMs: 300000, alertOn: ['Degraded', 'SyncFailed', 'Unknown'],
        });
    });

    it.each([
        [SettingId.ArgoCdUrl, 'argocd.example.com', /not a full address with a scheme.*https:\/\/argocd.example.com/],
        [SettingId.ArgoCdUrl, 'ftp://argocd.example.com', /only http and https/],
        [SettingId.ArgoCdUrl, 'https://user:pw@argocd.example.com', /must not carry a user or password/],
        [SettingId.ArgoCdToken, '', /API token is empty/],
        [SettingId.ArgoCdToken, 'Bearer aaa.bbb.ccc', /without "Bearer"/],
        [SettingId.PollInterval, 'often', /Poll interval: .*2m/],
        [SettingId.PollInterval, '100ms', /between 1s and 24h/],
        [SettingId.GracePeriod, '5', /Grace period: .*no unit|Grace period: .*duration/],
        [SettingId.AlertOn, 'OutOfSync, Exploded', /"Exploded" is not a state.*choose from/],
        [SettingId.StormThreshold, 'many', /whole number/],
        [SettingId.StormThreshold, 0, /whole number of 1 or more/],
        [SettingId.Selector, '=web', /not a valid requirement/],
        [SettingId.Selector, 'tier in api', /not a valid requirement/],
        [SettingId.RequestTimeout, 'forever', /Request timeout/],
        [SettingId.RequestTimeout, '25s', /between 1s and 20s.*30s limit/],
        [SettingId.RequestTimeout, '3m', /between 1s and 20s/],
    ])('%s = %p is refused with a message saying what to enter', (id, value, message) => {
        const { config, problems } = parseConfig({ ...valid, [id]: value });
        expect(config).toBeUndefined();
        expect(problems).toEqual([{ setting: id, message: expect.stringMatching(message) }]);
    });

    it('never echoes the token in a problem', () => {
        const { problems } = parseConfig({ ...valid, [SettingId.ArgoCdToken]: 'secret value.with.space' });
        expect(JSON.stringify(problems)).not.toContain('secret');
    });
});

describe('sync_roles and Rocket.Chat\'s roles', () => {
    it.each(['owner', 'moderator', 'Leader'])('the room role "%s" is refused: apps see a user\'s global roles only', (role) => {
        const { config, problems } = parseConfig({ ...valid, [SettingId.SyncRoles]: `admin, ${role}` });
        expect(config).toBeUndefined();
        expect(problems).toEqual([expect.objectContaining({ setting: SettingId.SyncRoles, message: expect.stringMatching(new RegExp(`"${role}" is a room role.*global roles`)) })]);
    });
    it('global roles, including custom ones, are accepted', () => {
        expect(parseConfig({ ...valid, [SettingId.SyncRoles]: 'admin, deployer' }).config?.syncRoles).toEqual(['admin', 'deployer']);
    });
});

describe('deploy_feed_match', () => {
    it('is off by default and takes one matcher per line, as autosync_match does', () => {
        expect(parseConfig(valid).config?.deployFeed).toBeUndefined();
        const { config } = parseConfig({ ...valid, [SettingId.DeployFeedMatch]: 'project:shop\n# a comment\n\nname:pay*\nselector:team=web' });
        expect(config?.deployFeed?.map((rule) => rule.match.kind)).toEqual(['project', 'name', 'selector']);
    });

    it('names each bad line and what to write', () => {
        const { config, problems } = parseConfig({ ...valid, [SettingId.DeployFeedMatch]: 'project:shop\nshop -> #deploys\nselector:team in (' });
        expect(config).toBeUndefined();
        expect(problems.map((p) => p.message)).toEqual([
            expect.stringMatching(/^Deploy feed apps, line 2: "shop -> #deploys" is not a matcher; write one per line as `project:NAME`/),
            expect.stringMatching(/^Deploy feed apps, line 3: /),
        ]);
    });
});
