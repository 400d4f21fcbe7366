/**
 * A stand-in for the application controller: an operation started through the API (sync,
 * rollback) is Running until a number of list calls have happened, then it finishes with the
 * outcome the test scripted (default: success). Time is counted in list calls, not seconds,
 * so tests driving a poller stay deterministic.
 */
import { defaults } from './render';
import type { Fleet } from './fleet';
import type { FleetApp, FleetHistoryEntry, SyncOutcome } from './types';

const HISTORY_LIMIT = 10;

export const nowIso = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Pending {
    app: FleetApp;
    kind: 'sync' | 'rollback';
    revision: string;
    dryRun: boolean;
    username: string;
    startedAt: string;
    remaining: number;
    outcome: SyncOutcome;
}

export class Controller {
    private readonly outcomes = new Map<string, SyncOutcome>();
    private pending: Pending[] = [];

    constructor(private readonly fleet: Fleet) {}

    /** What the next syncs of this app do; kept until replaced. */
    setOutcome(name: string, outcome: SyncOutcome): void {
        this.outcomes.set(name, outcome);
    }

    start(app: FleetApp, kind: 'sync' | 'rollback', revision: string, dryRun: boolean, username: string): Pending {
        const outcome = this.outcomes.get(app.name) ?? { phase: 'Succeeded' };
        const startedAt = nowIso();
        this.fleet.patch(app.name, {
            operation: { phase: 'Running', startedAt, revision, initiatedBy: { username } },
        }, defaults.namespace(app));
        const p: Pending = { app, kind, revision, dryRun, username, startedAt, remaining: outcome.after ?? 1, outcome };
        this.pending.push(p);
        return p;
    }

    /** Finishes an operation whose `after` was 0, once the API answer has been written. */
    settleImmediate(p: Pending): void {
        if (p.remaining <= 0) this.finish(p);
    }

    /** Called just before each list call is answered. */
    onListCall(): void {
        const due: Pending[] = [];
        for (const p of this.pending) {
            p.remaining--;
            if (p.remaining <= 0) due.push(p);
        }
        due.forEach((p) => this.finish(p));
    }

    private finish(p: Pending): void {
        this.pending = this.pending.filter((x) => x !== p);
        const app = p.app;
        const ns = defaults.namespace(app);
        if (!this.fleet.get(app.name, ns)) return;
        const finishedAt = nowIso();
        const initiatedBy = { username: p.username };
        if (p.outcome.phase === 'Failed') {
            this.fleet.patch(app.name, {
                operation: {
                    phase: 'Failed',
                    message: p.outcome.message ?? `one or more objects failed to apply, reason: Deployment.apps "${app.name}" is invalid: spec.template.spec.containers[0].image: Required value`,
                    startedAt: p.startedAt,
                    finishedAt,
                    revision: p.revision,
                    initiatedBy,
                },
            }, ns);
        } else {
            const patch: Partial<FleetApp> = {
                operation: {
                    phase: 'Succeeded',
                    message: p.outcome.message ?? 'successfully synced (all tasks run)',
                    startedAt: p.startedAt,
                    finishedAt,
                    revision: p.revision,
                    initiatedBy,
                },
            };
            if (!p.dryRun) {
                const target = defaults.revision(app);
                // A rollback deploys an older commit, so the app ends up OutOfSync with its target.
                const inSync = p.kind === 'sync' || p.revision === target;
                const history = [...(app.history ?? [])];
                const entry: FleetHistoryEntry = {
                    id: history.reduce((m, h) => Math.max(m, h.id), -1) + 1,
                    revision: p.revision,
                    deployStartedAt: p.startedAt,
                    deployedAt: finishedAt,
                    initiatedBy,
                };
                history.push(entry);
                Object.assign(patch, {
                    sync: inSync ? 'Synced' : 'OutOfSync',
                    health: 'Healthy',
                    healthMessage: undefined,
                    history: history.slice(-HISTORY_LIMIT),
                    conditions: app.conditions?.filter((c) => c.type !== 'SyncError'),
                    resources: app.resources?.map((r) => ({
                        ...r,
                        status: inSync ? 'Synced' : r.status,
                        health: r.health ? { status: 'Healthy' } : undefined,
                    })),
                });
                if (p.kind === 'sync') patch.revision = p.revision;
            }
            this.fleet.patch(app.name, patch, ns);
        }
        if (p.outcome.result) this.fleet.patch(app.name, p.outcome.result, ns);
    }

    clear(): void {
        this.pending = [];
    }
}
