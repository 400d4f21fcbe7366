import * as http from 'http';
import * as https from 'https';

import fetch from 'node-fetch';
import type { RequestInit, Response } from 'node-fetch';

// Rocket.Chat: packages/server-fetch/src/index.ts — the fetch every app HTTP request goes through:
// node-fetch 2.7.0 with an agent chosen by the "allow self-signed" flag and an abort timer.
// The HTTP(S)_PROXY agent (proxy-from-env) is not reproduced: the test bed talks to 127.0.0.1 only.

export interface ServerFetchOptions extends RequestInit {
    /** Milliseconds: both the abort timer below and node-fetch's own `timeout`. */
    timeout?: number;
}

/** Only with the flag set is an agent given; otherwise node-fetch's default agent checks certificates. */
function agentFor(url: string, allowSelfSignedCerts: boolean): http.Agent | https.Agent | undefined {
    if (!allowSelfSignedCerts) {
        return undefined;
    }
    return /^https/.test(url) ? new https.Agent({ rejectUnauthorized: false }) : new http.Agent();
}

export async function serverFetch(url: string, options: ServerFetchOptions, allowSelfSignedCerts: boolean): Promise<Response> {
    const agent = agentFor(url, allowSelfSignedCerts);
    // The abort timer is armed before node-fetch arms its own (on 'socket'), with the same delay, so a
    // server that never sends headers ends in node-fetch's AbortError, not its 'network timeout'.
    // It is cleared once headers arrive: the body is then bounded by node-fetch's body timeout only.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeout ?? 20_000);
    // server-fetch means to default Content-Type to JSON for a POST/PUT with a JSON body, but compares
    // `method.toLowerCase()` with 'POST': it never applies, and node-fetch's own default content type stands.
    try {
        return await fetch(url, {
            ...options,
            ...(agent ? { agent } : {}),
            ...(options.timeout ? { signal: controller.signal as NonNullable<RequestInit['signal']> } : {}),
        });
    } finally {
        clearTimeout(timer);
    }
}
