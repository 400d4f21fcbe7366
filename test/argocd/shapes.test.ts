/**
 * Shapes of real Argo CD objects beyond the friendliest one: auto-sync policies, Helm/OCI and
 * multi-source apps, per-resource sync results, missing resources, broken manifests, deletion.
 */
import { ADMIN_TOKEN, ArgoCdTestServer, FleetApp } from '../../sim/argocd';
import { call, post } from './http';

const SHA = 'a'.repeat(40);
const DIGEST = `sha256:${'b'.repeat(64)}`;

const fleet = (): FleetApp[] => [
    { name: 'plain', sync: 'Synced', health: 'Healthy', revision: SHA },
    { name: 'empty-auto', sync: 'Synced', health: 'Healthy', autoSync: 'empty' },
    { name: 'heal-auto', sync: 'Synced', health: 'Healthy', autoSync: 'selfHeal' },
    { name: 'off-auto', sync: 'Synced', health: 'Healthy', autoSync: 'disabled' },
    { name: 'redis', sync: 'Synced', health: 'Healthy', repoURL: 'https://charts.bitnami.com/bitnami', chart: 'redis', targetRevision: '1.4.2' },
    { name: 'oci', sync: 'Synced', health: 'Healthy', repoURL: 'oci://registry.example.com/manifests/shop', targetRevision: 'v2', revision: DIGEST, sourceType: 'Directory' },
    {
        name: 'multi',
        sync: 'Synced',
        health: 'Healthy',
        sources: [
            { repoURL: 'https://charts.example.com', chart: 'web', targetRevision: '3.1.0' },
            { repoURL: 'https://github.com/example-org/values.git', targetRevision: 'main', ref: 'values' },
        ],
        revisions: ['3.1.0', SHA],
        history: [{ id: 0, revision: '', revisions: ['3.0.0', SHA], deployedAt: '2024-03-05T07:33:04Z' }],
    },
];

describe('real shapes', () => {
    let server: ArgoCdTestServer;
    const get = async (name: string, suffix = '') => call(`${server.url}/api/v1/applications/${name}${suffix}`, { token: ADMIN_TOKEN });
    const app = async (name: string) => (await get(name)).json();
    const list = async () => (await call(`${server.url}/api/v1/applications`, { token: ADMIN_TOKEN })).json();

    beforeEach(async () => {
        server = await ArgoCdTestServer.start({ fleet: fleet() });
    });
    afterEach(() => server.stop());

    test('auto-sync shapes: automated {} / {selfHeal} / {enabled:false}; none without auto-sync', async () => {
        expect((await app('empty-auto')).spec.syncPolicy).toEqual({ automated: {}, syncOptions: ['CreateNamespace=true'] });
        expect((await app('heal-auto')).spec.syncPolicy.automated).toEqual({ selfHeal: true });
        expect((await app('off-auto')).spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true, enabled: false });
        expect((await app('plain')).spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=true'] });
        // The raw text carries the empty object, which a truthiness check on a field would miss.
        expect((await get('empty-auto')).text).toContain('"automated":{}');
    });

    test('a Helm-repository source: spec.source.chart, a chart version as revision, sourceType Helm', async () => {
        const redis = await app('redis');
        expect(redis.spec.source).toEqual({ repoURL: 'https://charts.bitnami.com/bitnami', targetRevision: '1.4.2', chart: 'redis' });
        expect(redis.status.sync.revision).toBe('1.4.2');
        expect(redis.status.sourceType).toBe('Helm');
    });

    test('an OCI source has a digest as its revision', async () => {
        const oci = await app('oci');
        expect(oci.status.sync.revision).toBe(DIGEST);
        expect(oci.status.sourceType).toBe('Directory');
    });

    test('revision metadata of a chart version or a digest: 500 revision X must be resolved', async () => {
        const chart = await get('redis', '/revisions/1.4.2/metadata');
        expect(chart.status).toBe(500);
        expect(chart.json()).toEqual({ error: 'revision 1.4.2 must be resolved', code: 2, message: 'revision 1.4.2 must be resolved' });
        const digest = await get('oci', `/revisions/${encodeURIComponent(DIGEST)}/metadata`);
        expect(digest.status).toBe(500);
        expect(digest.json().message).toBe(`revision ${DIGEST} must be resolved`);
        // A commit SHA passes the check and is looked up.
        expect((await get('plain', `/revisions/${SHA}/metadata`)).status).toBe(200);
    });

    test('chart details exist for chart sources only', async () => {
        const details = await get('redis', '/revisions/1.4.2/chartdetails');
        expect(details.status).toBe(200);
        expect(details.json()).toEqual({ description: expect.any(String), home: expect.any(String), maintainers: [expect.any(String)] });
        const none = await get('plain', `/revisions/${SHA}/chartdetails`);
        expect(none.status).toBe(500);
        expect(none.json().message).toBe('no chart found for application: plain');
    });

    test('a multi-source app: spec.sources, status.sync.revisions, history revisions and sources', async () => {
        const multi = await app('multi');
        expect(multi.spec.source).toBeUndefined();
        expect(multi.spec.sources).toHaveLength(2);
        expect(multi.status.sync.revision).toBeUndefined();
        expect(multi.status.sync.revisions).toEqual(['3.1.0', SHA]);
        expect(multi.status.history[0]).toMatchObject({ id: 0, revisions: ['3.0.0', SHA], sources: multi.spec.sources });
        expect(multi.status.history[0].revision).toBeUndefined();
        expect(multi.status.sourceTypes).toEqual(['Helm', 'Kustomize']);
    });

    test('multi-source metadata without sourceIndex is about source 0 (a chart here); sourceIndex=1 is the Git source', async () => {
        expect((await get('multi', `/revisions/3.1.0/metadata`)).json().message).toBe('revision 3.1.0 must be resolved');
        expect((await get('multi', `/revisions/${SHA}/metadata?sourceIndex=1`)).status).toBe(200);
        expect((await get('multi', '/revisions/3.1.0/chartdetails')).status).toBe(200);
        const out = await get('multi', `/revisions/${SHA}/metadata?sourceIndex=2`);
        expect(out.json().message).toBe('error getting app source by source index and version ID: source index 2 not found because there are only 2 sources');
    });

    test('a multi-source sync carries revisions in the operation, the result and the new history entry', async () => {
        server.syncOutcome('multi', { phase: 'Succeeded', after: 1 });
        const r = await post(`${server.url}/api/v1/applications/multi/sync`, {}, ADMIN_TOKEN);
        expect(r.status).toBe(200);
        expect(r.json().operation.sync).toMatchObject({ revisions: ['3.1.0', SHA], sources: expect.any(Array) });
        const multi = (await list()).items.find((i: { metadata: { name: string } }) => i.metadata.name === 'multi');
        expect(multi.status.operationState.syncResult).toMatchObject({ revision: '', revisions: ['3.1.0', SHA], sources: expect.any(Array) });
        expect(multi.status.history[multi.status.history.length - 1]).toMatchObject({ id: 1, revisions: ['3.1.0', SHA] });
    });

    test('per-resource sync results: Pruned, PruneSkipped and OutOfSync in a Succeeded operation', async () => {
        server.syncOutcome('plain', {
            phase: 'Succeeded',
            after: 0,
            resources: [
                { group: 'apps', kind: 'Deployment', name: 'plain', status: 'Synced', message: 'deployment.apps/plain configured' },
                { kind: 'ConfigMap', name: 'old-config', status: 'Pruned', message: 'pruned' },
                { kind: 'Secret', name: 'kept', status: 'PruneSkipped', message: 'ignored (requires pruning)' },
                { kind: 'Service', name: 'plain', status: 'OutOfSync', message: 'dry run' },
            ],
        });
        await post(`${server.url}/api/v1/applications/plain/sync`, {}, ADMIN_TOKEN);
        const result = (await app('plain')).status.operationState.syncResult;
        expect(result.resources.map((r: { status: string }) => r.status)).toEqual(['Synced', 'Pruned', 'PruneSkipped', 'OutOfSync']);
        expect(result.resources[2]).toMatchObject({ group: '', version: 'v1', kind: 'Secret', namespace: 'plain', name: 'kept', hookPhase: 'Running', syncPhase: 'Sync' });
    });

    test('a managed resource that does not exist is a tree node with health Missing', async () => {
        server.setResourcesMissing('plain', (r) => r.kind === 'Service');
        const tree = (await get('plain', '/resource-tree')).json();
        const svc = tree.nodes.find((n: { kind: string }) => n.kind === 'Service');
        expect(svc).toEqual({ version: 'v1', kind: 'Service', namespace: 'plain', name: 'plain', health: { status: 'Missing' } });
    });

    test('broken manifests: sync Unknown with a ComparisonError carrying the reason; health stays Healthy; fixable', async () => {
        server.breakManifests('plain', 'kustomize build failed: no such file or directory');
        const broken = await app('plain');
        expect(broken.status.sync.status).toBe('Unknown');
        expect(broken.status.health.status).toBe('Healthy');
        expect(broken.status.conditions).toEqual([
            {
                type: 'ComparisonError',
                message: 'Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = kustomize build failed: no such file or directory',
                lastTransitionTime: expect.any(String),
            },
        ]);
        expect(broken.status.resources.every((r: { status: string }) => r.status === 'Unknown')).toBe(true);
        server.fixManifests('plain');
        const fixed = await app('plain');
        expect(fixed.status.sync.status).toBe('Synced');
        expect(fixed.status.conditions).toBeUndefined();
    });

    test('deletion: deletionTimestamp while a finalizer holds the app, then it is gone', async () => {
        server.startDeletion('plain');
        const deleting = (await list()).items.find((i: { metadata: { name: string } }) => i.metadata.name === 'plain');
        expect(deleting.metadata).toMatchObject({ deletionTimestamp: expect.stringMatching(/Z$/), deletionGracePeriodSeconds: 0, finalizers: ['resources-finalizer.argocd.argoproj.io'] });
        server.finishDeletion('plain');
        expect((await list()).items.map((i: { metadata: { name: string } }) => i.metadata.name)).not.toContain('plain');
        expect((await get('plain')).status).toBe(403);
    });
});

describe('app health with missing resources, by version (controller/health.go)', () => {
    const healthOn = async (version: string, which: (r: { kind: string }) => boolean) => {
        const server = await ArgoCdTestServer.start({ fleet: [{ name: 'web', sync: 'Synced', health: 'Healthy' }], version });
        try {
            server.setResourcesMissing('web', which);
            return (await call(`${server.url}/api/v1/applications/web`, { token: ADMIN_TOKEN })).json().status;
        } finally {
            await server.stop();
        }
    };

    test('3.4+: a partly missing app keeps the health of what exists and is OutOfSync', async () => {
        const status = await healthOn('v3.4.0+1a2b3c4', (r) => r.kind === 'Service');
        expect(status.health.status).toBe('Healthy');
        expect(status.sync.status).toBe('OutOfSync');
    });

    test('3.4+: Missing when every resource is missing', async () => {
        expect((await healthOn('v3.6.0+37ee009', () => true)).health.status).toBe('Missing');
    });

    test('before 3.4 one missing resource with a health check makes the app Missing', async () => {
        expect((await healthOn('v3.3.6+a1b2c3d', (r) => r.kind === 'Service')).health.status).toBe('Missing');
    });
});
