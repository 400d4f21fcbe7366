import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { AppRecord, Snapshot } from '../core/snapshot';
import { decodeAppRecord, decodeMeta, encodeAppRecord } from '../core/snapshotCodec';
import { keyed, kind, RecordKind } from './associations';

export interface LoadedSnapshot {
    snapshot?: Snapshot;
    /** Set when stored state was unreadable and was reset: say it once, start a fresh baseline. */
    resetReason?: string;
}

export interface SnapshotChanges {
    snapshot: Snapshot;
    changed: Iterable<string>;
    removed: Iterable<string>;
    metaChanged: boolean;
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

    async save(changes: SnapshotChanges): Promise<number> {
        const writer = this.required();
        let writes = 0;
        for (const key of changes.removed) {
            if (changes.snapshot.apps[key] === undefined) {
                await writer.removeByAssociations([kind(RecordKind.SnapshotApp), keyed(RecordKind.SnapshotApp, key)]);
                writes++;
            }
        }
        for (const key of new Set(changes.changed)) {
            const record = changes.snapshot.apps[key];
            if (record !== undefined) {
                await writer.updateByAssociations([kind(RecordKind.SnapshotApp), keyed(RecordKind.SnapshotApp, key)], encodeAppRecord(record), true);
                writes++;
            }
        }
        // The meta record goes last: a run cut short leaves the old meta, and the next run redoes the work.
        if (changes.metaChanged) {
            await writer.updateByAssociation(kind(RecordKind.SnapshotMeta), changes.snapshot.meta, true);
            writes++;
        }
        return writes;
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
