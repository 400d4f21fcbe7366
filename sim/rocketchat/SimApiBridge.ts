import { ApiBridge } from 'apps-engine-runtime/server/bridges/ApiBridge';
import type { AppApi } from 'apps-engine-runtime/server/managers/AppApi';

/** Rocket.Chat's router for app endpoints (`/api/apps/public/<appId>/<path>`); in memory only. */
export class SimApiBridge extends ApiBridge {
    private readonly apis = new Map<string, AppApi[]>();

    /** The endpoint whose path pattern (`:param` segments allowed) matches, with the params it binds. */
    match(appId: string, path: string): { api: AppApi; params: Record<string, string> } | undefined {
        const wanted = path.replace(/^\/+|\/+$/g, '').split('/');
        for (const api of this.apis.get(appId) ?? []) {
            const pattern = api.endpoint.path.replace(/^\/+|\/+$/g, '').split('/');
            if (pattern.length !== wanted.length) {
                continue;
            }
            const params: Record<string, string> = {};
            const matches = pattern.every((segment, index) => {
                if (segment.startsWith(':')) {
                    params[segment.slice(1)] = decodeURIComponent(wanted[index]);
                    return true;
                }
                return segment === wanted[index];
            });
            if (matches) {
                return { api, params };
            }
        }
        return undefined;
    }

    clear(): void {
        this.apis.clear();
    }

    protected async registerApi(api: AppApi, appId: string): Promise<void> {
        this.apis.set(appId, [...(this.apis.get(appId) ?? []), api]);
    }

    protected async unregisterApis(appId: string): Promise<void> {
        this.apis.delete(appId);
    }
}
