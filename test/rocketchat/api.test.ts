import fetch from 'node-fetch';

import { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';
import { probeAppZip } from './probeApp';

// App endpoints served as Rocket.Chat serves them: Express with express.urlencoded() and express.json()
// only (apps/meteor/app/apps/server/bridges/router.ts), the request handed to the engine and the app's
// answer written back as apps/meteor/app/apps/server/bridges/api.ts does.

interface Echo {
    method: string;
    headers: Record<string, string>;
    query: Record<string, unknown>;
    params: Record<string, string>;
    content: unknown;
}

let sim: RocketChatSim;
let base: string;

beforeAll(async () => {
    sim = await RocketChatSim.start({ appZip: probeAppZip() });
    base = await sim.startApiServer(0);
});

afterAll(async () => {
    await sim?.stop();
});

const echoUrl = (suffix = '') => `${base}/api/apps/public/${sim.appId}/echo/7${suffix}`;

async function post(body: string, headers: Record<string, string>): Promise<Echo> {
    // A Buffer body: node-fetch adds no Content-Type of its own.
    const response = await fetch(echoUrl(), { method: 'POST', body: Buffer.from(body), headers });
    expect(response.status).toBe(200);
    return (await response.json()) as Echo;
}

test('the server listens on 127.0.0.1 and answers on the public path', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(echoUrl());
    expect(response.status).toBe(200);
});

test('a JSON body sent as application/json arrives parsed', async () => {
    expect((await post('{"app":"web","n":1}', { 'Content-Type': 'application/json' })).content).toEqual({ app: 'web', n: 1 });
});

test('the same JSON body with no Content-Type arrives as {}', async () => {
    expect((await post('{"app":"web","n":1}', {})).content).toEqual({});
});

test('a JSON body sent as text/plain arrives as {}', async () => {
    expect((await post('{"app":"web"}', { 'Content-Type': 'text/plain' })).content).toEqual({});
});

test('a urlencoded body is parsed (extended: false: brackets are not nested)', async () => {
    expect((await post('a=1&b=x+y&c[d]=2', { 'Content-Type': 'application/x-www-form-urlencoded' })).content)
        .toEqual({ a: '1', b: 'x y', 'c[d]': '2' });
});

test('malformed JSON is a 400 from Express and never reaches the app', async () => {
    const response = await fetch(echoUrl(), { method: 'POST', body: Buffer.from('{"app":'), headers: { 'Content-Type': 'application/json' } });
    expect(response.status).toBe(400);
});

test('the query is parsed by Express (nested brackets, repeated keys), params bound from the path', async () => {
    const echo = (await (await fetch(echoUrl('?via=test&tag=a&tag=b&f[x]=1'))).json()) as Echo;
    expect(echo.query).toEqual({ via: 'test', tag: ['a', 'b'], f: { x: '1' } });
    expect(echo.params).toEqual({ id: '7' });
    expect(echo.method).toBe('get');
});

test('header names arrive lower-case', async () => {
    const echo = await post('{}', { 'Content-Type': 'application/json', 'X-Argo-Drift-Secret': 's' });
    expect(echo.headers['x-argo-drift-secret']).toBe('s');
    expect(Object.keys(echo.headers).every((name) => name === name.toLowerCase())).toBe(true);
});

test('the app\'s status, headers and JSON content come back', async () => {
    const response = await fetch(echoUrl('?status=418'));
    expect(response.status).toBe(418);
    expect(response.headers.get('x-echo')).toBe('yes');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as Echo).params).toEqual({ id: '7' });
});

test('an unknown app or path is Express\'s 404 "Not Found"', async () => {
    const unknownApp = await fetch(`${base}/api/apps/public/no-such-app/echo/7`);
    expect([unknownApp.status, await unknownApp.text()]).toEqual([404, 'Not Found']);
    const unknownPath = await fetch(`${base}/api/apps/public/${sim.appId}/nowhere`);
    expect(unknownPath.status).toBe(404);
});

test('the private path /api/apps/private/<appId>/<hash>/<path> reaches the same endpoint', async () => {
    const response = await fetch(`${base}/api/apps/private/${sim.appId}/somehash/echo/7`);
    expect(response.status).toBe(200);
});

test('callApi sends content as JSON with application/json, through the same parsers', async () => {
    const response = await sim.callApi('echo/7', { method: 'POST', content: { app: 'web' } });
    expect(response.status).toBe(200);
    expect((response.content as Echo).content).toEqual({ app: 'web' });
    expect((response.content as Echo).headers['content-type']).toBe('application/json');
});

test('callApi with a raw body and no Content-Type: the app sees {} (as from Argo CD without a configured header)', async () => {
    const response = await sim.callApi('echo/7', { method: 'POST', body: '{"app":"web"}' });
    expect((response.content as Echo).content).toEqual({});
    expect((response.content as Echo).headers['content-type']).toBeUndefined();
});
