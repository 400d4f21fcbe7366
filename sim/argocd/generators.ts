/**
 * Fleets for tests, the benchmark and the sandbox. generateFleet is deterministic for a seed
 * (no clock, no Math.random), so a benchmark run can be compared with the last one.
 */
import type { ArgoCdTestServer } from './ArgoCdTestServer';
import { nowIso } from './operations';
import type { FleetApp, FleetHistoryEntry, FleetResource } from './types';

/** mulberry32: small, fast, and the same sequence on every machine. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const SERVICES = [
    'payments-api', 'checkout-web', 'search-indexer', 'ledger-db', 'billing-worker', 'auth-gateway', 'catalog-api',
    'cart-service', 'notification-dispatcher', 'fraud-scorer', 'inventory-sync', 'pricing-engine', 'recommendation-api',
    'shipping-tracker', 'user-profile', 'media-transcoder', 'reporting-etl', 'feature-flags', 'audit-log', 'rate-limiter',
    'ingress-nginx', 'cert-manager', 'external-dns', 'prometheus-stack', 'loki', 'velero', 'kyverno', 'sealed-secrets',
];
const ENVS = ['prod', 'staging', 'dev', 'qa', 'perf'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1', 'eu-central-1'];
const PROJECTS: Record<string, string> = {
    'ingress-nginx': 'platform', 'cert-manager': 'platform', 'external-dns': 'platform', 'prometheus-stack': 'observability',
    loki: 'observability', velero: 'platform', kyverno: 'security', 'sealed-secrets': 'security', 'payments-api': 'payments',
    'ledger-db': 'payments', 'billing-worker': 'payments', 'fraud-scorer': 'payments', 'auth-gateway': 'identity',
    'user-profile': 'identity', 'audit-log': 'identity',
};
const TEAM_NAMESPACES = ['argocd', 'argocd', 'argocd', 'team-commerce', 'team-data'];
const USERS = ['dana@example.com', 'ravi@example.com', 'lea@example.com', 'ci-bot'];

const hexOf = (rand: () => number, len = 40): string => {
    let s = '';
    while (s.length < len) s += Math.floor(rand() * 0x100000000).toString(16).padStart(8, '0');
    return s.slice(0, len);
};

const isoAt = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pick<T>(rand: () => number, xs: readonly T[]): T {
    return xs[Math.floor(rand() * xs.length)];
}

/** sync/health mix of a large, mostly calm fleet. */
function stateFor(rand: () => number): Pick<FleetApp, 'sync' | 'health' | 'healthMessage'> {
    const r = rand();
    if (r < 0.82) return { sync: 'Synced', health: 'Healthy' };
    if (r < 0.9) return { sync: 'OutOfSync', health: 'Healthy' };
    if (r < 0.93) return { sync: 'Synced', health: 'Degraded', healthMessage: 'Deployment has exceeded its progress deadline' };
    if (r < 0.95) return { sync: 'OutOfSync', health: 'Progressing', healthMessage: 'Waiting for rollout to finish: 1 old replicas are pending termination...' };
    if (r < 0.965) return { sync: 'OutOfSync', health: 'Missing' };
    if (r < 0.98) return { sync: 'Unknown', health: 'Unknown' };
    if (r < 0.99) return { sync: 'Synced', health: 'Suspended' };
    return { sync: 'Synced', health: 'Healthy' };
}

/** The states a not-fine app takes under `notFine`, in turn: each one alerts with the default settings. */
const NOT_FINE_STATES: Array<Pick<FleetApp, 'sync' | 'health' | 'healthMessage'>> = [
    { sync: 'OutOfSync', health: 'Healthy' },
    { sync: 'Synced', health: 'Degraded', healthMessage: 'Deployment has exceeded its progress deadline' },
    { sync: 'OutOfSync', health: 'Missing' },
    { sync: 'Unknown', health: 'Unknown' },
];

/** Whether app i of count is one of `notFine` not-fine apps, spread evenly over the fleet. */
function isNotFine(i: number, count: number, notFine: number): boolean {
    return notFine > 0 && Math.floor(((i + 1) * notFine) / count) !== Math.floor((i * notFine) / count);
}

/**
 * An inline Helm values file of exactly `bytes` bytes (ASCII), shaped like a chart's: image,
 * resources, probes, then per-app settings until the size is reached.
 */
export function helmValues(appName: string, bytes: number): string {
    const head = [
        `nameOverride: ${appName}`,
        'replicaCount: 2',
        'image:',
        `  repository: registry.example.com/${appName}`,
        '  pullPolicy: IfNotPresent',
        'resources:',
        '  requests: {cpu: 100m, memory: 128Mi}',
        '  limits: {cpu: 500m, memory: 512Mi}',
        'livenessProbe: {httpGet: {path: /healthz, port: http}, initialDelaySeconds: 10}',
        'env:',
    ].join('\n');
    let text = `${head}\n`;
    for (let i = 0; text.length < bytes; i++) {
        text += `  - {name: SETTING_${i}, value: "${appName}-${i}"}\n`;
    }
    return text.slice(0, bytes);
}

function resourcesFor(rand: () => number, app: FleetApp, ns: string): FleetResource[] {
    const health = (status: string, message?: string): FleetResource['health'] => ({ status, message });
    const ok = app.sync === 'OutOfSync' ? 'OutOfSync' : app.sync === 'Unknown' ? 'Unknown' : 'Synced';
    const list: FleetResource[] = [
        { kind: 'ServiceAccount', namespace: ns, name: app.name, status: 'Synced' },
        { kind: 'ConfigMap', namespace: ns, name: `${app.name}-config`, status: ok },
        { kind: 'Secret', namespace: ns, name: `${app.name}-env`, status: 'Synced' },
        { kind: 'Service', namespace: ns, name: app.name, status: 'Synced', health: health(app.health === 'Missing' ? 'Missing' : 'Healthy') },
        { group: 'apps', kind: 'Deployment', namespace: ns, name: app.name, status: ok, health: health(app.health, app.healthMessage) },
        { group: 'networking.k8s.io', kind: 'Ingress', namespace: ns, name: app.name, status: 'Synced', health: health('Healthy') },
        { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', namespace: ns, name: app.name, status: 'Synced', health: health('Healthy') },
        { group: 'policy', kind: 'PodDisruptionBudget', namespace: ns, name: app.name, status: 'Synced' },
        { group: 'monitoring.coreos.com', kind: 'ServiceMonitor', namespace: ns, name: app.name, status: 'Synced' },
    ];
    const workers = Math.floor(rand() * 4);
    for (let i = 0; i < workers; i++) {
        list.push({ group: 'apps', kind: 'Deployment', namespace: ns, name: `${app.name}-worker-${i}`, status: 'Synced', health: health('Healthy') });
        list.push({ kind: 'Service', namespace: ns, name: `${app.name}-worker-${i}`, status: 'Synced', health: health('Healthy') });
    }
    return list;
}

export interface FleetOptions {
    seed?: number;
    /** Each app carries status.resources, ten history entries and a finished operation. */
    full?: boolean;
    /** Each app's spec.source carries an inline Helm values file of this many bytes (repeated where Argo CD repeats the source). */
    helmValuesBytes?: number;
    /** Exactly this many apps are not fine (OutOfSync, Degraded, Missing or Unknown in turn), spread evenly; the rest Synced and Healthy. */
    notFine?: number;
}

/**
 * `count` apps with realistic names across several projects and namespaces. With `full`, each
 * app carries status.resources, ten history entries and a finished operation, like a live
 * Application (controller/testdata/diff-cache.yaml); without, only the fields a poller reads.
 * Without `notFine`, about one app in six is not fine.
 */
export function generateFleet(count: number, options: FleetOptions = {}): FleetApp[] {
    let notFineSoFar = 0;
    const rand = prng(options.seed ?? 1);
    const base = 1709587800; // 2024-03-04T21:30:00Z, the reference app's era
    const seen = new Set<string>();
    const apps: FleetApp[] = [];
    for (let i = 0; i < count; i++) {
        const service = pick(rand, SERVICES);
        const env = pick(rand, ENVS);
        let name = `${service}-${env}`;
        if (seen.has(name)) name = `${service}-${env}-${pick(rand, REGIONS)}`;
        if (seen.has(name)) name = `${service}-${env}-${i}`;
        seen.add(name);
        const namespace = pick(rand, TEAM_NAMESPACES);
        const project = PROJECTS[service] ?? (rand() < 0.5 ? 'commerce' : 'default');
        const revision = hexOf(rand);
        const app: FleetApp = {
            name,
            namespace: namespace === 'argocd' ? undefined : namespace,
            project,
            labels: { team: project, env, 'app.kubernetes.io/part-of': service },
            ...stateFor(rand),
            revision,
            repoURL: `https://github.com/example-org/${project}-deploy.git`,
            path: `envs/${env}/${service}`,
            targetRevision: env === 'prod' ? 'main' : 'HEAD',
            destination: { server: env === 'prod' ? 'https://prod.k8s.example.com' : 'https://kubernetes.default.svc', namespace: `${service}-${env}` },
            autoSync: env !== 'prod',
        };
        if (options.notFine !== undefined) {
            delete app.healthMessage;
            Object.assign(app, isNotFine(i, count, options.notFine)
                ? NOT_FINE_STATES[notFineSoFar++ % NOT_FINE_STATES.length]
                : { sync: 'Synced', health: 'Healthy' });
        }
        if (options.helmValuesBytes) {
            app.helmValues = helmValues(name, options.helmValuesBytes);
            app.sourceType = 'Helm';
        }
        if (options.full) {
            const ns = app.destination?.namespace ?? name;
            app.resources = resourcesFor(rand, app, ns);
            const history: FleetHistoryEntry[] = [];
            let t = base + Math.floor(rand() * 86400);
            for (let id = 14; id < 24; id++) {
                t += 600 + Math.floor(rand() * 20000);
                history.push({
                    id,
                    revision: id === 23 && app.sync === 'Synced' ? revision : hexOf(rand),
                    deployStartedAt: isoAt(t),
                    deployedAt: isoAt(t + 1 + Math.floor(rand() * 3)),
                    initiatedBy: app.autoSync && rand() < 0.7 ? { automated: true } : { username: pick(rand, USERS) },
                });
            }
            app.history = history;
            const last = history[history.length - 1];
            const failed = app.health === 'Degraded' && rand() < 0.5;
            app.operation = {
                phase: failed ? 'Failed' : 'Succeeded',
                message: failed
                    ? `one or more objects failed to apply, reason: admission webhook "validate.kyverno.svc" denied the request: resource Deployment/${ns}/${name} was blocked`
                    : 'successfully synced (all tasks run)',
                startedAt: last.deployStartedAt,
                finishedAt: last.deployedAt,
                revision: last.revision,
                initiatedBy: last.initiatedBy,
            };
            if (app.sync === 'OutOfSync' && rand() < 0.3) {
                app.conditions = [{ type: 'OrphanedResourceWarning', message: `Application has 1 orphaned resources`, lastTransitionTime: last.deployedAt }];
            }
            if (app.sync === 'Unknown') {
                app.conditions = [{ type: 'ComparisonError', message: `Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = authentication required`, lastTransitionTime: last.deployedAt }];
            }
        }
        apps.push(app);
    }
    return apps;
}

// ---- the sandbox demo ----

export interface DemoStep {
    atSeconds: number;
    change: (server: ArgoCdTestServer) => void;
    note: string;
}

let demoCommit = 0;
const nextCommit = (): string => {
    demoCommit++;
    return prngHex(demoCommit);
};
const prngHex = (n: number): string => hexOf(prng(1000 + n));

function drift(name: string): (s: ArgoCdTestServer) => void {
    return (s) => s.setApp(name, { sync: 'OutOfSync', revision: nextCommit() });
}

function deployed(name: string, by: string): (s: ArgoCdTestServer) => void {
    return (s) => {
        const app = s.app(name);
        if (!app) return;
        const now = nowIso();
        const revision = app.revision ?? nextCommit();
        const history = [...(app.history ?? [])];
        const initiatedBy = by === 'automated' ? { automated: true } : { username: by };
        history.push({ id: (history[history.length - 1]?.id ?? -1) + 1, revision, deployStartedAt: now, deployedAt: now, initiatedBy });
        s.setApp(name, {
            sync: 'Synced',
            health: 'Healthy',
            healthMessage: undefined,
            history: history.slice(-10),
            operation: { phase: 'Succeeded', message: 'successfully synced (all tasks run)', startedAt: now, finishedAt: now, revision, initiatedBy },
        });
    };
}

/**
 * A rollout as the controller runs it: Running for a poll, Succeeded with the health from before
 * the sync for one more, Progressing while the new pods start, then Healthy.
 */
function rollOut(name: string, by: string): (s: ArgoCdTestServer) => void {
    return (s) => {
        if (!s.app(name)) return;
        s.syncOutcome(name, { phase: 'Succeeded', after: 2, health: { staleFor: 1, after: 2, status: 'Healthy' } });
        s.startSync(name, { revision: nextCommit() }, { username: by });
    };
}

/** About twelve apps and a minute of trouble and recovery, for `npm start`. */
export function demoFleet(): { apps: FleetApp[]; timeline: DemoStep[] } {
    const names: Array<[string, string, string?]> = [
        ['guestbook', 'default'],
        ['payments-api', 'payments'],
        ['checkout-web', 'commerce'],
        ['search-indexer', 'commerce'],
        ['ledger-db', 'payments'],
        ['billing-worker', 'payments'],
        ['auth-gateway', 'identity'],
        ['catalog-api', 'commerce'],
        ['ingress-nginx', 'platform'],
        ['cert-manager', 'platform'],
        ['prometheus-stack', 'observability'],
        ['reporting-etl', 'data', 'team-data'],
    ];
    const apps: FleetApp[] = names.map(([name, project, namespace], i) => {
        const revision = prngHex(i + 1);
        return {
            name,
            namespace,
            project,
            labels: { team: project, env: 'prod' },
            sync: 'Synced',
            health: 'Healthy',
            revision,
            repoURL: `https://github.com/example-org/${project}-deploy.git`,
            path: `apps/${name}`,
            targetRevision: 'main',
            destination: { server: 'https://kubernetes.default.svc', namespace: name },
            autoSync: name === 'search-indexer' || project === 'platform',
            history: [{ id: 0, revision, deployStartedAt: '2024-03-05T07:33:03Z', deployedAt: '2024-03-05T07:33:04Z', initiatedBy: { username: 'dana@example.com' } }],
            operation: { phase: 'Succeeded', message: 'successfully synced (all tasks run)', startedAt: '2024-03-05T07:33:03Z', finishedAt: '2024-03-05T07:33:04Z', revision, initiatedBy: { username: 'dana@example.com' } },
        };
    });
    const timeline: DemoStep[] = [
        { atSeconds: 3, change: rollOut('catalog-api', 'lea@example.com'), note: 'catalog-api rollout starts (deploy feed: syncing → synced → healthy)' },
        { atSeconds: 5, change: drift('payments-api'), note: 'payments-api drifts OutOfSync (a commit landed on main)' },
        { atSeconds: 10, change: drift('search-indexer'), note: 'search-indexer drifts OutOfSync' },
        {
            atSeconds: 15,
            change: (s) => s.setApp('checkout-web', { health: 'Degraded', healthMessage: 'Deployment "checkout-web" exceeded its progress deadline' }),
            note: 'checkout-web degrades',
        },
        {
            atSeconds: 20,
            change: (s) => {
                const now = nowIso();
                s.setApp('billing-worker', {
                    sync: 'OutOfSync',
                    revision: nextCommit(),
                    operation: {
                        phase: 'Failed',
                        message: 'one or more objects failed to apply, reason: Deployment.apps "billing-worker" is invalid: spec.template.spec.containers[0].image: Required value',
                        startedAt: now,
                        finishedAt: now,
                        initiatedBy: { username: 'ravi@example.com' },
                    },
                });
            },
            note: 'billing-worker sync fails with a message',
        },
        { atSeconds: 25, change: (s) => s.setApp('ledger-db', { health: 'Missing', sync: 'OutOfSync' }), note: 'ledger-db goes Missing' },
        { atSeconds: 32, change: (s) => s.setApp('search-indexer', { operation: { phase: 'Running', startedAt: nowIso(), initiatedBy: { automated: true } } }), note: 'search-indexer auto-sync starts' },
        {
            atSeconds: 36,
            change: (s) => {
                deployed('search-indexer', 'automated')(s);
                s.setApp('search-indexer', { health: 'Progressing', healthMessage: 'Waiting for rollout to finish: 1 of 2 updated replicas are available...' });
            },
            note: 'search-indexer synced by auto-sync, its new pods starting',
        },
        { atSeconds: 42, change: (s) => s.setApp('search-indexer', { health: 'Healthy', healthMessage: undefined }), note: 'search-indexer is Healthy on its new revision' },
        { atSeconds: 40, change: deployed('payments-api', 'dana@example.com'), note: 'payments-api synced by hand' },
        { atSeconds: 45, change: (s) => s.setApp('checkout-web', { health: 'Progressing', healthMessage: 'Waiting for rollout to finish: 1 of 2 updated replicas are available...' }), note: 'checkout-web rolls out a fix' },
        { atSeconds: 50, change: (s) => s.setApp('checkout-web', { health: 'Healthy', healthMessage: undefined }), note: 'checkout-web is Healthy again' },
        { atSeconds: 52, change: deployed('billing-worker', 'ravi@example.com'), note: 'billing-worker retried and synced' },
        { atSeconds: 57, change: deployed('ledger-db', 'lea@example.com'), note: 'ledger-db recreated' },
    ];
    return { apps, timeline };
}

/**
 * Plays a demo timeline on the wall clock, looping every minute (`speed` 2 = twice as fast).
 * Returns a function that stops it.
 */
export function startDemoTimeline(
    server: ArgoCdTestServer,
    demo: { timeline: DemoStep[] },
    speed = 1,
    onStep: (step: DemoStep) => void = () => undefined,
): () => void {
    const period = Math.max(60, ...demo.timeline.map((s) => s.atSeconds + 3));
    const timers = new Set<NodeJS.Timeout>();
    let stopped = false;
    const schedule = (offsetSeconds: number): void => {
        for (const step of demo.timeline) {
            const t = setTimeout(() => {
                timers.delete(t);
                if (stopped) return;
                step.change(server);
                onStep(step);
            }, ((offsetSeconds + step.atSeconds) * 1000) / speed);
            timers.add(t);
        }
        const loop = setTimeout(() => {
            timers.delete(loop);
            if (!stopped) schedule(0);
        }, ((offsetSeconds + period) * 1000) / speed);
        timers.add(loop);
    };
    schedule(0);
    return () => {
        stopped = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
    };
}
