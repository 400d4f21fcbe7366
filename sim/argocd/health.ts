/**
 * App health from its resources (argo-cd controller/health.go setApplicationHealth), which
 * changed in 3.4: before, a missing resource that has a health check (a Deployment, a Service…)
 * made the whole app Missing; from 3.4 missing resources are left to the OutOfSync status and the
 * app is Missing only when none of its resources exists.
 */
import type { FleetResource } from './types';
import { atLeast } from './version';

/** gitops-engine pkg/health/health.go healthOrder, most healthy first. */
const ORDER = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];
const isWorse = (current: string, next: string): boolean => ORDER.indexOf(next) > ORDER.indexOf(current);

/** Kinds with a built-in health check (gitops-engine pkg/health GetHealthCheckFunc); others cannot make an app Missing before 3.4. */
const HEALTH_CHECKED = new Set([
    'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Service', 'Ingress', 'PersistentVolumeClaim', 'Pod', 'Job',
    'HorizontalPodAutoscaler', 'APIService', 'Workflow',
]);

export function appHealthFromResources(resources: FleetResource[], version: string): string {
    let health = 'Healthy';
    const missingCounts = !atLeast(version, 3, 4);
    let live = 0;
    for (const r of resources) {
        const status = r.health?.status;
        if (status !== 'Missing') live++;
        if (!status) continue;
        if (status === 'Missing' && !(missingCounts && HEALTH_CHECKED.has(r.kind))) continue;
        if (isWorse(health, status)) health = status;
    }
    if (!missingCounts && resources.length > 0 && live === 0 && isWorse(health, 'Missing')) health = 'Missing';
    return health;
}
