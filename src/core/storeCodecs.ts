import type { Ack } from './acks';
import type { AlertDetails } from './alertDetails';
import type { AutoSyncState } from './autoSync';
import type { Mute, MuteTarget } from './mutes';
import { muteTargetKey } from './mutes';
import type { PendingAction } from './pendingAction';
import type { Json, RecordCodec } from './recordCodec';
import { absent, HEADERLESS, isObject, isStringList, optionalNumber, optionalString, present } from './recordCodec';
import { err, ok } from './result';
import type { BlockReason, RoomBlock } from './roomBlock';
import type { WatchStatus } from './status';

/**
 * The codecs of the small records: the status, mutes, pending confirmations, auto-sync state,
 * the commit cache and acks. Records written before records carried a header (version 0) are
 * read as they are when their fields are valid.
 */

function required(data: Json, fields: Record<string, 'string' | 'number' | 'boolean'>): string | undefined {
    const wrong = Object.entries(fields).filter(([field, type]) => typeof data[field] !== type).map(([field]) => field);
    return wrong.length > 0 ? `missing or invalid ${wrong.join(', ')}` : undefined;
}

const BLOCK_REASONS: readonly BlockReason[] = ['read-only', 'archived', 'muted'];

function decodeBlock(value: unknown): RoomBlock | undefined {
    if (!isObject(value) || typeof value.roomId !== 'string' || typeof value.room !== 'string' || typeof value.since !== 'number'
        || !BLOCK_REASONS.includes(value.reason as BlockReason)) {
        return undefined;
    }
    return { roomId: value.roomId, room: value.room, reason: value.reason as BlockReason, since: value.since };
}

export const statusCodec: RecordCodec<WatchStatus> = {
    kind: 'status',
    schema: 1,
    migrations: HEADERLESS,
    decode(data) {
        const numbers = ['lastReadApps', 'intervalMs', 'readSince', 'checkedAt', 'lastReadAt'] as const;
        const strings = ['readProblem', 'channelProblem', 'postProblem'] as const;
        const lists = ['configProblems', 'routeProblems'] as const;
        if (!numbers.every((f) => optionalNumber(data[f])) || !strings.every((f) => optionalString(data[f]))
            || !lists.every((f) => absent(data[f]) || isStringList(data[f])) || !(absent(data.readOk) || typeof data.readOk === 'boolean')) {
            return err('a field has the wrong type');
        }
        const blocks = absent(data.blockedRooms) ? undefined : Array.isArray(data.blockedRooms) ? data.blockedRooms.map(decodeBlock) : [undefined];
        if (blocks?.some((b) => b === undefined)) {
            return err('a blocked channel is unreadable');
        }
        return ok({
            ...present(data, [...numbers, ...strings, ...lists, 'readOk']),
            ...(blocks ? { blockedRooms: blocks as RoomBlock[] } : {}),
        } as WatchStatus);
    },
};

function decodeMuteTarget(value: unknown): MuteTarget | undefined {
    if (!isObject(value)) {
        return undefined;
    }
    if (value.kind === 'app' && typeof value.name === 'string') {
        return { kind: 'app', name: value.name };
    }
    if (value.kind === 'project' && typeof value.project === 'string') {
        return { kind: 'project', project: value.project };
    }
    return value.kind === 'all' ? { kind: 'all' } : undefined;
}

export const muteCodec: RecordCodec<Mute> = {
    kind: 'mute',
    schema: 1,
    migrations: HEADERLESS,
    keyOf: (mute) => muteTargetKey(mute.target),
    decode(data) {
        const target = decodeMuteTarget(data.target);
        const problem = required(data, { until: 'number', by: 'string', createdAt: 'number' });
        if (!target || problem || !optionalString(data.reason)) {
            return err(problem ?? 'missing or invalid target or reason');
        }
        return ok({ target, until: data.until as number, by: data.by as string, createdAt: data.createdAt as number, ...present(data, ['reason']) as { reason?: string } });
    },
};

function decodeApp(value: unknown): PendingAction['app'] | undefined {
    return isObject(value) && typeof value.name === 'string' && typeof value.namespace === 'string' && typeof value.project === 'string'
        ? { name: value.name, namespace: value.namespace, project: value.project }
        : undefined;
}

export const pendingActionCodec: RecordCodec<PendingAction> = {
    kind: 'pending-action',
    schema: 1,
    migrations: HEADERLESS,
    keyOf: (action) => action.id,
    decode(data) {
        const app = decodeApp(data.app);
        const problem = required(data, { id: 'string', userId: 'string', username: 'string', dryRun: 'boolean', prune: 'boolean', createdAt: 'number', expiresAt: 'number' });
        if (problem || !app || (data.kind !== 'sync' && data.kind !== 'rollback')
            || !optionalNumber(data.historyId) || !optionalString(data.fromRevision) || !optionalString(data.toRevision)) {
            return err(problem ?? 'missing or invalid kind, app, history id or revisions');
        }
        return ok({
            id: data.id as string, kind: data.kind, userId: data.userId as string, username: data.username as string, app,
            dryRun: data.dryRun as boolean, prune: data.prune as boolean, createdAt: data.createdAt as number, expiresAt: data.expiresAt as number,
            ...present(data, ['historyId', 'fromRevision', 'toRevision']) as Pick<PendingAction, 'historyId' | 'fromRevision' | 'toRevision'>,
        });
    },
};

/** One app's auto-sync state, with the app it belongs to. */
export interface KeyedAutoSync {
    key: string;
    state: AutoSyncState;
}

export const autoSyncCodec: RecordCodec<KeyedAutoSync> = {
    kind: 'auto-sync',
    schema: 1,
    migrations: HEADERLESS,
    keyOf: (entry) => entry.key,
    encode: (entry) => ({ ...entry.state }),
    decode(data) {
        const problem = required(data, { key: 'string', attempts: 'number' });
        if (problem || !optionalString(data.revision) || !optionalNumber(data.nextAttemptAt)
            || !(absent(data.stopped) || data.stopped === 'exhausted' || data.stopped === 'refused')) {
            return err(problem ?? 'missing or invalid revision, next attempt or stop reason');
        }
        return ok({ key: data.key as string, state: { attempts: data.attempts as number, ...present(data, ['revision', 'nextAttemptAt', 'stopped']) as Omit<AutoSyncState, 'attempts'> } });
    },
};

type Commit = NonNullable<AlertDetails['commit']>;

/** A commit's author and message, cached by revision. */
export interface CachedCommit {
    revision: string;
    commit: Commit;
    cachedAt: number;
}

export const revisionCacheCodec: RecordCodec<CachedCommit> = {
    kind: 'revision-metadata',
    schema: 1,
    // Earlier entries did not name their revision; a cache entry refused is fetched again.
    keyOf: (entry) => entry.revision,
    encode: (entry) => ({ commit: entry.commit, cachedAt: entry.cachedAt }),
    decode(data) {
        const commit = data.commit;
        if (typeof data.key !== 'string' || typeof data.cachedAt !== 'number' || !isObject(commit)
            || !optionalString(commit.author) || !optionalString(commit.message) || !optionalString(commit.date)) {
            return err('missing or invalid revision, commit or time');
        }
        return ok({ revision: data.key, cachedAt: data.cachedAt, commit: present(commit, ['author', 'message', 'date']) as Commit });
    },
};

export const ackCodec: RecordCodec<Ack> = {
    kind: 'ack',
    schema: 1,
    migrations: HEADERLESS,
    keyOf: (ack) => ack.appKey,
    decode(data) {
        const problem = required(data, { appKey: 'string', by: 'string', userId: 'string', at: 'number', openedAt: 'number' });
        if (problem || !optionalString(data.note)) {
            return err(problem ?? 'invalid note');
        }
        return ok({
            appKey: data.appKey as string, by: data.by as string, userId: data.userId as string, at: data.at as number, openedAt: data.openedAt as number,
            ...present(data, ['note']) as { note?: string },
        });
    },
};
