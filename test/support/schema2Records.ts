// Records exactly as Argo Drift stored them before the roster (snapshot schema 2, small records
// without a header): one `snapshot-app` record per application, the `snapshot-meta` record, and a
// mute and an ack as their stores wrote them. Written out field by field, not built with the
// app's code, so an upgrade is tested against what is really in a database.

export interface PlantedRecord {
    data: Record<string, unknown>;
    /** Association ids, in the order the old version wrote them (Rocket.Chat's update matches that order). */
    associations: string[];
}

export interface Schema2App {
    name: string;
    namespace?: string;
    project?: string;
    sync: string;
    health: string;
    phase?: string;
    revision?: string;
    finishedAt?: string;
    since?: Record<string, number>;
    notified?: string[];
    openedAt?: number;
    badSince?: number;
    thread?: { rootId: string; roomId: string; shared?: boolean };
    remindedAt?: number;
}

/** `PersistenceSnapshotStore.save` of schema 2: `{ v: 2, key, ...record }` under [kind, kind:key]. */
export function schema2AppRecord(app: Schema2App): PlantedRecord {
    const namespace = app.namespace ?? 'argocd';
    const key = `${namespace}/${app.name}`;
    const data: Record<string, unknown> = {
        v: 2, key, name: app.name, namespace, project: app.project ?? 'default', sync: app.sync, health: app.health,
        since: app.since ?? {}, notified: app.notified ?? [],
    };
    for (const field of ['phase', 'revision', 'finishedAt', 'openedAt', 'badSince', 'thread', 'remindedAt'] as const) {
        if (app[field] !== undefined) {
            data[field] = app[field];
        }
    }
    return { data, associations: ['argo-drift:snapshot-app', `argo-drift:snapshot-app:${key}`] };
}

/** The watch record of schema 2, under [kind] only. The scope key is `url|projects|selector|namespace`. */
export function schema2MetaRecord(meta: { argocdUrl: string; revision: number; baselineAt: number }): PlantedRecord {
    return { data: { schema: 2, scopeKey: `${meta.argocdUrl}|||`, baselineAt: meta.baselineAt, revision: meta.revision }, associations: ['argo-drift:snapshot-meta'] };
}

/** A mute as `PersistenceMuteStore.put` wrote it: the Mute itself, no header. */
export function headerlessAppMute(name: string, until: number, by: string, createdAt: number): PlantedRecord {
    return { data: { target: { kind: 'app', name }, until, by, reason: 'maintenance', createdAt }, associations: ['argo-drift:mute', `argo-drift:mute:app:${name}`] };
}

/** An ack as `PersistenceAckStore.put` wrote it: the Ack itself, no header. */
export function headerlessAck(appKey: string, by: string, at: number, openedAt: number): PlantedRecord {
    return { data: { appKey, by, userId: `id-${by}`, at, openedAt, note: 'looking' }, associations: ['argo-drift:ack', `argo-drift:ack:${appKey}`] };
}
