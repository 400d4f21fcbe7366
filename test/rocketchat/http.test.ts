import type { IHttpResponse } from 'apps-engine-runtime/definition/accessors';
import { RequestMethod } from 'apps-engine-runtime/definition/accessors';
import type { IHttpBridgeRequestInfo } from 'apps-engine-runtime/server/bridges/HttpBridge';

import { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';
import { SimHttpBridge } from '../../sim/rocketchat/SimHttpBridge';
import { probeAppZip } from './probeApp';
import { startTestServer } from './testServer';
import type { TestServer } from './testServer';

// The HTTP bridge: end to end through the app's http accessor, and its options one by one.

class DirectHttpBridge extends SimHttpBridge {
    send(url: string, request: IHttpBridgeRequestInfo['request'], method = RequestMethod.GET): Promise<IHttpResponse> {
        return this.call({ appId: 'test', method, url, request });
    }
}

let sim: RocketChatSim;
let server: TestServer;
const bridge = new DirectHttpBridge();

beforeAll(async () => {
    server = await startTestServer();
    sim = await RocketChatSim.start({ appZip: probeAppZip(), settings: { probe_url: `${server.url}/status` } });
});

afterAll(async () => {
    await sim?.stop();
    await server?.close();
});

test('an app POST sends its data as a JSON body with its headers, and gets the content back', async () => {
    server.respond((req, res) => res.end(`echo ${req.method} ${req.headers['content-type']} ${req.headers['x-probe']} ${req.body}`));
    await sim.typeCommand('alice', 'general', `/probe http-post ${server.url}/hook`);
    expect(sim.notifications('alice').pop()?.text).toBe('post 200 echo POST application/json post {"hello":"world"}');
});

test('an app request that outlives its timeout rejects the job with a timeout error', async () => {
    // The probe's poll uses a 2 s timeout; this server never answers.
    server.respond(() => undefined);
    const started = Date.now();
    await expect(sim.runJob('probe-poll')).rejects.toThrow(/timeout/);
    expect(Date.now() - started).toBeLessThan(8000);
    server.respond((_req, res) => res.end('{}'));
});

test('JSON bodies are parsed into data, other bodies are not; status and headers come back', async () => {
    server.respond((req, res) => {
        res.statusCode = req.url === '/json' ? 201 : 500;
        res.setHeader('x-reply', 'yes');
        res.end(req.url === '/json' ? '{"a":[1,2]}' : 'plain failure');
    });
    const json = await bridge.send(`${server.url}/json`, {});
    expect(json).toMatchObject({ url: `${server.url}/json`, method: 'get', statusCode: 201, content: '{"a":[1,2]}', data: { a: [1, 2] } });
    expect(json.headers?.['x-reply']).toBe('yes');
    const text = await bridge.send(`${server.url}/text`, {});
    expect(text).toMatchObject({ statusCode: 500, content: 'plain failure' });
    expect(text.data).toBeUndefined();
});

test('params and a raw query are appended; content is sent as is; method is honoured', async () => {
    server.respond((req, res) => res.end(`${req.method} ${req.url} ${req.body}`));
    const response = await bridge.send(`${server.url}/p?x=1`, { params: { y: '2 3' }, query: 'z=4', content: 'raw' }, RequestMethod.PUT);
    expect(response.content).toBe('PUT /p?x=1&y=2+3&z=4 raw');
});

test('network errors name the cause and never the request headers', async () => {
    const down = await startTestServer();
    const url = `${down.url}/x`;
    await down.close();
    const failure = await bridge.send(url, { headers: { Authorization: 'Bearer secret-token' } }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(failure) + (failure as Error).message).not.toContain('secret-token');
});

test('timeout is honoured in milliseconds', async () => {
    server.respond(() => undefined);
    const started = Date.now();
    await expect(bridge.send(`${server.url}/slow`, { timeout: 200 })).rejects.toThrow(/timeout.*200 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
});

test('strictSSL false accepts a self-signed certificate; by default it is refused', async () => {
    const tls = await startTestServer({ tls: true });
    try {
        await expect(bridge.send(`${tls.url}/secure`, {})).rejects.toThrow(/self[- ]signed|certificate/i);
        const response = await bridge.send(`${tls.url}/secure`, { strictSSL: false });
        expect(response.data).toEqual({ value: 42 });
    } finally {
        await tls.close();
    }
});
