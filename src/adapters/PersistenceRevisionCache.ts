import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { AlertDetails } from '../core/alertDetails';
import { keyed, kind, RecordKind } from './associations';

type Commit = NonNullable<AlertDetails['commit']>;

interface CachedCommit {
    commit: Commit;
    cachedAt: number;
}

/** A commit never changes: its author and message are fetched once per revision, whatever instance asks. */
const KEEP_MS = 7 * 24 * 3600 * 1000;

export class PersistenceRevisionCache {
    constructor(private readonly reader: IPersistenceRead, private readonly writer: IPersistence) {}

    async get(revision: string): Promise<Commit | undefined> {
        const [data] = await this.reader.readByAssociations([kind(RecordKind.RevisionCache), keyed(RecordKind.RevisionCache, revision)]);
        return (data as CachedCommit | undefined)?.commit;
    }

    async put(revision: string, commit: Commit, now: number): Promise<void> {
        const entry: CachedCommit = { commit, cachedAt: now };
        await this.writer.updateByAssociations([kind(RecordKind.RevisionCache), keyed(RecordKind.RevisionCache, revision)], entry, true);
    }

    /** Called only on runs that fetched something, so an idle fleet costs nothing. */
    async prune(now: number): Promise<void> {
        const all = await this.reader.readByAssociation(kind(RecordKind.RevisionCache)) as Array<CachedCommit & { revision?: string }>;
        if (all.some((entry) => now - entry.cachedAt > KEEP_MS)) {
            // Entries carry no key of their own; a full reset of a stale cache is cheap and correct.
            await this.writer.removeByAssociation(kind(RecordKind.RevisionCache));
        }
    }
}
