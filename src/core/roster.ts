import { HEALTH_STATUSES, OPERATION_PHASES, SYNC_STATUSES } from './model';
import type { Json, RecordCodec } from './recordCodec';
import { isObject } from './recordCodec';
import type { Result } from './result';
import { err, ok } from './result';
import type { AppRecord, Snapshot } from './snapshot';
import { sameRecord, SNAPSHOT_SCHEMA } from './snapshot';
import { appRecordProblem } from './snapshotCodec';

/**
 * The roster: every watched app's record, in a small fixed number of documents (shards) keyed
 * by a stable hash of the app's key. An unchanged poll reads the watch record and the shards,
 * whatever the fleet's size; autocomplete and `/argo status` read the shards alone. A shard is
 * written whole, only by the run holding the lease, and only when one of its apps changed.
 *
 * Why every app's whole record lives here, not only the fine ones: the record of an app with an
 * open incident is a few hundred bytes, and keeping it beside the others means an app's state is
 * always in exactly one document. With no compare-and-set and a run that can be cut short between
 * two writes, a roster entry and a separate record of the same app could disagree; one document
 * per app's state never can. The cost is that a shard is rewritten when any of its apps changes,
 * which the fine apps' own changes (a new revision) cause most polls anyway.
 */
export const ROSTER_SHARDS = 2;

/** FNV-1a over the key's UTF-16 code units: stable across versions and runtimes. */
export function shardOf(key: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) {
        hash ^= key.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % ROSTER_SHARDS;
}

export interface RosterShard {
    shard: number;
    /** The watch record's revision this shard was written with: of two copies, the later wins. */
    rev: number;
    apps: Record<string, AppRecord>;
}

/**
 * One app in a shard, keyed by `namespace/name`. The facts every app has use short names (they
 * are most of the document): `p` project, `s` sync, `h` health, `o` the last operation's phase,
 * `r` revision, `f` when the last operation finished. What only an app with something going on
 * has (grace clocks, what was told, its incident, flips) keeps its record's name and is left out
 * when empty.
 */
type Entry = Json;

const LONG_FIELDS = ['since', 'notified', 'openedAt', 'badSince', 'thread', 'remindedAt', 'flips', 'flapping'] as const;

const SYNC = new Set<unknown>(SYNC_STATUSES);
const HEALTH = new Set<unknown>(HEALTH_STATUSES);
const PHASES = new Set<unknown>(OPERATION_PHASES);
const INCIDENT_FIELDS = LONG_FIELDS.slice(2);

function entryOf(record: AppRecord): Entry {
    const entry: Entry = { p: record.project, s: record.sync, h: record.health };
    if (record.phase !== undefined) {
        entry.o = record.phase;
    }
    if (record.revision !== undefined) {
        entry.r = record.revision;
    }
    if (record.finishedAt !== undefined) {
        entry.f = record.finishedAt;
    }
    if (Object.keys(record.since).length > 0) {
        entry.since = record.since;
    }
    if (record.notified.length > 0) {
        entry.notified = record.notified;
    }
    for (const field of INCIDENT_FIELDS) {
        if (record[field] !== undefined) {
            entry[field] = record[field];
        }
    }
    return entry;
}

function given(value: unknown): boolean {
    return value !== undefined && value !== null;
}

/**
 * Built field by field without spreads, and the whole-record check only for an app with
 * something going on: a load decodes every app of the fleet, every poll.
 */
function recordOfEntry(key: string, entry: unknown): Result<AppRecord> {
    const slash = key.indexOf('/');
    if (slash <= 0 || slash === key.length - 1 || !isObject(entry)) {
        return err(`the entry ${JSON.stringify(key).slice(0, 80)} is not an app`);
    }
    if (typeof entry.p !== 'string' || !SYNC.has(entry.s) || !HEALTH.has(entry.h) || (given(entry.o) && !PHASES.has(entry.o))
        || (given(entry.r) && typeof entry.r !== 'string') || (given(entry.f) && typeof entry.f !== 'string')) {
        return err(`the entry ${JSON.stringify(key).slice(0, 80)} has missing or invalid fields`);
    }
    const record = {
        name: key.slice(slash + 1), namespace: key.slice(0, slash), project: entry.p, sync: entry.s, health: entry.h,
        since: given(entry.since) ? entry.since : {}, notified: given(entry.notified) ? entry.notified : [],
    } as Json;
    if (given(entry.o)) {
        record.phase = entry.o;
    }
    if (given(entry.r)) {
        record.revision = entry.r;
    }
    if (given(entry.f)) {
        record.finishedAt = entry.f;
    }
    let eventful = given(entry.since) || given(entry.notified);
    for (const field of INCIDENT_FIELDS) {
        if (given(entry[field])) {
            record[field] = entry[field];
            eventful = true;
        }
    }
    const problem = eventful ? appRecordProblem(record) : undefined;
    return problem ? err(`the entry ${JSON.stringify(key).slice(0, 80)} has ${problem}`) : ok(record as unknown as AppRecord);
}

export const rosterCodec: RecordCodec<RosterShard> = {
    kind: 'roster',
    schema: SNAPSHOT_SCHEMA,
    keyOf: (shard) => `shard-${shard.shard}`,
    encode(shard) {
        const apps: Record<string, Entry> = {};
        for (const key of Object.keys(shard.apps).sort()) {
            apps[key] = entryOf(shard.apps[key]);
        }
        return { shard: shard.shard, rev: shard.rev, apps };
    },
    decode(data) {
        if (typeof data.shard !== 'number' || typeof data.rev !== 'number' || !isObject(data.apps)) {
            return err('missing or invalid shard, revision or apps');
        }
        const apps: Record<string, AppRecord> = {};
        for (const [key, entry] of Object.entries(data.apps)) {
            const record = recordOfEntry(key, entry);
            if (!record.ok) {
                return record;
            }
            apps[key] = record.value;
        }
        return ok({ shard: data.shard, rev: data.rev, apps });
    },
};

/** The snapshot's apps split into the shards they are stored in. */
export function shardsOf(apps: Readonly<Record<string, AppRecord>>): Array<Record<string, AppRecord>> {
    const shards = Array.from({ length: ROSTER_SHARDS }, () => ({} as Record<string, AppRecord>));
    for (const [key, record] of Object.entries(apps)) {
        shards[shardOf(key)][key] = record;
    }
    return shards;
}

/**
 * The shards a save has to write: those holding an app that differs from what was loaded
 * (changed, added or removed). Keys named as changed whose record ended up as it was (a failed
 * post re-armed it) write nothing. Without a loaded snapshot, every shard is written, so no shard
 * left from an earlier watch survives beside the new one.
 */
export function shardsToWrite(previous: Snapshot | undefined, next: Snapshot, keys: Iterable<string>): number[] {
    if (!previous) {
        return Array.from({ length: ROSTER_SHARDS }, (_, i) => i);
    }
    const touched = new Set<number>();
    for (const key of keys) {
        const before = previous.apps[key];
        const after = next.apps[key];
        const differs = after === undefined ? before !== undefined : !sameRecord(before, after);
        if (differs) {
            touched.add(shardOf(key));
        }
    }
    return [...touched].sort();
}

/** Of the shard documents read, the latest copy of each shard; their apps together. */
export function appsOfShards(shards: readonly RosterShard[]): Record<string, AppRecord> {
    const latest = new Map<number, RosterShard>();
    for (const shard of shards) {
        const known = latest.get(shard.shard);
        if (!known || shard.rev > known.rev) {
            latest.set(shard.shard, shard);
        }
    }
    const apps: Record<string, AppRecord> = {};
    for (const shard of [...latest.values()].sort((a, b) => a.shard - b.shard)) {
        Object.assign(apps, shard.apps);
    }
    return apps;
}
