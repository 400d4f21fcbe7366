import { ADMIN_TOKEN, ArgoCdTestServer, fakeJwt, FleetApp } from '../../sim/argocd';
import { call, post } from './http';

const ALICE = fakeJwt('alice');
const BOB = fakeJwt('bob');
const OLD = fakeJwt('old');
const STRANGER = fakeJwt('stranger');

const fleet = (): FleetApp[] => [
    { name: 'pay-api', project: 'payments', sync: 'Synced', health: 'Healthy' },
    { name: 'pay-db', project: 'payments', sync: 'Synced', health: 'Healthy' },
    { name: 'web', project: 'web', sync: 'Synced', health: 'Healthy' },
];

describe('Argo CD test server: auth and RBAC', () => {
    let server: ArgoCdTestServer;
    const list = (token?: string, headers?: Record<string, string>) => call(`${server.url}/api/v1/applications`, { token, headers });

    beforeEach(async () => {
        server = await ArgoCdTestServer.start({
            fleet: fleet(),
            tokens: {
                [ALICE]: { username: 'alice', groups: ['sre', 'payments'] },
                [BOB]: { username: 'bob', canSee: (a) => a.project === 'payments', canSync: () => false },
                [OLD]: { username: 'old', expired: true },
                'not-a-jwt': { username: 'plain' },
            },
        });
    });
    afterEach(() => server.stop());

    test('no token: 401 no session information', async () => {
        const r = await list();
        expect(r.status).toBe(401);
        expect(r.json()).toEqual({ error: 'no session information', code: 16, message: 'no session information' });
    });

    test('an unknown token: 401 invalid session', async () => {
        const r = await list(STRANGER);
        expect(r.status).toBe(401);
        expect(r.json().code).toBe(16);
        expect(r.json().error).toMatch(/^invalid session: /);
    });

    test('an expired token: 401 with the jwt library wording', async () => {
        const r = await list(OLD);
        expect(r.status).toBe(401);
        expect(r.json().message).toBe('invalid session: token has invalid claims: token is expired');
    });

    test('a Bearer value that is not JWT-shaped is ignored, so it counts as no token', async () => {
        const r = await list(undefined, { Authorization: 'Bearer not-a-jwt' });
        expect(r.status).toBe(401);
        expect(r.json().error).toBe('no session information');
    });

    test('the argocd.token cookie authenticates, even a value the Bearer path would ignore', async () => {
        expect((await list(undefined, { Cookie: `theme=dark; argocd.token=${ALICE}` })).status).toBe(200);
        expect((await list(undefined, { Cookie: 'argocd.token=not-a-jwt' })).status).toBe(200);
    });

    test('userinfo never answers 401', async () => {
        const me = await call(`${server.url}/api/v1/session/userinfo`, { token: ALICE });
        expect(me.status).toBe(200);
        expect(me.json()).toEqual({ loggedIn: true, username: 'alice', iss: 'argocd', groups: ['sre', 'payments'] });
        expect((await call(`${server.url}/api/v1/session/userinfo`, { token: BOB })).json()).toEqual({ loggedIn: true, username: 'bob', iss: 'argocd' });
        for (const token of [undefined, STRANGER, OLD]) {
            const r = await call(`${server.url}/api/v1/session/userinfo`, { token });
            expect(r.status).toBe(200);
            expect(r.json()).toEqual({});
        }
    });

    test('apps a token may not see are silently dropped from the list', async () => {
        const names = (await list(BOB)).json().items.map((i: { metadata: { name: string } }) => i.metadata.name);
        expect(names).toEqual(['pay-api', 'pay-db']);
        expect((await list(ALICE)).json().items).toHaveLength(3);
    });

    test('a hidden app answers like a missing one: 403, or 404 with ?project=', async () => {
        expect((await call(`${server.url}/api/v1/applications/web`, { token: BOB })).status).toBe(403);
        expect((await call(`${server.url}/api/v1/applications/web?project=web`, { token: BOB })).status).toBe(404);
        expect((await call(`${server.url}/api/v1/applications/web/resource-tree`, { token: BOB })).status).toBe(403);
        expect((await call(`${server.url}/api/v1/applications/pay-api`, { token: BOB })).status).toBe(200);
    });

    test('a token that may see but not sync gets the long permission-denied form', async () => {
        const r = await post(`${server.url}/api/v1/applications/pay-api/sync`, {}, BOB);
        expect(r.status).toBe(403);
        expect(r.json()).toEqual({
            error: 'permission denied: applications, sync, payments/pay-api, sub: bob',
            code: 7,
            message: 'permission denied: applications, sync, payments/pay-api, sub: bob',
        });
    });

    test('apps outside the control-plane namespace carry their namespace in the RBAC name', async () => {
        server.addApp({ name: 'ext', namespace: 'team-a', project: 'payments', sync: 'Synced', health: 'Healthy' });
        const r = await post(`${server.url}/api/v1/applications/ext/sync`, { appNamespace: 'team-a' }, BOB);
        expect(r.json().error).toBe('permission denied: applications, sync, payments/team-a/ext, sub: bob');
    });
});

describe('Argo CD test server: without a tokens table', () => {
    test('any JWT-shaped token is admin; no token is still 401', async () => {
        const server = await ArgoCdTestServer.start({ fleet: fleet() });
        try {
            expect((await call(`${server.url}/api/v1/applications`, { token: ADMIN_TOKEN })).status).toBe(200);
            expect((await call(`${server.url}/api/v1/applications`, { token: fakeJwt('whoever') })).status).toBe(200);
            expect((await call(`${server.url}/api/v1/applications`)).status).toBe(401);
            expect((await call(`${server.url}/api/v1/session/userinfo`, { token: ADMIN_TOKEN })).json().username).toBe('admin');
        } finally {
            await server.stop();
        }
    });
});
