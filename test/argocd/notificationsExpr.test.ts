import { canonicalHeaderKey, compile, expressionsOf, goRequestHead, parseNotificationsConfigMap, parseTemplate } from '../../sim/argocd/notifications';
import { configMapYaml, SECRET } from './notificationsConfig';

const neverSynced = { metadata: { name: 'api', namespace: 'argocd' }, status: { sync: { status: 'OutOfSync' }, health: { status: 'Missing' } } };
const failed = { ...neverSynced, status: { ...neverSynced.status, operationState: { phase: 'Failed', finishedAt: '2024-03-05T08:00:00Z' } } };
const run = (src: string, app: unknown = neverSynced): unknown => compile(src).run({ app });

describe('the expr-lang subset of trigger conditions', () => {
    test('member access on nil fails with expr-lang\'s message; a missing key itself is nil', () => {
        expect(() => run('app.status.operationState.phase')).toThrow(/^cannot fetch phase from <nil>$/);
        expect(() => run("app.status.operationState.phase in ['Failed']")).toThrow('cannot fetch phase from <nil>');
        expect(() => run('app.metadata.name.first')).toThrow('cannot fetch first from string');
        expect(run('app.status.operationState')).toBeNull();
        expect(run('app.status.operationState != nil')).toBe(false);
        expect(run('app.status.operationState == nil')).toBe(true);
        expect(run("app.status.sync.revision == 'abc'")).toBe(false);
        expect(run("app.status.sync.revision != 'abc'")).toBe(true);
    });

    test('and/or short-circuit, so a guard protects the member access after it', () => {
        expect(run("app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']")).toBe(false);
        expect(run("app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']", failed)).toBe(true);
        expect(run("app.status.sync.status == 'OutOfSync' or app.status.operationState.phase == 'x'")).toBe(true);
        expect(() => run("app.status.sync.status == 'Synced' or app.status.operationState.phase == 'x'")).toThrow('cannot fetch phase from <nil>');
    });

    test('not binds tighter than == as in expr-lang; parentheses, && || !, double quotes, true/false', () => {
        expect(run("not (app.status.sync.status == 'Synced')")).toBe(true);
        expect(() => run("not app.status.sync.status == 'Synced'")).toThrow('invalid operation: not of string');
        expect(run('!(app.status.health.status in ["Healthy"]) && true || false')).toBe(true);
        expect(run("app.status.health.status in ['Degraded', 'Missing']")).toBe(true);
    });

    test.each([
        ['app.status.operationState?.phase', "operator '?.'"],
        ['len(app.status.resources)', 'function call'],
        ["app.status.resources['a']", 'index access'],
        ["app.status.sync.revision > 'a'", "operator '>'"],
        ["app.metadata.name matches 'a.*'", "operator 'matches'"],
        ["app.metadata.name startsWith 'a'", "operator 'startsWith'"],
        ['app.metadata.generation == 1', 'number literal'],
        ["app.metadata.name not in ['a']", "operator 'not in'"],
        ["app.metadata.name ?? 'x'", "operator '??'"],
        ['app.metadata.name + app.metadata.namespace', "operator '+'"],
        ['app.a ? 1 : 2', "operator '?'"],
    ])('refuses %s (%s)', (src, construct) => {
        expect(() => compile(src)).toThrow(`unsupported construct: ${construct}`);
    });
});

describe('the text/template subset of webhook bodies and paths', () => {
    test('field paths render, a missing one is "<no value>" as in Go', () => {
        const t = parseTemplate('{"app": "{{.app.metadata.name}}", "op": "{{ .app.status.operationState.phase }}"}');
        expect(t.execute({ app: neverSynced })).toBe('{"app": "api", "op": "<no value>"}');
    });

    test.each(['{{if .app}}x{{end}}', '{{.app.metadata.name | urlquery}}', '{{- .app.metadata.name}}', '{{$x := 1}}', '{{.app.metadata.name'])('refuses %s', (src) => {
        expect(() => parseTemplate(src)).toThrow(/unsupported template construct|unclosed action/);
    });
});

describe("the README's ConfigMap (deploy/argocd-notifications-cm.yaml)", () => {
    const config = parseNotificationsConfigMap(configMapYaml(), SECRET);

    test('parses, and every expression in it is accepted', () => {
        const exprs = expressionsOf(config);
        expect(exprs).toHaveLength(7);
        for (const e of exprs) expect(() => compile(e)).not.toThrow();
    });

    test('names Content-Type and the secret header, one guarded condition per state, a subscription', () => {
        const service = config.services.get('argo-drift');
        expect(service?.url).toBe('https://chat.example.com/api/apps/public/<app id>/argocd-webhook');
        expect(service?.headers).toEqual([
            { name: 'Content-Type', value: 'application/json' },
            { name: 'X-Argo-Drift-Secret', value: 's3cret' },
        ]);
        const whens = config.triggers.get('on-argo-drift-change')?.map((c) => c.when);
        expect(whens).toEqual([
            "app.status.sync.status == 'OutOfSync'",
            "app.status.health.status == 'Degraded'",
            "app.status.health.status == 'Missing'",
            "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']",
            "app.status.sync.status == 'Unknown'",
            "app.status.sync.status == 'Synced' and app.status.health.status == 'Healthy'",
        ]);
        // No condition of it fails on an app that never synced.
        for (const c of config.triggers.get('on-argo-drift-change') ?? []) expect(() => c.program.run({ app: neverSynced })).not.toThrow();
        expect(config.subscriptions).toEqual([{ recipients: ['argo-drift'], triggers: ['on-argo-drift-change'] }]);
    });
});

describe("Go's request head", () => {
    const url = new URL('http://chat.example.com:3000/api/apps/public/x/argocd-webhook?a=1');
    test('canonical header names, sorted, between Content-Length and the Accept-Encoding the transport adds', () => {
        const head = goRequestHead('POST', url, [{ name: 'x-argo-drift-secret', value: 's' }, { name: 'content-type', value: 'application/json' }], 12);
        expect(head).toBe(
            'POST /api/apps/public/x/argocd-webhook?a=1 HTTP/1.1\r\nHost: chat.example.com:3000\r\nUser-Agent: Go-http-client/1.1\r\nContent-Length: 12\r\n' +
                'Content-Type: application/json\r\nX-Argo-Drift-Secret: s\r\nAccept-Encoding: gzip\r\n\r\n',
        );
    });

    test('a configured User-Agent or Accept-Encoding replaces the default; a GET without body has no Content-Length', () => {
        const head = goRequestHead('GET', url, [{ name: 'User-Agent', value: 'argocd' }, { name: 'Accept-Encoding', value: 'identity' }], 0);
        expect(head).toBe('GET /api/apps/public/x/argocd-webhook?a=1 HTTP/1.1\r\nHost: chat.example.com:3000\r\nUser-Agent: argocd\r\nAccept-Encoding: identity\r\n\r\n');
        expect(canonicalHeaderKey('x-ARGO-drift-secret')).toBe('X-Argo-Drift-Secret');
    });
});
