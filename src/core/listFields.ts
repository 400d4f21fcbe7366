import type { WatchConfig } from './config';

/**
 * The `fields` selection of a poll's list call, chosen by the Argo CD version.
 *
 * Argo CD's list forwarder honours a fixed table of paths (pkg/apiclient/application/
 * forwarder_overwrite.go); anything else selects nothing, silently. Before 3.5 the table has no
 * part of the spec on its own, so the project only comes with the whole `spec`, Helm values and
 * all. From 3.5 `spec.project` is in the table. Asking for `spec` and `spec.project` together is
 * not an option: 3.5 fills the answer in Go map order, and whenever `spec` lands first,
 * `spec.project` fails the whole list with "field spec.project is not a map".
 */

/** What a poll needs from each item, for an Argo CD whose version is unknown or older than 3.5. */
/** What the watch reads of every app's status, whichever version answers. */
const STATUS_FIELDS = [
    'items.status.sync.status',
    'items.status.health',
    'items.status.operationState.phase',
    'items.status.operationState.finishedAt',
    'items.status.operationState.startedAt',
    'items.metadata.deletionTimestamp',
    'items.operation.sync',
];

export const LIST_FIELDS_BEFORE_3_5 = [
    'items.metadata.name',
    'items.metadata.namespace',
    'items.metadata.labels',
    'items.spec',
    ...STATUS_FIELDS,
].join(',');

export interface ArgoCdVersion {
    major: number;
    minor: number;
}

/** GET /api/version answers `{"Version":"v3.5.1+a1b2c3d"}`; anything else reads as unknown. */
export function argoCdVersionOf(body: unknown): ArgoCdVersion | undefined {
    const version = typeof body === 'object' && body !== null ? (body as { Version?: unknown }).Version : undefined;
    const match = typeof version === 'string' ? /^v?(\d+)\.(\d+)\./.exec(version) : null;
    return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

function atLeast(version: ArgoCdVersion, major: number, minor: number): boolean {
    return version.major > major || (version.major === major && version.minor >= minor);
}

export interface ListNeeds {
    /** A `selector:` matcher (routes, auto-sync, deploy feed) reads the apps' labels. */
    labels: boolean;
}

/**
 * The `fields` value for this server. Unknown or older than 3.5: the selection every version
 * reads the same way. From 3.5: the project alone instead of the whole spec, and the labels only
 * when a selector needs them.
 */
export function listFieldsFor(version: ArgoCdVersion | undefined, needs: ListNeeds): string {
    if (!version || !atLeast(version, 3, 5)) {
        return LIST_FIELDS_BEFORE_3_5;
    }
    return [
        'items.metadata.name',
        'items.metadata.namespace',
        ...(needs.labels ? ['items.metadata.labels'] : []),
        'items.spec.project',
        ...STATUS_FIELDS,
    ].join(',');
}

/** Whether any rule that matches apps by label is configured (the list's own `selector` is applied by Argo CD). */
export function labelsNeeded(config: Pick<WatchConfig, 'routes' | 'autoSync' | 'deployFeed'>): boolean {
    const rules = [...config.routes, ...(config.autoSync?.rules ?? []), ...(config.deployFeed ?? [])];
    return rules.some((rule) => rule.match.kind === 'selector');
}
