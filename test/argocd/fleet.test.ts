import { ADMIN_TOKEN, ArgoCdTestServer, demoFleet, FleetApp, generateFleet, startDemoTimeline } from '../../sim/argocd';
import { call } from './http';

const token = ADMIN_TOKEN;
const POLL_FIELDS = [
    'items.metadata.name',
    'items.metadata.namespace',
    'items.spec.project',
    'items.status.sync.status',
    'items.status.sync.revision',
    'items.status.health',
    'items.status.operationState.phase',
    'items.status.operationState.finishedAt',
].join(',');
// What a poller can actually get from Argo CD: the whole spec carries the project.
const WORKING_POLL_FIELDS = POLL_FIELDS.replace('items.spec.project', 'items.spec').replace(',items.status.sync.revision', '');

describe('a fleet that changes between calls', () => {
    let server: ArgoCdTestServer;
    const list = async () => (await call(`${server.url}/api/v1/applications`, { token })).json();
    const state = async (name: string) => {
        const item = (await list()).items.find((i: { metadata: { name: string } }) => i.metadata.name === name);
        return item && `${item.status.sync.status}/${item.status.health.status}`;
    };

    beforeEach(async () => {
        server = await ArgoCdTestServer.start({ fleet: [{ name: 'api', sync: 'Synced', health: 'Healthy' }] });
    });
    afterEach(() => server.stop());

    test('onListCall applies a change just before the n-th list call is answered', async () => {
        server.onListCall(2, (s) => s.setApp('api', { sync: 'OutOfSync' }));
        server.onListCall(3, (s) => s.setApp('api', { health: 'Degraded' }));
        server.onListCall(4, (s) => s.setApp('api', { sync: 'Synced', health: 'Healthy' }));
        expect(await state('api')).toBe('Synced/Healthy');
        expect(await state('api')).toBe('OutOfSync/Healthy');
        expect(await state('api')).toBe('OutOfSync/Degraded');
        expect(await state('api')).toBe('Synced/Healthy');
        expect(server.listCallCount()).toBe(4);
    });

    test('onListCall counts list calls that then fail, too', async () => {
        server.onListCall(1, (s) => s.setApp('api', { sync: 'OutOfSync' }));
        server.injectFault({ kind: 'status', status: 503, route: 'list', times: 1 });
        expect((await call(`${server.url}/api/v1/applications`, { token })).status).toBe(503);
        expect(await state('api')).toBe('OutOfSync/Healthy');
    });

    test('addApp, removeApp, setFleet and direct mutation all show in the next answer', async () => {
        server.addApp({ name: 'new', sync: 'Unknown', health: 'Unknown' });
        expect((await list()).items).toHaveLength(2);
        server.removeApp('api');
        expect((await list()).items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['new']);
        const app = server.app('new') as FleetApp;
        app.health = 'Missing';
        expect(await state('new')).toBe('Unknown/Missing');
        server.setFleet([{ name: 'x', sync: 'Synced', health: 'Healthy' }]);
        expect(server.apps().map((a) => a.name)).toEqual(['x']);
        expect(() => server.addApp({ name: 'x', sync: 'Synced', health: 'Healthy' })).toThrow();
    });

    test('resourceVersion moves when an app changes, and not otherwise', async () => {
        const a = await list();
        const b = await list();
        expect(b.metadata.resourceVersion).toBe(a.metadata.resourceVersion);
        expect(b.items[0].metadata.resourceVersion).toBe(a.items[0].metadata.resourceVersion);
        server.setApp('api', { sync: 'OutOfSync' });
        const c = await list();
        expect(Number(c.metadata.resourceVersion)).toBeGreaterThan(Number(b.metadata.resourceVersion));
        expect(c.items[0].metadata.resourceVersion).not.toBe(b.items[0].metadata.resourceVersion);
        // A health change moves status.health.lastTransitionTime to the wall clock.
        server.setApp('api', { health: 'Degraded' });
        const d = await list();
        expect(Date.parse(d.items[0].status.health.lastTransitionTime)).toBeGreaterThan(Date.now() - 60000);
    });

    test('a patch with undefined removes the field', async () => {
        server.setApp('api', { healthMessage: 'x' });
        server.setApp('api', { healthMessage: undefined });
        expect('healthMessage' in (server.app('api') as object)).toBe(false);
    });
});

describe('generateFleet', () => {
    test('is deterministic for a seed and differs between seeds', () => {
        expect(generateFleet(50, { seed: 7, full: true })).toEqual(generateFleet(50, { seed: 7, full: true }));
        expect(generateFleet(50, { seed: 7 })).not.toEqual(generateFleet(50, { seed: 8 }));
    });

    test('unique names, several projects and namespaces, a realistic state mix', () => {
        const apps = generateFleet(1000, { seed: 3 });
        expect(new Set(apps.map((a) => `${a.namespace ?? 'argocd'}/${a.name}`)).size).toBe(1000);
        expect(new Set(apps.map((a) => a.project)).size).toBeGreaterThanOrEqual(5);
        expect(new Set(apps.map((a) => a.namespace ?? 'argocd')).size).toBeGreaterThanOrEqual(3);
        const healthy = apps.filter((a) => a.sync === 'Synced' && a.health === 'Healthy').length;
        expect(healthy).toBeGreaterThan(700);
        expect(healthy).toBeLessThan(950);
        for (const state of ['OutOfSync', 'Unknown']) expect(apps.some((a) => a.sync === state)).toBe(true);
        for (const state of ['Degraded', 'Progressing', 'Missing', 'Suspended']) expect(apps.some((a) => a.health === state)).toBe(true);
        expect(apps.every((a) => /^[0-9a-f]{40}$/.test(a.revision ?? ''))).toBe(true);
    });

    test('full apps carry resources, ten history entries and a finished operation', () => {
        for (const app of generateFleet(20, { seed: 5, full: true })) {
            expect(app.resources?.length).toBeGreaterThanOrEqual(9);
            expect(app.history).toHaveLength(10);
            expect(app.operation?.finishedAt).toBeDefined();
        }
    });

    test('notFine: exactly that many apps are not fine, spread over the fleet, the rest Synced and Healthy', () => {
        const apps = generateFleet(1000, { seed: 3, notFine: 10 });
        const bad = apps.map((a, i) => [a, i] as const).filter(([a]) => a.sync !== 'Synced' || a.health !== 'Healthy');
        expect(bad).toHaveLength(10);
        expect(bad.map(([, i]) => Math.floor(i / 100))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(new Set(bad.map(([a]) => `${a.sync}/${a.health}`))).toEqual(new Set(['OutOfSync/Healthy', 'Synced/Degraded', 'OutOfSync/Missing', 'Unknown/Unknown']));
        expect(generateFleet(100, { notFine: 0 }).every((a) => a.sync === 'Synced' && a.health === 'Healthy')).toBe(true);
        expect(generateFleet(5, { notFine: 5 }).every((a) => a.sync !== 'Synced' || a.health !== 'Healthy')).toBe(true);
    });
});

describe('generateFleet with Helm values', () => {
    let server: ArgoCdTestServer;
    afterEach(() => server.stop());

    test('each spec carries that many bytes of values, repeated wherever Argo CD repeats the source', async () => {
        server = await ArgoCdTestServer.start({ fleet: generateFleet(3, { full: true, helmValuesBytes: 3072 }) });
        const r = await fetch(`${server.url}/api/v1/applications`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
        const [item] = (await r.json()).items;
        const values = item.spec.source.helm.values as string;
        expect(values).toHaveLength(3072);
        expect(values).toMatch(/^nameOverride: /);
        expect(item.status.sync.comparedTo.source.helm.values).toBe(values);
        expect(item.status.history.every((h: { source: { helm: { values: string } } }) => h.source.helm.values === values)).toBe(true);
        expect(item.status.sourceType).toBe('Helm');
    });
});

describe('list sizes', () => {
    let server: ArgoCdTestServer;
    afterEach(() => server.stop());

    test('at 1,000 full apps the full list is at least 10x the trimmed one', async () => {
        server = await ArgoCdTestServer.start({ fleet: generateFleet(1000, { seed: 1, full: true }) });
        const full = await call(`${server.url}/api/v1/applications`, { token });
        const trimmed = await call(`${server.url}/api/v1/applications?fields=${POLL_FIELDS}`, { token });
        const working = await call(`${server.url}/api/v1/applications?fields=${WORKING_POLL_FIELDS}`, { token });
        expect(full.json().items).toHaveLength(1000);
        expect(trimmed.json().items).toHaveLength(1000);
        const ratio = full.text.length / trimmed.text.length;
        const workingRatio = full.text.length / working.text.length;
        // Printed for the record: the numbers the report quotes.
        process.stdout.write(
            `list sizes at 1000 apps: full ${full.text.length} B, trimmed ${trimmed.text.length} B (x${ratio.toFixed(1)}), with items.spec ${working.text.length} B (x${workingRatio.toFixed(1)})\n`,
        );
        expect(ratio).toBeGreaterThanOrEqual(10);
        expect(workingRatio).toBeGreaterThanOrEqual(10);
    });

    test('a 10 MB list answer from a big fleet', async () => {
        server = await ArgoCdTestServer.start({ fleet: generateFleet(2500, { seed: 2, full: true }) });
        const r = await call(`${server.url}/api/v1/applications`, { token });
        expect(r.text.length).toBeGreaterThanOrEqual(10 * 1024 * 1024);
        expect(r.json().items).toHaveLength(2500);
    });

    test('a 10 MB list answer from one huge message', async () => {
        const huge = 'x'.repeat(10 * 1024 * 1024);
        server = await ArgoCdTestServer.start({ fleet: [{ name: 'big', sync: 'Synced', health: 'Degraded', healthMessage: huge }] });
        const r = await call(`${server.url}/api/v1/applications`, { token });
        expect(Number(r.headers['content-length'])).toBeGreaterThan(10 * 1024 * 1024);
        expect(r.json().items[0].status.health.message).toHaveLength(huge.length);
    });
});

describe('demoFleet', () => {
    test('about twelve apps and a minute of trouble and recovery', () => {
        const demo = demoFleet();
        expect(demo.apps.length).toBeGreaterThanOrEqual(10);
        expect(demo.apps.length).toBeLessThanOrEqual(14);
        const last = Math.max(...demo.timeline.map((s) => s.atSeconds));
        expect(last).toBeGreaterThan(45);
        expect(last).toBeLessThanOrEqual(70);
    });

    test('played fast, it drifts, degrades, fails a sync, loses an app, and recovers', async () => {
        const demo = demoFleet();
        const server = await ArgoCdTestServer.start({ fleet: demo.apps });
        const seen = new Set<string>();
        const steps: string[] = [];
        let done: () => void = () => undefined;
        const finished = new Promise<void>((r) => (done = r));
        const stop = startDemoTimeline(server, demo, 500, (step) => {
            steps.push(step.note);
            for (const a of server.apps()) {
                seen.add(a.sync);
                seen.add(a.health);
                if (a.operation?.phase === 'Failed') seen.add(`failed:${a.operation.message ? 'with message' : ''}`);
            }
            if (steps.length === demo.timeline.length) done();
        });
        try {
            await finished;
            for (const s of ['OutOfSync', 'Degraded', 'Missing', 'failed:with message']) expect(seen.has(s)).toBe(true);
            expect(server.apps().every((a) => a.sync === 'Synced' && a.health === 'Healthy')).toBe(true);
        } finally {
            stop();
            await server.stop();
        }
    });
});
