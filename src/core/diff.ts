/**
 * What differs between the cluster and Git, from Argo CD's `managed-resources` answer. Pure: the
 * caller brings the answer; the result names each changed field as `path: live → desired`.
 *
 * Argo CD sends each resource's states as JSON strings (`"null"` when the object does not exist on
 * that side). It compares `normalizedLiveState` with `predictedLiveState` (the live object with
 * Git's changes applied, so it carries the server's defaults too) and falls back to `targetState`
 * (Git's manifest alone) when no prediction was made (controller/state.go; the UI's diff tab does
 * the same, ui/src/app/applications/components/application-resources-diff).
 */

type Json = Record<string, unknown>;

export interface FieldChange {
    path: string;
    /** Shown values, already shortened; absent for a Secret's data, which is never shown. */
    live?: string;
    desired?: string;
    /** A Secret's `data`/`stringData` key: only whether it changed is ever said. */
    secret?: 'changed' | 'unchanged';
}

export interface ResourceDiff {
    kind: string;
    name: string;
    namespace?: string;
    group?: string;
    /** `live-only`: in the cluster but not in Git; `desired-only`: in Git, not (yet) in the cluster. */
    state: 'changed' | 'live-only' | 'desired-only' | 'unreadable';
    changes: FieldChange[];
}

export interface DiffResult {
    /** Resources Argo CD manages for the app. */
    total: number;
    /** Only those that differ, in Argo CD's order. */
    resources: ResourceDiff[];
}

/** The placeholder for a value that does not exist on one side. */
export const ABSENT = '∅';
const MAX_VALUE = 80;

/** Fields Argo CD does not compare: the server owns them (gitops-engine pkg/diff normalisation). */
const IGNORED_METADATA = ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp', 'selfLink'];
const IGNORED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

function isObject(value: unknown): value is Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
    return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A state as Argo CD sends it: a JSON string, `"null"` or absent when there is no object. */
function parseState(raw: unknown): { ok: true; value: Json | null } | { ok: false } {
    if (raw === undefined || raw === null || raw === '' || raw === 'null') {
        return { ok: true, value: null };
    }
    if (isObject(raw)) {
        return { ok: true, value: raw };
    }
    if (typeof raw !== 'string') {
        return { ok: false };
    }
    try {
        const parsed: unknown = JSON.parse(raw);
        return parsed === null ? { ok: true, value: null } : isObject(parsed) ? { ok: true, value: parsed } : { ok: false };
    } catch {
        return { ok: false };
    }
}

/** Drops what Argo CD ignores, so neither side reports it. */
function comparable(state: Json): Json {
    const { status: _status, ...rest } = state;
    if (isObject(rest.metadata)) {
        const metadata: Json = { ...rest.metadata };
        IGNORED_METADATA.forEach((field) => delete metadata[field]);
        if (isObject(metadata.annotations)) {
            const annotations: Json = { ...metadata.annotations };
            IGNORED_ANNOTATIONS.forEach((field) => delete annotations[field]);
            if (Object.keys(annotations).length > 0) {
                metadata.annotations = annotations;
            } else {
                delete metadata.annotations;
            }
        }
        rest.metadata = metadata;
    }
    return rest;
}

export function showValue(value: unknown): string {
    if (value === undefined) {
        return ABSENT;
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function same(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((item, i) => same(item, b[i]));
    }
    if (isObject(a) && isObject(b)) {
        const keys = Object.keys(a);
        return keys.length === Object.keys(b).length && keys.every((k) => k in b && same(a[k], b[k]));
    }
    return false;
}

function joinPath(path: string, key: string): string {
    // Keys with dots (annotations, labels) are bracketed so the path stays unambiguous.
    const segment = /^[A-Za-z0-9_-]+$/.test(key) ? key : `[${key}]`;
    return path === '' ? segment : segment.startsWith('[') ? `${path}${segment}` : `${path}.${segment}`;
}

function namedList(value: unknown[]): Map<string, Json> | undefined {
    const byName = new Map<string, Json>();
    for (const item of value) {
        const name = isObject(item) ? str(item.name) : undefined;
        if (name === undefined || byName.has(name)) {
            return undefined;
        }
        byName.set(name, item as Json);
    }
    return byName;
}

class Comparer {
    readonly changes: FieldChange[] = [];

    /** `symmetric`: the desired side is a prediction with the server's defaults, so live-only fields are real drift. */
    constructor(private readonly symmetric: boolean) {}

    compare(live: unknown, desired: unknown, path: string): void {
        if (same(live, desired)) {
            return;
        }
        if (isObject(live) && isObject(desired)) {
            const keys = [...Object.keys(desired), ...(this.symmetric ? Object.keys(live).filter((k) => !(k in desired)) : [])];
            for (const key of keys) {
                this.compare(live[key], desired[key], joinPath(path, key));
            }
            return;
        }
        if (Array.isArray(live) && Array.isArray(desired)) {
            const liveByName = namedList(live);
            const desiredByName = namedList(desired);
            if (liveByName && desiredByName && (liveByName.size > 0 || desiredByName.size > 0)) {
                // Containers, ports, env…: matched by name, as a person reads them, not by position.
                const names = [...desiredByName.keys(), ...[...liveByName.keys()].filter((n) => !desiredByName.has(n))];
                for (const name of names) {
                    this.compare(liveByName.get(name), desiredByName.get(name), `${path}[${name}]`);
                }
                return;
            }
            if (live.length === desired.length && live.every(isObject) && desired.every(isObject)) {
                live.forEach((item, i) => this.compare(item, desired[i], `${path}[${i}]`));
                return;
            }
        }
        if (desired === undefined && !this.symmetric) {
            return;
        }
        this.changes.push({ path, live: showValue(live), desired: showValue(desired) });
    }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of the UTF-8 bytes, as Kubernetes stores a Secret's `data`. */
export function base64(text: string): string {
    const bytes: number[] = [];
    for (const char of text) {
        const point = char.codePointAt(0) as number;
        if (point < 0x80) {
            bytes.push(point);
        } else if (point < 0x800) {
            bytes.push(0xc0 | (point >> 6), 0x80 | (point & 63));
        } else if (point < 0x10000) {
            bytes.push(0xe0 | (point >> 12), 0x80 | ((point >> 6) & 63), 0x80 | (point & 63));
        } else {
            bytes.push(0xf0 | (point >> 18), 0x80 | ((point >> 12) & 63), 0x80 | ((point >> 6) & 63), 0x80 | (point & 63));
        }
    }
    let out = '';
    for (let i = 0; i < bytes.length; i += 3) {
        const [a, b, c] = [bytes[i], bytes[i + 1], bytes[i + 2]];
        const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
        out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + (b === undefined ? '=' : BASE64[(n >> 6) & 63]) + (c === undefined ? '=' : BASE64[n & 63]);
    }
    return out;
}

/** A Secret's values are never shown, in whatever form they come: base64, plain, or Argo CD's `+` masks. */
function secretChanges(live: Json | null, desired: Json | null): FieldChange[] {
    const valuesOf = (state: Json | null): Map<string, string> => {
        const values = new Map<string, string>();
        for (const field of ['data', 'stringData'] as const) {
            const entries = state && isObject(state[field]) ? Object.entries(state[field] as Json) : [];
            for (const [key, value] of entries) {
                // The API server writes stringData into data as base64: compare them as one map.
                values.set(key, field === 'stringData' ? base64(String(value)) : String(value));
            }
        }
        return values;
    };
    const liveValues = valuesOf(live);
    const desiredValues = valuesOf(desired);
    const keys = [...new Set([...desiredValues.keys(), ...liveValues.keys()])].sort();
    return keys.map((key) => ({ path: `data.${key}`, secret: liveValues.get(key) === desiredValues.get(key) ? 'unchanged' : 'changed' }));
}

function isSecret(item: Json): boolean {
    return str(item.kind) === 'Secret' && (str(item.group) === undefined || str(item.group) === 'core');
}

function withoutSecretData(state: Json): Json {
    const { data: _data, stringData: _stringData, ...rest } = state;
    return rest;
}

function diffItem(item: Json): ResourceDiff | undefined {
    const base = {
        kind: str(item.kind) ?? '?',
        name: str(item.name) ?? '?',
        ...(str(item.namespace) ? { namespace: str(item.namespace) } : {}),
        ...(str(item.group) ? { group: str(item.group) } : {}),
    };
    // liveState and targetState are "null" when absent; the normalized and predicted states are the
    // raw bytes of gitops-engine's diff, "" when it made none (controller/appcontroller.go, hideSecretData).
    const live = parseState(str(item.normalizedLiveState) ?? item.liveState);
    const predicted = parseState(item.predictedLiveState);
    const usePrediction = predicted.ok && predicted.value !== null;
    const desired = usePrediction ? predicted : parseState(item.targetState);
    if (!live.ok || !desired.ok) {
        return { ...base, state: 'unreadable', changes: [] };
    }
    if (live.value === null && desired.value === null) {
        return undefined;
    }
    if (live.value === null) {
        return { ...base, state: 'desired-only', changes: [] };
    }
    if (desired.value === null) {
        return { ...base, state: 'live-only', changes: [] };
    }
    const secret = isSecret(item);
    const comparer = new Comparer(usePrediction);
    const liveState = comparable(secret ? withoutSecretData(live.value) : live.value);
    const desiredState = comparable(secret ? withoutSecretData(desired.value) : desired.value);
    comparer.compare(liveState, desiredState, '');
    const secretData = secret ? secretChanges(live.value, desired.value) : [];
    const changes = [...comparer.changes, ...secretData.filter((c) => c.secret === 'changed')];
    if (changes.length === 0) {
        return undefined;
    }
    // For a Secret, its unchanged keys are said too: "which keys did not change" is part of the answer.
    return { ...base, state: 'changed', changes: [...changes, ...secretData.filter((c) => c.secret === 'unchanged')] };
}

/** The drift of each resource in a `managed-resources` answer (`{items: [...]}`). */
export function diffManagedResources(answer: unknown): DiffResult {
    const items = isObject(answer) && Array.isArray(answer.items) ? answer.items.filter(isObject) : [];
    const resources = items.map(diffItem).filter((d): d is ResourceDiff => d !== undefined);
    return { total: items.length, resources };
}
