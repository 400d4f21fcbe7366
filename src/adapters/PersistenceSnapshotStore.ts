import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { AppRecord, Snapshot, WatchMeta } from '../core/snapshot';
import { decodeAppRecord, decodeMeta, encodeAppRecord } from '../core/snapshotCodec';
import { keyed, kind, RecordKind } from './associations';

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
        const metaData = await this.readMeta();
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
     * Whether the stored watch state is still the one this run loaded: asked once the run holds
     * the lease, so a run that decided from a state another run has since saved over stands down.
     */
    async unchangedSince(loaded: WatchMeta | undefined): Promise<boolean> {
        return revisionOf(await this.readMeta()) === revisionOf(loaded);
    }

    /** Duplicates (two first writes that both inserted) are read as the furthest revision. */
    private async readMeta(): Promise<WatchMeta | undefined> {
        const found = await this.reader.readByAssociation(kind(RecordKind.SnapshotMeta)) as WatchMeta[];
        return found.reduce<WatchMeta | undefined>((best, meta) => (best === undefined || revisionOf(meta) > revisionOf(best) ? meta : best), undefined);
    }

    /**
     * Writes what changed, app records first and the meta record last. `stillHeld` is the lease's
     * fence: asked before the first write and again just before the meta write, so a run whose
     * lease was taken over never writes the revision (nor outage flags) over the winner's.
     * Answers the number of writes, or undefined when it stopped without saving.
     */
    async save(changes: SnapshotChanges, stillHeld: () => Promise<boolean> = async () => true): Promise<number | undefined> {
        const writer = this.required();
        const removals = [...changes.removed].filter((key) => changes.snapshot.apps[key] === undefined);
        const updates = [...new Set(changes.changed)].filter((key) => changes.snapshot.apps[key] !== undefined);
        if ((removals.length > 0 || updates.length > 0) && !(await stillHeld())) {
            return undefined;
        }
        await inBatches(removals, (key) => writer.removeByAssociations([kind(RecordKind.SnapshotApp), keyed(RecordKind.SnapshotApp, key)]));
        await inBatches(updates, (key) => writer.updateByAssociations(
            [kind(RecordKind.SnapshotApp), keyed(RecordKind.SnapshotApp, key)], encodeAppRecord(changes.snapshot.apps[key]), true));
        const writes = removals.length + updates.length;
        // The meta record goes last and always (it carries the new revision): a run cut short
        // leaves the old revision, and the next run decides again.
        if (!(await stillHeld())) {
            return undefined;
        }
        const { claim: _claim, ...meta } = changes.snapshot.meta as WatchMeta & { claim?: unknown };
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
