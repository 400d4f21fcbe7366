import { alertDetailsOf } from '../../src/core/alertDetails';
import { code } from '../../src/core/escape';
import type { AlertNotice } from '../../src/core/notices';
import { appLink, renderNotice } from '../../src/core/render';
import { app } from './scenario';

const ctx = { argocdUrl: 'https://example.com/argocd' };

function alert(overrides: Partial<AlertNotice> = {}): AlertNotice {
    return { kind: 'alert', app: app('guestbook', 'OutOfSync', 'Degraded'), added: ['Degraded'], conditions: ['Degraded', 'OutOfSync'], worse: false, ...overrides };
}

describe('rendering', () => {
    it('an alert names the app, its state, short revision and a link that respects the root path', () => {
        const { text } = renderNotice(alert(), ctx);
        expect(text).toBe([
            ':red_circle: `guestbook` is Degraded',
            'sync `OutOfSync` · health `Degraded` · revision `aaaaaaa`',
            '[Open in Argo CD](https://example.com/argocd/applications/argocd/guestbook)',
        ].join('\n'));
    });

    it('names namespace and project when they are not the defaults, and the failed sync message', () => {
        const failing = app('api', 'OutOfSync', 'Healthy', { namespace: 'team-a', project: 'payments', operationPhase: 'Failed' });
        const { text } = renderNotice(alert({ app: failing, added: ['SyncFailed'], conditions: ['SyncFailed', 'OutOfSync'] }), ctx, { operationMessage: 'one or more objects failed to apply', revision: 'b'.repeat(40) });
        expect(text).toContain('`api` (namespace `team-a`, project `payments`) is failing to sync');
        expect(text).toContain('sync message: `one or more objects failed to apply`');
        expect(text).toContain('last sync `Failed`');
        // The full object's revision wins over the list's (which a real Argo CD list cannot carry).
        expect(text).toContain('revision `bbbbbbb`');
        expect(text).toContain('(https://example.com/argocd/applications/team-a/api)');
    });

    it('a worse alert says what was added', () => {
        expect(renderNotice(alert({ worse: true }), ctx).text).toMatch(/^:red_circle: `guestbook` got worse: now also Degraded/);
    });

    it('an OutOfSync alert names the drifted resources from the full app, bounded to "and N more"', () => {
        const full = { status: { resources: [
            { kind: 'Service', namespace: 'shop', name: 'web', status: 'Synced' },
            ...Array.from({ length: 7 }, (_, i) => ({ group: 'apps', kind: 'Deployment', namespace: 'shop', name: `api-${i}`, status: 'OutOfSync' })),
            { kind: 'ClusterRole', name: 'reader', status: 'OutOfSync' },
        ] } };
        const details = alertDetailsOf(full);
        expect(details.driftedResources).toHaveLength(8);
        const { text } = renderNotice(alert({ app: app('a', 'OutOfSync'), added: ['OutOfSync'], conditions: ['OutOfSync'] }), ctx, details);
        expect(text).toContain('drifted resources: `Deployment` `shop/api-0`, `Deployment` `shop/api-1`, `Deployment` `shop/api-2`, `Deployment` `shop/api-3`, `Deployment` `shop/api-4` and 3 more');
        expect(text).not.toContain('`web`');
        // Only OutOfSync alerts name them: a Degraded-only alert is about health.
        expect(renderNotice(alert({ app: app('a', 'Synced', 'Degraded'), added: ['Degraded'], conditions: ['Degraded'] }), ctx, details).text).not.toContain('drifted');
    });

    it('an OutOfSync-only alert is a warning, not critical', () => {
        expect(renderNotice(alert({ app: app('a', 'OutOfSync'), added: ['OutOfSync'], conditions: ['OutOfSync'] }), ctx).text).toMatch(/^:large_orange_diamond:/);
    });

    it('a recovery is one short line with how long it was bad', () => {
        const text = renderNotice({ kind: 'recovery', app: app('guestbook'), badForMs: 750000 }, ctx).text;
        expect(text).toBe(':white_check_mark: `guestbook` is Synced and Healthy again at `aaaaaaa` after 12m · [Open in Argo CD](https://example.com/argocd/applications/argocd/guestbook)');
        expect(text).not.toContain('\n');
    });

    it('the baseline counts and lists the unhealthy apps, bounded', () => {
        const unhealthy = Array.from({ length: 12 }, (_, i) => ({ app: app(`bad-${i}`, 'OutOfSync'), conditions: ['OutOfSync' as const] }));
        const text = renderNotice({ kind: 'baseline', total: 40, unhealthy }, ctx).text;
        expect(text).toMatch(/^:eyes: Argo Drift is watching 40 apps; 12 currently unhealthy: `bad-0` \(OutOfSync\)/);
        expect(text).toMatch(/and 2 more$/);
    });

    it('a storm is one message with counts and the first apps', () => {
        const alerts = Array.from({ length: 15 }, (_, i) => alert({ app: app(`svc-${i}`, 'Synced', 'Degraded') }));
        const text = renderNotice({ kind: 'storm', alerts }, ctx).text;
        expect(text).toMatch(/^:red_circle: 15 apps alerted at once \(15 Degraded\): `svc-0`/);
        expect(text).toContain('and 5 more');
    });
});

describe('escaping text from Argo CD', () => {
    const hostile = [
        '@all deploy now',
        '@here',
        '[click me](https://evil.example.com)',
        '<https://evil.example.com|click>',
        'line one\n# Heading\n> quote',
        'back`tick` break',
        '*bold* _it_ ~strike~',
    ];

    it.each(hostile)('%p becomes one inert code span', (text) => {
        const out = code(text);
        expect(out.startsWith('`') && out.endsWith('`')).toBe(true);
        expect(out.slice(1, -1)).not.toContain('`');
        expect(out).not.toContain('\n');
        expect(out).not.toMatch(/@(all|here)\b/);
    });

    it('hostile app names cannot break out of the alert or its link', () => {
        const evil = app('x](https://evil.example.com) @all', 'Synced', 'Degraded');
        const { text } = renderNotice(alert({ app: evil }), ctx);
        expect(text).not.toMatch(/@all/);
        expect(text).toContain(appLink(ctx.argocdUrl, evil));
        expect(appLink(ctx.argocdUrl, evil)).not.toMatch(/[()\s\]@]/);
        // Outside code spans (which Rocket.Chat leaves unparsed) the only link is ours.
        const outsideCode = text.replace(/`[^`]*`/g, '');
        expect(outsideCode.match(/\]\(/g)).toHaveLength(1);
    });

    it('long messages are truncated to keep the layout', () => {
        expect(Array.from(code('x'.repeat(1000), 100)).length).toBeLessThanOrEqual(102);
    });
});
