import type { AppRollouts, Rollout, RolloutGroup, RolloutState } from './deployFeed';
import type { Result } from './result';
import { err, ok } from './result';

/**
 * The deploy feed's stored records, versioned on their own: each carries its kind, its key and
 * `ROLLOUT_SCHEMA`. A record this version cannot read is refused with what is wrong; the app it
 * belongs to then starts from a fresh baseline (nothing posted twice, nothing old posted).
 */
export const ROLLOUT_SCHEMA = 1;

export enum RolloutKind {
    App = 'deploy-app',
    Group = 'deploy-group',
}

export interface StoredAppRollouts extends AppRollouts {
    kind: RolloutKind.App;
    schema: number;
}

export interface StoredGroup extends RolloutGroup {
    kind: RolloutKind.Group;
    schema: number;
}

const STATES: readonly RolloutState[] = ['syncing', 'synced', 'healthy', 'failed', 'degraded', 'replaced'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStrings(value: unknown): value is string[] {
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function header(value: unknown, kind: RolloutKind): Result<Json> {
    if (!isObject(value)) {
        return err(`a ${kind} record is not an object`);
    }
    if (value.kind !== kind) {
        return err(`a record of kind ${String(value.kind)} was found where ${kind} was expected`);
    }
    if (typeof value.schema !== 'number') {
        return err(`a ${kind} record has no schema version`);
    }
    if (value.schema > ROLLOUT_SCHEMA) {
        return err(`a ${kind} record has schema ${value.schema}, newer than this version reads (${ROLLOUT_SCHEMA}): it was written by a newer Argo Drift`);
    }
    if (typeof value.key !== 'string' && typeof value.id !== 'string') {
        return err(`a ${kind} record has no key`);
    }
    return ok(value);
}

function checkRollout(value: unknown, index: number): string | undefined {
    if (!isObject(value)) {
        return `rollout ${index} is not an object`;
    }
    if (typeof value.id !== 'string' || typeof value.startedAt !== 'string' || typeof value.opStartedAt !== 'string') {
        return `rollout ${index} has no id or start time`;
    }
    if (!STATES.includes(value.state as RolloutState)) {
        return `rollout ${index} has an unknown state ${JSON.stringify(value.state)}`;
    }
    if (!isStrings(value.revisions) || !isObject(value.app) || typeof (value.app as Json).key !== 'string') {
        return `rollout ${index} has no revisions or app`;
    }
    return undefined;
}

export function encodeAppRollouts(record: AppRollouts): StoredAppRollouts {
    return { ...record, kind: RolloutKind.App, schema: ROLLOUT_SCHEMA };
}

export function decodeAppRollouts(value: unknown): Result<AppRollouts> {
    const checked = header(value, RolloutKind.App);
    if (!checked.ok) {
        return checked;
    }
    const record = checked.value;
    if (typeof record.key !== 'string' || !Array.isArray(record.rollouts)) {
        return err('a deploy-app record has no key or no rollouts');
    }
    const problem = record.rollouts.map(checkRollout).find((p) => p !== undefined);
    if (problem) {
        return err(`deploy-app ${record.key}: ${problem}`);
    }
    const { kind: _kind, schema: _schema, ...rest } = record;
    return ok(rest as unknown as AppRollouts & { rollouts: Rollout[] });
}

export function encodeGroup(group: RolloutGroup): StoredGroup {
    return { ...group, kind: RolloutKind.Group, schema: ROLLOUT_SCHEMA };
}

export function decodeGroup(value: unknown): Result<RolloutGroup> {
    const checked = header(value, RolloutKind.Group);
    if (!checked.ok) {
        return checked;
    }
    const group = checked.value;
    if (typeof group.id !== 'string' || !isStrings(group.members) || !isStrings(group.revisions) || typeof group.startedAt !== 'string') {
        return err('a deploy-group record has no id, members, revisions or start time');
    }
    const { kind: _kind, schema: _schema, ...rest } = group;
    return ok({ listed: [], ...rest } as unknown as RolloutGroup);
}
