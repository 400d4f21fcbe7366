/**
 * A stand-in for the application controller. An operation started through the API (sync,
 * rollback) first waits to be picked up: the API server has set `operation` and cleared
 * status.operationState (argo-cd util/argo/argo.go SetAppOperation), so a poll in that gap sees
 * no operationState at all. Once picked up (controller/appcontroller.go processRequestedAppOperation)
 * it is Running until a number of list calls have happened, then it finishes with the outcome the
 * test scripted (default: success). Time is counted in list calls, not seconds, so tests driving a
 * poller stay deterministic.
 */
import { nowIso, secondAfter } from './clock';
import { defaults } from './render';
import type { Fleet } from './fleet';
import type { FleetApp, FleetHistoryEntry, Initiator, SyncOutcome } from './types';

const HISTORY_LIMIT = 10;
/** gitops-engine pkg/health/health_deployment.go, while the new ReplicaSet's pods are not available. */
const PROGRESSING = 'Waiting for rollout to finish: 0 of 1 updated replicas are available...';

export { nowIso };

export interface Target {
    revision?: string;
    /** Multi-source: one per source. */
    revisions?: string[];
}

interface Pending {
    app: FleetApp;
    kind: 'sync' | 'rollback';
    target: Target;
    dryRun: boolean;
    initiatedBy: Initiator;
    previousStart?: string;
    startedAt?: string;
    /** List calls seen since the operation was requested. */
    calls: number;
    pickUpAfter: number;
    after: number;
    outcome: SyncOutcome;
}

interface HealthStep {
    name: string;
    namespace: string;
    calls: number;
    after: number;
    status: FleetApp['health'];
    message?: string;
    then?: HealthStep;
}

export class Controller {
    private readonly outcomes = new Map<string, SyncOutcome>();
    private pending: Pending[] = [];
    private healthSteps: HealthStep[] = [];
    private readonly lastStart = new Map<string, string>();

    constructor(private readonly fleet: Fleet) {}

    /** What the next syncs of this app do; kept until replaced. */
    setOutcome(name: string, outcome: SyncOutcome): void {
        this.outcomes.set(name, outcome);
    }

    /** The API server sets the operation: `operation` set, status.operationState cleared. */
    start(app: FleetApp, kind: 'sync' | 'rollback', target: Target, dryRun: boolean, username: string, initiatedBy: Initiator = { username }): Pending {
        const outcome = this.outcomes.get(app.name) ?? { phase: 'Succeeded' };
        const previousStart = app.operation?.startedAt ?? this.lastStart.get(app.name);
        this.fleet.patch(app.name, {
            operation: undefined,
            requestedOperation: { ...target, dryRun: dryRun || undefined, initiatedBy },
        }, defaults.namespace(app));
        const p: Pending = { app, kind, target, dryRun, initiatedBy, previousStart, calls: 0, pickUpAfter: outcome.pickUpAfter ?? 0, after: outcome.after ?? 1, outcome };
        this.pending.push(p);
        return p;
    }

    /** Picks up and finishes an operation with no wait and `after: 0`, once the API answer has been written. */
    settleImmediate(p: Pending): void {
        if (p.pickUpAfter <= 0 && p.after <= 0) {
            this.pickUp(p);
            this.finish(p);
        }
    }

    /** Called just before each list call is answered. */
    onListCall(): void {
        for (const step of [...this.healthSteps]) {
            step.calls++;
            if (step.calls >= step.after) {
                this.healthSteps = this.healthSteps.filter((x) => x !== step);
                if (this.fleet.get(step.name, step.namespace)) {
                    this.fleet.patch(step.name, { health: step.status, healthMessage: step.message }, step.namespace);
                    if (step.then) this.healthSteps.push(step.then);
                }
            }
        }
        for (const p of [...this.pending]) {
            p.calls++;
            if (p.startedAt === undefined && p.calls > p.pickUpAfter) this.pickUp(p);
            if (p.startedAt !== undefined && p.calls >= p.pickUpAfter + Math.max(p.after, 1)) this.finish(p);
        }
    }

    private pickUp(p: Pending): void {
        const ns = defaults.namespace(p.app);
        if (!this.fleet.get(p.app.name, ns)) {
            this.pending = this.pending.filter((x) => x !== p);
            return;
        }
        p.startedAt = secondAfter(p.previousStart);
        this.lastStart.set(p.app.name, p.startedAt);
        this.fleet.patch(p.app.name, {
            requestedOperation: undefined,
            operation: { phase: 'Running', startedAt: p.startedAt, ...p.target, initiatedBy: p.initiatedBy },
        }, ns);
    }

    private finish(p: Pending): void {
        this.pending = this.pending.filter((x) => x !== p);
        const app = p.app;
        const ns = defaults.namespace(app);
        if (!this.fleet.get(app.name, ns)) return;
        const startedAt = p.startedAt ?? nowIso();
        const finishedAt = [nowIso(), startedAt].sort().pop() as string;
        const initiatedBy = p.initiatedBy;
        const resources = p.outcome.resources;
        if (p.outcome.phase === 'Failed') {
            this.fleet.patch(app.name, {
                operation: {
                    phase: 'Failed',
                    message: p.outcome.message ?? `one or more objects failed to apply, reason: Deployment.apps "${app.name}" is invalid: spec.template.spec.containers[0].image: Required value`,
                    startedAt,
                    finishedAt,
                    ...p.target,
                    initiatedBy,
                    resources,
                },
            }, ns);
        } else {
            const patch: Partial<FleetApp> = {
                operation: {
                    phase: 'Succeeded',
                    message: p.outcome.message ?? 'successfully synced (all tasks run)',
                    startedAt,
                    finishedAt,
                    ...p.target,
                    initiatedBy,
                    resources,
                },
            };
            if (!p.dryRun) {
                const current = app.revisions ? { revisions: app.revisions } : { revision: defaults.revision(app) };
                // A rollback deploys an older commit, so the app ends up OutOfSync with its target.
                const inSync = p.kind === 'sync' || JSON.stringify(p.target) === JSON.stringify(current);
                const history = [...(app.history ?? [])];
                const entry: FleetHistoryEntry = {
                    id: history.reduce((m, h) => Math.max(m, h.id), -1) + 1,
                    revision: p.target.revision ?? '',
                    revisions: p.target.revisions,
                    deployStartedAt: startedAt,
                    deployedAt: finishedAt,
                    initiatedBy,
                };
                history.push(entry);
                const rolling = p.outcome.health;
                const stale = rolling?.staleFor ?? 0;
                if (rolling) {
                    // The refresh after the sync sees the new ReplicaSet's pods not ready yet.
                    const done: HealthStep = { name: app.name, namespace: ns, calls: 0, after: Math.max(rolling.after, 1), status: rolling.status, message: rolling.message };
                    this.healthSteps.push(stale > 0
                        ? { name: app.name, namespace: ns, calls: 0, after: stale, status: 'Progressing', message: PROGRESSING, then: done }
                        : done);
                }
                Object.assign(patch, {
                    sync: inSync ? 'Synced' : 'OutOfSync',
                    // Until the refresh after the sync, the health is what it was before it.
                    health: !rolling ? 'Healthy' : stale > 0 ? app.health : 'Progressing',
                    healthMessage: !rolling ? undefined : stale > 0 ? app.healthMessage : PROGRESSING,
                    history: history.slice(-HISTORY_LIMIT),
                    conditions: app.conditions?.filter((c) => c.type !== 'SyncError'),
                    resources: app.resources?.map((r) => ({
                        ...r,
                        status: inSync ? 'Synced' : r.status,
                        health: r.health ? { status: 'Healthy' } : undefined,
                    })),
                });
                if (p.kind === 'sync' && p.target.revision) patch.revision = p.target.revision;
                if (p.kind === 'sync' && p.target.revisions) patch.revisions = p.target.revisions;
            }
            this.fleet.patch(app.name, patch, ns);
        }
        if (p.outcome.result) this.fleet.patch(app.name, p.outcome.result, ns);
    }

    clear(): void {
        this.pending = [];
        this.healthSteps = [];
    }
}
