import { PersistenceRevisionCache } from '../adapters/PersistenceRevisionCache';
import type { AlertDetails } from '../core/alertDetails';
import { alertDetailsOf } from '../core/alertDetails';
import { readRevisionMetadata, readUnhealthyResources } from '../core/commands/argoObjects';
import type { AlertNotice, Notice } from '../core/notices';
import type { ArgoCdClient } from '../ports/ArgoCdClient';

/** Context fetches in flight at once: fast enough for a burst, gentle on Argo CD's API server. */
const CONTEXT_CONCURRENCY = 3;

async function contextOf(client: ArgoCdClient, alert: AlertNotice, cache: PersistenceRevisionCache, now: number): Promise<{ details?: AlertDetails; fetchedCommit: boolean }> {
    const ref = { name: alert.app.name, namespace: alert.app.namespace };
    const full = await client.getApplication(ref);
    // Without context the alert still goes out: the list already said what is wrong.
    if (!full.ok) {
        return { fetchedCommit: false };
    }
    const context = alertDetailsOf(full.value);
    const stuck = alert.conditions.includes('Stuck');
    if (alert.conditions.includes('Degraded') || alert.conditions.includes('Missing') || stuck) {
        const tree = await client.resourceTree(ref);
        if (tree.ok) {
            // A stuck rollout is about the resources still Progressing; otherwise they are just on their way.
            const unhealthy = readUnhealthyResources(tree.value).filter((r) => stuck || r.health !== 'Progressing');
            if (unhealthy.length > 0) {
                context.unhealthyResources = unhealthy.map((r) => ({ kind: r.kind, name: r.name, status: r.health, ...(r.namespace ? { namespace: r.namespace } : {}), ...(r.message ? { message: r.message } : {}) }));
            }
        }
    }
    let fetchedCommit = false;
    const source = context.commitSource;
    if (source) {
        const cached = await cache.get(source.revision);
        if (cached) {
            context.commit = cached;
        } else {
            const metadata = await client.revisionMetadata(ref, source.revision, source.index);
            if (metadata.ok) {
                const commit = readRevisionMetadata(metadata.value);
                context.commit = { ...(commit.author ? { author: commit.author } : {}), ...(commit.message ? { message: commit.message } : {}), ...(commit.date ? { date: commit.date } : {}) };
                await cache.put(source.revision, context.commit, now);
                fetchedCommit = true;
            }
        }
    }
    return { details: context, fetchedCommit };
}

/**
 * Fetches what an alert needs beyond the list — revision, operation message, failing or
 * unhealthy resources, the commit's author and message — only for apps that alert one by one.
 * Bounded three ways: at most `limit` alerts per run, a few at a time, and none started once
 * `stop` says the run's time for context is up (each call is bounded by the request timeout).
 */
export async function fetchAlertContext(
    client: ArgoCdClient, notices: Notice[], limit: number, cache: PersistenceRevisionCache, now: number, stop: () => boolean = () => false,
): Promise<Map<string, AlertDetails>> {
    const details = new Map<string, AlertDetails>();
    const queue = notices.filter((n): n is AlertNotice & Notice => n.kind === 'alert').slice(0, limit);
    let fetchedCommit = false;
    const worker = async (): Promise<void> => {
        for (let alert = queue.shift(); alert && !stop(); alert = queue.shift()) {
            const fetched = await contextOf(client, alert, cache, now);
            fetchedCommit = fetchedCommit || fetched.fetchedCommit;
            if (fetched.details) {
                details.set(alert.app.key, fetched.details);
            }
        }
    };
    await Promise.all(Array.from({ length: CONTEXT_CONCURRENCY }, worker));
    if (fetchedCommit) {
        await cache.prune(now);
    }
    return details;
}
