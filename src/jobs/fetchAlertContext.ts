import { PersistenceRevisionCache } from '../adapters/PersistenceRevisionCache';
import type { AlertDetails } from '../core/alertDetails';
import { alertDetailsOf } from '../core/alertDetails';
import { readRevisionMetadata, readUnhealthyResources } from '../core/commands/argoObjects';
import type { AlertNotice, Notice } from '../core/notices';
import type { ArgoCdClient } from '../ports/ArgoCdClient';

/**
 * Fetches what an alert needs beyond the list — revision, operation message, failing or
 * unhealthy resources, the commit's author and message — only for apps that alert one by one,
 * at most `limit` per run, with commits cached per revision.
 */
export async function fetchAlertContext(client: ArgoCdClient, notices: Notice[], limit: number, cache: PersistenceRevisionCache, now: number): Promise<Map<string, AlertDetails>> {
    const details = new Map<string, AlertDetails>();
    const alerts = notices.filter((n): n is AlertNotice => n.kind === 'alert').slice(0, limit);
    let fetchedCommit = false;
    for (const alert of alerts) {
        const ref = { name: alert.app.name, namespace: alert.app.namespace };
        const full = await client.getApplication(ref);
        // Without context the alert still goes out: the list already said what is wrong.
        if (!full.ok) {
            continue;
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
        details.set(alert.app.key, context);
    }
    if (fetchedCommit) {
        await cache.prune(now);
    }
    return details;
}
