import type { IHttpResponse } from 'apps-engine-runtime/definition/accessors';
import { HttpBridge } from 'apps-engine-runtime/server/bridges/HttpBridge';
import type { IHttpBridgeRequestInfo } from 'apps-engine-runtime/server/bridges/HttpBridge';

import { serverFetch } from './serverFetch';

// Rocket.Chat: apps/meteor/app/apps/server/bridges/http.ts — every rule below is that bridge's, in its order.

/** Rocket.Chat: bridges/http.ts DEFAULT_TIMEOUT, used when the app gives no (or a zero) timeout. */
export const DEFAULT_TIMEOUT_MS = 3 * 60 * 1000;

/** Response content types whose body the bridge parses into `data`. */
const JSON_CONTENT_TYPES = ['application/json', 'text/javascript', 'application/javascript', 'application/x-javascript'];

const isGetOrHead = (method: string): boolean => ['GET', 'HEAD'].includes(method.toUpperCase());

/**
 * The app's HTTP requests sent for real (node-fetch, as Rocket.Chat's server-fetch does), so the app
 * meets Rocket.Chat's quirks: the inverted `rejectUnauthorized` flag, `data` only for JSON content
 * types, dropped falsy params, node-fetch's redirects and its error texts.
 */
export class SimHttpBridge extends HttpBridge {
    /** guard: a reason to refuse a request (it then fails as a network error would), or undefined to send it. */
    constructor(private readonly guard?: (request: { method: string; url: string }) => string | undefined) {
        super();
    }

    protected async call(info: IHttpBridgeRequestInfo): Promise<IHttpResponse> {
        const url = new URL(info.url);
        const { request, method } = info;
        const headers: Record<string, string> = request.headers ?? {};
        let content: unknown = request.content;
        // An object `data` becomes the body as it is: node-fetch turns a plain object into "[object Object]".
        if (!content && typeof request.data === 'object') {
            content = request.data;
        }
        if (request.auth) {
            if (request.auth.indexOf(':') < 0) {
                throw new Error('auth option should be of the form "username:password"');
            }
            headers.Authorization = `Basic ${Buffer.from(request.auth, 'ascii').toString('base64')}`;
        }
        // `request.query` is not read by Rocket.Chat: the app must put its query string in the URL.
        if (content || isGetOrHead(method)) {
            for (const [key, value] of Object.entries(request.params ?? {})) {
                if (value) {
                    url.searchParams.append(key, value);
                }
            }
        } else if (request.params) {
            // No falsy filter on this path, as in Rocket.Chat.
            content = new URLSearchParams(Object.entries(request.params)).toString();
            headers['Content-Type'] = 'application/x-www-form-urlencoded';
        }
        if (isGetOrHead(method)) {
            content = undefined;
        }
        const timeout = request.timeout || DEFAULT_TIMEOUT_MS;

        const refusal = this.guard?.({ method: method.toUpperCase(), url: `${url.origin}${url.pathname}` });
        if (refusal !== undefined) {
            throw new Error(refusal);
        }

        const allowSelfSignedCerts = Boolean((Object.prototype.hasOwnProperty.call(request, 'strictSSL') && !request.strictSSL)
            || (Object.prototype.hasOwnProperty.call(request, 'rejectUnauthorized') && request.rejectUnauthorized));
        const response = await serverFetch(url.href, { method, body: content as string | undefined, headers, timeout }, allowSelfSignedCerts);

        const result: IHttpResponse = {
            url: info.url,
            method: info.method,
            statusCode: response.status,
            // node-fetch's Headers iterate with lower-case names, repeated headers joined by ', '.
            headers: Object.fromEntries(response.headers.entries()),
        };
        const body = Buffer.from(await response.arrayBuffer());
        if (request.encoding === null) {
            result.content = body as unknown as string;
            return result;
        }
        result.content = body.toString((request.encoding ?? 'utf8') as BufferEncoding);
        result.data = parseData(response.headers.get('content-type'), result.content);
        return result;
    }
}

function parseData(contentType: string | null, content: string): unknown {
    if (!JSON_CONTENT_TYPES.includes((contentType || '').split(';')[0])) {
        return null;
    }
    try {
        return JSON.parse(content);
    } catch {
        return null;
    }
}
