import { randomId } from '../ids';

/** One document of Agenda's jobs collection, with the fields Rocket.Chat's scheduler bridge uses. */
export interface AgendaJob {
    _id: string;
    /** The processor id: `<job id>_<app id>`. */
    name: string;
    /** 'normal': a one-time job (schedule); 'single': a recurring one (every). */
    type: 'normal' | 'single';
    data: Record<string, unknown>;
    nextRunAt: Date | null;
    lockedAt: Date | null;
    repeatInterval?: string | number;
    lastRunAt?: Date;
    lastFinishedAt?: Date;
    failReason?: string;
    failCount?: number;
    lastModifiedBy?: string;
}

/** The fields a job's own save writes ($set of everything but _id). */
export type AgendaJobProps = Omit<AgendaJob, '_id'>;

/**
 * Rocket.Chat's `rocketchat_apps_scheduler` collection, shared by every instance's Agenda
 * (packages/agenda/src/Agenda.ts, over MongoDB). Each call is a round trip: it yields before it
 * touches the documents. findOneAndUpdate is atomic in MongoDB, and so are the lock calls here;
 * the upsert of `every` is not made unique by any index (Agenda creates only
 * `findAndLockNextJobIndex`, not unique), so it is a find and a later insert.
 */
export class AgendaCollection {
    private docs: AgendaJob[] = [];

    /** A copy of every document, for tests. */
    all(): AgendaJob[] {
        return this.docs.map(copy);
    }

    // Agenda.ts _saveSingleJob: findOneAndUpdate({ name, type: 'single' }, { $set, $setOnInsert }, { upsert: true }).
    // A nextRunAt already due is "protected" ($setOnInsert): an existing job keeps its own. Two
    // upserts running together both find nothing and both insert (no unique index).
    async saveSingle(props: AgendaJobProps, now: Date): Promise<AgendaJob> {
        await roundTrip();
        const { nextRunAt, ...set } = props;
        const protect = nextRunAt !== null && nextRunAt.getTime() <= now.getTime();
        const existing = this.docs.find((doc) => doc.name === props.name && doc.type === 'single');
        await roundTrip();
        if (existing && this.docs.includes(existing)) {
            Object.assign(existing, withoutLock(set), protect ? {} : { nextRunAt });
            return copy(existing);
        }
        const inserted: AgendaJob = { ...set, _id: randomId(), nextRunAt, lockedAt: set.lockedAt ?? null };
        this.docs.push(inserted);
        return copy(inserted);
    }

    // Agenda.ts _saveNewJob: insertOne (schedule(), now()).
    async insert(props: AgendaJobProps): Promise<AgendaJob> {
        await roundTrip();
        const inserted: AgendaJob = { ...props, _id: randomId() };
        this.docs.push(inserted);
        return copy(inserted);
    }

    // Agenda.ts _updateJob: findOneAndUpdate({ _id }, { $set: props }) without upsert — a job
    // removed meanwhile stays removed. Every field is set from the saving instance's copy.
    async updateById(id: string, props: AgendaJobProps): Promise<AgendaJob | null> {
        await roundTrip();
        const doc = this.docs.find((candidate) => candidate._id === id);
        if (!doc) {
            return null;
        }
        Object.assign(doc, props);
        return copy(doc);
    }

    // Agenda.ts _findAndLockNextJob: the first job of that name, not locked and due before the
    // next scan, or locked longer ago than the lock lifetime; sorted by nextRunAt. Atomic.
    async findAndLock(name: string, nextScanAt: Date, lockLifetimeMs: number, now: Date): Promise<AgendaJob | null> {
        await roundTrip();
        const lockDeadline = now.getTime() - lockLifetimeMs;
        const candidates = this.docs
            .filter((doc) => doc.name === name && (
                (doc.lockedAt === null && doc.nextRunAt !== null && doc.nextRunAt.getTime() <= nextScanAt.getTime())
                || (doc.lockedAt !== null && doc.lockedAt.getTime() <= lockDeadline)))
            .sort((a, b) => (a.nextRunAt?.getTime() ?? 0) - (b.nextRunAt?.getTime() ?? 0));
        const doc = candidates[0];
        if (!doc) {
            return null;
        }
        doc.lockedAt = now;
        return copy(doc);
    }

    // Agenda.ts _lockOnTheFly: findOneAndUpdate({ _id, lockedAt: null, nextRunAt }, { $set: { lockedAt } }).
    async lockOnTheFly(id: string, nextRunAt: Date | null, now: Date): Promise<AgendaJob | null> {
        await roundTrip();
        const doc = this.docs.find((candidate) => candidate._id === id && candidate.lockedAt === null
            && (candidate.nextRunAt?.getTime() ?? null) === (nextRunAt?.getTime() ?? null));
        if (!doc) {
            return null;
        }
        doc.lockedAt = now;
        return copy(doc);
    }

    // Agenda.ts jobs(query): Rocket.Chat's scheduleOnceAfterRegister asks for { name, type: 'normal' }.
    async find(query: { name: string; type?: AgendaJob['type'] }): Promise<AgendaJob[]> {
        await roundTrip();
        return this.docs.filter((doc) => doc.name === query.name && (!query.type || doc.type === query.type)).map(copy);
    }

    // Agenda.ts cancel: deleteMany(query). Rocket.Chat's bridge cancels by _id (after a run of a
    // one-time job), by name (cancelJob) and by a name ending in `_<appId>` (cancelAllJobs).
    async cancel(query: { _id?: string; name?: string; nameEndsWith?: string }): Promise<number> {
        await roundTrip();
        const matches = (doc: AgendaJob): boolean => (query._id === undefined || doc._id === query._id)
            && (query.name === undefined || doc.name === query.name)
            && (query.nameEndsWith === undefined || doc.name.endsWith(query.nameEndsWith));
        const before = this.docs.length;
        this.docs = this.docs.filter((doc) => !matches(doc));
        return before - this.docs.length;
    }

    // Agenda.ts _unlockJobs (on stop): updateMany({ _id: { $in } }, { $set: { lockedAt: null } }).
    async unlock(ids: string[]): Promise<void> {
        await roundTrip();
        for (const doc of this.docs) {
            if (ids.includes(doc._id)) {
                doc.lockedAt = null;
            }
        }
    }
}

function withoutLock(set: Omit<AgendaJobProps, 'nextRunAt'>): Partial<AgendaJob> {
    // A new Job object has no lockedAt: every()'s $set leaves a lock that is held alone.
    const { lockedAt: _lockedAt, ...rest } = set as AgendaJobProps;
    return rest;
}

function roundTrip(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}

function copy(doc: AgendaJob): AgendaJob {
    return {
        ...doc,
        data: JSON.parse(JSON.stringify(doc.data ?? {})) as Record<string, unknown>,
        nextRunAt: doc.nextRunAt ? new Date(doc.nextRunAt) : null,
        lockedAt: doc.lockedAt ? new Date(doc.lockedAt) : null,
    };
}
