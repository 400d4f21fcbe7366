import { ADMIN_TOKEN, ArgoCdTestServer, FleetApp } from '../../sim/argocd';
import { call } from './http';

const REV_A = 'a'.repeat(40);
const REV_B = 'b'.repeat(40);

const fleet = (): FleetApp[] => [
    { name: 'zeta', sync: 'Synced', health: 'Healthy', project: 'payments', repoURL: 'https://git.example.com/pay.git', labels: { team: 'pay' } },
    {
        name: 'alpha',
        sync: 'OutOfSync',
        health: 'Degraded',
        healthMessage: 'Deployment has exceeded its progress deadline',
        revision: REV_B,
        history: [{ id: 3, revision: REV_A, deployedAt: '2024-03-05T07:33:04Z', initiatedBy: { username: 'dana' } }],
        revisionMetadata: { [REV_B]: { author: 'Dana <dana@example.com>', date: '2024-03-06T10:00:00Z', message: 'bump image', tags: ['v1.2.0'] } },
        conditions: [{ type: 'SyncError', message: 'failed to sync' }],
    },
    { name: 'mid', namespace: 'team-a', sync: 'Synced', health: 'Healthy', project: 'payments' },
];

describe('Argo CD test server: routes', () => {
    let server: ArgoCdTestServer;
    const token = ADMIN_TOKEN;

    beforeEach(async () => {
        server = await ArgoCdTestServer.start({ fleet: fleet() });
    });
    afterEach(() => server.stop());

    test('GET /api/version needs no token and only shows the version to anonymous callers', async () => {
        const anon = await call(`${server.url}/api/version`);
        expect(anon.status).toBe(200);
        expect(anon.json()).toEqual({ Version: 'v3.6.0+37ee009' });
        const authed = (await call(`${server.url}/api/version`, { token })).json();
        expect(authed.Version).toBe('v3.6.0+37ee009');
        expect(authed.GoVersion).toMatch(/^go1\./);
    });

    test('the version string is configurable', async () => {
        const old = await ArgoCdTestServer.start({ version: 'v2.9.3+6eba5be' });
        try {
            expect((await call(`${old.url}/api/version`)).json()).toEqual({ Version: 'v2.9.3+6eba5be' });
        } finally {
            await old.stop();
        }
    });

    test('the list is sorted by name, carries metadata.resourceVersion and full items', async () => {
        const r = await call(`${server.url}/api/v1/applications`, { token });
        expect(r.status).toBe(200);
        expect(r.headers['content-type']).toBe('application/json');
        const body = r.json();
        expect(body.metadata.resourceVersion).toMatch(/^\d+$/);
        expect(body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['alpha', 'mid', 'zeta']);
        const alpha = body.items[0];
        expect(alpha.metadata).toMatchObject({ namespace: 'argocd', generation: expect.any(Number), creationTimestamp: expect.stringMatching(/Z$/) });
        expect(alpha.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(alpha.spec).toMatchObject({ project: 'default', source: { targetRevision: 'HEAD' }, destination: { server: 'https://kubernetes.default.svc' } });
        expect(alpha.status.sync).toMatchObject({ status: 'OutOfSync', revision: REV_B, comparedTo: { source: expect.any(Object) } });
        expect(alpha.status.health).toMatchObject({ status: 'Degraded', message: 'Deployment has exceeded its progress deadline' });
        expect(alpha.status.history).toEqual([
            expect.objectContaining({ id: 3, revision: REV_A, deployedAt: '2024-03-05T07:33:04Z', initiatedBy: { username: 'dana' } }),
        ]);
        expect(alpha.status.conditions[0]).toMatchObject({ type: 'SyncError', message: 'failed to sync', lastTransitionTime: expect.any(String) });
        expect(alpha.status).toMatchObject({ sourceType: expect.any(String), reconciledAt: expect.any(String), summary: expect.any(Object) });
        // Go's omitempty: no operation ran, so neither key exists.
        expect('operationState' in alpha.status).toBe(false);
        expect('operation' in alpha).toBe(false);
        // 3.x streams the list: one newline after the metadata and after each item.
        expect(r.text.startsWith('{"metadata":{"resourceVersion":')).toBe(true);
        expect(r.text.split('\n')).toHaveLength(5);
    });

    test('an empty list answers items: []', async () => {
        server.setFleet([]);
        const body = (await call(`${server.url}/api/v1/applications`, { token })).json();
        expect(body.items).toEqual([]);
    });

    test('projects is repeatable, project is its legacy spelling, and both filter', async () => {
        const names = async (q: string): Promise<string[]> =>
            (await call(`${server.url}/api/v1/applications?${q}`, { token })).json().items.map((i: { metadata: { name: string } }) => i.metadata.name);
        expect(await names('projects=payments')).toEqual(['mid', 'zeta']);
        expect(await names('projects=payments&projects=default')).toEqual(['alpha', 'mid', 'zeta']);
        expect(await names('project=default')).toEqual(['alpha']);
        expect(await names('projects=nope')).toEqual([]);
        expect(await names('appNamespace=team-a')).toEqual(['mid']);
        expect(await names('repo=https://git.example.com/pay.git')).toEqual(['zeta']);
        expect(await names('name=zeta')).toEqual(['zeta']);
        expect(await names('unknownParam=1')).toEqual(['alpha', 'mid', 'zeta']);
    });

    test('name= for an app that is not there is a 404 from the name filter', async () => {
        const r = await call(`${server.url}/api/v1/applications?name=ghost`, { token });
        expect(r.status).toBe(404);
        expect(r.json()).toEqual({
            error: "error filtering applications by name: application 'ghost' not found",
            code: 5,
            message: "error filtering applications by name: application 'ghost' not found",
        });
    });

    test('GET one app, in the control-plane namespace or with appNamespace', async () => {
        const r = await call(`${server.url}/api/v1/applications/alpha`, { token });
        expect(r.status).toBe(200);
        expect(r.json().metadata.name).toBe('alpha');
        const other = await call(`${server.url}/api/v1/applications/mid?appNamespace=team-a`, { token });
        expect(other.json().metadata).toMatchObject({ name: 'mid', namespace: 'team-a' });
    });

    test('a missing app is 403 without ?project= and 404 with it', async () => {
        const denied = { error: 'permission denied', code: 7, message: 'permission denied' };
        const noProject = await call(`${server.url}/api/v1/applications/ghost`, { token });
        expect(noProject.status).toBe(403);
        expect(noProject.json()).toEqual(denied);
        // An app in another namespace, asked for without appNamespace, is "missing" too.
        expect((await call(`${server.url}/api/v1/applications/mid`, { token })).status).toBe(403);
        const withProject = await call(`${server.url}/api/v1/applications/ghost?project=default`, { token });
        expect(withProject.status).toBe(404);
        expect(withProject.json()).toEqual({ error: 'applications.argoproj.io "ghost" not found', code: 5, message: 'applications.argoproj.io "ghost" not found' });
        // An existing app asked for under the wrong project is 404 as well.
        expect((await call(`${server.url}/api/v1/applications/zeta?project=default`, { token })).status).toBe(404);
        expect((await call(`${server.url}/api/v1/applications/zeta?project=payments`, { token })).status).toBe(200);
    });

    test('resource-tree lists live resources with health, children pointing at parents', async () => {
        const tree = (await call(`${server.url}/api/v1/applications/alpha/resource-tree`, { token })).json();
        const kinds = tree.nodes.map((n: { kind: string }) => n.kind);
        expect(kinds).toEqual(expect.arrayContaining(['Service', 'Deployment', 'ReplicaSet', 'Pod']));
        const deployment = tree.nodes.find((n: { kind: string }) => n.kind === 'Deployment');
        expect(deployment).toMatchObject({ group: 'apps', version: 'v1', name: 'alpha', health: { status: 'Degraded' } });
        const pod = tree.nodes.find((n: { kind: string }) => n.kind === 'Pod');
        expect(pod.parentRefs[0]).toMatchObject({ kind: 'ReplicaSet' });
        expect(pod.health.status).toBe('Degraded');
    });

    test('managed-resources carries live and target state as JSON strings, "null" when missing', async () => {
        server.setApp('zeta', { health: 'Missing', sync: 'OutOfSync' });
        const body = (await call(`${server.url}/api/v1/applications/zeta/managed-resources`, { token })).json();
        const dep = body.items.find((i: { kind: string }) => i.kind === 'Deployment');
        expect(typeof dep.targetState).toBe('string');
        expect(JSON.parse(dep.targetState).kind).toBe('Deployment');
        expect(dep.liveState).toBe('null');
        const alpha = (await call(`${server.url}/api/v1/applications/alpha/managed-resources`, { token })).json();
        expect(alpha.items.find((i: { kind: string }) => i.kind === 'Deployment').modified).toBe(true);
    });

    test('revision metadata: given, derived for known commits, 500 for unknown ones', async () => {
        const given = await call(`${server.url}/api/v1/applications/alpha/revisions/${REV_B}/metadata`, { token });
        expect(given.json()).toEqual({ author: 'Dana <dana@example.com>', date: '2024-03-06T10:00:00Z', tags: ['v1.2.0'], message: 'bump image' });
        const derived = (await call(`${server.url}/api/v1/applications/alpha/revisions/${REV_A}/metadata`, { token })).json();
        expect(derived).toMatchObject({ author: expect.any(String), date: expect.any(String), message: expect.any(String) });
        const unknown = await call(`${server.url}/api/v1/applications/alpha/revisions/${'c'.repeat(40)}/metadata`, { token });
        expect(unknown.status).toBe(500);
        expect(unknown.json().code).toBe(2);
    });

    test('an unknown route under /api/ is a plain-text 404; a known path with the wrong method is 405', async () => {
        const r = await call(`${server.url}/api/v1/nothing-here`, { token });
        expect(r.status).toBe(404);
        expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(r.text).toBe('Not Found\n');
        const wrongMethod = await call(`${server.url}/api/v1/applications/alpha/sync`, { token });
        expect(wrongMethod.status).toBe(405);
    });

    test('outside /api/ the UI answers its index page', async () => {
        const r = await call(`${server.url}/applications/argocd/alpha`);
        expect(r.status).toBe(200);
        expect(r.headers['content-type']).toContain('text/html');
    });
});

describe('Argo CD test server: root path', () => {
    test('the API lives under the root path; paths outside it are Go 404s', async () => {
        const server = await ArgoCdTestServer.start({ rootPath: '/argocd', fleet: [{ name: 'app', sync: 'Synced', health: 'Healthy' }] });
        try {
            expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/argocd$/);
            const r = await call(`${server.url}/api/v1/applications`, { token: ADMIN_TOKEN });
            expect(r.json().items).toHaveLength(1);
            const outside = await call(server.url.replace(/\/argocd$/, '/api/v1/applications'), { token: ADMIN_TOKEN });
            expect(outside.status).toBe(404);
            expect(outside.text).toBe('404 page not found\n');
            // The request log shows paths without the root path.
            expect(server.requests()[0]).toMatchObject({ method: 'GET', path: '/api/v1/applications', route: 'list', status: 200 });
        } finally {
            await server.stop();
        }
    });
});
