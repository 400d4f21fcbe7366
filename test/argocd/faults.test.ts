import * as http from 'http';
import type { Socket } from 'net';
import { ADMIN_TOKEN, ArgoCdTestServer, FleetApp } from '../../sim/argocd';
import { call } from './http';

const apps = (): FleetApp[] => [
    { name: 'api', sync: 'Synced', health: 'Healthy' },
    { name: 'web', sync: 'OutOfSync', health: 'Healthy' },
];

describe('faults', () => {
    let server: ArgoCdTestServer;
    const token = ADMIN_TOKEN;
    const listUrl = (): string => `${server.url}/api/v1/applications`;

    beforeEach(async () => {
        server = await ArgoCdTestServer.start({ fleet: apps() });
    });
    afterEach(() => server.stop());

    test("'refused' closes the port until cleared, then listens on the same port again", async () => {
        const url = server.url;
        server.injectFault({ kind: 'refused' });
        await expect(call(listUrl(), { token })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
        await expect(call(listUrl(), { token })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
        server.clearFaults();
        await server.whenListening();
        expect(server.url).toBe(url);
        expect((await call(listUrl(), { token })).status).toBe(200);
    });

    test("'refused' with times resets that many connections, then answers", async () => {
        server.injectFault({ kind: 'refused', times: 2 });
        await expect(call(listUrl(), { token })).rejects.toMatchObject({ code: 'ECONNRESET' });
        await expect(call(listUrl(), { token })).rejects.toMatchObject({ code: 'ECONNRESET' });
        expect((await call(listUrl(), { token })).status).toBe(200);
    });

    test("'hang' never answers; stop() releases the request", async () => {
        server.injectFault({ kind: 'hang', route: 'list' });
        let settled = false;
        const pending = call(listUrl(), { token }).finally(() => (settled = true));
        // Other routes still answer while the list hangs.
        expect((await call(`${server.url}/api/v1/applications/api`, { token })).status).toBe(200);
        await new Promise((r) => setTimeout(r, 100));
        expect(settled).toBe(false);
        expect(server.requests().find((r) => r.route === 'list')?.status).toBe(0);
        await server.stop();
        await expect(pending).rejects.toMatchObject({ code: 'ECONNRESET' });
    });

    test("releaseHanging() drops the held requests, and the next one is answered", async () => {
        server.injectFault({ kind: 'hang', route: 'list', times: 1 });
        const held = call(listUrl(), { token });
        await new Promise<void>((resolve) => {
            const check = (): void => (server.requests().some((r) => r.route === 'list') ? resolve() : void setImmediate(check));
            check();
        });
        expect(server.releaseHanging()).toBe(1);
        await expect(held).rejects.toMatchObject({ code: 'ECONNRESET' });
        expect(server.releaseHanging()).toBe(0);
        expect((await call(listUrl(), { token })).status).toBe(200);
    });

    test("'status' answers an Argo CD error body for gRPC statuses and a proxy's text for 502", async () => {
        server.injectFault({ kind: 'status', status: 503, times: 1 });
        const unavailable = await call(listUrl(), { token });
        expect(unavailable.status).toBe(503);
        expect(unavailable.json()).toMatchObject({ code: 14, error: expect.any(String), message: expect.any(String) });

        server.injectFault({ kind: 'status', status: 502, times: 1 });
        const badGateway = await call(listUrl(), { token });
        expect(badGateway.status).toBe(502);
        expect(badGateway.text).toMatch(/^upstream connect error/);

        server.injectFault({ kind: 'status', status: 500, body: '{"error":"custom","code":13,"message":"custom"}', times: 1 });
        const custom = await call(listUrl(), { token });
        expect(custom.status).toBe(500);
        expect(custom.json().error).toBe('custom');
        expect((await call(listUrl(), { token })).status).toBe(200);
    });

    test("'html' answers an nginx error page", async () => {
        server.injectFault({ kind: 'html', times: 1 });
        const r = await call(listUrl(), { token });
        expect(r.status).toBe(502);
        expect(r.headers['content-type']).toBe('text/html');
        expect(r.text).toContain('<center><h1>502 Bad Gateway</h1></center>');
        expect(r.text).toContain('<hr><center>nginx</center>');
    });

    test("'malformed' answers 200 with a body that is not JSON", async () => {
        server.injectFault({ kind: 'malformed', times: 1 });
        const r = await call(listUrl(), { token });
        expect(r.status).toBe(200);
        expect(r.headers['content-type']).toBe('application/json');
        expect(() => JSON.parse(r.text)).toThrow();
    });

    test("'truncated' answers the first half of the real list", async () => {
        const whole = (await call(listUrl(), { token })).text;
        server.injectFault({ kind: 'truncated', route: 'list', times: 1 });
        const r = await call(listUrl(), { token });
        expect(r.status).toBe(200);
        expect(r.text.length).toBeGreaterThan(10);
        expect(r.text.length).toBeLessThan(whole.length);
        expect(whole.startsWith(r.text)).toBe(true);
        expect(() => JSON.parse(r.text)).toThrow();
    });

    test("'empty-body' answers 200 with nothing", async () => {
        server.injectFault({ kind: 'empty-body', times: 1 });
        const r = await call(listUrl(), { token });
        expect(r.status).toBe(200);
        expect(r.text).toBe('');
    });

    test('a fault scoped to a route leaves other routes alone, and counts down', async () => {
        server.injectFault({ kind: 'status', status: 504, route: 'get', times: 2 });
        expect((await call(listUrl(), { token })).status).toBe(200);
        expect((await call(`${server.url}/api/v1/applications/api`, { token })).status).toBe(504);
        expect((await call(`${server.url}/api/v1/applications/api`, { token })).status).toBe(504);
        expect((await call(`${server.url}/api/v1/applications/api`, { token })).status).toBe(200);
    });

    test("a sync fault: 'sync' route", async () => {
        server.injectFault({ kind: 'status', status: 500, route: 'sync' });
        const r = await call(`${server.url}/api/v1/applications/api/sync`, { method: 'POST', body: '{}', token, headers: { 'Content-Type': 'application/json' } });
        expect(r.status).toBe(500);
        expect(server.app('api')?.operation).toBeUndefined();
    });

    test('without times a fault stays until clearFaults()', async () => {
        server.injectFault({ kind: 'empty-body' });
        for (let i = 0; i < 3; i++) expect((await call(listUrl(), { token })).text).toBe('');
        server.clearFaults();
        expect((await call(listUrl(), { token })).json().items).toHaveLength(2);
    });

    test('every request is recorded, faulted ones included, with what was answered', async () => {
        server.injectFault({ kind: 'html', times: 1 });
        await call(`${listUrl()}?projects=a&projects=b&fields=items.metadata.name`, { token });
        await call(`${server.url}/api/version`);
        const [first, second] = server.requests();
        expect(first).toMatchObject({
            method: 'GET',
            path: '/api/v1/applications',
            route: 'list',
            query: { projects: ['a', 'b'], fields: ['items.metadata.name'] },
            status: 502,
            body: '',
        });
        expect(first.headers.authorization).toBe(`Bearer ${token}`);
        expect(first.at).toBeGreaterThan(0);
        expect(second).toMatchObject({ path: '/api/version', route: 'version', status: 200 });
        server.clearRequests();
        expect(server.requests()).toEqual([]);
    });
});

describe('stop()', () => {
    test('closes kept-alive connections too, so it returns without waiting for clients to let go', async () => {
        const server = await ArgoCdTestServer.start();
        // An idle kept-alive socket would close on its own after the server's keep-alive timeout
        // (5 s); an hour leaves stop() the only way to close it, so a stop() that waited would hang.
        (server as unknown as { httpServer: http.Server }).httpServer.keepAliveTimeout = 3_600_000;
        const agent = new http.Agent({ keepAlive: true });
        let socket: Socket | undefined;
        await new Promise<void>((resolve, reject) => {
            http.get(`${server.url}/api/version`, { agent }, (res) => {
                res.resume();
                res.on('end', resolve);
            }).on('socket', (opened) => { socket = opened; }).on('error', reject);
        });
        const kept = socket as Socket;
        expect(kept.destroyed).toBe(false);
        const closed = new Promise((resolve) => kept.once('close', resolve));
        await server.stop();
        // Closed by the server: the agent still holds it.
        await closed;
        agent.destroy();
    });
});
