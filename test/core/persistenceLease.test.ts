import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { PersistenceLease } from '../../src/adapters/PersistenceLease';
import { PersistenceSnapshotStore } from '../../src/adapters/PersistenceSnapshotStore';
import { emptyMeta } from '../../src/core/snapshot';

// The lease against a persistence that interleaves the way Rocket.Chat's does under load: every
// call yields a random number of turns before its query runs and again before its write lands,
// upserts match the exact association array, removal is find-then-delete. Randomised orderings,
// not timings: nothing here waits for the clock.

type Assoc = { model: string; id: string };
interface Doc { data: unknown; associations: Assoc[] }

function random(seed: number): () => number {
    let state = seed;
    return () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state / 2147483648;
    };
}

class RacyPersistence {
    readonly docs: Doc[] = [];
    constructor(private readonly rand: () => number) {}

    private async turns(): Promise<void> {
        const n = Math.floor(this.rand() * 6);
        for (let i = 0; i < n; i++) {
            await new Promise((resolve) => setImmediate(resolve));
        }
    }

    private holding(wanted: Assoc[]): Doc[] {
        return this.docs.filter((doc) => wanted.every((w) => doc.associations.some((a) => a.model === w.model && a.id === w.id)));
    }

    reader(): IPersistenceRead {
        const read = async (wanted: Assoc[]): Promise<unknown[]> => {
            await this.turns();
            const found = this.holding(wanted).map((doc) => JSON.parse(JSON.stringify(doc.data)));
            await this.turns();
            return found;
        };
        return {
            readByAssociation: (a: Assoc) => read([a]),
            readByAssociations: (a: Assoc[]) => read(a),
        } as unknown as IPersistenceRead;
    }

    writer(): IPersistence {
        const plain = (a: Assoc[]): Assoc[] => a.map((x) => ({ model: x.model, id: x.id }));
        return {
            createWithAssociations: async (data: unknown, a: Assoc[]) => {
                await this.turns();
                await this.turns();
                this.docs.push({ data: JSON.parse(JSON.stringify(data)), associations: plain(a) });
                return 'id';
            },
            updateByAssociation: async (a: Assoc, data: unknown, upsert: boolean) => this.upsert([a], data, upsert),
            updateByAssociations: async (a: Assoc[], data: unknown, upsert: boolean) => this.upsert(a, data, upsert),
            removeByAssociations: async (a: Assoc[]) => {
                await this.turns();
                const found = this.holding(a);
                await this.turns();
                const now = this.holding(a);
                now.forEach((doc) => this.docs.splice(this.docs.indexOf(doc), 1));
                return found.map((doc) => doc.data);
            },
            removeByAssociation: async (a: Assoc) => {
                const now = this.holding([a]);
                now.forEach((doc) => this.docs.splice(this.docs.indexOf(doc), 1));
                return now.map((doc) => doc.data);
            },
        } as unknown as IPersistence;
    }

    private async upsert(a: Assoc[], data: unknown, upsert: boolean): Promise<void> {
        await this.turns();
        const [doc] = this.docs.filter((d) => d.associations.length === a.length && d.associations.every((x, i) => x.model === a[i].model && x.id === a[i].id));
        await this.turns();
        if (doc) {
            doc.data = JSON.parse(JSON.stringify(data));
        } else if (upsert) {
            this.docs.push({ data: JSON.parse(JSON.stringify(data)), associations: a.map((x) => ({ model: x.model, id: x.id })) });
        }
    }
}

async function threeRuns(seed: number): Promise<{ most: number; won: number; left: number }> {
    const store = new RacyPersistence(random(seed));
    let holding = 0;
    let most = 0;
    let won = 0;
    await Promise.all(['run-a', 'run-b', 'run-c'].map(async (runId, i) => {
        // Staggered starts: a later run can begin while an earlier one is mid-acquire or holding.
        for (let k = 0; k < i * (seed % 4); k++) {
            await new Promise((resolve) => setImmediate(resolve));
        }
        const lease = new PersistenceLease(store.reader(), store.writer(), runId, () => 1000);
        if (await lease.acquire()) {
            won++;
            holding++;
            most = Math.max(most, holding);
            if (!(await lease.check())) {
                throw new Error(`${runId} lost a lease nobody could take over`);
            }
            holding--;
            await lease.release();
        }
    }));
    return { most, won, left: store.docs.length };
}

test('over 500 seeded orderings of three runs at once: never two hold the lease together, and almost always one gets it', async () => {
    const results = [];
    for (let seed = 1; seed <= 500; seed++) {
        results.push(await threeRuns(seed));
    }
    // Safety, in every ordering.
    expect(results.filter((r) => r.most > 1)).toEqual([]);
    // Nothing left behind by winners or losers.
    expect(results.filter((r) => r.left > 0)).toEqual([]);
    // Liveness is not promised (all may stand down while rivals are still choosing: the next run
    // decides again), but it is the rare case.
    const nobody = results.filter((r) => r.won === 0).length;
    expect(nobody).toBeLessThanOrEqual(25);
});

test('a run whose lease was taken over (expired and swept) stops without writing the watch record', async () => {
    const store = new RacyPersistence(random(7));
    let now = 1000;
    const slow = new PersistenceLease(store.reader(), store.writer(), 'slow', () => now);
    expect(await slow.acquire()).toBe(true);
    now += 10 * 60 * 1000;
    const next = new PersistenceLease(store.reader(), store.writer(), 'next', () => now);
    expect(await next.acquire()).toBe(true);
    expect(await slow.check()).toBe(false);
    const snapshots = new PersistenceSnapshotStore(store.reader(), store.writer());
    const saved = await snapshots.save({ snapshot: { meta: { ...emptyMeta('k'), revision: 4 }, apps: {} }, changed: [], removed: [] }, () => slow.check());
    expect(saved).toBeUndefined();
    expect(store.docs.filter((doc) => doc.associations.some((a) => a.id === 'argo-drift:snapshot-meta'))).toEqual([]);
});
