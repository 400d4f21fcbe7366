import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { AlertDetails } from '../core/alertDetails';
import type { CachedCommit } from '../core/storeCodecs';
import { revisionCacheCodec } from '../core/storeCodecs';
import { RecordStore } from './RecordStore';

type Commit = NonNullable<AlertDetails['commit']>;

/** A commit never changes: its author and message are fetched once per revision, whatever instance asks. */
const KEEP_MS = 7 * 24 * 3600 * 1000;

export class PersistenceRevisionCache {
    private readonly records: RecordStore<CachedCommit>;

    constructor(reader: IPersistenceRead, writer: IPersistence) {
        this.records = new RecordStore(reader, writer, revisionCacheCodec);
    }

    async get(revision: string): Promise<Commit | undefined> {
        return (await this.records.get(revision))?.commit;
    }

    put(revision: string, commit: Commit, now: number): Promise<void> {
        return this.records.put({ revision, commit, cachedAt: now });
    }

    /** Called only on runs that fetched something, so an idle fleet costs nothing. */
    async prune(now: number): Promise<void> {
        const { values, problems } = await this.records.load();
        if (problems.length > 0 || values.some((entry) => now - entry.cachedAt > KEEP_MS)) {
            // Clearing a cache with a stale or unreadable entry is cheap and correct: it refills on demand.
            await this.records.removeAll();
        }
    }
}
