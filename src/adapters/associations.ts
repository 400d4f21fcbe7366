import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

/** Every record this app stores is found through these associations. */
export enum RecordKind {
    /** Per-app records of snapshot schema 1 and 2: read once to move them to the roster, then removed. */
    SnapshotApp = 'argo-drift:snapshot-app',
    SnapshotMeta = 'argo-drift:snapshot-meta',
    /** The roster's shards (written through `RecordStore` with `core/roster.ts`'s codec). */
    Roster = 'argo-drift:roster',
    Mute = 'argo-drift:mute',
    Status = 'argo-drift:status',
    Pending = 'argo-drift:pending-action',
    RevisionCache = 'argo-drift:revision-metadata',
    AutoSync = 'argo-drift:auto-sync',
    Ack = 'argo-drift:ack',
    Lease = 'argo-drift:run-lease',
    ConfirmUse = 'argo-drift:confirmation-use',
    Startup = 'argo-drift:startup',
    /** Every record of the deploy feed (read with one query); each also has its own kind below. */
    DeployFeed = 'argo-drift:deploy-feed',
    DeployApp = 'argo-drift:deploy-app',
    DeployGroup = 'argo-drift:deploy-group',
}

export function kind(recordKind: RecordKind): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, recordKind);
}

export function keyed(recordKind: RecordKind, key: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `${recordKind}:${key}`);
}

/** The association of a record kind named by its codec (`mute` → `argo-drift:mute`). */
export function associationOf(codecKind: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `argo-drift:${codecKind}`);
}

export function keyedAssociationOf(codecKind: string, key: string): RocketChatAssociationRecord {
    return new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `argo-drift:${codecKind}:${key}`);
}
