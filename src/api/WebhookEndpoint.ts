import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint } from '@rocket.chat/apps-engine/definition/api';
import type { IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { App } from '@rocket.chat/apps-engine/definition/App';
import { parseWebhookCall, secretMatches } from '../core/webhook';
import { SettingId } from '../core/settingIds';
import { checkApps } from '../jobs/checkApps';

/**
 * `POST /api/apps/public/<app id>/argocd-webhook`: Argo CD's notifications controller calls it
 * when an application changes, so an alert can come within seconds; the poll stays the safety net.
 */
export class WebhookEndpoint extends ApiEndpoint {
    public path = 'argocd-webhook';

    constructor(private readonly owner: App) {
        super(owner);
    }

    public async post(request: IApiRequest, _endpoint: IApiEndpointInfo, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<IApiResponse> {
        const secret = await read.getEnvironmentReader().getSettings().getValueById(SettingId.WebhookSecret);
        const offered = request.headers['x-argo-drift-secret'] ?? (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        if (!secretMatches(typeof secret === 'string' ? secret : '', offered)) {
            // Nothing is read or changed for a caller that cannot prove it holds the secret.
            return { status: 401, content: { error: 'missing or wrong secret: send the webhook secret from the app settings in the X-Argo-Drift-Secret header' } };
        }
        const call = parseWebhookCall(request.content);
        if (!call.ok) {
            return { status: 400, content: { error: call.error } };
        }
        const report = await checkApps({
            read, modify, http, persis, logger: this.owner.getLogger(), appId: this.owner.getID(), now: Date.now(), scheduler: modify.getScheduler(),
        }, call.value);
        return { status: 202, content: { checked: call.value.map((a) => a.name), outcome: report.outcome, posted: report.posted } };
    }
}
