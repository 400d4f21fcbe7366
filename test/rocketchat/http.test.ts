import * as http from 'http';
import type { AddressInfo } from 'net';

import type { IHttpResponse } from 'apps-engine-runtime/definition/accessors';
import { RequestMethod } from 'apps-engine-runtime/definition/accessors';
import type { IHttpBridgeRequestInfo } from 'apps-engine-runtime/server/bridges/HttpBridge';

import { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';
import { SimHttpBridge } from '../../sim/rocketchat/SimHttpBridge';
import { probeAppZip, runProbe } from './probeApp';
import { startTestServer } from './testServer';
import type { TestServer } from './testServer';

// Rocket.Chat's HTTP bridge (apps/meteor/app/apps/server/bridges/http.ts over packages/server-fetch and
// node-fetch 2.7.0): end to end through the app's http accessor, and its rules one by one.

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

afterEach(() => {
    server.respond((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end('{"value":42}');
    });
});

/** The text of the probe's last notification to alice, after a /probe command. */
function probe(args: string): Promise<string> {
    return runProbe(sim, 'general', args);
}

/** A server on another loopback address: another host name to node-fetch's redirect rules. */
async function startOtherHost(): Promise<{ url: string; seen: http.IncomingMessage[]; close: () => Promise<void> }> {
    const seen: http.IncomingMessage[] = [];
    const other = http.createServer((req, res) => {
        seen.push(req);
        req.resume();
        req.on('end', () => res.end('other host'));
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.2', resolve));
    return {
        url: `http://127.0.0.2:${(other.address() as AddressInfo).port}`,
        seen,
        close: () => new Promise((resolve) => other.close(() => resolve())),
    };
}

test('an object in data is sent as node-fetch sends an object: "[object Object]" as text/plain', async () => {
    server.respond((req, res) => res.end(`echo ${req.method} ${req.headers['content-type']} ${req.headers['x-probe']} ${req.body}`));
    expect(await probe(`http-post ${server.url}/hook`)).toBe('post 200 echo POST text/plain;charset=UTF-8 post [object Object]');
});

test('a string body that is JSON still goes as text/plain: server-fetch\'s JSON default never applies', async () => {
    server.respond((req, res) => res.end(`${req.headers['content-type']} ${req.body}`));
    const response = await bridge.send(`${server.url}/hook`, { content: '{"a":1}' }, RequestMethod.POST);
    expect(response.content).toBe('text/plain;charset=UTF-8 {"a":1}');
});

test('data is parsed only for a JSON content type; status and lower-case headers come back', async () => {
    server.respond((req, res) => {
        res.statusCode = req.url === '/json' ? 201 : 500;
        res.setHeader('X-Reply', 'yes');
        if (req.url === '/json') {
            res.setHeader('Content-Type', 'application/json; charset=utf-8');
        }
        res.end(req.url === '/json' ? '{"a":[1,2]}' : 'plain failure');
    });
    const json = await bridge.send(`${server.url}/json`, {});
    expect(json).toMatchObject({ url: `${server.url}/json`, method: 'get', statusCode: 201, content: '{"a":[1,2]}', data: { a: [1, 2] } });
    expect(json.headers?.['x-reply']).toBe('yes');
    const text = await bridge.send(`${server.url}/text`, {});
    expect(text).toMatchObject({ statusCode: 500, content: 'plain failure', data: null });
});

test('a JSON body served as text/plain gives data null', async () => {
    server.respond((_req, res) => {
        res.setHeader('content-type', 'text/plain');
        res.end('{"value":42}');
    });
    const response = await bridge.send(`${server.url}/json-as-text`, {});
    expect(response.content).toBe('{"value":42}');
    expect(response.data).toBeNull();
});

test('a malformed body served as application/json gives data null, not an error', async () => {
    server.respond((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end('{"value":');
    });
    expect((await bridge.send(`${server.url}/broken`, {})).data).toBeNull();
});

test('a javascript content type is parsed too', async () => {
    server.respond((_req, res) => {
        res.setHeader('content-type', 'text/javascript');
        res.end('[1]');
    });
    expect((await bridge.send(`${server.url}/js`, {})).data).toEqual([1]);
});

test('encoding null gives the raw bytes as content and no data', async () => {
    const response = await bridge.send(`${server.url}/raw`, { encoding: null } as never);
    expect(Buffer.isBuffer(response.content)).toBe(true);
    expect((response.content as unknown as Buffer).toString('utf8')).toBe('{"value":42}');
    expect('data' in response).toBe(false);
});

test('inside the app, encoding null content arrives as a Buffer (msgpack extension), data absent', async () => {
    server.respond((_req, res) => res.end('bytes'));
    expect(await probe(`http-raw ${server.url}/raw`)).toBe('raw object Buffer isUint8Array=true length=5 text=bytes data=absent');
});

test('request.encoding decodes content', async () => {
    server.respond((_req, res) => res.end('hi'));
    expect((await bridge.send(`${server.url}/enc`, { encoding: 'base64' } as never)).content).toBe('aGk=');
});

test('falsy params are dropped; GET params join the URL\'s query; request.query is ignored', async () => {
    server.respond((req, res) => res.end(`${req.method} ${req.url} [${req.body}]`));
    const response = await bridge.send(`${server.url}/p?x=1`, {
        params: { y: '2 3', empty: '', zero: 0 as never, no: false as never, none: null as never }, query: 'z=4',
    });
    expect(response.content).toBe('GET /p?x=1&y=2+3 []');
});

test('GET never sends a body, even with content', async () => {
    server.respond((req, res) => res.end(`${req.method} ${req.headers['content-length']} [${req.body}]`));
    expect((await bridge.send(`${server.url}/g`, { content: 'ignored' })).content).toBe('GET undefined []');
});

test('with content, params go to the query string and content is sent as is', async () => {
    server.respond((req, res) => res.end(`${req.method} ${req.url} ${req.body}`));
    const response = await bridge.send(`${server.url}/p`, { params: { y: '2' }, content: 'raw' }, RequestMethod.PUT);
    expect(response.content).toBe('PUT /p?y=2 raw');
});

test('a POST without content sends its params as a urlencoded body', async () => {
    server.respond((req, res) => res.end(`${req.url} ${req.headers['content-type']} ${req.body}`));
    const response = await bridge.send(`${server.url}/form`, { params: { a: '1', b: 'x y' } }, RequestMethod.POST);
    expect(response.content).toBe('/form application/x-www-form-urlencoded a=1&b=x+y');
});

test('auth becomes Basic authorization; without a colon it is refused with Rocket.Chat\'s error', async () => {
    server.respond((req, res) => res.end(String(req.headers.authorization)));
    expect((await bridge.send(`${server.url}/auth`, { auth: 'user:pass' })).content).toBe(`Basic ${Buffer.from('user:pass').toString('base64')}`);
    await expect(bridge.send(`${server.url}/auth`, { auth: 'token' })).rejects.toThrow('auth option should be of the form "username:password"');
});

test('non-2xx answers are returned, not thrown', async () => {
    server.respond((_req, res) => {
        res.statusCode = 503;
        res.end('down');
    });
    expect(await bridge.send(`${server.url}/down`, {})).toMatchObject({ statusCode: 503, content: 'down' });
});

test('a POST answered 302 is followed as a GET without its body; url stays the requested one', async () => {
    server.respond((req, res) => {
        if (req.url === '/moved') {
            res.statusCode = 302;
            res.setHeader('location', '/target');
            res.end();
            return;
        }
        res.end(`${req.method} ${req.url} ${req.headers['content-type']} [${req.body}]`);
    });
    const response = await bridge.send(`${server.url}/moved`, { content: 'payload' }, RequestMethod.POST);
    // node-fetch drops the body and its Content-Length, not the Content-Type it had derived from the body.
    expect(response).toMatchObject({ url: `${server.url}/moved`, statusCode: 200, content: 'GET /target text/plain;charset=UTF-8 []' });
});

test('a PUT answered 303 becomes a GET; a PUT answered 307 keeps its method and body', async () => {
    server.respond((req, res) => {
        if (req.url === '/see-other' || req.url === '/temporary') {
            res.statusCode = req.url === '/see-other' ? 303 : 307;
            res.setHeader('location', '/target');
            res.end();
            return;
        }
        res.end(`${req.method} [${req.body}]`);
    });
    expect((await bridge.send(`${server.url}/see-other`, { content: 'p' }, RequestMethod.PUT)).content).toBe('GET []');
    expect((await bridge.send(`${server.url}/temporary`, { content: 'p' }, RequestMethod.PUT)).content).toBe('PUT [p]');
});

test('Authorization is dropped on a redirect to another host, kept on another port of the same host', async () => {
    const other = await startOtherHost();
    const samehost = await startTestServer();
    try {
        samehost.respond((req, res) => res.end(String(req.headers.authorization)));
        server.respond((req, res) => {
            res.statusCode = 301;
            res.setHeader('location', req.url === '/to-other' ? `${other.url}/landing` : `${samehost.url}/landing`);
            res.end();
        });
        const headers = { Authorization: 'Bearer t0k3n', Cookie: 'a=b' };
        const away = await bridge.send(`${server.url}/to-other`, { headers: { ...headers } });
        expect(away.content).toBe('other host');
        expect(other.seen[0].headers.authorization).toBeUndefined();
        expect(other.seen[0].headers.cookie).toBeUndefined();
        // node-fetch 2.7.0 compares host names only: a port change keeps the credentials.
        expect((await bridge.send(`${server.url}/to-port`, { headers: { ...headers } })).content).toBe('Bearer t0k3n');
    } finally {
        await other.close();
        await samehost.close();
    }
});

test('more than 20 redirects fail with node-fetch\'s error', async () => {
    server.respond((_req, res) => {
        res.statusCode = 302;
        res.setHeader('location', '/again');
        res.end();
    });
    await expect(bridge.send(`${server.url}/loop`, {})).rejects.toThrow(`maximum redirect reached at: ${server.url}/again`);
});

test('a refused connection fails with node-fetch\'s text, query included, never the headers', async () => {
    const down = await startTestServer();
    const url = `${down.url}/x?q=1`;
    await down.close();
    const failure = await bridge.send(url, { headers: { Authorization: 'Bearer secret-token' } }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(`request to ${url} failed, reason: connect ECONNREFUSED ${new URL(url).host}`);
    expect(JSON.stringify(failure) + (failure as Error).message).not.toContain('secret-token');
});

test('no headers within the timeout: the abort fires first, "The user aborted a request."', async () => {
    server.respond(() => undefined);
    await expect(bridge.send(`${server.url}/slow`, { timeout: 200 })).rejects.toThrow(/^The user aborted a request\.$/);
});

test('headers then a stalled body: node-fetch\'s body timeout names the URL', async () => {
    server.respond((_req, res) => {
        res.writeHead(200);
        res.write('partial');
    });
    await expect(bridge.send(`${server.url}/stall?q=1`, { timeout: 200 }))
        .rejects.toThrow(`Response timeout while trying to fetch ${server.url}/stall?q=1 (over 200ms)`);
});

test('inside the app, a timed-out job fails with the abort text', async () => {
    // The probe's poll uses a 2 s timeout; this server never answers.
    server.respond(() => undefined);
    await expect(sim.runJob('probe-poll')).rejects.toThrow(/The user aborted a request/);
});

test('the guard refuses a request before it is sent', async () => {
    const guarded = new (class extends SimHttpBridge {
        send(url: string): Promise<IHttpResponse> {
            return this.call({ appId: 'test', method: RequestMethod.POST, url, request: {} });
        }
    })(({ method }) => (method === 'POST' ? 'read-only' : undefined));
    const before = server.seen.length;
    await expect(guarded.send(`${server.url}/guarded`)).rejects.toThrow('read-only');
    expect(server.seen.length).toBe(before);
});

describe('TLS: Rocket.Chat allows self-signed certificates when (strictSSL is false) or (rejectUnauthorized is TRUE)', () => {
    let tls: TestServer;
    beforeAll(async () => { tls = await startTestServer({ tls: true }); });
    afterAll(async () => { await tls?.close(); });

    test('with no flag the self-signed certificate is refused', async () => {
        await expect(bridge.send(`${tls.url}/secure`, {})).rejects.toThrow(/request to .* failed, reason: self[- ]signed certificate/);
    });

    test('strictSSL true refuses it', async () => {
        await expect(bridge.send(`${tls.url}/secure`, { strictSSL: true })).rejects.toThrow(/self[- ]signed certificate/);
    });

    test('strictSSL false accepts it', async () => {
        expect((await bridge.send(`${tls.url}/secure`, { strictSSL: false })).data).toEqual({ value: 42 });
    });

    test('rejectUnauthorized TRUE accepts it (the flag is inverted)', async () => {
        expect((await bridge.send(`${tls.url}/secure`, { rejectUnauthorized: true })).data).toEqual({ value: 42 });
    });

    test('strictSSL true with rejectUnauthorized true accepts it: the second flag wins the OR', async () => {
        expect((await bridge.send(`${tls.url}/secure`, { strictSSL: true, rejectUnauthorized: true })).data).toEqual({ value: 42 });
    });

    test('rejectUnauthorized false refuses it', async () => {
        await expect(bridge.send(`${tls.url}/secure`, { rejectUnauthorized: false })).rejects.toThrow(/self[- ]signed certificate/);
    });

    test('inside the app: rejectUnauthorized true reaches the self-signed server', async () => {
        expect(await probe(`http-call get ${tls.url}/secure rejectUnauthorized=true`)).toMatch(/^ok .*"statusCode":200.*"data":\{"value":42\}/);
        expect(await probe(`http-call get ${tls.url}/secure`)).toMatch(/^error .*self[- ]signed certificate/);
    });
});

test('the default timeout is three minutes', () => {
    // Not waited for: read from the module, which is what the bridge passes when the app gives none.
    expect(jest.requireActual('../../sim/rocketchat/SimHttpBridge').DEFAULT_TIMEOUT_MS).toBe(180_000);
});
