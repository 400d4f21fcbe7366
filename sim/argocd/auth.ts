/**
 * Sessions and RBAC the way the Argo CD API server sees them. The token comes from
 * `Authorization: Bearer <jwt>` only when the value looks like a JWT (three dot-separated parts);
 * otherwise the server falls back to the `argocd.token` cookie.
 */
import type { IncomingHttpHeaders } from 'http';
import { ApiError, GrpcCode } from './errors';
import type { FleetApp, TokenInfo } from './types';

export const CONTROL_PLANE_NAMESPACE = 'argocd';

const b64url = (s: string): string => Buffer.from(s).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/** A JWT-shaped token (unsigned; the test server only compares strings). */
export function fakeJwt(subject: string, issuedAt = 1700000000): string {
    return [
        b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })),
        b64url(JSON.stringify({ iss: 'argocd', sub: `${subject}:apiKey`, nbf: issuedAt, iat: issuedAt, jti: subject })),
        b64url(`sig-${subject}`),
    ].join('.');
}

/** A token accepted by a server started without `tokens`. */
export const ADMIN_TOKEN = fakeJwt('admin');

const isJwtShaped = (v: string): boolean => v.split('.').length === 3;

export function extractToken(headers: IncomingHttpHeaders): string | undefined {
    const auth = headers.authorization;
    if (auth && auth.startsWith('Bearer ')) {
        const value = auth.slice('Bearer '.length).trim();
        if (isJwtShaped(value)) return value;
    }
    const cookie = headers.cookie;
    if (cookie) {
        for (const part of cookie.split(';')) {
            const eq = part.indexOf('=');
            if (eq > 0 && part.slice(0, eq).trim() === 'argocd.token') return decodeURIComponent(part.slice(eq + 1).trim());
        }
    }
    return undefined;
}

export interface Session {
    username: string;
    groups: string[];
    canSee: (app: FleetApp) => boolean;
    canSync: (app: FleetApp) => boolean;
}

const allow = (): boolean => true;

/** Resolves a token, or throws the 401 Argo CD answers. */
export function authenticate(token: string | undefined, tokens: Record<string, TokenInfo> | undefined): Session {
    if (!token) throw new ApiError(GrpcCode.Unauthenticated, 'no session information');
    if (!tokens) {
        if (!isJwtShaped(token)) throw new ApiError(GrpcCode.Unauthenticated, 'invalid session: token is malformed: token contains an invalid number of segments');
        return { username: 'admin', groups: [], canSee: allow, canSync: allow };
    }
    const info = tokens[token];
    if (!info) throw new ApiError(GrpcCode.Unauthenticated, 'invalid session: token signature is invalid: signature is invalid');
    if (info.expired) throw new ApiError(GrpcCode.Unauthenticated, 'invalid session: token has invalid claims: token is expired');
    return { username: info.username, groups: info.groups ?? [], canSee: info.canSee ?? allow, canSync: info.canSync ?? allow };
}

/** Like authenticate, but for routes that answer anonymous callers too. */
export function trySession(token: string | undefined, tokens: Record<string, TokenInfo> | undefined): Session | undefined {
    try {
        return authenticate(token, tokens);
    } catch {
        return undefined;
    }
}

/** The RBAC object name Argo CD puts in permission errors: apps outside the control plane carry their namespace. */
export function rbacName(app: FleetApp): string {
    const ns = app.namespace ?? CONTROL_PLANE_NAMESPACE;
    const project = app.project ?? 'default';
    return ns === CONTROL_PLANE_NAMESPACE ? `${project}/${app.name}` : `${project}/${ns}/${app.name}`;
}
