import { ADMIN_TOKEN, ArgoCdTestServer, FleetApp } from '../../sim/argocd';
import { conditionKey, NOTIFIED_ANNOTATION, NotificationsController } from '../../sim/argocd/notifications';
import { call } from './http';
import { configMapYaml, OLD_README_CONFIG_MAP, SECRET, withTrigger } from './notificationsConfig';
import { WebhookReceiver } from './webhookReceiver';

const SUCCEEDED = { phase: 'Succeeded' as const, finishedAt: '2024-03-05T07:33:04Z' };

describe("Argo CD's notifications controller calling the webhook", () => {
    let server: ArgoCdTestServer;
    let receiver: WebhookReceiver;

    const start = async (apps: FleetApp[], configMap = configMapYaml()): Promise<NotificationsController> => {
        server = await ArgoCdTestServer.start({ fleet: apps });
        return new NotificationsController(server, { configMap, secret: SECRET, serviceUrl: receiver.url() });
    };
    const bodies = (): Array<{ app: string; namespace: string }> => receiver.received.map((r) => JSON.parse(r.body));

    beforeEach(async () => {
        receiver = await WebhookReceiver.start();
    });
    afterEach(async () => {
        await server?.stop();
        await receiver.stop();
    });

    test('a state calls once while it holds, and again after it cleared and came back', async () => {
        const ctrl = await start([{ name: 'api', sync: 'Synced', health: 'Healthy', operation: SUCCEEDED }]);
        const outOfSync = conditionKey(0, "app.status.sync.status == 'OutOfSync'");
        const outOfSyncCalls = (): number => ctrl.calls.filter((c) => c.condition === outOfSync).length;

        server.setApp('api', { sync: 'OutOfSync' });
        await ctrl.tick();
        expect(outOfSyncCalls()).toBe(1);
        await ctrl.tick();
        server.setApp('api', { health: 'Degraded' });
        await ctrl.tick();
        expect(outOfSyncCalls()).toBe(1);

        server.setApp('api', { sync: 'Synced' });
        await ctrl.tick();
        server.setApp('api', { sync: 'OutOfSync' });
        await ctrl.tick();
        expect(outOfSyncCalls()).toBe(2);
        expect(bodies().every((b) => b.app === 'api' && b.namespace === 'argocd')).toBe(true);
    });

    test("each state of the README's ConfigMap has its own condition: Degraded on top of OutOfSync calls again", async () => {
        const ctrl = await start([{ name: 'api', sync: 'Synced', health: 'Healthy', operation: SUCCEEDED }]);
        await ctrl.tick(); // healthy: the healthy-again condition calls once for an app seen first
        server.setApp('api', { sync: 'OutOfSync' });
        await ctrl.tick();
        server.setApp('api', { health: 'Degraded' });
        await ctrl.tick();
        server.setApp('api', { health: 'Missing' });
        await ctrl.tick();
        server.setApp('api', { sync: 'Synced', health: 'Healthy' });
        await ctrl.tick();
        expect(ctrl.calls.map((c) => c.condition.slice(0, 3))).toEqual(['[5]', '[0]', '[1]', '[2]', '[5]']);
        expect(ctrl.errors).toEqual([]);
    });

    test("the single OR-ed condition of the old README calls once and then stays silent while any state holds", async () => {
        const ctrl = await start([{ name: 'api', sync: 'Synced', health: 'Progressing', operation: { phase: 'Running' } }], OLD_README_CONFIG_MAP);
        server.setApp('api', { sync: 'OutOfSync' });
        await ctrl.tick();
        server.setApp('api', { sync: 'OutOfSync', health: 'Degraded' });
        await ctrl.tick();
        server.setApp('api', { sync: 'Synced', health: 'Missing' });
        await ctrl.tick();
        server.setApp('api', { operation: { phase: 'Failed', finishedAt: '2024-03-05T08:00:00Z' } });
        await ctrl.tick();
        server.setApp('api', { health: 'Healthy', operation: SUCCEEDED });
        await ctrl.tick();
        expect(ctrl.calls).toHaveLength(1);
        expect(receiver.received).toHaveLength(1);
    });

    test('an unguarded operationState.phase fails with "cannot fetch phase from <nil>" for an app that never synced, and never calls', async () => {
        const ctrl = await start(
            [{ name: 'fresh', sync: 'OutOfSync', health: 'Missing' }],
            withTrigger("- when: app.status.operationState.phase in ['Error', 'Failed']\n  send: [argo-drift]"),
        );
        await ctrl.tick();
        expect(ctrl.errors).toEqual(['failed to execute when condition: cannot fetch phase from <nil>']);
        expect(ctrl.calls).toEqual([]);
    });

    test('the guarded sync-failed condition calls once per failed operation (oncePer finishedAt), also without a Running seen between', async () => {
        const ctrl = await start([{ name: 'fresh', sync: 'OutOfSync', health: 'Missing' }]);
        const failed = conditionKey(3, "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']");
        const failedCalls = (): number => ctrl.calls.filter((c) => c.condition === failed).length;
        await ctrl.tick();
        expect(ctrl.errors).toEqual([]);
        expect(failedCalls()).toBe(0);
        server.setApp('fresh', { operation: { phase: 'Failed', finishedAt: '2024-03-05T08:00:00Z', message: 'one or more objects failed to apply' } });
        await ctrl.tick();
        await ctrl.tick();
        expect(failedCalls()).toBe(1);
        server.setApp('fresh', { operation: { phase: 'Failed', finishedAt: '2024-03-05T08:05:00Z', message: 'one or more objects failed to apply' } });
        await ctrl.tick();
        expect(failedCalls()).toBe(2);
    });

    test('an oncePer key is never cleared: the same failed operation seen again after a state in between does not call', async () => {
        const op = { phase: 'Failed' as const, finishedAt: '2024-03-05T08:00:00Z' };
        const ctrl = await start([{ name: 'api', sync: 'OutOfSync', health: 'Healthy', operation: op }]);
        await ctrl.tick();
        server.setApp('api', { operation: { phase: 'Running' } });
        await ctrl.tick();
        server.setApp('api', { operation: op });
        await ctrl.tick();
        expect(ctrl.calls.filter((c) => c.condition.startsWith('[3]'))).toHaveLength(1);
    });

    test('the state lives in the notified.notifications.argoproj.io annotation of the Application, keyed like state.go', async () => {
        const ctrl = await start([{ name: 'api', sync: 'OutOfSync', health: 'Healthy', operation: { phase: 'Failed', finishedAt: '2024-03-05T08:00:00Z' } }]);
        await ctrl.tick();
        const app = (await call(`${server.url}/api/v1/applications/api`, { token: ADMIN_TOKEN })).json();
        const state = JSON.parse(app.metadata.annotations[NOTIFIED_ANNOTATION]);
        const whenFailed = "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']";
        expect(Object.keys(state).sort()).toEqual(
            [
                `on-argo-drift-change:${conditionKey(0, "app.status.sync.status == 'OutOfSync'")}:argo-drift:`,
                `2024-03-05T08:00:00Z:on-argo-drift-change:${conditionKey(3, whenFailed)}:argo-drift:`,
            ].sort(),
        );
        // triggers/service.go: "[i]." + base64url (unpadded) of the SHA-1 of the when text.
        expect(conditionKey(0, 'x')).toBe('[0].EfatjsUqKYSrqv18O1FlA3hcIHI');
        expect(Object.values(state).every((v) => typeof v === 'number')).toBe(true);
        // Once nothing is notified any more, the annotation goes.
        await server.stop();
        const plain = await start([{ name: 'api', sync: 'OutOfSync', health: 'Healthy' }], withTrigger("- when: app.status.sync.status == 'OutOfSync'\n  send: [argo-drift]"));
        await plain.tick();
        expect(server.applicationObjects()[0].metadata).toHaveProperty(['annotations', NOTIFIED_ANNOTATION]);
        server.setApp('api', { sync: 'Synced' });
        await plain.tick();
        expect(server.applicationObjects()[0].metadata).not.toHaveProperty('annotations');
    });

    test('a 4xx answer is tried once and not recorded, so the next pass calls again', async () => {
        const ctrl = await start([{ name: 'api', sync: 'OutOfSync', health: 'Healthy', operation: SUCCEEDED }], withTrigger("- when: app.status.sync.status == 'OutOfSync'\n  send: [argo-drift]"));
        receiver.answers.push(400);
        await ctrl.tick();
        expect(ctrl.calls[0]).toMatchObject({ status: 400, attempts: 1 });
        expect(ctrl.errors[0]).toMatch(/^Failed to notify recipient argo-drift: defined in resource argocd\/api: request to POST .* has failed with error code 400/);
        expect(server.applicationObjects()[0].metadata).not.toHaveProperty('annotations');
        await ctrl.tick();
        expect(ctrl.calls[1]).toMatchObject({ status: 200, attempts: 1 });
        await ctrl.tick();
        expect(receiver.received).toHaveLength(2);
    });

    test('a 5xx answer is retried inside the send (go-retryablehttp, 4 attempts), 501 is not', async () => {
        const ctrl = await start([{ name: 'api', sync: 'OutOfSync', health: 'Healthy', operation: SUCCEEDED }], withTrigger("- when: app.status.sync.status == 'OutOfSync'\n  send: [argo-drift]"));
        receiver.answers.push(503, 502, 200);
        await ctrl.tick();
        expect(ctrl.calls[0]).toMatchObject({ status: 200, attempts: 3 });
        expect(receiver.received).toHaveLength(3);
        server.setApp('api', { sync: 'Synced' });
        await ctrl.tick();
        server.setApp('api', { sync: 'OutOfSync' });
        receiver.answers.push(501);
        await ctrl.tick();
        expect(ctrl.calls[1]).toMatchObject({ status: 501, attempts: 1 });
    });

    test('the request carries exactly the configured headers plus what Go adds: no Content-Type unless configured', async () => {
        const apps: FleetApp[] = [{ name: 'api', namespace: 'team-a', sync: 'OutOfSync', health: 'Healthy', operation: SUCCEEDED }];
        const host = `127.0.0.1:${receiver.port}`;
        const old = await start(apps, OLD_README_CONFIG_MAP);
        await old.tick();
        const body = '{"app": "api", "namespace": "team-a"}\n';
        expect(receiver.received[0]).toMatchObject({ method: 'POST', url: '/api/apps/public/app-id/argocd-webhook', body });
        expect(receiver.headerPairs(0)).toEqual([
            ['Host', host],
            ['User-Agent', 'Go-http-client/1.1'],
            ['Content-Length', String(Buffer.byteLength(body))],
            ['X-Argo-Drift-Secret', 's3cret'],
            ['Accept-Encoding', 'gzip'],
        ]);
        await server.stop();
        const now = await start(apps);
        await now.tick();
        expect(receiver.received[1].body).toBe(body);
        expect(receiver.headerPairs(1)).toEqual([
            ['Host', host],
            ['User-Agent', 'Go-http-client/1.1'],
            ['Content-Length', String(Buffer.byteLength(body))],
            ['Content-Type', 'application/json'],
            ['X-Argo-Drift-Secret', 's3cret'],
            ['Accept-Encoding', 'gzip'],
        ]);
    });

    test('a path template is appended to the service URL; a secret the secret lacks stays as written', async () => {
        const yaml = configMapYaml()
            .replace('        method: POST\n', '        method: POST\n        path: /?app={{.app.metadata.name}}&namespace={{.app.metadata.namespace}}\n')
            .replace('$argo-drift-secret', '$missing-key');
        const ctrl = await start([{ name: 'api', sync: 'OutOfSync', health: 'Healthy', operation: SUCCEEDED }], yaml);
        await ctrl.tick();
        expect(receiver.received[0].url).toBe('/api/apps/public/app-id/argocd-webhook/?app=api&namespace=argocd');
        expect(receiver.headerPairs(0)).toContainEqual(['X-Argo-Drift-Secret', '$missing-key']);
    });
});

test('watch(): a pass follows each fleet change, so a change calls without an explicit tick', async () => {
    const receiver = await WebhookReceiver.start();
    const server = await ArgoCdTestServer.start({ fleet: [{ name: 'api', sync: 'Synced', health: 'Progressing', operation: SUCCEEDED }] });
    try {
        const ctrl = new NotificationsController(server, { configMap: configMapYaml(), secret: SECRET, serviceUrl: receiver.url() });
        ctrl.watch();
        server.setApp('api', { health: 'Degraded' });
        server.setApp('api', { sync: 'OutOfSync' });
        await ctrl.settled();
        // Both changes happened before the first pass ran: it sees them together, as a work queue
        // that holds one key once would; the second pass finds nothing new.
        expect(ctrl.calls.map((c) => c.condition.slice(0, 3))).toEqual(['[0]', '[1]']);
        ctrl.stopWatching();
        server.setApp('api', { sync: 'Synced', health: 'Healthy' });
        await ctrl.settled();
        expect(receiver.received).toHaveLength(2);
    } finally {
        await server.stop();
        await receiver.stop();
    }
});
