/**
 * The slice of the Argo CD REST API the server answers, matched the way grpc-gateway does:
 * a `{name}` segment is one path segment; a known path with another method is 405.
 */
import type { RouteName } from './types';

export interface RouteMatch {
    route: RouteName;
    params: Record<string, string>;
    /** False when the path is known but not for this method. */
    methodAllowed: boolean;
}

interface RouteDef {
    route: Exclude<RouteName, 'unknown'>;
    method: 'GET' | 'POST';
    pattern: RegExp;
    names: string[];
}

const SEG = '([^/]+)';
const DEFS: RouteDef[] = [
    { route: 'version', method: 'GET', pattern: /^\/api\/version$/, names: [] },
    { route: 'userinfo', method: 'GET', pattern: /^\/api\/v1\/session\/userinfo$/, names: [] },
    { route: 'list', method: 'GET', pattern: /^\/api\/v1\/applications$/, names: [] },
    { route: 'get', method: 'GET', pattern: new RegExp(`^/api/v1/applications/${SEG}$`), names: ['name'] },
    { route: 'sync', method: 'POST', pattern: new RegExp(`^/api/v1/applications/${SEG}/sync$`), names: ['name'] },
    { route: 'rollback', method: 'POST', pattern: new RegExp(`^/api/v1/applications/${SEG}/rollback$`), names: ['name'] },
    { route: 'resource-tree', method: 'GET', pattern: new RegExp(`^/api/v1/applications/${SEG}/resource-tree$`), names: ['name'] },
    { route: 'managed-resources', method: 'GET', pattern: new RegExp(`^/api/v1/applications/${SEG}/managed-resources$`), names: ['name'] },
    {
        route: 'revision-metadata',
        method: 'GET',
        pattern: new RegExp(`^/api/v1/applications/${SEG}/revisions/${SEG}/metadata$`),
        names: ['name', 'revision'],
    },
    {
        // server/application/application.proto RevisionChartDetails.
        route: 'chart-details',
        method: 'GET',
        pattern: new RegExp(`^/api/v1/applications/${SEG}/revisions/${SEG}/chartdetails$`),
        names: ['name', 'revision'],
    },
];

export function matchRoute(method: string, path: string): RouteMatch {
    let pathKnown: RouteDef | undefined;
    for (const def of DEFS) {
        const m = def.pattern.exec(path);
        if (!m) continue;
        const params: Record<string, string> = {};
        def.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
        if (def.method === method) return { route: def.route, params, methodAllowed: true };
        pathKnown = pathKnown ?? def;
    }
    return pathKnown ? { route: pathKnown.route, params: {}, methodAllowed: false } : { route: 'unknown', params: {}, methodAllowed: true };
}
