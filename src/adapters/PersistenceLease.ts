import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { LeaseRecord } from '../core/lease';
import { distinctLeases, LEASE_TTL_MS, leaseVerdict, liveLeases, nextTicket, stillHeld } from '../core/lease';
import { keyed, kind, RecordKind } from './associations';

/** Reads while rivals are still choosing; past this the run stands down (always safe). */
const MAX_WAIT_READS = 6;

type Association = ReturnType<typeof kind>;

/** Which lease: the records of its contenders, one per contender, and how long one lasts. */
export interface LeaseSpace {
    /** Held by every record of this lease, and only by them. */
    all: Association;
    /** The associations of one contender's record (unique to it). */
    own: (runId: string) => Association[];
    ttlMs: number;
    /** Written into each record, so a sweep can find the lease a record belongs to. */
    scope?: string;
}

/** The watch's run lease: who may post and save now. */
export const RUN_LEASE: LeaseSpace = {
    all: kind(RecordKind.Lease),
    own: (runId) => [kind(RecordKind.Lease), keyed(RecordKind.Lease, runId)],
    ttlMs: LEASE_TTL_MS,
};

/**
 * A lease in app persistence (see core/lease.ts for why it holds). Each contender writes only its
 * own record, keyed by its own id, so no two contenders ever write the same document.
 */
export class PersistenceLease {
    private held = false;

    constructor(
        private readonly reader: IPersistenceRead,
        private readonly writer: IPersistence,
        readonly runId: string,
        private readonly clock: () => number,
        private readonly space: LeaseSpace = RUN_LEASE,
    ) {}

    private associations(): Association[] {
        return this.space.own(this.runId);
    }

    private async readAll(): Promise<LeaseRecord[]> {
        return distinctLeases(await this.reader.readByAssociation(this.space.all));
    }

    /** Takes the lease or says another run holds it; a run that lost leaves no record behind. */
    async acquire(): Promise<boolean> {
        const takenAt = this.clock();
        const record: LeaseRecord = { runId: this.runId, takenAt, expiresAt: takenAt + this.space.ttlMs, choosing: true, ...(this.space.scope ? { scope: this.space.scope } : {}) };
        // An insert, not an upsert: this run's record is new, and only this run ever writes it.
        await this.writer.createWithAssociations(record, this.associations());
        const ticket = nextTicket(await this.readAll(), this.clock());
        await this.writer.updateByAssociations(this.associations(), { ...record, choosing: false, ticket }, true);
        for (let i = 0; i < MAX_WAIT_READS; i++) {
            const leases = await this.readAll();
            const verdict = leaseVerdict(leases, this.runId, this.clock());
            if (verdict === 'held') {
                this.held = true;
                await this.sweep(leases);
                return true;
            }
            if (verdict === 'lost') {
                break;
            }
        }
        await this.release();
        return false;
    }

    /** Fencing: read just before a post or the save; a run whose lease was taken over stops. */
    async check(): Promise<boolean> {
        if (!this.held) {
            return false;
        }
        this.held = stillHeld(await this.readAll(), this.runId, this.clock());
        return this.held;
    }

    async release(): Promise<void> {
        this.held = false;
        await this.writer.removeByAssociations(this.associations());
    }

    /** Records of runs that died (expired) are removed by the holder, one by one. */
    private async sweep(leases: LeaseRecord[]): Promise<void> {
        const now = this.clock();
        const live = new Set(liveLeases(leases, now).map((lease) => lease.runId));
        for (const dead of leases.filter((lease) => !live.has(lease.runId))) {
            await this.writer.removeByAssociations(this.space.own(dead.runId));
        }
    }
}
