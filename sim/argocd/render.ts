/**
 * Renders FleetApps as the Argo CD API serves them, shaped after a live Application
 * (controller/testdata/diff-cache.yaml) and the OpenAPI definitions. Keys follow the Go struct
 * order and absent values are left undefined, which JSON.stringify drops the way Go's
 * `omitempty` does. Defaults are derived from the app name so output is deterministic.
 */
import { createHash } from 'crypto';
import { CONTROL_PLANE_NAMESPACE } from './auth';
import type { AppMeta } from './fleet';
import type { FleetApp, FleetResource } from './types';

type Json = Record<string, unknown>;

const hex = (seed: string, len = 40): string => {
    let out = '';
    for (let i = 0; out.length < len; i++) out += createHash('sha1').update(`${seed}#${i}`).digest('hex');
    return out.slice(0, len);
};

const FALLBACK_TIME = '2024-03-05T07:33:04Z';

export const defaults = {
    namespace: (a: FleetApp): string => a.namespace ?? CONTROL_PLANE_NAMESPACE,
    project: (a: FleetApp): string => a.project ?? 'default',
    revision: (a: FleetApp): string => a.revision ?? hex(`rev:${defaults.namespace(a)}/${a.name}`),
    repoURL: (a: FleetApp): string => a.repoURL ?? 'https://github.com/example-org/gitops-manifests.git',
    path: (a: FleetApp): string => a.path ?? `apps/${a.name}`,
    targetRevision: (a: FleetApp): string => a.targetRevision ?? 'HEAD',
    destServer: (a: FleetApp): string => a.destination?.server ?? 'https://kubernetes.default.svc',
    destNamespace: (a: FleetApp): string => a.destination?.namespace ?? a.name,
};

export function source(a: FleetApp): Json {
    return { repoURL: defaults.repoURL(a), path: defaults.path(a), targetRevision: defaults.targetRevision(a) };
}

function destination(a: FleetApp): Json {
    return { server: defaults.destServer(a), namespace: defaults.destNamespace(a) };
}

/** Resources the app manages; when none are given, a Deployment and a Service that agree with the app's state. */
export function resourcesOf(a: FleetApp): FleetResource[] {
    if (a.resources) return a.resources;
    const ns = defaults.destNamespace(a);
    const outOfSync = a.sync === 'OutOfSync';
    return [
        { kind: 'Service', namespace: ns, name: a.name, status: 'Synced', health: { status: a.health === 'Missing' ? 'Missing' : 'Healthy' } },
        {
            group: 'apps',
            kind: 'Deployment',
            namespace: ns,
            name: a.name,
            status: outOfSync ? 'OutOfSync' : a.sync === 'Unknown' ? 'Unknown' : 'Synced',
            health: { status: a.health, message: a.healthMessage },
        },
    ];
}

const versionOf = (r: FleetResource): string => (r.group && r.group.includes('.') && !r.group.endsWith('.k8s.io') ? 'v1alpha1' : 'v1');

export function imageOf(a: FleetApp, revision = defaults.revision(a)): string {
    return `registry.example.com/${a.name}:${revision.slice(0, 7)}`;
}

function latestTime(a: FleetApp): string {
    const times = [a.operation?.finishedAt, a.operation?.startedAt, ...(a.history ?? []).map((h) => h.deployedAt)].filter(
        (t): t is string => !!t,
    );
    return times.sort().pop() ?? FALLBACK_TIME;
}

function shiftSeconds(iso: string, seconds: number): string {
    return new Date(Date.parse(iso) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function initiator(i: { username?: string; automated?: boolean } | undefined): Json | undefined {
    if (!i || (!i.username && !i.automated)) return undefined;
    return { username: i.username || undefined, automated: i.automated || undefined };
}

function operationOf(a: FleetApp): Json | undefined {
    const op = a.operation;
    if (!op) return undefined;
    return {
        sync: {
            revision: op.revision ?? defaults.revision(a),
            syncStrategy: { hook: {} },
            syncOptions: a.autoSync ? ['CreateNamespace=true'] : undefined,
        },
        initiatedBy: initiator(op.initiatedBy) ?? { username: 'admin' },
        retry: {},
    };
}

function syncResultOf(a: FleetApp): Json | undefined {
    const op = a.operation;
    if (!op || op.phase === 'Running' || op.phase === 'Terminating') return undefined;
    const failed = op.phase === 'Failed' || op.phase === 'Error';
    return {
        resources: resourcesOf(a).map((r) => ({
            // ResourceResult.group has no omitempty: core resources carry "group": "".
            group: r.group ?? '',
            version: versionOf(r),
            kind: r.kind,
            namespace: r.namespace ?? defaults.destNamespace(a),
            name: r.name,
            status: failed && r.kind === 'Deployment' ? 'SyncFailed' : 'Synced',
            message: failed && r.kind === 'Deployment' ? op.message ?? 'one or more objects failed to apply' : `${r.kind.toLowerCase()}${r.group ? `.${r.group}` : ''}/${r.name} serverside-applied`,
            hookPhase: failed && r.kind === 'Deployment' ? 'Failed' : 'Running',
            syncPhase: 'Sync',
        })),
        revision: op.revision ?? defaults.revision(a),
        source: source(a),
    };
}

function operationStateOf(a: FleetApp): Json | undefined {
    const op = a.operation;
    if (!op) return undefined;
    const finished = op.phase !== 'Running' && op.phase !== 'Terminating';
    const finishedAt = finished ? op.finishedAt ?? latestTime(a) : undefined;
    const startedAt = op.startedAt ?? (finishedAt ? shiftSeconds(finishedAt, -1) : FALLBACK_TIME);
    const message = op.message ?? (op.phase === 'Succeeded' ? 'successfully synced (all tasks run)' : undefined);
    return {
        operation: operationOf(a),
        phase: op.phase,
        message,
        syncResult: syncResultOf(a),
        startedAt,
        finishedAt,
    };
}

function resourceStatusOf(a: FleetApp, r: FleetResource): Json {
    return {
        group: r.group || undefined,
        version: versionOf(r),
        kind: r.kind,
        namespace: r.namespace ?? defaults.destNamespace(a),
        name: r.name,
        status: r.status || undefined,
        health: r.health ? { status: r.health.status, message: r.health.message || undefined } : undefined,
    };
}

export function renderApp(a: FleetApp, meta: AppMeta): Json {
    const running = a.operation && (a.operation.phase === 'Running' || a.operation.phase === 'Terminating');
    const images = resourcesOf(a)
        .filter((r) => r.kind === 'Deployment' || r.kind === 'StatefulSet' || r.kind === 'DaemonSet')
        .map(() => imageOf(a));
    return {
        metadata: {
            name: a.name,
            namespace: defaults.namespace(a),
            uid: meta.uid,
            resourceVersion: meta.resourceVersion,
            generation: meta.generation,
            creationTimestamp: meta.creationTimestamp,
            labels: a.labels && Object.keys(a.labels).length ? a.labels : undefined,
            finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
            source: source(a),
            destination: destination(a),
            project: defaults.project(a),
            syncPolicy: a.autoSync
                ? { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] }
                : { syncOptions: ['CreateNamespace=true'] },
        },
        status: {
            resources: resourcesOf(a).map((r) => resourceStatusOf(a, r)),
            sync: {
                status: a.sync,
                comparedTo: { source: source(a), destination: destination(a) },
                revision: defaults.revision(a),
            },
            health: { status: a.health, message: a.healthMessage || undefined, lastTransitionTime: meta.healthSince },
            history: a.history?.length
                ? a.history.map((h) => ({
                      revision: h.revision,
                      deployedAt: h.deployedAt,
                      id: h.id,
                      source: source(a),
                      deployStartedAt: h.deployStartedAt ?? shiftSeconds(h.deployedAt, -1),
                      initiatedBy: initiator(h.initiatedBy),
                  }))
                : undefined,
            conditions: a.conditions?.length
                ? a.conditions.map((c) => ({ type: c.type, message: c.message, lastTransitionTime: c.lastTransitionTime ?? latestTime(a) }))
                : undefined,
            reconciledAt: latestTime(a),
            operationState: operationStateOf(a),
            sourceType: 'Kustomize',
            summary: { images: images.length ? [...new Set(images)] : undefined },
            controllerNamespace: CONTROL_PLANE_NAMESPACE,
        },
        operation: running ? operationOf(a) : undefined,
    };
}

/** GET …/resource-tree: the managed resources plus the ReplicaSet and Pod a Deployment owns. */
export function renderResourceTree(a: FleetApp): Json {
    const nodes: Json[] = [];
    const uid = (s: string): string => {
        const h = hex(`uid:${a.name}:${s}`, 32);
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    };
    const createdAt = (a.history?.[0]?.deployedAt) ?? FALLBACK_TIME;
    for (const r of resourcesOf(a)) {
        const ns = r.namespace ?? defaults.destNamespace(a);
        const ref = { group: r.group || undefined, version: versionOf(r), kind: r.kind, namespace: ns, name: r.name, uid: uid(`${r.kind}/${r.name}`) };
        const health = r.health ? { status: r.health.status, message: r.health.message || undefined } : undefined;
        if (r.health?.status === 'Missing') {
            // A missing resource has no live object, so the tree has no node for it.
            continue;
        }
        nodes.push({ ...ref, resourceVersion: String(1000 + nodes.length), health, createdAt });
        if (r.kind === 'Deployment') {
            const rsName = `${r.name}-${hex(`rs:${defaults.revision(a)}`, 10)}`;
            const rs = { group: 'apps', version: 'v1', kind: 'ReplicaSet', namespace: ns, name: rsName, uid: uid(`rs/${rsName}`) };
            nodes.push({ ...rs, parentRefs: [ref], info: [{ name: 'Revision', value: 'Rev:1' }], resourceVersion: String(1000 + nodes.length), health, createdAt });
            const podName = `${rsName}-${hex(`pod:${rsName}`, 5)}`;
            const podHealth = health && health.status !== 'Healthy' ? health : { status: 'Healthy' };
            nodes.push({
                version: 'v1',
                kind: 'Pod',
                namespace: ns,
                name: podName,
                uid: uid(`pod/${podName}`),
                parentRefs: [rs],
                info: [{ name: 'Status Reason', value: podHealth.status === 'Healthy' ? 'Running' : podHealth.status === 'Degraded' ? 'CrashLoopBackOff' : 'ContainerCreating' }, { name: 'Containers', value: podHealth.status === 'Healthy' ? '1/1' : '0/1' }],
                networkingInfo: { labels: { app: a.name } },
                resourceVersion: String(1000 + nodes.length),
                images: [imageOf(a)],
                health: podHealth,
                createdAt,
            });
        }
    }
    return { nodes, hosts: [{ name: 'node-1', resourcesInfo: [{ resourceName: 'cpu', requestedByApp: 250, requestedByNeighbors: 1150, capacity: 4000 }] }] };
}

/**
 * A resource with explicit manifests, as Argo CD's managed-resources sends it
 * (controller/appcontroller.go, hideSecretData: liveState and targetState are marshalled to JSON
 * strings, "null" for a nil object; normalizedLiveState and predictedLiveState are the diff's bytes).
 */
function explicitManagedResource(a: FleetApp, r: FleetResource, manifests: { live: unknown; desired: unknown }): Json {
    const json = (v: unknown): string => JSON.stringify(v ?? null);
    return {
        kind: r.kind,
        namespace: r.namespace ?? defaults.destNamespace(a),
        name: r.name,
        targetState: json(manifests.desired),
        liveState: json(manifests.live),
        normalizedLiveState: json(manifests.live),
        predictedLiveState: json(manifests.desired),
        group: r.group || undefined,
        modified: r.status === 'OutOfSync' || undefined,
        resourceVersion: manifests.live ? '1000' : undefined,
    };
}

/** GET …/managed-resources: the *State fields are JSON strings, "null" when the object does not exist. */
export function renderManagedResources(a: FleetApp): Json {
    const items = resourcesOf(a).map((r) => {
        if (r.manifests) return explicitManagedResource(a, r, r.manifests);
        const ns = r.namespace ?? defaults.destNamespace(a);
        const apiVersion = r.group ? `${r.group}/${versionOf(r)}` : versionOf(r);
        const base = { apiVersion, kind: r.kind, metadata: { name: r.name, namespace: ns, labels: { 'app.kubernetes.io/instance': a.name } } };
        const target = r.kind === 'Deployment' ? { ...base, spec: { replicas: 2, template: { spec: { containers: [{ name: a.name, image: imageOf(a) }] } } } } : base;
        const missing = r.health?.status === 'Missing';
        const live = missing
            ? null
            : r.status === 'OutOfSync' && r.kind === 'Deployment'
              ? { ...base, spec: { replicas: 1, template: { spec: { containers: [{ name: a.name, image: imageOf(a, hex(`old:${a.name}`)) }] } } } }
              : target;
        const json = (v: unknown): string => JSON.stringify(v);
        return {
            kind: r.kind,
            namespace: ns,
            name: r.name,
            targetState: json(target),
            liveState: json(live),
            normalizedLiveState: json(live),
            predictedLiveState: json(target),
            group: r.group || undefined,
            modified: r.status === 'OutOfSync' || undefined,
            resourceVersion: missing ? undefined : '1000',
        };
    });
    return { items };
}

/** Metadata of a commit: given ones first; commits the app knows about get deterministic ones; others are unknown. */
export function revisionMetadataOf(a: FleetApp, revision: string): Json | undefined {
    const given = a.revisionMetadata?.[revision];
    if (given) return { author: given.author, date: given.date, tags: given.tags?.length ? given.tags : undefined, message: given.message };
    const known = [defaults.revision(a), a.operation?.revision, ...(a.history ?? []).map((h) => h.revision)].includes(revision);
    if (!known) return undefined;
    const authors = ['Dana Kowalski <dana@example.com>', 'Ravi Menon <ravi@example.com>', 'Lea Fischer <lea@example.com>'];
    const n = parseInt(revision.slice(0, 6), 16) || 0;
    return {
        author: authors[n % authors.length],
        date: a.history?.find((h) => h.revision === revision)?.deployStartedAt ?? latestTime(a),
        message: `${a.name}: ${['bump image', 'raise memory limit', 'add readiness probe', 'rotate config'][n % 4]}`,
    };
}
