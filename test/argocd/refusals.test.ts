/**
 * Sync and rollback refusals in the order server/application/application.go checks them, and
 * the gap between an accepted sync and the controller picking it up.
 */
import { ArgoCdTestServer, fakeJwt, FleetApp } from '../../sim/argocd';
import { call, post } from './http';

const OLD = '1'.repeat(40);
const NEW = '2'.repeat(40);
const DANA = fakeJwt('dana');
const VIEWER = fakeJwt('viewer');
const history = [{ id: 3, revision: OLD, deployedAt: '2024-03-05T07:33:04Z' }];

const fleet = (): FleetApp[] => [
    { name: 'api', sync: 'OutOfSync', health: 'Healthy', revision: NEW, history },
    { name: 'frozen', sync: 'OutOfSync', health: 'Healthy', syncWindowBlocked: true },
    { name: 'empty-auto', sync: 'Synced', health: 'Healthy', autoSync: 'empty', history },
    { name: 'heal-auto', sync: 'Synced', health: 'Healthy', autoSync: 'selfHeal', history },
    { name: 'auto-off', sync: 'OutOfSync', health: 'Healthy', autoSync: 'disabled', revision: NEW, history },
    { name: 'chart', sync: 'OutOfSync', health: 'Healthy', repoURL: 'https://charts.example.com', chart: 'redis', targetRevision: '19.0.1' },
];

describe('sync refusals in Argo CD order', () => {
    let server: ArgoCdTestServer;
    const tokens = { [DANA]: { username: 'dana' }, [VIEWER]: { username: 'viewer', canSync: () => false } };
    const sync = (name: string, body: object = {}, token = DANA) => post(`${server.url}/api/v1/applications/${name}/sync`, body, token);
    const rollback = (name: string, body: object, token = DANA) => post(`${server.url}/api/v1/applications/${name}/rollback`, body, token);
    const get = async (name: string) => (await call(`${server.url}/api/v1/applications/${name}`, { token: DANA })).json();
    const list = async () => (await call(`${server.url}/api/v1/applications`, { token: DANA })).json();

    beforeEach(async () => {
        server = await ArgoCdTestServer.start({ fleet: fleet(), tokens });
    });
    afterEach(() => server.stop());

    test('a sync window is checked before the caller may sync: a viewer hears about the window', async () => {
        const r = await sync('frozen', {}, VIEWER);
        expect(r.status).toBe(403);
        expect(r.json().message).toBe('cannot sync: blocked by sync window');
    });

    test('without the sync permission: 403 naming the action', async () => {
        const r = await sync('api', {}, VIEWER);
        expect(r.status).toBe(403);
        expect(r.json().message).toBe('permission denied: applications, sync, default/api, sub: viewer');
    });

    test('an app being deleted: 400 FailedPrecondition application is deleting (after the permission check)', async () => {
        server.startDeletion('api');
        const r = await sync('api');
        expect(r.status).toBe(400);
        expect(r.json()).toEqual({ error: 'application is deleting', code: 9, message: 'application is deleting' });
        expect((await sync('api', {}, VIEWER)).status).toBe(403);
        expect((await rollback('api', { id: 3 })).json().message).toBe('application is deleting');
    });

    test('an accepted sync not yet picked up is an operation: a second sync is refused', async () => {
        server.syncOutcome('api', { phase: 'Succeeded', pickUpAfter: 2 });
        expect((await sync('api')).status).toBe(200);
        await list();
        // Still waiting for the controller: no operationState, no phase, yet `operation != nil`.
        expect((await get('api')).status.operationState).toBeUndefined();
        const again = await sync('api');
        expect(again.status).toBe(400);
        expect(again.json()).toMatchObject({ code: 9, message: 'another operation is already in progress' });
    });

    test('revision resolution failing is 400 FailedPrecondition with the reason, for the next N syncs only', async () => {
        server.failRevisionResolution({ reason: 'repo-server-down', times: 2 });
        for (let i = 0; i < 2; i++) {
            const r = await sync('api');
            expect(r.status).toBe(400);
            expect(r.json()).toMatchObject({ code: 9, message: expect.stringMatching(/^error resolving repo revision: rpc error: code = Unavailable desc = connection error/) });
        }
        expect((await sync('api')).status).toBe(200);
    });

    test('a sync to a full commit SHA of a Git source does not ask the repo-server; a chart version does', async () => {
        server.failRevisionResolution({ reason: 'git-auth' });
        expect((await sync('api', { revision: NEW })).status).toBe(200);
        const chart = await sync('chart', { revision: NEW });
        expect(chart.status).toBe(400);
        expect(chart.json().message).toBe('error resolving repo revision: rpc error: code = Unknown desc = failed to list refs: authentication required');
    });

    test('resolution is checked before the operation: a busy app with a failing repo-server answers the resolution error', async () => {
        expect((await sync('api')).status).toBe(200);
        server.failRevisionResolution({ reason: 'my own words' });
        expect((await sync('api')).json().message).toBe('my own words');
    });

    test('an auto-synced app refuses a sync to another revision than its target, except as a dry run', async () => {
        const r = await sync('empty-auto', { revision: OLD });
        expect(r.status).toBe(400);
        expect(r.json()).toMatchObject({ code: 9, message: `Cannot sync to ${OLD}: auto-sync currently set to HEAD` });
        expect((await sync('empty-auto', { revision: OLD, dryRun: true })).status).toBe(200);
        expect((await sync('auto-off', { revision: OLD })).status).toBe(200);
    });

    test('rollback checks auto-sync before the history id; automated: {} and {selfHeal} are on', async () => {
        for (const name of ['empty-auto', 'heal-auto']) {
            const r = await rollback(name, { id: 999 });
            expect(r.status).toBe(400);
            expect(r.json()).toMatchObject({ code: 9, message: 'rollback cannot be initiated when auto-sync is enabled' });
        }
    });

    test('automated: {enabled: false} is off: rollback is allowed', async () => {
        const r = await rollback('auto-off', { id: 3 });
        expect(r.status).toBe(200);
        expect(r.json().spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true, enabled: false });
    });

    test('before 3.1 there is no `enabled`: the CRD prunes it and the app stays auto-synced', async () => {
        const old = await ArgoCdTestServer.start({ fleet: fleet(), tokens, version: 'v3.0.12+ca3e1e4' });
        try {
            const r = await post(`${old.url}/api/v1/applications/auto-off/rollback`, { id: 3 }, DANA);
            expect(r.json()).toMatchObject({ code: 9, message: 'rollback cannot be initiated when auto-sync is enabled' });
            const got = (await call(`${old.url}/api/v1/applications/auto-off`, { token: DANA })).json();
            expect(got.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
        } finally {
            await old.stop();
        }
    });

    test('rollback refuses a set operation only after the id is found', async () => {
        expect((await sync('api')).status).toBe(200);
        expect((await rollback('api', { id: 42 })).json()).toMatchObject({ code: 3, message: 'application api does not have deployment with id 42' });
        expect((await rollback('api', { id: 3 })).json()).toMatchObject({ code: 9, message: 'another operation is already in progress' });
    });

    test('after a sync is accepted operationState is gone until the controller picks it up (counted in list calls)', async () => {
        server.syncOutcome('api', { phase: 'Succeeded', pickUpAfter: 1, after: 2 });
        const answered = (await sync('api', { revision: NEW })).json();
        expect(answered.status.operationState).toBeUndefined();
        expect(answered.operation.sync).toMatchObject({ revision: NEW });

        const gap = (await list()).items.find((i: { metadata: { name: string } }) => i.metadata.name === 'api');
        expect(gap.status.operationState).toBeUndefined();
        expect(gap.operation).toBeDefined();

        const running = (await list()).items.find((i: { metadata: { name: string } }) => i.metadata.name === 'api');
        expect(running.status.operationState).toMatchObject({ phase: 'Running', startedAt: expect.any(String) });
        expect(running.operation).toBeDefined();

        const done = (await list()).items.find((i: { metadata: { name: string } }) => i.metadata.name === 'api');
        expect(done.status.operationState).toMatchObject({ phase: 'Succeeded', syncResult: { revision: NEW } });
        expect(done.operation).toBeUndefined();
    });

    test('the gap is visible to GET until the next list call even with the default outcome', async () => {
        await sync('api');
        expect((await get('api')).status.operationState).toBeUndefined();
        await list();
        expect((await get('api')).status.operationState).toMatchObject({ phase: 'Succeeded' });
    });
});
