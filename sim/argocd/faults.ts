/**
 * Injected faults: what goes wrong between a client and Argo CD in real life (a proxy in front
 * answering HTML, a body cut short, a server that accepts and never answers, a closed port).
 * Each fault applies to the next `times` matching requests, or until cleared.
 */
import { grpcCodeOf } from './errors';
import type { FaultSpec, RouteName } from './types';

interface ActiveFault {
    spec: FaultSpec;
    remaining: number;
}

export class FaultBook {
    private faults: ActiveFault[] = [];

    add(spec: FaultSpec): void {
        this.faults.push({ spec, remaining: spec.times ?? Infinity });
    }

    clear(): void {
        this.faults = [];
    }

    /** Takes the first fault matching this route and counts one use. */
    take(route: RouteName | 'outside-api' | 'any', predicate: (f: FaultSpec) => boolean = () => true): FaultSpec | undefined {
        const i = this.faults.findIndex(
            (f) => f.remaining > 0 && routeMatches(f.spec.route, route) && predicate(f.spec),
        );
        if (i < 0) return undefined;
        const f = this.faults[i];
        f.remaining--;
        if (f.remaining <= 0) this.faults.splice(i, 1);
        return f.spec;
    }

    has(predicate: (f: FaultSpec) => boolean): boolean {
        return this.faults.some((f) => f.remaining > 0 && predicate(f.spec));
    }

    remove(predicate: (f: FaultSpec) => boolean): void {
        this.faults = this.faults.filter((f) => !predicate(f.spec));
    }
}

function routeMatches(wanted: string | undefined, route: RouteName | 'outside-api' | 'any'): boolean {
    // 'any' as the route asked about is a connection-level question ('refused'), which no route can scope.
    return !wanted || wanted === 'any' || route === 'any' || wanted === route;
}

export interface FaultAnswer {
    status: number;
    contentType: string;
    body: string;
}

const REASON: Record<number, string> = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout',
    413: 'Request Entity Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error',
    502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out',
};

/** The page ingress-nginx serves when the upstream fails. */
export function nginxErrorPage(status: number): string {
    const title = `${status} ${REASON[status] ?? 'Error'}`;
    return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

const GRPC_TEXT: Record<number, string> = {
    2: 'unknown error',
    3: 'invalid argument',
    4: 'context deadline exceeded',
    5: 'not found',
    7: 'permission denied',
    8: 'rate limit exceeded',
    9: 'failed precondition',
    13: 'internal error',
    14: 'connection error: desc = "transport: Error while dialing: dial tcp 10.96.0.12:8081: connect: connection refused"',
    16: 'invalid session: token signature is invalid: signature is invalid',
};

/** A plausible answer for `{kind: 'status'}`: Argo CD's JSON error for statuses it produces, a proxy's text for 502. */
export function statusAnswer(status: number, body?: string): FaultAnswer {
    if (body !== undefined) {
        const looksJson = /^\s*[{[]/.test(body);
        return { status, contentType: looksJson ? 'application/json' : 'text/plain; charset=utf-8', body };
    }
    if (status === 502) {
        // Envoy/Istio in front of argocd-server while it restarts.
        return {
            status,
            contentType: 'text/plain',
            body: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
        };
    }
    const code = grpcCodeOf(status);
    const message = GRPC_TEXT[code] ?? REASON[status] ?? 'error';
    return { status, contentType: 'application/json', body: JSON.stringify({ error: message, code, message }) };
}

export function htmlAnswer(status = 502, body?: string): FaultAnswer {
    return { status, contentType: 'text/html', body: body ?? nginxErrorPage(status) };
}

export function malformedAnswer(status = 200, body?: string): FaultAnswer {
    // Looks like the start of a list, then stops being JSON: the kind of thing a buggy proxy or a
    // mixed-up upstream produces.
    return {
        status,
        contentType: 'application/json',
        body: body ?? '{"metadata":{"resourceVersion":"1"},"items":[{"metadata":{"name":"guestbook"}},{metadata:name=undefined}]}',
    };
}
