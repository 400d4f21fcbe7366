import * as http from 'http';
import * as https from 'https';

import type { IHttpResponse } from 'apps-engine-runtime/definition/accessors';
import type { RequestMethod } from 'apps-engine-runtime/definition/accessors';
import { HttpBridge } from 'apps-engine-runtime/server/bridges/HttpBridge';
import type { IHttpBridgeRequestInfo } from 'apps-engine-runtime/server/bridges/HttpBridge';

/** Rocket.Chat's default when the app sets no timeout. */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Real HTTP from the Node side, as Rocket.Chat's bridge does it, so the app reaches test servers
 * on 127.0.0.1. Errors name the cause (ECONNREFUSED, timeout…) and the URL without its query,
 * never the headers: they reach the app and its logs.
 */
export class SimHttpBridge extends HttpBridge {
    /** guard: a reason to refuse a request (it then fails as a network error would), or undefined to send it. */
    constructor(private readonly guard?: (request: { method: string; url: string }) => string | undefined) {
        super();
    }

    protected async call(info: IHttpBridgeRequestInfo): Promise<IHttpResponse> {
        const { request } = info;
        const method = String(info.method).toUpperCase();
        const url = new URL(info.url);
        for (const [key, value] of Object.entries(request.params ?? {})) {
            url.searchParams.append(key, String(value));
        }
        if (request.query) {
            const extra = new URLSearchParams(request.query);
            extra.forEach((value, key) => url.searchParams.append(key, value));
        }
        const headers: Record<string, string> = { ...(request.headers ?? {}) };
        let body: string | undefined;
        if (request.content !== undefined) {
            body = request.content;
        } else if (request.data !== undefined) {
            body = JSON.stringify(request.data);
            if (!hasHeader(headers, 'content-type')) {
                headers['Content-Type'] = 'application/json';
            }
        }
        if (body !== undefined && !hasHeader(headers, 'content-length')) {
            headers['Content-Length'] = String(Buffer.byteLength(body));
        }
        if (request.auth && !hasHeader(headers, 'authorization')) {
            headers.Authorization = `Basic ${Buffer.from(request.auth).toString('base64')}`;
        }
        const timeout = request.timeout && request.timeout > 0 ? request.timeout : DEFAULT_TIMEOUT_MS;
        const insecure = request.strictSSL === false || request.rejectUnauthorized === false;
        const where = `${method} ${url.origin}${url.pathname}`;
        const refusal = this.guard?.({ method, url: `${url.origin}${url.pathname}` });
        if (refusal !== undefined) {
            throw new Error(refusal);
        }

        const { statusCode, responseHeaders, content } = await send(url, { method, headers, timeout, insecure, body, where });
        let data: unknown;
        if (content.trim()) {
            try {
                data = JSON.parse(content);
            } catch {
                data = undefined;
            }
        }
        return {
            url: info.url,
            method: info.method as RequestMethod,
            statusCode,
            headers: responseHeaders,
            content,
            ...(data !== undefined ? { data } : {}),
        };
    }
}

interface SendOptions {
    method: string;
    headers: Record<string, string>;
    timeout: number;
    insecure: boolean;
    body?: string;
    where: string;
}

function send(url: URL, options: SendOptions): Promise<{ statusCode: number; responseHeaders: Record<string, string>; content: string }> {
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
        let settled = false;
        const fail = (message: string) => {
            if (!settled) {
                settled = true;
                reject(new Error(message));
            }
        };
        const req = transport.request(url, {
            method: options.method,
            headers: options.headers,
            ...(url.protocol === 'https:' ? { rejectUnauthorized: !options.insecure } : {}),
        }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', (error) => fail(`${describe(error)} reading the response of ${options.where}`));
            res.on('end', () => {
                clearTimeout(timer);
                if (settled) {
                    return;
                }
                settled = true;
                const responseHeaders: Record<string, string> = {};
                for (const [key, value] of Object.entries(res.headers)) {
                    if (value !== undefined) {
                        responseHeaders[key] = Array.isArray(value) ? value.join(', ') : value;
                    }
                }
                resolve({ statusCode: res.statusCode ?? 0, responseHeaders, content: Buffer.concat(chunks).toString('utf8') });
            });
        });
        // One deadline for the whole exchange, as the engine's `timeout` means to the app.
        const timer = setTimeout(() => {
            fail(`timeout: no complete response within ${options.timeout} ms from ${options.where}`);
            req.destroy();
        }, options.timeout);
        req.on('error', (error) => {
            clearTimeout(timer);
            fail(`${describe(error)} (${options.where})`);
        });
        if (options.body !== undefined) {
            req.write(options.body);
        }
        req.end();
    });
}

function describe(error: Error & { code?: string }): string {
    return error.code && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
    return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
