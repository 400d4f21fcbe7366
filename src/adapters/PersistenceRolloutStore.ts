import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { AppRollouts, RolloutGroup } from '../core/deployFeed';
import { decodeAppRollouts, decodeGroup, encodeAppRollouts, encodeGroup, RolloutKind } from '../core/rolloutCodec';
import { keyed, kind, RecordKind } from './associations';

export interface LoadedRollouts {
    apps: Map<string, AppRollouts>;
    groups: RolloutGroup[];
    /** Records that could not be read: their app starts from a fresh baseline. */
    problems: string[];
}

/** The deploy feed's persistence, kept to these four calls so it can move to another store whole. */
export interface RolloutStore {
    load(): Promise<LoadedRollouts>;
    saveApp(record: AppRollouts): Promise<void>;
    saveGroup(group: RolloutGroup): Promise<void>;
    removeGroup(id: string): Promise<void>;
}

/**
 * Rollout state in app persistence: one record per app (its last rollouts, bounded) and one per
 * group, all read with a single query. Each record is written only by the run holding the run
 * lease, keyed by its app or group, so a record is never written by two runs at once.
 */
export class PersistenceRolloutStore implements RolloutStore {
    constructor(private readonly reader: IPersistenceRead, private readonly writer?: IPersistence) {}

    async load(): Promise<LoadedRollouts> {
        const loaded: LoadedRollouts = { apps: new Map(), groups: [], problems: [] };
        for (const data of await this.reader.readByAssociation(kind(RecordKind.DeployFeed))) {
            const recordKind = (data as { kind?: unknown } | null)?.kind;
            if (recordKind === RolloutKind.Group) {
                const group = decodeGroup(data);
                if (group.ok) {
                    loaded.groups.push(group.value);
                } else {
                    loaded.problems.push(group.error);
                }
                continue;
            }
            const record = decodeAppRollouts(data);
            if (record.ok) {
                loaded.apps.set(record.value.key, record.value);
            } else {
                loaded.problems.push(record.error);
            }
        }
        return loaded;
    }

    private write(): IPersistence {
        if (!this.writer) {
            throw new Error('the rollout store was opened read-only');
        }
        return this.writer;
    }

    async saveApp(record: AppRollouts): Promise<void> {
        await this.write().updateByAssociations(
            [kind(RecordKind.DeployFeed), kind(RecordKind.DeployApp), keyed(RecordKind.DeployApp, record.key)], encodeAppRollouts(record), true);
    }

    async saveGroup(group: RolloutGroup): Promise<void> {
        await this.write().updateByAssociations(
            [kind(RecordKind.DeployFeed), kind(RecordKind.DeployGroup), keyed(RecordKind.DeployGroup, group.id)], encodeGroup(group), true);
    }

    async removeGroup(id: string): Promise<void> {
        await this.write().removeByAssociations([kind(RecordKind.DeployFeed), kind(RecordKind.DeployGroup), keyed(RecordKind.DeployGroup, id)]);
    }
}
