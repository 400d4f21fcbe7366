import type { Condition } from './model';
import { appKey, RECORDED_CONDITIONS, HEALTH_STATUSES, OPERATION_PHASES, SYNC_STATUSES } from './model';
import type { Result } from './result';
import { err, ok } from './result';
import type { AppRecord, WatchMeta } from './snapshot';
import { SNAPSHOT_SCHEMA } from './snapshot';

/** An app record as stored: the schema version travels with every record. */
export interface StoredAppRecord extends AppRecord {
    v: number;
    key: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isConditionList(value: unknown): value is Condition[] {
    return Array.isArray(value) && value.every((c) => (RECORDED_CONDITIONS as readonly unknown[]).includes(c));
}

function optionalNumber(value: unknown): boolean {
    return value === undefined || typeof value === 'number';
}

/**
 * How each older stored version becomes the next. Version 1 records (before incident threads
 * and reminders) are valid version 2 records once their version says so.
 */
const MIGRATIONS: Record<number, (data: Record<string, unknown>) => Record<string, unknown>> = {
    1: (data) => ({ ...data, v: 2 }),
};
const META_MIGRATIONS: Record<number, (data: Record<string, unknown>) => Record<string, unknown>> = {
    1: (data) => ({ ...data, schema: 2 }),
};

function migrate(data: Record<string, unknown>, field: 'v' | 'schema', steps: typeof MIGRATIONS): Record<string, unknown> {
    let current = data;
    while (typeof current[field] === 'number' && (current[field] as number) < SNAPSHOT_SCHEMA && steps[current[field] as number]) {
        current = steps[current[field] as number](current);
    }
    return current;
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

export function encodeAppRecord(record: AppRecord): StoredAppRecord {
    return { v: SNAPSHOT_SCHEMA, key: appKey(record.namespace, record.name), ...record };
}

/** Reads one stored record back, refusing anything that is not exactly what was written. */
export function decodeAppRecord(stored: unknown): Result<AppRecord & { key: string }> {
    if (!isObject(stored)) {
        return err('not an object');
    }
    const data = migrate(stored, 'v', MIGRATIONS);
    if (data.v !== SNAPSHOT_SCHEMA) {
        return err(`schema version ${String(data.v)} (expected ${SNAPSHOT_SCHEMA})`);
    }
    const valid = typeof data.name === 'string' && typeof data.namespace === 'string' && typeof data.project === 'string'
        && (SYNC_STATUSES as readonly unknown[]).includes(data.sync)
        && (HEALTH_STATUSES as readonly unknown[]).includes(data.health)
        && (data.phase === undefined || (OPERATION_PHASES as readonly unknown[]).includes(data.phase))
        && isObject(data.since) && Object.entries(data.since).every(([c, t]) => (RECORDED_CONDITIONS as readonly string[]).includes(c) && typeof t === 'number')
        && isConditionList(data.notified)
        && optionalNumber(data.openedAt) && optionalNumber(data.badSince) && optionalNumber(data.remindedAt) && isThread(data.thread)
        && (data.flips === undefined || (Array.isArray(data.flips) && data.flips.every((t) => typeof t === 'number')))
        && isFlapping(data.flapping);
    if (!valid) {
        return err(`record ${JSON.stringify(String(data.key)).slice(0, 80)} has missing or invalid fields`);
    }
    const { v: _v, ...record } = data as unknown as StoredAppRecord;
    return ok(record);
}

export function decodeMeta(stored: unknown): Result<WatchMeta> {
    if (!isObject(stored)) {
        return err('the watch state is not an object');
    }
    const data = migrate(stored, 'schema', META_MIGRATIONS);
    if (data.schema !== SNAPSHOT_SCHEMA) {
        return err(`the watch state has schema version ${String(data.schema)} (expected ${SNAPSHOT_SCHEMA})`);
    }
    if (typeof data.scopeKey !== 'string' || !optionalNumber(data.baselineAt) || !optionalNumber(data.argoFailingSince) || !optionalNumber(data.revision)) {
        return err('the watch state has missing or invalid fields');
    }
    return ok(data as unknown as WatchMeta);
}
