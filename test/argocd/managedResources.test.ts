import { ADMIN_TOKEN, ArgoCdTestServer } from '../../sim/argocd';
import { call } from './http';

// Argo CD: controller/appcontroller.go (hideSecretData) builds each managed-resources item.
test('explicit manifests come back as JSON strings: live and target "null" when absent, the normalized and predicted states beside them', async () => {
    const live = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { replicas: 5 } };
    const desired = { ...live, spec: { replicas: 3 } };
    const server = await ArgoCdTestServer.start({ fleet: [{ name: 'shop', sync: 'OutOfSync', health: 'Healthy', resources: [
        { group: 'apps', kind: 'Deployment', name: 'api', status: 'OutOfSync', manifests: { live, desired } },
        { kind: 'ConfigMap', name: 'new', status: 'OutOfSync', manifests: { live: null, desired: { kind: 'ConfigMap' } } },
    ] }] });
    try {
        const body = (await call(`${server.url}/api/v1/applications/shop/managed-resources`, { token: ADMIN_TOKEN })).json();
        const [api, configMap] = body.items;
        expect(api).toMatchObject({ group: 'apps', kind: 'Deployment', name: 'api', namespace: 'shop', modified: true, resourceVersion: '1000' });
        expect([api.liveState, api.normalizedLiveState, api.targetState, api.predictedLiveState].map((s: string) => JSON.parse(s))).toEqual([live, live, desired, desired]);
        expect(configMap.liveState).toBe('null');
        expect(configMap.normalizedLiveState).toBe('null');
        expect(configMap).not.toHaveProperty('resourceVersion');
        // status.resources still says what drifted.
        const app = (await call(`${server.url}/api/v1/applications/shop`, { token: ADMIN_TOKEN })).json();
        expect(app.status.resources.map((r: { kind: string; status: string }) => `${r.kind}:${r.status}`)).toEqual(['Deployment:OutOfSync', 'ConfigMap:OutOfSync']);
    } finally {
        await server.stop();
    }
});
