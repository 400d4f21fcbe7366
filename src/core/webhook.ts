import type { Result } from './result';
import { err, ok } from './result';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const MAX_APPS_PER_CALL = 20;

/**
 * Compares the offered secret with the configured one in time that does not depend on where they
 * differ. An empty configured secret means the webhook is off: nothing matches it.
 */
export function secretMatches(expected: string, offered: string | undefined): boolean {
    if (expected === '' || offered === undefined) {
        return false;
    }
    // Always walks the whole configured secret, whatever the caller sent.
    let difference = expected.length ^ offered.length;
    for (let i = 0; i < expected.length; i++) {
        difference |= expected.charCodeAt(i) ^ (offered.charCodeAt(i) || 0);
    }
    return difference === 0;
}

export interface NamedApp {
    name: string;
    namespace?: string;
}

function named(value: unknown): NamedApp | undefined {
    const entry = value as { app?: unknown; name?: unknown; namespace?: unknown };
    const name = typeof entry?.app === 'string' ? entry.app : typeof entry?.name === 'string' ? entry.name : undefined;
    if (name === undefined || !NAME.test(name)) {
        return undefined;
    }
    if (entry.namespace !== undefined && entry.namespace !== '' && (typeof entry.namespace !== 'string' || !NAME.test(entry.namespace))) {
        return undefined;
    }
    return typeof entry.namespace === 'string' && entry.namespace !== '' ? { name, namespace: entry.namespace } : { name };
}

function isEmpty(value: unknown): boolean {
    return value === undefined || value === null || value === '' || (typeof value === 'object' && Object.keys(value as object).length === 0);
}

/**
 * `{"app": "guestbook", "namespace": "argocd"}`, or a list of those under `apps`; or, for a
 * call without a body, the same as query parameters (`?app=guestbook&namespace=argocd`).
 * Rocket.Chat parses only JSON and form bodies (Express's json() and urlencoded()): a body sent
 * without a matching Content-Type arrives as `{}`, which the error below explains.
 */
export function parseWebhookCall(content: unknown, query: Record<string, unknown> = {}): Result<NamedApp[]> {
    const parsed = typeof content === 'string' ? safeJson(content) : content;
    const body = isEmpty(parsed) && !isEmpty(query.app) ? query : parsed;
    if (isEmpty(body)) {
        return err('no application named: send {"app": "<name>", "namespace": "<namespace>"} as JSON with the header Content-Type: application/json, or ?app=<name>&namespace=<namespace>');
    }
    const entries = Array.isArray((body as { apps?: unknown })?.apps) ? (body as { apps: unknown[] }).apps : [body];
    if (entries.length === 0 || entries.length > MAX_APPS_PER_CALL) {
        return err(`send 1 to ${MAX_APPS_PER_CALL} apps per call`);
    }
    const apps = entries.map(named);
    if (apps.some((a) => a === undefined)) {
        return err('the body must be {"app": "<application name>", "namespace": "<its namespace>"} with Kubernetes names');
    }
    return ok(apps as NamedApp[]);
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}
