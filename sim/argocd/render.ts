/**
 * Renders FleetApps as the Argo CD API serves them, shaped after a live Application
 * (controller/testdata/diff-cache.yaml) and the OpenAPI definitions. Keys follow the Go struct
 * order and absent values are left undefined, which JSON.stringify drops the way Go's
 * `omitempty` does. Defaults are derived from the app name so output is deterministic.
 */
import { CONTROL_PLANE_NAMESPACE } from './auth';
import type { AppMeta } from './fleet';
import { automatedJson, derivedRevision, hexOf as hex, isHelmSource, isMultiSource, revisionsOf, sourceJson, sourcesOf } from './sources';
import type { FleetApp, FleetResource, FleetResourceResult } from './types';
import { DEFAULT_VERSION } from './version';

type Json = Record<string, unknown>;

const FALLBACK_TIME = '2024-03-05T07:33:04Z';

export const defaults = {
    namespace: (a: FleetApp): string => a.namespace ?? CONTROL_PLANE_NAMESPACE,
    project: (a: FleetApp): string => a.project ?? 'default',
    /** The resolved revision of the (first) source: a commit, a chart version or an OCI digest. */
    revision: (a: FleetApp): string => a.revision ?? (isMultiSource(a) ? revisionsOf(a)[0] : derivedRevision(a, 0)),
    repoURL: (a: FleetApp): string => sourcesOf(a)[0].repoURL,
    destServer: (a: FleetApp): string => a.destination?.server ?? 'https://kubernetes.default.svc',
    destNamespace: (a: FleetApp): string => a.destination?.namespace ?? a.name,
};

/** spec.source of a single-source app; a multi-source app has `{"repoURL":""}` where a struct is not omitempty-able. */
export function source(a: FleetApp): Json {
    return isMultiSource(a) ? { repoURL: '' } : sourceJson(sourcesOf(a)[0]);
}

const sourcesJson = (a: FleetApp): Json[] | undefined => (isMultiSource(a) ? sourcesOf(a).map(sourceJson) : undefined);

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
    // A tag from the revision: a commit's first 7 hex, a chart version, a digest's first 7 hex.
    return `registry.example.com/${a.name}:${revision.replace(/^sha256:/, '').slice(0, 7)}`;
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

/** Operation.sync as server/application/application.go Sync writes it (source or sources + revisions). */
function operationOf(a: FleetApp, op: { revision?: string; revisions?: string[]; initiatedBy?: { username?: string; automated?: boolean }; dryRun?: boolean } | undefined): Json | undefined {
    if (!op) return undefined;
    const multi = isMultiSource(a);
    return {
        sync: {
            revision: multi ? undefined : op.revision ?? defaults.revision(a),
            dryRun: op.dryRun || undefined,
            syncStrategy: { hook: {} },
            source: multi ? undefined : source(a),
            syncOptions: ['CreateNamespace=true'],
            sources: sourcesJson(a),
            revisions: multi ? op.revisions ?? revisionsOf(a) : undefined,
        },
        initiatedBy: initiator(op.initiatedBy) ?? { username: 'admin' },
        retry: {},
    };
}

const resultJson = (a: FleetApp, r: FleetResourceResult): Json => ({
    // ResourceResult.group and .version have no omitempty: core resources carry "group": "".
    group: r.group ?? '',
    version: versionOf({ kind: r.kind, name: r.name, group: r.group }),
    kind: r.kind,
    namespace: r.namespace ?? defaults.destNamespace(a),
    name: r.name,
    status: r.status,
    message: r.message,
    hookPhase: r.hookPhase ?? (r.status === 'SyncFailed' ? 'Failed' : 'Running'),
    syncPhase: r.syncPhase ?? 'Sync',
});

function syncResultOf(a: FleetApp): Json | undefined {
    const op = a.operation;
    if (!op || op.phase === 'Running' || op.phase === 'Terminating') return undefined;
    const failed = op.phase === 'Failed' || op.phase === 'Error';
    const multi = isMultiSource(a);
    const common = {
        // SyncOperationResult.revision has no omitempty: "" for a multi-source app.
        revision: multi ? '' : op.revision ?? defaults.revision(a),
        source: source(a),
        sources: sourcesJson(a),
        revisions: multi ? op.revisions ?? revisionsOf(a) : undefined,
    };
    if (op.resources) return { resources: op.resources.length ? op.resources.map((r) => resultJson(a, r)) : undefined, ...common };
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
        ...common,
    };
}

function operationStateOf(a: FleetApp): Json | undefined {
    const op = a.operation;
    // argo-cd util/argo/argo.go SetAppOperation: a newly set operation clears operationState until the controller picks it up.
    if (!op || a.requestedOperation) return undefined;
    const finished = op.phase !== 'Running' && op.phase !== 'Terminating';
    const finishedAt = finished ? op.finishedAt ?? latestTime(a) : undefined;
    const startedAt = op.startedAt ?? (finishedAt ? shiftSeconds(finishedAt, -1) : FALLBACK_TIME);
    const message = op.message ?? (op.phase === 'Succeeded' ? 'successfully synced (all tasks run)' : undefined);
    return {
        operation: operationOf(a, op),
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

/** status.sourceType: Helm for a chart (reposerver GetAppSourceType), else what the test says. */
const sourceTypeOf = (a: FleetApp): string => a.sourceType ?? (isHelmSource(sourcesOf(a)[0]) ? 'Helm' : 'Kustomize');

export function renderApp(a: FleetApp, meta: AppMeta, version = DEFAULT_VERSION): Json {
    const running = a.operation && (a.operation.phase === 'Running' || a.operation.phase === 'Terminating');
    const multi = isMultiSource(a);
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
            // A stuck finalizer keeps a deleted app listed, with deletionTimestamp set.
            deletionTimestamp: a.deletionTimestamp,
            deletionGracePeriodSeconds: a.deletionTimestamp ? 0 : undefined,
            labels: a.labels && Object.keys(a.labels).length ? a.labels : undefined,
            annotations: a.annotations && Object.keys(a.annotations).length ? a.annotations : undefined,
            finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
            source: multi ? undefined : source(a),
            destination: destination(a),
            project: defaults.project(a),
            syncPolicy: { automated: automatedJson(a.autoSync, version), syncOptions: ['CreateNamespace=true'] },
            sources: sourcesJson(a),
        },
        status: {
            resources: resourcesOf(a).map((r) => resourceStatusOf(a, r)),
            sync: {
                status: a.sync,
                comparedTo: { source: source(a), destination: destination(a), sources: sourcesJson(a) },
                revision: multi ? undefined : defaults.revision(a),
                revisions: multi ? revisionsOf(a) : undefined,
            },
            health: { status: a.health, message: a.healthMessage || undefined, lastTransitionTime: meta.healthSince },
            history: a.history?.length
                ? a.history.map((h) => ({
                      revision: multi ? undefined : h.revision || undefined,
                      deployedAt: h.deployedAt,
                      id: h.id,
                      source: source(a),
                      deployStartedAt: h.deployStartedAt ?? shiftSeconds(h.deployedAt, -1),
                      sources: sourcesJson(a),
                      revisions: multi ? h.revisions ?? revisionsOf(a) : undefined,
                      initiatedBy: initiator(h.initiatedBy),
                  }))
                : undefined,
            conditions: a.conditions?.length
                ? a.conditions.map((c) => ({ type: c.type, message: c.message, lastTransitionTime: c.lastTransitionTime ?? latestTime(a) }))
                : undefined,
            reconciledAt: latestTime(a),
            operationState: operationStateOf(a),
            sourceType: sourceTypeOf(a),
            summary: { images: images.length ? [...new Set(images)] : undefined },
            sourceTypes: multi ? sourcesOf(a).map((s) => (isHelmSource(s) ? 'Helm' : 'Kustomize')) : undefined,
            controllerNamespace: CONTROL_PLANE_NAMESPACE,
        },
        // Top-level `operation` stays set from the request until the controller finishes it.
        operation: a.requestedOperation ? operationOf(a, a.requestedOperation) : running ? operationOf(a, a.operation) : undefined,
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
            // argo-cd controller/appcontroller.go getResourceTree: a managed resource without a live
            // object is still a node, built from its target state: no uid, resourceVersion or createdAt.
            nodes.push({ group: r.group || undefined, version: versionOf(r), kind: r.kind, namespace: ns, name: r.name, health: { status: 'Missing' } });
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
    const known = [
        defaults.revision(a),
        a.operation?.revision,
        ...(isMultiSource(a) ? revisionsOf(a) : []),
        ...(a.operation?.revisions ?? []),
        ...(a.history ?? []).flatMap((h) => [h.revision, ...(h.revisions ?? [])]),
    ].includes(revision);
    if (!known) return undefined;
    const authors = ['Dana Kowalski <dana@example.com>', 'Ravi Menon <ravi@example.com>', 'Lea Fischer <lea@example.com>'];
    const n = parseInt(revision.slice(0, 6), 16) || 0;
    return {
        author: authors[n % authors.length],
        date: a.history?.find((h) => h.revision === revision || h.revisions?.includes(revision))?.deployStartedAt ?? latestTime(a),
        message: `${a.name}: ${['bump image', 'raise memory limit', 'add readiness probe', 'rotate config'][n % 4]}`,
    };
}

/** GET …/revisions/{rev}/chartdetails: ChartDetails (types.go) of a chart source. */
export function chartDetailsOf(a: FleetApp, chart: string): Json {
    return {
        description: `A Helm chart for ${chart}`,
        home: `https://charts.example.com/${chart}`,
        maintainers: [`${chart} maintainers <${chart}@example.com>`],
    };
}
