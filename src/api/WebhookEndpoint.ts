import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint } from '@rocket.chat/apps-engine/definition/api';
import type { IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { App } from '@rocket.chat/apps-engine/definition/App';
import { SettingId } from '../core/settingIds';
import { parseWebhookCall, secretMatches } from '../core/webhook';
import { JobId } from '../jobIds';

/**
 * `POST /api/apps/public/<app id>/argocd-webhook`: Argo CD's notifications controller calls it
 * when an application changes, so an alert can come within seconds; the poll stays the safety net.
 * It only checks the call and answers at once: the reading and posting run as a one-off job, so a
 * slow Argo CD never holds the caller (nor the engine's deadline for this call).
 */
export class WebhookEndpoint extends ApiEndpoint {
    public path = 'argocd-webhook';

    constructor(private readonly owner: App) {
        super(owner);
    }

    public async post(request: IApiRequest, _endpoint: IApiEndpointInfo, read: IRead, modify: IModify, _http: IHttp, _persis: IPersistence): Promise<IApiResponse> {
        const secret = await read.getEnvironmentReader().getSettings().getValueById(SettingId.WebhookSecret);
        const offered = request.headers['x-argo-drift-secret'] ?? (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        if (!secretMatches(typeof secret === 'string' ? secret : '', offered)) {
            // Nothing is read or changed for a caller that cannot prove it holds the secret.
            return { status: 401, content: { error: 'missing or wrong secret: send the webhook secret from the app settings in the X-Argo-Drift-Secret header' } };
        }
        const call = parseWebhookCall(request.content, request.query);
        if (!call.ok) {
            return { status: 400, content: { error: call.error } };
        }
        await modify.getScheduler().scheduleOnce({ id: JobId.Recheck, when: new Date(), data: { apps: call.value, reason: 'webhook' } });
        this.owner.getLogger().debug(`Webhook: checking ${call.value.map((a) => a.name).join(', ')}`);
        return { status: 202, content: { accepted: call.value.map((a) => (a.namespace ? `${a.namespace}/${a.name}` : a.name)) } };
    }
}
