import type { IHttp, IHttpRequest, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import { HttpArgoCdClient } from '../../src/adapters/HttpArgoCdClient';
import type { ArgoCdConnection } from '../../src/core/config';

// What Rocket.Chat's HTTP bridge (apps/meteor/app/apps/server/bridges/http.ts) hands the app, by
// request. With `encoding: null` every version the manifest admits (^1.53.1: Rocket.Chat 7.8 and
// later, whose Deno runtime carries a Buffer across its msgpack codec as a Buffer) answers the raw
// bytes in `content` and no `data`. Without it, or from a bridge that ignores it, `content` is the
// text and `data` Rocket.Chat's own JSON.parse of it, or null when the content type is not JSON.

const CONNECTION: ArgoCdConnection = { url: 'https://argocd.example.com', token: 'header.payload.signature', skipTlsVerify: false, timeoutMs: 5000 };

const LIST = {
    metadata: { resourceVersion: '7' },
    items: [{ metadata: { name: 'guestbook', namespace: 'argocd' }, spec: { project: 'shop' }, status: { sync: { status: 'OutOfSync' }, health: { status: 'Healthy' } } }],
};
const LIST_TEXT = JSON.stringify(LIST);

type Shape = (text: string, contentType: string) => Pick<IHttpResponse, 'content' | 'data'>;

const SHAPES: Array<[string, Shape]> = [
    ['raw bytes as a Buffer (encoding: null through the msgpack codec)', (text) => ({ content: Buffer.from(text, 'utf8') as unknown as string })],
    ['raw bytes as a plain Uint8Array', (text) => ({ content: new Uint8Array(Buffer.from(text, 'utf8')) as unknown as string })],
    ['a Buffer serialised as JSON carries it ({type, data})', (text) => ({ content: JSON.parse(JSON.stringify(Buffer.from(text, 'utf8'))) as string })],
    ['text, data null (a content type the bridge does not parse)', (text) => ({ content: text, data: null })],
    ['text plus the bridge\'s own parse (a bridge that ignores encoding)', (text, contentType) => ({ content: text, data: contentType.startsWith('application/json') ? JSON.parse(text) : null })],
];

interface Reply {
    status: number;
    text: string;
    contentType?: string;
}

/** An IHttp that answers by path and records every request as the app made it. */
class FakeHttp implements IHttp {
    readonly requests: Array<{ method: string; url: string; request: IHttpRequest }> = [];

    constructor(private readonly shape: Shape, private readonly answer: (path: string) => Reply | Error) {}

    get(url: string, request?: IHttpRequest): Promise<IHttpResponse> {
        return this.respond('get', url, request ?? {});
    }

    post(url: string, request?: IHttpRequest): Promise<IHttpResponse> {
        return this.respond('post', url, request ?? {});
    }

    put(url: string, request?: IHttpRequest): Promise<IHttpResponse> {
        return this.respond('put', url, request ?? {});
    }

    del(url: string, request?: IHttpRequest): Promise<IHttpResponse> {
        return this.respond('delete', url, request ?? {});
    }

    patch(url: string, request?: IHttpRequest): Promise<IHttpResponse> {
        return this.respond('patch', url, request ?? {});
    }

    private async respond(method: string, url: string, request: IHttpRequest): Promise<IHttpResponse> {
        this.requests.push({ method, url, request });
        const reply = this.answer(new URL(url).pathname);
        if (reply instanceof Error) {
            throw reply;
        }
        const contentType = reply.contentType ?? 'application/json';
        return { url, method: method as IHttpResponse['method'], statusCode: reply.status, headers: { 'content-type': contentType }, ...this.shape(reply.text, contentType) };
    }
}

function serving(shape: Shape, version: Reply | Error, list: Reply = { status: 200, text: LIST_TEXT }): FakeHttp {
    return new FakeHttp(shape, (path) => (path === '/api/version' ? version : path === '/api/v1/applications' ? list : { status: 404, text: 'Not Found', contentType: 'text/plain' }));
}

const V3_5: Reply = { status: 200, text: '{"Version":"v3.5.1+109ca7c"}' };
const fieldsOf = (http: FakeHttp): string[] => {
    const list = http.requests.find((r) => new URL(r.url).pathname === '/api/v1/applications');
    return (new URL(list?.url ?? 'http://x').searchParams.get('fields') ?? '').split(',');
};

describe.each(SHAPES)('answer shape: %s', (_name, shape) => {
    test('the list is read', async () => {
        const http = serving(shape, V3_5);
        const listed = await new HttpArgoCdClient(http, CONNECTION).listApplications({ projects: [] });
        expect(listed).toEqual({ ok: true, value: { apps: [expect.objectContaining({ name: 'guestbook', project: 'shop', sync: 'OutOfSync', health: 'Healthy' })], unreadable: [], skipped: 0 } });
    });

    test('the version is read, so the list asks for the project alone', async () => {
        const http = serving(shape, V3_5);
        await new HttpArgoCdClient(http, CONNECTION).listApplications({ projects: [] }, { labels: false });
        expect(fieldsOf(http)).toContain('items.spec.project');
        expect(fieldsOf(http)).not.toContain('items.spec');
    });

    test('Argo CD\'s JSON error keeps its words', async () => {
        const http = serving(shape, V3_5, { status: 403, text: '{"error":"permission denied","code":7,"message":"permission denied"}' });
        const listed = await new HttpArgoCdClient(http, CONNECTION).listApplications({ projects: [] });
        expect(listed).toMatchObject({ ok: false, error: { kind: 'forbidden', status: 403, detail: 'permission denied' } });
    });

    test('a proxy\'s HTML page is not taken for a list', async () => {
        const http = serving(shape, V3_5, { status: 200, text: '<html><body>Sign in</body></html>', contentType: 'text/html' });
        const listed = await new HttpArgoCdClient(http, CONNECTION).listApplications({ projects: [] });
        expect(listed).toMatchObject({ ok: false, error: { kind: 'garbage' } });
    });
});

describe('what the client asks of the bridge', () => {
    const shape = SHAPES[0][1];

    test('raw bytes, never the inverted TLS flag; the token on the list, none on the version', async () => {
        const http = serving(shape, V3_5);
        await new HttpArgoCdClient(http, CONNECTION).listApplications({ projects: ['shop'] });
        expect(http.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['get /api/version', 'get /api/v1/applications']);
        for (const { request } of http.requests) {
            expect(request.encoding).toBeNull();
            expect(Object.keys(request)).not.toContain('rejectUnauthorized');
            expect(Object.keys(request)).not.toContain('strictSSL');
        }
        expect(http.requests[0].request.headers?.Authorization).toBeUndefined();
        expect(http.requests[1].request.headers?.Authorization).toBe(`Bearer ${CONNECTION.token}`);
    });

    test('labels are asked for on 3.5 only when a selector needs them', async () => {
        const without = serving(shape, V3_5);
        await new HttpArgoCdClient(without, CONNECTION).listApplications({ projects: [] }, { labels: false });
        expect(fieldsOf(without)).not.toContain('items.metadata.labels');
        const withLabels = serving(shape, V3_5);
        await new HttpArgoCdClient(withLabels, CONNECTION).listApplications({ projects: [] }, { labels: true });
        expect(fieldsOf(withLabels)).toContain('items.metadata.labels');
    });

    test.each<[string, Reply]>([
        ['an older Argo CD', { status: 200, text: '{"Version":"v3.4.7+1b3e4ad"}' }],
        ['a proxy that refuses the path', { status: 403, text: '<html><body>Forbidden</body></html>', contentType: 'text/html' }],
        ['an answer without a version', { status: 200, text: '{}' }],
        ['an answer that is not JSON', { status: 200, text: 'ok', contentType: 'text/plain' }],
    ])('%s: the whole spec and the labels, as every version reads them', async (_name, version) => {
        const http = serving(shape, version);
        const listed = await new HttpArgoCdClient(http, CONNECTION).listApplications({ projects: [] }, { labels: false });
        expect(listed.ok).toBe(true);
        expect(fieldsOf(http)).toContain('items.spec');
        expect(fieldsOf(http)).toContain('items.metadata.labels');
        expect(fieldsOf(http)).not.toContain('items.spec.project');
    });

    test('no answer at all to the version: that is the run\'s failure, and the list is not waited for too', async () => {
        const http = serving(shape, new Error('network timeout at: https://argocd.example.com/api/version'));
        const listed = await new HttpArgoCdClient(http, CONNECTION).listApplications({ projects: [] });
        expect(listed).toMatchObject({ ok: false, error: { kind: 'timeout' } });
        expect(http.requests).toHaveLength(1);
    });
});
