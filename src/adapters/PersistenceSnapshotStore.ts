import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { AppRecord, Snapshot, WatchMeta } from '../core/snapshot';
import { decodeAppRecord, decodeMeta, encodeAppRecord } from '../core/snapshotCodec';
import { keyed, kind, RecordKind } from './associations';

/** A claim older than this belongs to a run that died; it no longer blocks others. */
const CLAIM_TTL_MS = 10 * 60 * 1000;
const CLAIM_SETTLE_MS = 200;

/**
 * Distinct records are written a batch at a time rather than one after another: a baseline of
 * 10,000 apps is otherwise 10,000 sequential round trips to Rocket.Chat.
 */
const WRITE_BATCH = 50;

async function inBatches(keys: string[], write: (key: string) => Promise<unknown>): Promise<void> {
    for (let i = 0; i < keys.length; i += WRITE_BATCH) {
        await Promise.all(keys.slice(i, i + WRITE_BATCH).map(write));
    }
}

function revisionOf(meta: WatchMeta | undefined): number {
    return meta?.revision ?? 0;
}

export interface LoadedSnapshot {
    snapshot?: Snapshot;
    /** Set when stored state was unreadable and was reset: say it once, start a fresh baseline. */
    resetReason?: string;
}

export interface SnapshotChanges {
    snapshot: Snapshot;
    changed: Iterable<string>;
    removed: Iterable<string>;
}

/**
 * The snapshot in app persistence: one record per application, so a poll writes only what
 * changed and a 10,000-app fleet never approaches MongoDB's 16 MB document limit; plus one
 * record for the watch itself. Everything is read with one query per kind.
 */
export class PersistenceSnapshotStore {
    constructor(private readonly reader: IPersistenceRead, private readonly writer?: IPersistence) {}

    async load(): Promise<LoadedSnapshot> {
        const stored = await this.readAll();
        if (stored === 'none') {
            return {};
        }
        return stored.problem !== undefined ? this.reset(stored.problem) : { snapshot: stored.snapshot };
    }

    /** For readers (commands): an unreadable snapshot is shown as none, never reset from here. */
    async loadReadOnly(): Promise<Snapshot | undefined> {
        const stored = await this.readAll();
        return stored === 'none' || stored.problem !== undefined ? undefined : stored.snapshot;
    }

    private async readAll(): Promise<'none' | { snapshot: Snapshot; problem?: undefined } | { problem: string }> {
        const [metaData] = await this.reader.readByAssociation(kind(RecordKind.SnapshotMeta));
        if (metaData === undefined) {
            return 'none';
        }
        const meta = decodeMeta(metaData);
        if (!meta.ok) {
            return { problem: meta.error };
        }
        const apps: Record<string, AppRecord> = {};
        for (const data of await this.reader.readByAssociation(kind(RecordKind.SnapshotApp))) {
            const decoded = decodeAppRecord(data);
            if (!decoded.ok) {
                return { problem: `an app record is unreadable: ${decoded.error}` };
            }
            const { key, ...record } = decoded.value;
            apps[key] = record;
        }
        return { snapshot: { meta: meta.value, apps } };
    }

    /**
     * Claims the right to post what this run decided. Rocket.Chat's persistence has no
     * compare-and-set, so this checks that nobody saved since this run loaded the snapshot and
     * nobody else holds a fresh claim, writes its own claim and reads it back. Two runs that
     * overlap (a slow Argo CD, a second instance, a webhook beside the poll) thus post once; the
     * loser decides again on its next run from what the winner saved.
     */
    async claim(loaded: WatchMeta | undefined, placeholder: WatchMeta, runId: string, now: number): Promise<boolean> {
        const writer = this.required();
        const current = await this.readMeta();
        if (revisionOf(current) !== revisionOf(loaded)) {
            return false;
        }
        if (current?.claim && current.claim.runId !== runId && now - current.claim.at < CLAIM_TTL_MS) {
            return false;
        }
        await writer.updateByAssociation(kind(RecordKind.SnapshotMeta), { ...(current ?? placeholder), claim: { runId, at: now } }, true);
        // A rival that read before this write writes its claim a round trip later; waiting lets
        // that last write land, so only the last writer reads its own claim back.
        await new Promise((resolve) => setTimeout(resolve, CLAIM_SETTLE_MS));
        return (await this.readMeta())?.claim?.runId === runId;
    }

    private async readMeta(): Promise<WatchMeta | undefined> {
        const [data] = await this.reader.readByAssociation(kind(RecordKind.SnapshotMeta));
        return data as WatchMeta | undefined;
    }

    async save(changes: SnapshotChanges): Promise<number> {
        const writer = this.required();
        const removals = [...changes.removed].filter((key) => changes.snapshot.apps[key] === undefined);
        const updates = [...new Set(changes.changed)].filter((key) => changes.snapshot.apps[key] !== undefined);
        await inBatches(removals, (key) => writer.removeByAssociations([kind(RecordKind.SnapshotApp), keyed(RecordKind.SnapshotApp, key)]));
        await inBatches(updates, (key) => writer.updateByAssociations(
            [kind(RecordKind.SnapshotApp), keyed(RecordKind.SnapshotApp, key)], encodeAppRecord(changes.snapshot.apps[key]), true));
        const writes = removals.length + updates.length;
        // The meta record goes last and always (it carries the new revision and drops the claim):
        // a run cut short leaves the old revision, and the next run decides again.
        const { claim: _claim, ...meta } = changes.snapshot.meta;
        await writer.updateByAssociation(kind(RecordKind.SnapshotMeta), { ...meta, revision: revisionOf(changes.snapshot.meta) + 1 }, true);
        return writes + 1;
    }

    private async reset(reason: string): Promise<LoadedSnapshot> {
        const writer = this.required();
        await writer.removeByAssociation(kind(RecordKind.SnapshotApp));
        await writer.removeByAssociation(kind(RecordKind.SnapshotMeta));
        return { resetReason: reason };
    }

    private required(): IPersistence {
        if (!this.writer) {
            throw new Error('this snapshot store was opened read-only');
        }
        return this.writer;
    }
}
