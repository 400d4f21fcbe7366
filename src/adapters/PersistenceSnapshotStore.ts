import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { decodeRecord, encodeRecord } from '../core/recordCodec';
import type { RosterShard } from '../core/roster';
import { appsOfShards, rosterCodec, shardsOf, shardsToWrite } from '../core/roster';
import type { AppRecord, Snapshot, WatchMeta } from '../core/snapshot';
import { decodePerAppRecord, isPerAppLayout, metaCodec } from '../core/snapshotCodec';
import { kind, RecordKind } from './associations';
import { RecordStore } from './RecordStore';

function revisionOf(meta: { revision?: unknown } | undefined): number {
    return typeof meta?.revision === 'number' ? meta.revision : 0;
}

export interface LoadedSnapshot {
    snapshot?: Snapshot;
    /** Set when stored state was unreadable and was reset: say it once, start a fresh baseline. */
    resetReason?: string;
    /**
     * The apps were read from the per-app records of an earlier version: the next save writes
     * the roster whole and removes those records.
     */
    perAppLayout?: boolean;
}

export interface SnapshotChanges {
    snapshot: Snapshot;
    /** What was loaded: only shards holding an app that differs from it are written. */
    previous?: Snapshot;
    changed: Iterable<string>;
    removed: Iterable<string>;
    /** Loaded from per-app records: write every shard, then remove them. */
    perAppLayout?: boolean;
}

type Stored = 'none' | { snapshot: Snapshot; perAppLayout: boolean; problem?: undefined } | { problem: string };

/**
 * The snapshot in app persistence: one watch record (`snapshot-meta`) and the roster, a fixed
 * few shards holding every app's record (`core/roster.ts`). A load is two queries and three
 * documents whatever the fleet's size; a save writes the shards whose apps changed, then the
 * watch record with the next revision.
 */
export class PersistenceSnapshotStore {
    private readonly roster: RecordStore<RosterShard>;

    constructor(private readonly reader: IPersistenceRead, private readonly writer?: IPersistence) {
        this.roster = new RecordStore(reader, writer, rosterCodec);
    }

    async load(): Promise<LoadedSnapshot> {
        const stored = await this.readAll();
        if (stored === 'none') {
            return {};
        }
        if (stored.problem !== undefined) {
            return this.reset(stored.problem);
        }
        return { snapshot: stored.snapshot, ...(stored.perAppLayout ? { perAppLayout: true } : {}) };
    }

    /**
     * For readers (commands, autocomplete): the apps from the roster alone, no watch record.
     * Unreadable state is shown as none, never reset from here. Until the first poll after an
     * upgrade has written the roster, the per-app records are read instead.
     */
    async loadApps(): Promise<Record<string, AppRecord> | undefined> {
        const shards = await this.roster.load();
        if (shards.problems.length > 0) {
            return undefined;
        }
        if (shards.values.length > 0) {
            return appsOfShards(shards.values);
        }
        const meta = await this.readMeta();
        if (meta === undefined || !isPerAppLayout(meta)) {
            return undefined;
        }
        const perApp = await this.readPerApp();
        return typeof perApp === 'string' ? undefined : perApp;
    }

    private async readAll(): Promise<Stored> {
        const [metaData, shards] = await Promise.all([this.readMeta(), this.roster.load()]);
        if (metaData === undefined) {
            return 'none';
        }
        const meta = decodeRecord(metaCodec, metaData);
        if (!meta.ok) {
            return { problem: meta.error };
        }
        if (isPerAppLayout(metaData)) {
            const apps = await this.readPerApp();
            return typeof apps === 'string' ? { problem: apps } : { snapshot: { meta: meta.value, apps }, perAppLayout: true };
        }
        if (shards.problems.length > 0) {
            return { problem: shards.problems[0] };
        }
        return { snapshot: { meta: meta.value, apps: appsOfShards(shards.values) }, perAppLayout: false };
    }

    /** The per-app records of schema 1 and 2, or what makes one unreadable. */
    private async readPerApp(): Promise<Record<string, AppRecord> | string> {
        const apps: Record<string, AppRecord> = {};
        for (const data of await this.reader.readByAssociation(kind(RecordKind.SnapshotApp))) {
            const decoded = decodePerAppRecord(data);
            if (!decoded.ok) {
                return `an app record is unreadable: ${decoded.error}`;
            }
            const { key, ...record } = decoded.value;
            apps[key] = record;
        }
        return apps;
    }

    /**
     * Whether the stored watch state is still the one this run loaded: asked once the run holds
     * the lease, so a run that decided from a state another run has since saved over stands down.
     */
    async unchangedSince(loaded: WatchMeta | undefined): Promise<boolean> {
        return revisionOf(await this.readMeta()) === revisionOf(loaded);
    }

    /** Duplicates (two first writes that both inserted) are read as the furthest revision. */
    private async readMeta(): Promise<{ revision?: unknown } | undefined> {
        const found = (await this.reader.readByAssociation(kind(RecordKind.SnapshotMeta))) as Array<{ revision?: unknown }>;
        return found.reduce<{ revision?: unknown } | undefined>((best, meta) => (best === undefined || revisionOf(meta) > revisionOf(best) ? meta : best), undefined);
    }

    /**
     * Writes the shards whose apps changed, then the watch record. `stillHeld` is the lease's
     * fence: asked before the first write and again just before the watch record, so a run whose
     * lease was taken over never writes the revision (nor outage flags) over the winner's.
     * Answers the number of writes, or undefined when it stopped without saving.
     */
    async save(changes: SnapshotChanges, stillHeld: () => Promise<boolean> = async () => true): Promise<number | undefined> {
        const writer = this.required();
        const rev = revisionOf(changes.snapshot.meta) + 1;
        const shards = changes.perAppLayout
            ? shardsToWrite(undefined, changes.snapshot, [])
            : shardsToWrite(changes.previous, changes.snapshot, [...changes.changed, ...changes.removed]);
        if (shards.length > 0 && !(await stillHeld())) {
            return undefined;
        }
        const apps = shardsOf(changes.snapshot.apps);
        for (const shard of shards) {
            // Whole: a shard is one document, replaced in one write.
            await this.roster.put({ shard, rev, apps: apps[shard] });
        }
        // The watch record goes last and always (it carries the new revision): a run cut short
        // leaves the old revision, and the next run decides again.
        if (!(await stillHeld())) {
            return undefined;
        }
        await writer.updateByAssociation(kind(RecordKind.SnapshotMeta), encodeRecord(metaCodec, { ...changes.snapshot.meta, revision: rev }), true);
        if (changes.perAppLayout) {
            // The roster and the watch record that points to it are written: the per-app records are no longer read.
            await writer.removeByAssociation(kind(RecordKind.SnapshotApp));
        }
        return shards.length + 1 + (changes.perAppLayout ? 1 : 0);
    }

    private async reset(reason: string): Promise<LoadedSnapshot> {
        const writer = this.required();
        await this.roster.removeAll();
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
