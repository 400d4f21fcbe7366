import fetch from 'node-fetch';

import type { SimApiResponse } from './types';

export interface SimApiRequest {
    method?: string;
    headers?: Record<string, string>;
    /**
     * Serialised as the request's Content-Type says: urlencoded for application/x-www-form-urlencoded,
     * else JSON, with `Content-Type: application/json` added when the caller names none.
     */
    content?: unknown;
    /** Sent byte for byte with the caller's headers only (no Content-Type added): wins over `content`. */
    body?: string | Buffer;
    query?: Record<string, string>;
}

/** An HTTP client for the sim's app endpoints, for tests and the sandbox. */
export async function requestApi(url: string, request: SimApiRequest): Promise<SimApiResponse> {
    const target = new URL(url);
    for (const [key, value] of Object.entries(request.query ?? {})) {
        target.searchParams.append(key, value);
    }
    const headers: Record<string, string> = { ...(request.headers ?? {}) };
    const contentType = Object.entries(headers).find(([key]) => key.toLowerCase() === 'content-type')?.[1];
    let body: Buffer | undefined;
    if (request.body !== undefined) {
        // A Buffer: node-fetch adds no Content-Type for one (it would add text/plain for a string).
        body = Buffer.from(request.body);
    } else if (request.content !== undefined) {
        if (contentType?.split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded') {
            body = Buffer.from(new URLSearchParams(request.content as Record<string, string>).toString());
        } else {
            body = Buffer.from(JSON.stringify(request.content));
            if (!contentType) {
                headers['Content-Type'] = 'application/json';
            }
        }
    }
    const response = await fetch(target.href, { method: (request.method ?? 'GET').toUpperCase(), headers, body, redirect: 'manual' });
    const text = await response.text();
    const type = (response.headers.get('content-type') ?? '').split(';')[0];
    let content: unknown = text === '' ? undefined : text;
    if (text !== '' && type === 'application/json') {
        content = JSON.parse(text);
    }
    return {
        status: response.status,
        headers: Object.fromEntries(response.headers.entries()),
        ...(content !== undefined ? { content } : {}),
    };
}
