/**
 * The `fields` projection of GET /api/v1/applications, after Argo CD's list forwarder
 * (pkg/apiclient/application/forwarder_overwrite.go): a fixed table of selectable paths, each
 * read with Go semantics. Paths outside the table select nothing, silently. Go quirks kept on
 * purpose, because a client sees them:
 *  - a nil pointer or map inside a non-nil interface is *not* nil to Go, so `labels`,
 *    `annotations`, `deletionTimestamp` and, while an operation runs, `finishedAt` come back as
 *    JSON `null` instead of being left out;
 *  - `status.operationState.operation.sync` answers the operation's *syncResult*;
 *  - a leading `-` turns the list into an exclusion list.
 */

import { atLeast } from './version';

type Json = Record<string, unknown>;
type Extract = (app: Json) => unknown;

const at = (obj: unknown, path: string): unknown =>
    path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Json)[k] : undefined), obj);

/** undefined = the extractor returned Go's untyped nil: the field is left out. */
const NIL = undefined;
const orNull = (v: unknown): unknown => (v === undefined ? null : v);
const withOperationState = (f: (os: Json) => unknown): Extract => (app) => {
    const os = at(app, 'status.operationState') as Json | undefined;
    return os ? f(os) : NIL;
};

/** What the Argo CD API server honours before 3.5 (same table since 2.x plus status.sourceHydrator). */
const FIELDS_BEFORE_3_5: Readonly<Record<string, Extract>> = {
    'metadata.name': (a) => at(a, 'metadata.name') ?? '',
    'metadata.namespace': (a) => at(a, 'metadata.namespace') ?? '',
    'metadata.annotations': (a) => orNull(at(a, 'metadata.annotations')),
    'metadata.labels': (a) => orNull(at(a, 'metadata.labels')),
    'metadata.creationTimestamp': (a) => orNull(at(a, 'metadata.creationTimestamp')),
    'metadata.deletionTimestamp': (a) => orNull(at(a, 'metadata.deletionTimestamp')),
    spec: (a) => at(a, 'spec') ?? {},
    'status.sourceHydrator': (a) => at(a, 'status.sourceHydrator') ?? {},
    'status.sync.status': (a) => at(a, 'status.sync.status') ?? '',
    'status.health': (a) => at(a, 'status.health') ?? {},
    'status.summary': (a) => at(a, 'status.summary') ?? {},
    'status.operationState.startedAt': withOperationState((os) => orNull(os.startedAt)),
    'status.operationState.finishedAt': withOperationState((os) => orNull(os.finishedAt)),
    'status.resources': (a) => {
        const r = at(a, 'status.resources') as unknown[] | undefined;
        return r && r.length > 0 ? r : NIL;
    },
    'operation.sync': (a) => (a.operation ? orNull(at(a, 'operation.sync')) : NIL),
    'status.operationState.phase': withOperationState((os) => os.phase ?? ''),
    'status.operationState.operation.sync': withOperationState((os) => orNull(os.syncResult)),
};

/**
 * Added in 3.5 (forwarder_overwrite.go at v3.5.0): parts of the spec and the synced revision on
 * their own. Pointers and slices (source, sources, syncPolicy, sourceHydrator) answer `null` when
 * absent, as above; strings answer "".
 */
const FIELDS_SINCE_3_5: Readonly<Record<string, Extract>> = {
    'spec.destination': (a) => at(a, 'spec.destination') ?? {},
    'spec.project': (a) => at(a, 'spec.project') ?? '',
    'spec.source': (a) => orNull(at(a, 'spec.source')),
    'spec.sources': (a) => orNull(at(a, 'spec.sources')),
    'spec.sourceHydrator': (a) => orNull(at(a, 'spec.sourceHydrator')),
    'spec.syncPolicy': (a) => orNull(at(a, 'spec.syncPolicy')),
    'status.sync.revision': (a) => at(a, 'status.sync.revision') ?? '',
};

/** The table of the newest server (3.5 and later). */
export const UPSTREAM_FIELDS: Readonly<Record<string, Extract>> = { ...FIELDS_BEFORE_3_5, ...FIELDS_SINCE_3_5 };

/**
 * The allow-list as /work/shared API.md states it (the 3.5 table without spec.sourceHydrator and
 * status.sourceHydrator); kept so a test can opt into that reading explicitly.
 */
export const API_MD_FIELD_PATHS: readonly string[] = [
    'metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations', 'metadata.creationTimestamp',
    'metadata.deletionTimestamp', 'spec', 'spec.destination', 'spec.project', 'spec.source', 'spec.sources',
    'spec.syncPolicy', 'status.summary', 'status.sync.status', 'status.sync.revision', 'status.health',
    'status.operationState.startedAt', 'status.operationState.finishedAt', 'status.operationState.phase',
    'status.resources', 'operation.sync',
];

export const UPSTREAM_FIELD_PATHS: readonly string[] = Object.keys(UPSTREAM_FIELDS);
const PATHS_BEFORE_3_5: readonly string[] = Object.keys(FIELDS_BEFORE_3_5);

/** The paths a server of this version honours. */
export function fieldPathsFor(version: string): readonly string[] {
    return atLeast(version, 3, 5) ? UPSTREAM_FIELD_PATHS : PATHS_BEFORE_3_5;
}

export interface FieldSelection {
    fields: Set<string>;
    exclude: boolean;
}

/** Only the first `fields` value counts (Go's Query().Get). */
export function parseFields(values: string[] | undefined): FieldSelection | undefined {
    let q = values?.[0];
    if (!q) return undefined;
    let exclude = false;
    if (q.startsWith('-')) {
        q = q.slice(1);
        exclude = true;
    }
    return { fields: new Set(q.split(',')), exclude };
}

function extractorFor(path: string): Extract {
    return UPSTREAM_FIELDS[path] ?? ((a) => at(a, path));
}

function selectedPaths(sel: FieldSelection, allowList: readonly string[]): string[] {
    return allowList.filter((path) => sel.fields.has(`items.${path}`) !== sel.exclude);
}

/**
 * 3.5.x only: a selection holding a path and one of its ancestors (`spec` and `spec.project`),
 * which fails the list. 3.5 fills each item in Go map order; when `spec` comes first, the
 * descendant finds a Go struct where it expects a map and processApplicationListField returns
 * "field spec.project is not a map". The order is random per item, so a list of a few apps fails
 * almost always; modelled as always. 3.6 sorts the selection and drops covered descendants
 * (selectAppFields). Returns the failing path.
 */
export function clashingPath(version: string, sel: FieldSelection, allowList: readonly string[]): string | undefined {
    if (!atLeast(version, 3, 5) || atLeast(version, 3, 6)) return undefined;
    const selected = selectedPaths(sel, allowList);
    return selected.find((path) => selected.some((other) => path.startsWith(`${other}.`)));
}

export function projectApp(app: Json, sel: FieldSelection, allowList: readonly string[]): Json {
    const out: Json = {};
    const selected = selectedPaths(sel, allowList);
    for (const path of selected) {
        // 3.6 selectAppFields: a selected ancestor ("spec") already covers its descendants ("spec.project").
        if (selected.some((other) => path.startsWith(`${other}.`))) continue;
        const value = extractorFor(path)(app);
        if (value === undefined) continue;
        const parts = path.split('.');
        let node = out;
        for (let i = 0; i < parts.length - 1; i++) {
            const next = node[parts[i]];
            // Copy rather than descend into a value taken from the rendered app, which must not change.
            node[parts[i]] = next && typeof next === 'object' ? { ...(next as Json) } : {};
            node = node[parts[i]] as Json;
        }
        node[parts[parts.length - 1]] = value;
    }
    return out;
}
