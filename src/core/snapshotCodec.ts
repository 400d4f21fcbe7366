import type { Condition } from './model';
import { HEALTH_STATUSES, OPERATION_PHASES, RECORDED_CONDITIONS, SYNC_STATUSES } from './model';
import type { Json, RecordCodec } from './recordCodec';
import { absent, isObject, present } from './recordCodec';
import type { Result } from './result';
import { err, ok } from './result';
import type { AppRecord, WatchMeta } from './snapshot';
import { SNAPSHOT_SCHEMA } from './snapshot';

/**
 * The watch record's codec, the check every stored app record passes, and the reader of the
 * per-app records of schema 1 and 2 (one record per app, before the roster), kept for the
 * migration: the first poll after an upgrade reads them once and writes the roster.
 */

/** The last schema that kept one record per app. */
export const PER_APP_SCHEMA = 2;

function isConditionList(value: unknown): value is Condition[] {
    return Array.isArray(value) && value.every((c) => (RECORDED_CONDITIONS as readonly unknown[]).includes(c));
}

function optionalNumber(value: unknown): boolean {
    return value === undefined || typeof value === 'number';
}

function optional(value: unknown, type: 'number' | 'boolean' | 'string'): boolean {
    return absent(value) || typeof value === type;
}

function isThread(value: unknown): boolean {
    if (value === undefined) {
        return true;
    }
    const thread = value as Record<string, unknown>;
    return isObject(value) && typeof thread.rootId === 'string' && typeof thread.roomId === 'string' && (thread.shared === undefined || typeof thread.shared === 'boolean');
}

function isFlapping(value: unknown): boolean {
    if (value === undefined) {
        return true;
    }
    const f = value as Record<string, unknown>;
    return isObject(value) && ['since', 'flips', 'firstFlipAt', 'changedAt'].every((k) => typeof f[k] === 'number') && typeof f.bad === 'boolean';
}

/** What is wrong with a stored app record's fields, or undefined when they hold an AppRecord. */
export function appRecordProblem(data: Json): string | undefined {
    const valid = typeof data.name === 'string' && typeof data.namespace === 'string' && typeof data.project === 'string'
        && (SYNC_STATUSES as readonly unknown[]).includes(data.sync)
        && (HEALTH_STATUSES as readonly unknown[]).includes(data.health)
        && (data.phase === undefined || (OPERATION_PHASES as readonly unknown[]).includes(data.phase))
        && (data.revision === undefined || typeof data.revision === 'string')
        && (data.finishedAt === undefined || typeof data.finishedAt === 'string')
        && isObject(data.since) && Object.entries(data.since).every(([c, t]) => (RECORDED_CONDITIONS as readonly string[]).includes(c) && typeof t === 'number')
        && isConditionList(data.notified)
        && optionalNumber(data.openedAt) && optionalNumber(data.badSince) && optionalNumber(data.remindedAt) && isThread(data.thread)
        && (data.flips === undefined || (Array.isArray(data.flips) && data.flips.every((t) => typeof t === 'number')))
        && isFlapping(data.flapping);
    return valid ? undefined : 'missing or invalid fields';
}

/** Version 1 records (before incident threads and reminders) are valid version 2 records once their version says so. */
const PER_APP_MIGRATIONS: Record<number, (data: Json) => Json> = {
    1: (data) => ({ ...data, v: 2 }),
};

/** Reads one per-app record of schema 1 or 2, refusing anything that is not exactly what was written. */
export function decodePerAppRecord(stored: unknown): Result<AppRecord & { key: string }> {
    if (!isObject(stored)) {
        return err('not an object');
    }
    let data = stored;
    while (typeof data.v === 'number' && data.v < PER_APP_SCHEMA && PER_APP_MIGRATIONS[data.v]) {
        data = PER_APP_MIGRATIONS[data.v](data);
    }
    if (data.v !== PER_APP_SCHEMA) {
        return err(`schema version ${String(data.v)} (expected ${PER_APP_SCHEMA})`);
    }
    if (typeof data.key !== 'string' || appRecordProblem(data)) {
        return err(`record ${JSON.stringify(String(data.key)).slice(0, 80)} has missing or invalid fields`);
    }
    const { v: _v, ...record } = data;
    return ok(record as unknown as AppRecord & { key: string });
}

/**
 * Whether a stored watch record belongs to the per-app layout (schema 1 or 2): its apps are
 * then in per-app records, not in the roster.
 */
export function isPerAppLayout(stored: unknown): boolean {
    return isObject(stored) && typeof stored.schema === 'number' && stored.schema <= PER_APP_SCHEMA;
}

export const metaCodec: RecordCodec<WatchMeta> = {
    kind: 'snapshot-meta',
    schema: SNAPSHOT_SCHEMA,
    migrations: {
        1: (data) => ({ ...data, schema: 2 }),
        // The watch facts kept their shape; the apps moved from per-app records to the roster.
        2: (data) => ({ ...data, schema: 3 }),
    },
    decode(data) {
        const numbers = ['revision', 'baselineAt', 'argoFailingSince', 'shrinkSince'] as const;
        const flags = ['baselinePending', 'argoOutageNotified', 'shrinkWarned'] as const;
        const texts = ['resetPending', 'argoFailureCause'] as const;
        const recovery = data.argoRecoveryPending;
        if (typeof data.scopeKey !== 'string' || !numbers.every((f) => optional(data[f], 'number')) || !flags.every((f) => optional(data[f], 'boolean'))
            || !texts.every((f) => optional(data[f], 'string')) || !(absent(recovery) || (isObject(recovery) && typeof recovery.downForMs === 'number'))) {
            return err('missing or invalid fields');
        }
        return ok({
            schema: SNAPSHOT_SCHEMA, scopeKey: data.scopeKey, ...present(data, [...numbers, ...flags, ...texts]) as Partial<WatchMeta>,
            ...(isObject(recovery) ? { argoRecoveryPending: { downForMs: recovery.downForMs as number } } : {}),
        });
    },
};
