import type { Result } from './result';
import { err, ok } from './result';

/** A stored record as it comes back from persistence: any JSON, never trusted. */
export type Json = Record<string, unknown>;

/**
 * How one kind of record is stored: its kind, its schema version, its key, and a decode that
 * builds the value field by field and refuses what it cannot read. Every record carries the
 * header (`record`: its kind, `key`, `schema`) beside its own fields, so a record found where
 * another kind was expected, or written by a newer version, is refused with a reason.
 */
export interface RecordCodec<T> {
    /** The kind as stored in the record and in its association (`argo-drift:<kind>`). */
    readonly kind: string;
    readonly schema: number;
    /** Absent for a kind that has one record only. */
    readonly keyOf?: (value: T) => string;
    /**
     * How each older version becomes the next, by the version it has. Version 0 is a record
     * written before records carried a header: its fields are the value's, as today.
     */
    readonly migrations?: Readonly<Record<number, (data: Json) => Json>>;
    /** The value from a record's fields (the header already checked and removed). */
    readonly decode: (data: Json) => Result<T>;
    /** The fields stored for a value; the value itself when absent. */
    readonly encode?: (value: T) => Json;
}

export function isObject(value: unknown): value is Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Persistence hands an absent optional field back as null: both read as absent. */
export function absent(value: unknown): value is null | undefined {
    return value === undefined || value === null;
}

export function optionalNumber(value: unknown): boolean {
    return absent(value) || typeof value === 'number';
}

export function optionalString(value: unknown): boolean {
    return absent(value) || typeof value === 'string';
}

export function isStringList(value: unknown): value is string[] {
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Copies the fields that are present (not absent, not null) from a record into a value. */
export function present<K extends string>(data: Json, fields: readonly K[]): Partial<Record<K, unknown>> {
    const out: Partial<Record<K, unknown>> = {};
    for (const field of fields) {
        if (!absent(data[field])) {
            out[field] = data[field];
        }
    }
    return out;
}

export function encodeRecord<T>(codec: RecordCodec<T>, value: T): Json {
    const fields = codec.encode ? codec.encode(value) : (value as unknown as Json);
    const key = codec.keyOf?.(value);
    return { ...fields, record: codec.kind, ...(key !== undefined ? { key } : {}), schema: codec.schema };
}

function migrated<T>(codec: RecordCodec<T>, stored: Json): Result<Json> {
    let data = stored;
    const stamped = absent(data.schema) ? 0 : data.schema;
    if (typeof stamped !== 'number' || !Number.isInteger(stamped)) {
        return err(`a ${codec.kind} record has the schema version ${JSON.stringify(stamped)}, which is not a version`);
    }
    let version = stamped;
    if (version > codec.schema) {
        return err(`a ${codec.kind} record has schema version ${version}, newer than this version of Argo Drift reads (${codec.schema}): it was written by a newer Argo Drift`);
    }
    while (version < codec.schema) {
        const step = codec.migrations?.[version];
        if (!step) {
            return err(`a ${codec.kind} record has schema version ${version}, which this version of Argo Drift no longer reads`);
        }
        data = step(data);
        version = typeof data.schema === 'number' && data.schema > version ? data.schema : version + 1;
    }
    return ok(data);
}

/** Reads one stored record back: its header first, then its own fields; refuses anything else. */
export function decodeRecord<T>(codec: RecordCodec<T>, stored: unknown): Result<T> {
    if (!isObject(stored)) {
        return err(`a ${codec.kind} record is not an object`);
    }
    if (!absent(stored.record) && stored.record !== codec.kind) {
        return err(`a record of kind ${JSON.stringify(stored.record)} was found where a ${codec.kind} record was expected`);
    }
    const data = migrated(codec, stored);
    if (!data.ok) {
        return data;
    }
    const { record: _record, schema: _schema, ...fields } = data.value;
    const decoded = codec.decode(fields);
    return decoded.ok ? decoded : err(`a ${codec.kind} record${typeof fields.key === 'string' ? ` (${JSON.stringify(fields.key).slice(0, 80)})` : ''} is unreadable: ${decoded.error}`);
}

/** Version 0 (no header) is read as it is: the step only stamps the version. */
export const HEADERLESS: Readonly<Record<number, (data: Json) => Json>> = { 0: (data) => ({ ...data, schema: 1 }) };
