import { ADMIN_TOKEN, API_MD_FIELD_PATHS, ArgoCdTestServer, FleetApp } from '../../sim/argocd';
import { call } from './http';

const REV = 'd'.repeat(40);
const apps = (): FleetApp[] => [
    {
        name: 'api',
        project: 'payments',
        labels: { team: 'pay' },
        sync: 'OutOfSync',
        health: 'Degraded',
        healthMessage: 'back-off restarting failed container',
        revision: REV,
        operation: { phase: 'Failed', message: 'one or more objects failed to apply', startedAt: '2024-03-05T07:33:03Z', finishedAt: '2024-03-05T07:33:04Z', revision: REV },
        history: [{ id: 1, revision: REV, deployedAt: '2024-03-05T07:33:04Z' }],
        conditions: [{ type: 'SyncError', message: 'boom' }],
    },
    { name: 'web', sync: 'Synced', health: 'Healthy', operation: { phase: 'Running', startedAt: '2024-03-05T08:00:00Z' } },
    { name: 'fresh', sync: 'Synced', health: 'Healthy' },
];

const byName = (items: Array<{ metadata: { name: string } }>, name: string) => items.find((i) => i.metadata.name === name);

describe('fields projection of the list', () => {
    let server: ArgoCdTestServer;
    beforeEach(async () => {
        server = await ArgoCdTestServer.start({ fleet: apps() });
    });
    afterEach(() => server.stop());

    const list = async (fields: string) => {
        const r = await call(`${server.url}/api/v1/applications?fields=${encodeURIComponent(fields)}`, { token: ADMIN_TOKEN });
        expect(r.status).toBe(200);
        return r.json();
    };

    test('selects only the allow-listed paths and keeps metadata.resourceVersion', async () => {
        const body = await list('items.metadata.name,items.status.sync.status,items.status.health,items.status.operationState.phase,items.status.operationState.finishedAt');
        expect(body.metadata.resourceVersion).toMatch(/^\d+$/);
        expect(byName(body.items, 'api')).toEqual({
            metadata: { name: 'api' },
            status: {
                sync: { status: 'OutOfSync' },
                health: { status: 'Degraded', message: 'back-off restarting failed container', lastTransitionTime: expect.any(String) },
                operationState: { phase: 'Failed', finishedAt: '2024-03-05T07:33:04Z' },
            },
        });
        // No operation ever ran: the operationState paths answer nothing at all.
        expect(byName(body.items, 'fresh')).toEqual({ metadata: { name: 'fresh' }, status: { sync: { status: 'Synced' }, health: expect.any(Object) } });
    });

    test('a path outside the allow-list silently selects nothing', async () => {
        const body = await list('items.metadata.name,items.status.conditions,items.status.history,items.status.sync,items.spec.info');
        expect(body.items.map((i: object) => Object.keys(i))).toEqual([['metadata'], ['metadata'], ['metadata']]);
        expect(body.items[0]).toEqual({ metadata: { name: 'api' } });
    });

    test('only unknown paths: every item is an empty object', async () => {
        const body = await list('items.status.conditions');
        expect(body.items).toEqual([{}, {}, {}]);
    });

    test('Go nil quirks: nil labels, a running operation\'s finishedAt come back as null', async () => {
        const body = await list('items.metadata.name,items.metadata.labels,items.metadata.deletionTimestamp,items.status.operationState.finishedAt,items.status.operationState.startedAt');
        const web = byName(body.items, 'web') as Record<string, Record<string, unknown>>;
        expect(web.metadata).toEqual({ name: 'web', labels: null, deletionTimestamp: null });
        expect(web.status).toEqual({ operationState: { finishedAt: null, startedAt: '2024-03-05T08:00:00Z' } });
        expect(byName(body.items, 'api')?.metadata).toEqual({ name: 'api', labels: { team: 'pay' }, deletionTimestamp: null });
    });

    test('items.spec selects the whole spec (the way to get the project)', async () => {
        const body = await list('items.metadata.name,items.spec');
        expect(byName(body.items, 'api')).toMatchObject({ spec: { project: 'payments', source: expect.any(Object), destination: expect.any(Object) } });
    });

    test('status.operationState.operation.sync answers the syncResult, which carries the synced revision', async () => {
        const body = await list('items.metadata.name,items.status.operationState.operation.sync');
        expect(byName(body.items, 'api')).toMatchObject({ status: { operationState: { operation: { sync: { revision: REV, resources: expect.any(Array) } } } } });
        // Running: no syncResult yet, so null.
        expect(byName(body.items, 'web')).toEqual({ metadata: { name: 'web' }, status: { operationState: { operation: { sync: null } } } });
    });

    test('operation.sync is there only while an operation is pending', async () => {
        const body = await list('items.metadata.name,items.operation.sync');
        expect(byName(body.items, 'web')).toMatchObject({ operation: { sync: { revision: expect.any(String) } } });
        expect(byName(body.items, 'api')).toEqual({ metadata: { name: 'api' } });
    });

    test('a leading - excludes paths instead; from 3.5 excluding the spec still leaves its own paths', async () => {
        const body = await list('-items.spec,items.status.resources,items.status.summary,items.metadata.labels');
        const api = byName(body.items, 'api') as Record<string, Record<string, unknown>>;
        // spec.destination, spec.project… are paths of their own, so `-items.spec` does not exclude them.
        expect(api.spec).toEqual({
            destination: expect.any(Object),
            project: 'payments',
            source: expect.objectContaining({ repoURL: expect.any(String) }),
            sources: null,
            sourceHydrator: null,
            syncPolicy: expect.any(Object),
        });
        expect(api.status.resources).toBeUndefined();
        expect(api.status.sync).toEqual({ status: 'OutOfSync', revision: REV });
        expect(api.metadata).toMatchObject({ name: 'api', namespace: 'argocd' });
    });

    test('fields do not apply to a single app', async () => {
        const r = await call(`${server.url}/api/v1/applications/api?fields=items.metadata.name`, { token: ADMIN_TOKEN });
        expect(r.json().status.history).toHaveLength(1);
    });
});

describe('fields by server version (pkg/apiclient/application/forwarder_overwrite.go)', () => {
    const listOn = async (version: string, fields: string) => {
        const server = await ArgoCdTestServer.start({ fleet: apps(), version });
        try {
            const r = await call(`${server.url}/api/v1/applications?fields=${encodeURIComponent(fields)}`, { token: ADMIN_TOKEN });
            return r.json();
        } finally {
            await server.stop();
        }
    };

    test('3.5+: spec.project and status.sync.revision are selectable on their own', async () => {
        const body = await listOn('v3.5.0+3e5ccd9', 'items.metadata.name,items.spec.project,items.status.sync.revision');
        expect(byName(body.items, 'api')).toEqual({ metadata: { name: 'api' }, spec: { project: 'payments' }, status: { sync: { revision: REV } } });
    });

    test('before 3.5 they select nothing: the project needs the whole spec and the revision is not there', async () => {
        const body = await listOn('v3.4.7+1b3e4ad', 'items.metadata.name,items.spec.project,items.status.sync.revision');
        expect(byName(body.items, 'api')).toEqual({ metadata: { name: 'api' } });
        const whole = await listOn('v3.4.7+1b3e4ad', 'items.metadata.name,items.spec');
        expect(byName(whole.items, 'api')).toMatchObject({ spec: { project: 'payments' } });
    });

    test('before 3.5 -items.spec drops the whole spec', async () => {
        const body = await listOn('v2.14.11+8283115', '-items.spec');
        expect((byName(body.items, 'api') as Record<string, unknown>).spec).toBeUndefined();
    });

    test('spec together with spec.project: the ancestor covers it, answered once', async () => {
        const body = await listOn('v3.6.0+37ee009', 'items.metadata.name,items.spec,items.spec.project');
        expect(byName(body.items, 'api')).toMatchObject({ spec: { project: 'payments', destination: expect.any(Object), syncPolicy: expect.any(Object) } });
    });

    test('3.5.x: spec together with spec.project fails the whole list; an empty list has nothing to fail on', async () => {
        const server = await ArgoCdTestServer.start({ fleet: apps(), version: 'v3.5.1+109ca7c' });
        try {
            const url = `${server.url}/api/v1/applications?fields=${encodeURIComponent('items.metadata.name,items.spec,items.spec.project')}`;
            const r = await call(url, { token: ADMIN_TOKEN });
            expect([r.status, r.headers['content-type'], r.text]).toEqual([500, 'application/json', '{"error": "failed to marshal error message"}']);
            // Excluding only the name selects spec and every spec.* path: the same clash.
            expect((await call(`${server.url}/api/v1/applications?fields=-items.metadata.name`, { token: ADMIN_TOKEN })).status).toBe(500);
            expect((await call(`${server.url}/api/v1/applications?fields=items.metadata.name,items.spec.project`, { token: ADMIN_TOKEN })).status).toBe(200);
            server.setFleet([]);
            expect((await call(url, { token: ADMIN_TOKEN })).status).toBe(200);
        } finally {
            await server.stop();
        }
    });

    test('spec.source of a multi-source app is null; status.sync.revision is ""', async () => {
        const server = await ArgoCdTestServer.start({
            fleet: [{ name: 'multi', sync: 'Synced', health: 'Healthy', sources: [{ repoURL: 'https://charts.example.com', chart: 'redis', targetRevision: '19.0.1' }, { repoURL: 'https://github.com/example-org/values.git', ref: 'values' }] }],
        });
        try {
            const r = await call(`${server.url}/api/v1/applications?fields=items.spec.source,items.spec.sources,items.status.sync.revision`, { token: ADMIN_TOKEN });
            expect(r.json().items[0]).toEqual({
                spec: { source: null, sources: [{ repoURL: 'https://charts.example.com', targetRevision: '19.0.1', chart: 'redis' }, { repoURL: 'https://github.com/example-org/values.git', ref: 'values' }] },
                status: { sync: { revision: '' } },
            });
        } finally {
            await server.stop();
        }
    });
});

describe('fields on other servers', () => {
    test('honourFields: false returns full objects, as servers before the feature did', async () => {
        const server = await ArgoCdTestServer.start({ fleet: apps(), honourFields: false });
        try {
            const r = await call(`${server.url}/api/v1/applications?fields=items.metadata.name`, { token: ADMIN_TOKEN });
            const api = byName(r.json().items, 'api') as Record<string, Record<string, unknown>>;
            expect(api.status.history).toHaveLength(1);
            expect(api.spec.project).toBe('payments');
        } finally {
            await server.stop();
        }
    });

    test('2.x answered a fields request on an empty list with items: null', async () => {
        const server = await ArgoCdTestServer.start({ nullItemsWhenEmptyWithFields: true });
        try {
            const r = await call(`${server.url}/api/v1/applications?fields=items.metadata.name`, { token: ADMIN_TOKEN });
            expect(r.json()).toEqual({ items: null, metadata: { resourceVersion: expect.any(String) } });
            const plain = await call(`${server.url}/api/v1/applications`, { token: ADMIN_TOKEN });
            expect(plain.json().items).toEqual([]);
        } finally {
            await server.stop();
        }
    });

    test('the API.md allow-list can be opted into', async () => {
        const server = await ArgoCdTestServer.start({ fleet: apps(), fieldsAllowList: API_MD_FIELD_PATHS });
        try {
            const r = await call(`${server.url}/api/v1/applications?fields=items.metadata.name,items.spec.project,items.status.sync.revision`, { token: ADMIN_TOKEN });
            expect(byName(r.json().items, 'api')).toEqual({ metadata: { name: 'api' }, spec: { project: 'payments' }, status: { sync: { revision: REV } } });
        } finally {
            await server.stop();
        }
    });
});
