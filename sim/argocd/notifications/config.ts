/**
 * argocd-notifications-cm (+ argocd-notifications-secret) read the way notifications-engine
 * reads them: pkg/api/config.go (ParseConfig, replaceStringSecret, GetGlobalDestinations).
 * Each data value is itself YAML. Only webhook services are understood here.
 */
import { safeLoad } from 'js-yaml';
import { compile, Program } from './expr';
import { parseTemplate, Template } from './template';

export interface WebhookService {
    name: string;
    url: string;
    headers: Array<{ name: string; value: string }>;
}

export interface Condition {
    when: string;
    oncePer?: string;
    send: string[];
    program: Program;
    oncePerProgram?: Program;
}

export interface WebhookTemplate {
    method: string;
    body: Template;
    path: Template;
    hasPath: boolean;
}

export interface Destination {
    service: string;
    recipient: string;
}

export interface NotificationsConfig {
    services: Map<string, WebhookService>;
    /** template name → webhook service name → request template. */
    templates: Map<string, Map<string, WebhookTemplate>>;
    triggers: Map<string, Condition[]>;
    subscriptions: Array<{ recipients: string[]; triggers: string[] }>;
}

// pkg/api/config.go keyPattern `[$][\w-_]+`: every `$name` in a string of the service config is
// replaced by the secret's value; an unknown name stays as written.
function replaceSecrets(value: string, secret: Record<string, string>): string {
    return value.replace(/\$[\w-]+/g, (ref) => (Object.prototype.hasOwnProperty.call(secret, ref.slice(1)) ? secret[ref.slice(1)] : ref));
}

function asRecord(v: unknown, what: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} must be a mapping`);
    return v as Record<string, unknown>;
}

/** Parses the ConfigMap's YAML (one document, kind ConfigMap). */
export function parseNotificationsConfigMap(yamlText: string, secret: Record<string, string> = {}): NotificationsConfig {
    const doc = asRecord(safeLoad(yamlText), 'the ConfigMap');
    const data = asRecord(doc.data ?? {}, 'data') as Record<string, string>;
    const config: NotificationsConfig = { services: new Map(), templates: new Map(), triggers: new Map(), subscriptions: [] };
    for (const [key, text] of Object.entries(data)) {
        const parts = key.split('.');
        if (key.startsWith('service.')) {
            if (parts.length !== 3 && parts.length !== 2) throw new Error(`invalid service key; expected 'service.<type>(.<name>)' but got '${key}'`);
            const [type, name] = parts.length === 3 ? [parts[1], parts[2]] : [parts[1], parts[1]];
            if (type !== 'webhook') throw new Error(`service type ${type} is not simulated (only webhook)`);
            const opts = asRecord(safeLoad(text), key);
            const headers = ((opts.headers as Array<{ name: string; value: string }>) ?? []).map((h) => ({
                name: replaceSecrets(String(h.name), secret),
                value: replaceSecrets(String(h.value), secret),
            }));
            config.services.set(name, { name, url: replaceSecrets(String(opts.url ?? ''), secret), headers });
        } else if (key.startsWith('template.')) {
            const name = parts.slice(1).join('.');
            const tpl = asRecord(safeLoad(text), key);
            const webhooks = new Map<string, WebhookTemplate>();
            for (const [service, w] of Object.entries(asRecord(tpl.webhook ?? {}, `${key} webhook`))) {
                const spec = asRecord(w, `${key} webhook.${service}`);
                webhooks.set(service, {
                    method: String(spec.method ?? ''),
                    body: parseTemplate(String(spec.body ?? '')),
                    path: parseTemplate(String(spec.path ?? '')),
                    hasPath: !!spec.path,
                });
            }
            config.templates.set(name, webhooks);
        } else if (key.startsWith('trigger.')) {
            const name = parts.slice(1).join('.');
            const list = safeLoad(text);
            if (!Array.isArray(list)) throw new Error(`failed to unmarshal trigger ${name}: not a list`);
            config.triggers.set(
                name,
                list.map((c: Record<string, unknown>) => {
                    const when = String(c.when ?? '');
                    const oncePer = c.oncePer === undefined ? undefined : String(c.oncePer);
                    return {
                        when,
                        oncePer,
                        send: (c.send as string[]) ?? [],
                        // pkg/triggers/service.go: an empty condition compiles as "false".
                        program: compile(when || 'false'),
                        oncePerProgram: oncePer ? compile(oncePer) : undefined,
                    };
                }),
            );
        } else if (key === 'subscriptions') {
            const subs = safeLoad(text);
            config.subscriptions = ((subs as Array<Record<string, unknown>>) ?? []).map((s) => ({
                recipients: (s.recipients as string[]) ?? [],
                triggers: (s.triggers as string[]) ?? [],
            }));
        }
    }
    return config;
}

/** Every expression (when and oncePer) of every trigger, for checks. */
export function expressionsOf(config: NotificationsConfig): string[] {
    return [...config.triggers.values()].flatMap((cs) => cs.flatMap((c) => [c.when, ...(c.oncePer ? [c.oncePer] : [])]));
}

/** GetGlobalDestinations: "service:recipient", the recipient may be absent (webhooks have none). */
export function destinationsOf(config: NotificationsConfig): Map<string, Destination[]> {
    const out = new Map<string, Destination[]>();
    for (const s of config.subscriptions) {
        for (const trigger of s.triggers) {
            const list = out.get(trigger) ?? [];
            for (const r of s.recipients) {
                const parts = r.split(':');
                const dest = { service: parts[0], recipient: parts[1] ?? '' };
                if (!list.some((d) => d.service === dest.service && d.recipient === dest.recipient)) list.push(dest);
            }
            out.set(trigger, list);
        }
    }
    return out;
}
