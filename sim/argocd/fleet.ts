/**
 * The fleet the server answers from: FleetApp objects plus the Kubernetes bookkeeping a real
 * Application carries (uid, resourceVersion, generation, creationTimestamp). Apps are held by
 * reference, so a test may also mutate an object it got from apps()/app(); bookkeeping notices
 * the change through a fingerprint taken whenever the app is rendered.
 */
import { createHash } from 'crypto';
import { CONTROL_PLANE_NAMESPACE } from './auth';
import { nowIso } from './clock';
import type { FleetApp } from './types';

export interface AppMeta {
    uid: string;
    resourceVersion: string;
    generation: number;
    creationTimestamp: string;
    /** status.health.lastTransitionTime: when the health last changed (the wall clock, once the server runs). */
    healthSince: string;
}

interface Entry {
    app: FleetApp;
    meta: AppMeta;
    fingerprint: string;
    specFingerprint: string;
    health: string;
}

const nsOf = (app: FleetApp): string => app.namespace ?? CONTROL_PLANE_NAMESPACE;
const keyOf = (app: FleetApp): string => `${nsOf(app)}/${app.name}`;

function uuidFrom(seed: string): string {
    const h = createHash('sha1').update(seed).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const specOf = (a: FleetApp): string =>
    JSON.stringify([a.project, a.repoURL, a.path, a.targetRevision, a.chart, a.helmValues, a.sources, a.destination, a.autoSync]);

export class Fleet {
    private readonly entries = new Map<string, Entry>();
    /** Like an informer's last-synced resourceVersion: grows with every change anywhere. */
    private version = 722811000;

    constructor(apps: FleetApp[] = []) {
        this.replace(apps);
    }

    replace(apps: FleetApp[]): void {
        this.entries.clear();
        for (const app of apps) this.add(app);
    }

    add(app: FleetApp): void {
        const key = keyOf(app);
        if (this.entries.has(key)) throw new Error(`an app ${key} already exists`);
        this.version++;
        this.entries.set(key, {
            app,
            meta: {
                uid: uuidFrom(key),
                resourceVersion: String(this.version),
                generation: 1 + (app.history?.length ?? 0),
                creationTimestamp: app.history?.[0]?.deployStartedAt ?? app.history?.[0]?.deployedAt ?? '2024-03-04T21:30:33Z',
                healthSince: app.history?.[app.history.length - 1]?.deployedAt ?? '2024-03-04T21:30:40Z',
            },
            fingerprint: JSON.stringify(app),
            specFingerprint: specOf(app),
            health: app.health,
        });
    }

    remove(name: string, namespace?: string): boolean {
        const entry = this.find(name, namespace);
        if (!entry) return false;
        this.version++;
        return this.entries.delete(keyOf(entry.app));
    }

    all(): FleetApp[] {
        return [...this.entries.values()].map((e) => e.app);
    }

    /** Without a namespace, the app in the control-plane namespace wins, then any namespace. */
    get(name: string, namespace?: string): FleetApp | undefined {
        return this.find(name, namespace)?.app;
    }

    patch(name: string, patch: Partial<FleetApp>, namespace?: string): FleetApp {
        const entry = this.find(name, namespace);
        if (!entry) throw new Error(`no app ${namespace ? `${namespace}/` : ''}${name}`);
        const oldKey = keyOf(entry.app);
        Object.assign(entry.app, patch);
        for (const [k, v] of Object.entries(patch)) {
            // Patching with undefined removes the field, as omitted fields do in Argo CD objects.
            if (v === undefined) delete (entry.app as unknown as Record<string, unknown>)[k];
        }
        const newKey = keyOf(entry.app);
        if (newKey !== oldKey) {
            this.entries.delete(oldKey);
            this.entries.set(newKey, entry);
        }
        this.touch(entry.app);
        return entry.app;
    }

    /** Bookkeeping of one app, bumped if the app changed since last looked at. */
    meta(app: FleetApp): AppMeta {
        const entry = this.entries.get(keyOf(app));
        if (!entry) throw new Error(`app ${keyOf(app)} is not in the fleet`);
        this.refresh(entry);
        return entry.meta;
    }

    /** Bookkeeping as of the last refresh (listResourceVersion refreshes every app at once). */
    peekMeta(app: FleetApp): AppMeta {
        const entry = this.entries.get(keyOf(app));
        if (!entry) throw new Error(`app ${keyOf(app)} is not in the fleet`);
        return entry.meta;
    }

    touch(app: FleetApp): void {
        const entry = this.entries.get(keyOf(app));
        if (entry) this.refresh(entry);
    }

    /** The list's metadata.resourceVersion. */
    listResourceVersion(): string {
        for (const entry of this.entries.values()) this.refresh(entry);
        return String(this.version);
    }

    private refresh(entry: Entry): void {
        const fp = JSON.stringify(entry.app);
        if (fp === entry.fingerprint) return;
        entry.fingerprint = fp;
        this.version++;
        entry.meta.resourceVersion = String(this.version);
        if (entry.app.health !== entry.health) {
            entry.health = entry.app.health;
            entry.meta.healthSince = nowIso();
        }
        const spec = specOf(entry.app);
        if (spec !== entry.specFingerprint) {
            entry.specFingerprint = spec;
            entry.meta.generation++;
        }
    }

    private find(name: string, namespace?: string): Entry | undefined {
        if (namespace) return this.entries.get(`${namespace}/${name}`);
        const inControlPlane = this.entries.get(`${CONTROL_PLANE_NAMESPACE}/${name}`);
        if (inControlPlane) return inControlPlane;
        for (const e of this.entries.values()) if (e.app.name === name) return e;
        return undefined;
    }
}
