/**
 * A notifications controller over the test server's fleet, with notifications-engine's
 * semantics: pkg/controller/controller.go (processResourceWithAPI), pkg/triggers/service.go (Run),
 * pkg/services/webhook.go (Send), go-retryablehttp's DefaultRetryPolicy (retries inside one send).
 * Argo CD processes an app when its informer sees it change; here tick() processes every app.
 */
import type { ArgoCdTestServer } from '../ArgoCdTestServer';
import { destinationsOf, NotificationsConfig, parseNotificationsConfigMap, WebhookService } from './config';
import { goRequest } from './goHttp';
import { conditionKey, NOTIFIED_ANNOTATION, NotificationsState, stateItemKey } from './state';

export interface WebhookCall {
    app: string;
    namespace: string;
    trigger: string;
    condition: string;
    method: string;
    url: string;
    /** The last attempt's status; undefined when the connection failed. */
    status?: number;
    attempts: number;
    error?: string;
    at: Date;
}

export interface NotificationsControllerOptions {
    /** argocd-notifications-cm as YAML. */
    configMap: string;
    /** argocd-notifications-secret's data (decoded). */
    secret?: Record<string, string>;
    /** Replaces the service URLs (tests point them at a local receiver). */
    serviceUrl?: string;
}

// go-retryablehttp: RetryMax 3 (notifications-engine's default), so up to 4 attempts.
const MAX_ATTEMPTS = 4;

function goSprintV(v: unknown): string {
    if (v === null || v === undefined) return '<nil>';
    return typeof v === 'string' ? v : JSON.stringify(v);
}

// DefaultRetryPolicy: connection errors, 429 and 5xx other than 501 are retried; other 4xx are not.
function retryable(status: number | undefined): boolean {
    return status === undefined || status === 429 || (status >= 500 && status !== 501);
}

export class NotificationsController {
    readonly config: NotificationsConfig;
    readonly calls: WebhookCall[] = [];
    /** What the real controller logs at error level (evaluation and delivery failures). */
    readonly errors: string[] = [];

    constructor(private readonly server: ArgoCdTestServer, options: NotificationsControllerOptions) {
        this.config = parseNotificationsConfigMap(options.configMap, options.secret ?? {});
        if (options.serviceUrl) for (const s of this.config.services.values()) s.url = options.serviceUrl;
    }

    private queue: Promise<void> = Promise.resolve();
    private unwatch?: () => void;

    /** Processes every Application once, like one pass of the work queue over all of them. */
    tick(): Promise<void> {
        // One pass at a time, as the work queue never hands the same key to two workers.
        this.queue = this.queue.then(async () => {
            for (const obj of this.server.applicationObjects()) await this.process(obj);
        });
        return this.queue;
    }

    /** From now on a pass follows every fleet change of the server (the informer's update events). */
    watch(): void {
        this.unwatch?.();
        this.unwatch = this.server.onFleetChange(() => void this.tick());
    }

    stopWatching(): void {
        this.unwatch?.();
        this.unwatch = undefined;
    }

    /** Resolves when every pass queued so far is done. */
    settled(): Promise<void> {
        return this.queue;
    }

    private async process(obj: Record<string, unknown>): Promise<void> {
        const meta = obj.metadata as { name: string; namespace: string; annotations?: Record<string, string> };
        const before = meta.annotations?.[NOTIFIED_ANNOTATION];
        const state = NotificationsState.parse(before);
        const now = Math.floor(Date.now() / 1000);
        for (const [trigger, dests] of destinationsOf(this.config)) {
            const conditions = this.config.triggers.get(trigger);
            if (!conditions) {
                this.errors.push(`Failed to execute condition of trigger ${trigger}: trigger '${trigger}' is not configured`);
                continue;
            }
            for (const [i, c] of conditions.entries()) {
                const key = conditionKey(i, c.when);
                let triggered = false;
                try {
                    // A non-bool result is simply not triggered.
                    triggered = c.program.run({ app: obj }) === true;
                } catch (err) {
                    // service.go logs the error and treats the condition as false (which clears its key).
                    this.errors.push(`failed to execute when condition: ${(err as Error).message}`);
                }
                let oncePer = '';
                if (triggered && c.oncePerProgram) {
                    try {
                        oncePer = goSprintV(c.oncePerProgram.run({ app: obj }));
                    } catch (err) {
                        this.errors.push(`failed to execute oncePer condition: ${(err as Error).message}`);
                    }
                }
                for (const dest of dests) {
                    const item = stateItemKey(trigger, key, oncePer, dest);
                    if (!triggered) {
                        state.setAlreadyNotified(item, oncePer, false, now);
                        continue;
                    }
                    if (!state.setAlreadyNotified(item, oncePer, true, now)) continue;
                    const call = await this.send(obj, c.send, dest.service, trigger, key);
                    if (call.error) {
                        this.errors.push(`Failed to notify recipient ${dest.service}:${dest.recipient} defined in resource ${meta.namespace}/${meta.name}: ${call.error}`);
                        // Unmarked so the next pass tries again (a no-op for oncePer keys, see state.ts).
                        state.setAlreadyNotified(item, oncePer, false, now);
                    }
                }
            }
        }
        const after = state.persist();
        if (after !== (before ?? null)) this.server.patchAnnotations(meta.name, meta.namespace, { [NOTIFIED_ANNOTATION]: after });
    }

    private async send(obj: Record<string, unknown>, templates: string[], serviceName: string, trigger: string, condition: string): Promise<WebhookCall> {
        const meta = obj.metadata as { name: string; namespace: string };
        const service = this.config.services.get(serviceName) as WebhookService | undefined;
        const call: WebhookCall = { app: meta.name, namespace: meta.namespace, trigger, condition, method: 'GET', url: service?.url ?? '', attempts: 0, at: new Date() };
        this.calls.push(call);
        if (!service) {
            call.error = `notification service '${serviceName}' is not supported`;
            return call;
        }
        // webhook.go: GET with the template's message unless the template has a webhook entry for this service.
        let body = '';
        let path = '';
        for (const name of templates) {
            const tpl = this.config.templates.get(name);
            if (!tpl) {
                call.error = `template '${name}' is not supported`;
                return call;
            }
            const w = tpl.get(serviceName);
            if (!w) continue;
            const vars = { app: obj, context: {}, notificationType: 'webhook' };
            body = w.body.execute(vars);
            call.method = w.method || 'GET';
            path = w.hasPath ? w.path.execute(vars) : '';
        }
        if (path) call.url = `${service.url.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
        let url: URL;
        try {
            url = new URL(call.url);
        } catch (err) {
            call.error = (err as Error).message;
            return call;
        }
        while (call.attempts < MAX_ATTEMPTS) {
            call.attempts++;
            try {
                const res = await goRequest(call.method, url, service.headers, body);
                call.status = res.status;
                call.error = res.status >= 200 && res.status <= 299 ? undefined : `request to ${call.method} ${call.url} has failed with error code ${res.status} : ${res.body}`;
            } catch (err) {
                call.status = undefined;
                call.error = (err as Error).message;
            }
            // The backoff between attempts (1s..5s) is left out: tests wait for events, not time.
            if (!call.error || !retryable(call.status)) break;
        }
        call.at = new Date();
        return call;
    }
}
