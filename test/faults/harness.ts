import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';
import { startWorld as startE2eWorld, TOKEN } from '../e2e/world';
import type { World } from '../e2e/world';

export { fleetApp, TOKEN } from '../e2e/world';
export type { World } from '../e2e/world';

/**
 * The e2e world; ARGO_DRIFT_APP_ZIP points it at another package than dist/ (e.g. one built from
 * a clean checkout while the working tree holds someone's unfinished changes).
 */
export function startWorld(options: Parameters<typeof startE2eWorld>[0] = {}): Promise<World> {
    const appZip = process.env.ARGO_DRIFT_APP_ZIP;
    return startE2eWorld(appZip ? { ...options, chat: { ...options.chat, appZip } } : options);
}

const ROSTER = 'argo-drift:roster';
const SNAPSHOT_META = 'argo-drift:snapshot-meta';

function associationNames(associations: unknown[]): string[] {
    return associations.map((a) => String((a as { id?: unknown }).id ?? JSON.stringify(a)));
}

/**
 * The records holding the apps' state (the roster's shards), keyed by record id. The meta record
 * is left out on purpose: an outage is itself recorded there (since when, whether it was
 * announced), so only the apps' records are expected to stay byte for byte the same while Argo CD
 * cannot be read.
 */
export function snapshotAppRecords(chat: RocketChatSim): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const record of chat.persistenceRecords()) {
        if (associationNames(record.associations).includes(ROSTER)) {
            out[record.id] = record.data;
        }
    }
    return out;
}

export function snapshotMetaRecord(chat: RocketChatSim): { id: string; data: unknown } | undefined {
    const found = chat.persistenceRecords().find((record) => associationNames(record.associations).includes(SNAPSHOT_META));
    return found && { id: found.id, data: found.data };
}

/** The id of the record that holds one app's state (`namespace/name`): its roster shard. */
export function snapshotRecordIdOf(chat: RocketChatSim, key: string): string {
    const found = chat.persistenceRecords().find((record) => associationNames(record.associations).includes(ROSTER)
        && Object.prototype.hasOwnProperty.call((record.data as { apps?: object }).apps ?? {}, key));
    if (!found) {
        throw new Error(`no snapshot record for ${key}`);
    }
    return found.id;
}

export const CANNOT_READ = /Cannot read Argo CD/;
export const READING_AGAIN = /Reading Argo CD again/;

/** Posts that name an app as inline code, the way every message names apps. */
export function naming(posts: string[], app: string): string[] {
    return posts.filter((text) => text.includes(`\`${app}\``));
}

/**
 * Everything the app said or stored anywhere Rocket.Chat keeps it, as one string per item, for
 * looking for a secret in it.
 */
export function everythingRecorded(chat: RocketChatSim): Array<{ where: string; text: string }> {
    return [
        ...chat.messages().map((m) => ({ where: `message in #${m.roomName}`, text: JSON.stringify(m) })),
        ...chat.notifications().map((n) => ({ where: `notification to ${n.user}`, text: JSON.stringify(n) })),
        ...chat.events().map((e) => ({ where: `event ${e.event}`, text: JSON.stringify(e) })),
    ];
}

/**
 * Figures of the fault matrix, counted by each file as it goes. With FAULT_TALLY_DIR set, each
 * file leaves its figures there, so a run of the whole folder can be summed up afterwards.
 */
export class Tally {
    faults = 0;
    messages = 0;
    lostAlerts = 0;
    falseAlerts = 0;
    readonly tried: string[] = [];

    constructor(private readonly file: string) {}

    fault(name: string): void {
        this.faults++;
        this.tried.push(name);
    }

    write(): void {
        const dir = process.env.FAULT_TALLY_DIR;
        if (!dir) {
            return;
        }
        fs.mkdirSync(dir, { recursive: true });
        const { faults, messages, lostAlerts, falseAlerts, tried } = this;
        fs.writeFileSync(path.join(dir, `${path.basename(this.file)}.json`), JSON.stringify({ faults, messages, lostAlerts, falseAlerts, tried }, null, 2));
    }
}

export function tallyDir(): string {
    return process.env.FAULT_TALLY_DIR ?? path.join(os.tmpdir(), 'argo-drift-faults');
}

export function containsToken(text: string): boolean {
    return text.includes(TOKEN);
}
