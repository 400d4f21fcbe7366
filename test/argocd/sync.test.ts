import { ADMIN_TOKEN, ArgoCdTestServer, fakeJwt, FleetApp } from '../../sim/argocd';
import { call, post } from './http';

const OLD = '1'.repeat(40);
const NEW = '2'.repeat(40);
const DANA = fakeJwt('dana');

const fleet = (): FleetApp[] => [
    {
        name: 'api',
        sync: 'OutOfSync',
        health: 'Healthy',
        revision: NEW,
        history: [{ id: 4, revision: OLD, deployedAt: '2024-03-05T07:33:04Z', initiatedBy: { username: 'lea' } }],
    },
    { name: 'auto', sync: 'Synced', health: 'Healthy', autoSync: true, history: [{ id: 0, revision: OLD, deployedAt: '2024-03-05T07:33:04Z' }] },
    { name: 'frozen', sync: 'OutOfSync', health: 'Healthy', syncWindowBlocked: true },
    { name: 'busy', sync: 'OutOfSync', health: 'Progressing', operation: { phase: 'Running', startedAt: '2024-03-05T08:00:00Z' } },
];

describe('sync and rollback', () => {
    let server: ArgoCdTestServer;
    const list = async () => (await call(`${server.url}/api/v1/applications`, { token: DANA })).json();
    const appIn = (body: { items: Array<{ metadata: { name: string } }> }, name: string) =>
        body.items.find((i) => i.metadata.name === name) as unknown as Record<string, Record<string, unknown> & { operationState?: Record<string, unknown> }>;

    beforeEach(async () => {
        server = await ArgoCdTestServer.start({ fleet: fleet(), tokens: { [DANA]: { username: 'dana' } } });
    });
    afterEach(() => server.stop());

    test('non-GET requests need exactly application/json, else a plain-text 415', async () => {
        const noType = await call(`${server.url}/api/v1/applications/api/sync`, { method: 'POST', body: '{}', token: DANA });
        expect(noType.status).toBe(415);
        expect(noType.text).toBe('Invalid content type\n');
        expect(noType.headers['content-type']).toBe('text/plain; charset=utf-8');
        // Argo CD compares the whole header, so a charset parameter is refused too.
        expect((await post(`${server.url}/api/v1/applications/api/sync`, {}, DANA, 'application/json; charset=utf-8')).status).toBe(415);
        expect((await post(`${server.url}/api/v1/applications/api/sync`, {}, DANA, 'Application/JSON')).status).toBe(200);
    });

    test('a sync starts an operation, runs for `after` list calls, then succeeds with a history entry', async () => {
        server.syncOutcome('api', { phase: 'Succeeded', after: 2 });
        const r = await post(`${server.url}/api/v1/applications/api/sync`, { revision: NEW, prune: true, strategy: { hook: { force: false } } }, DANA);
        expect(r.status).toBe(200);
        const answered = r.json();
        expect(answered.operation).toMatchObject({ sync: { revision: NEW }, initiatedBy: { username: 'dana' } });
        // SetAppOperation clears operationState; the controller has not picked the operation up yet.
        expect(answered.status.operationState).toBeUndefined();

        const first = appIn(await list(), 'api');
        expect(first.status.operationState).toMatchObject({ phase: 'Running' });
        expect(first.operation).toBeDefined();

        const second = appIn(await list(), 'api');
        expect(second.status.operationState).toMatchObject({
            phase: 'Succeeded',
            message: 'successfully synced (all tasks run)',
            finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
            syncResult: { revision: NEW },
        });
        expect(second.operation).toBeUndefined();
        expect(second.status.sync).toMatchObject({ status: 'Synced', revision: NEW });
        expect(second.status.health).toMatchObject({ status: 'Healthy' });
        const history = second.status.history as Array<Record<string, unknown>>;
        expect(history[history.length - 1]).toMatchObject({ id: 5, revision: NEW, initiatedBy: { username: 'dana' } });
    });

    test('the default outcome is success at the next list call', async () => {
        await post(`${server.url}/api/v1/applications/api/sync`, {}, DANA);
        const after = appIn(await list(), 'api');
        expect(after.status.operationState).toMatchObject({ phase: 'Succeeded' });
        expect(after.status.sync).toMatchObject({ status: 'Synced' });
    });

    test('a failed outcome carries its message and leaves the app OutOfSync', async () => {
        server.syncOutcome('api', { phase: 'Failed', message: 'ComparisonError: boom', after: 1 });
        await post(`${server.url}/api/v1/applications/api/sync`, {}, DANA);
        const after = appIn(await list(), 'api');
        expect(after.status.operationState).toMatchObject({ phase: 'Failed', message: 'ComparisonError: boom', finishedAt: expect.any(String) });
        expect(after.status.sync).toMatchObject({ status: 'OutOfSync' });
        expect(after.status.history).toHaveLength(1);
    });

    test('after: 0 finishes at once, and `result` patches the app afterwards', async () => {
        server.syncOutcome('api', { phase: 'Succeeded', after: 0, result: { health: 'Degraded', healthMessage: 'crash loop' } });
        await post(`${server.url}/api/v1/applications/api/sync`, {}, DANA);
        expect(server.app('api')).toMatchObject({ sync: 'Synced', health: 'Degraded', healthMessage: 'crash loop', operation: { phase: 'Succeeded' } });
    });

    test('a dry run runs an operation but changes nothing else', async () => {
        await post(`${server.url}/api/v1/applications/api/sync`, { dryRun: true }, DANA);
        const after = appIn(await list(), 'api');
        expect(after.status.operationState).toMatchObject({ phase: 'Succeeded' });
        expect(after.status.sync).toMatchObject({ status: 'OutOfSync' });
    });

    test('sync while an operation runs: 400 another operation is already in progress', async () => {
        const r = await post(`${server.url}/api/v1/applications/busy/sync`, {}, DANA);
        expect(r.status).toBe(400);
        expect(r.json()).toEqual({ error: 'another operation is already in progress', code: 9, message: 'another operation is already in progress' });
    });

    test('sync in a closed sync window: 403', async () => {
        const r = await post(`${server.url}/api/v1/applications/frozen/sync`, {}, DANA);
        expect(r.status).toBe(403);
        expect(r.json().message).toBe('cannot sync: blocked by sync window');
    });

    test('sync of a missing app: 403; with project: 404', async () => {
        expect((await post(`${server.url}/api/v1/applications/ghost/sync`, {}, DANA)).status).toBe(403);
        expect((await post(`${server.url}/api/v1/applications/ghost/sync`, { project: 'default' }, DANA)).status).toBe(404);
    });

    test('a body that is not JSON: 400 InvalidArgument', async () => {
        const r = await call(`${server.url}/api/v1/applications/api/sync`, { method: 'POST', body: 'revision=x', token: DANA, headers: { 'Content-Type': 'application/json' } });
        expect(r.status).toBe(400);
        expect(r.json().code).toBe(3);
    });

    test('rollback to a history id deploys that revision and leaves the app OutOfSync', async () => {
        const r = await post(`${server.url}/api/v1/applications/api/rollback`, { id: 4, dryRun: false, prune: false }, DANA);
        expect(r.status).toBe(200);
        expect(r.json().operation.sync.revision).toBe(OLD);
        const after = appIn(await list(), 'api');
        expect(after.status.operationState).toMatchObject({ phase: 'Succeeded', syncResult: { revision: OLD } });
        expect(after.status.sync).toMatchObject({ status: 'OutOfSync', revision: NEW });
        const history = after.status.history as Array<Record<string, unknown>>;
        expect(history[history.length - 1]).toMatchObject({ id: 5, revision: OLD });
    });

    test('rollback to an unknown id: 400 does not have deployment with id', async () => {
        const r = await post(`${server.url}/api/v1/applications/api/rollback`, { id: '99' }, DANA);
        expect(r.status).toBe(400);
        expect(r.json()).toMatchObject({ code: 3, message: 'application api does not have deployment with id 99' });
    });

    test('rollback with auto-sync on: 400 FailedPrecondition', async () => {
        const r = await post(`${server.url}/api/v1/applications/auto/rollback`, { id: 0 }, DANA);
        expect(r.status).toBe(400);
        expect(r.json()).toMatchObject({ code: 9, message: 'rollback cannot be initiated when auto-sync is enabled' });
    });

    test('the request log keeps the sync body as sent', async () => {
        await post(`${server.url}/api/v1/applications/api/sync`, { revision: NEW, syncOptions: { items: ['Validate=false'] }, resources: [{ group: 'apps', kind: 'Deployment', name: 'api', namespace: 'api' }] }, ADMIN_TOKEN);
        const rec = server.requests().find((q) => q.route === 'sync');
        expect(rec).toMatchObject({ method: 'POST', path: '/api/v1/applications/api/sync', status: 401 });
        expect(JSON.parse(rec?.body ?? '')).toMatchObject({ syncOptions: { items: ['Validate=false'] } });
        expect(rec?.headers['content-type']).toBe('application/json');
    });
});

describe('a rollout as the controller drives it', () => {
    let server: ArgoCdTestServer;
    type Item = { metadata: { name: string }; status: { health: { status: string; lastTransitionTime?: string }; operationState?: { phase: string; startedAt: string; finishedAt?: string; operation: { initiatedBy: Record<string, unknown> } }; history?: Array<{ revision: string }> } };
    const api = async (): Promise<Item> => ((await call(`${server.url}/api/v1/applications`, { token: DANA })).json() as { items: Item[] }).items.find((i) => i.metadata.name === 'api') as Item;

    beforeEach(async () => {
        server = await ArgoCdTestServer.start({ fleet: fleet(), tokens: { [DANA]: { username: 'dana' } } });
    });
    afterEach(() => server.stop());

    test('Running, then Succeeded with the old health until a refresh, then Progressing, then Healthy after the sync finished', async () => {
        server.syncOutcome('api', { phase: 'Succeeded', after: 2, health: { staleFor: 1, after: 1, status: 'Healthy' } });
        server.startSync('api', { revision: NEW });
        const running = await api();
        expect(running.status.operationState).toMatchObject({ phase: 'Running', operation: { initiatedBy: { automated: true } } });
        const before = running.status.health.lastTransitionTime;
        const synced = await api();
        expect(synced.status.operationState?.phase).toBe('Succeeded');
        expect(synced.status.health).toMatchObject({ status: 'Healthy', lastTransitionTime: before });
        expect(synced.status.history?.map((h) => h.revision)).toEqual([OLD, NEW]);
        expect((await api()).status.health.status).toBe('Progressing');
        const healthy = await api();
        expect(healthy.status.health.status).toBe('Healthy');
        expect(Date.parse(healthy.status.health.lastTransitionTime as string)).toBeGreaterThanOrEqual(Date.parse(synced.status.operationState?.finishedAt as string));
    });

    test('two operations of one app never share a start second', async () => {
        server.syncOutcome('api', { phase: 'Succeeded', after: 1 });
        server.startSync('api', { revision: NEW });
        const first = (await api()).status.operationState?.startedAt as string;
        server.startSync('api', { revision: NEW });
        const second = (await api()).status.operationState?.startedAt as string;
        expect(Date.parse(second)).toBeGreaterThan(Date.parse(first));
    });
});
