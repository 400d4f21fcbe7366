import type { DecideSettings, Decision, ReadOutcome } from '../../src/core/decide';
import { decide } from '../../src/core/decide';
import type { AppState, HealthStatus, OperationPhase, SyncStatus } from '../../src/core/model';
import type { Mute } from '../../src/core/mutes';
import type { Notice } from '../../src/core/notices';
import { rearm } from '../../src/core/rearm';
import type { Snapshot } from '../../src/core/snapshot';

export const MINUTE = 60000;

export function app(name: string, sync: SyncStatus = 'Synced', health: HealthStatus = 'Healthy', extra: Partial<AppState> = {}): AppState {
    const namespace = extra.namespace ?? 'argocd';
    return { key: `${namespace}/${name}`, name, namespace, project: 'default', sync, health, revision: 'a'.repeat(40), ...extra };
}

export function failed(name: string, phase: OperationPhase = 'Failed'): AppState {
    return app(name, 'OutOfSync', 'Healthy', { operationPhase: phase });
}

export const healthy = (name: string): AppState => app(name);

/** Drives decide() poll after poll the way the job does, keeping the snapshot between runs. */
export class Scenario {
    snapshot?: Snapshot;
    now = Date.UTC(2026, 10, 22, 9, 0, 0);
    mutes: Mute[] = [];
    /** Apps whose open incident someone acknowledged. */
    acked = new Set<string>();
    last?: Decision;
    readonly settings: DecideSettings;
    scopeKey = 'https://argocd.example.com|all';

    constructor(settings: Partial<DecideSettings> = {}) {
        this.settings = { graceMs: 2 * MINUTE, alertOn: ['OutOfSync', 'Degraded', 'Missing', 'SyncFailed'], stormThreshold: 10, ...settings };
    }

    /** One poll, `minutes` after the previous one; returns the notices it decided on. */
    poll(read: AppState[] | ReadOutcome, minutes = 2, options: { postFails?: boolean } = {}): Notice[] {
        this.now += minutes * MINUTE;
        const outcome: ReadOutcome = Array.isArray(read) ? { ok: true, apps: read } : read;
        const decision = decide({ now: this.now, settings: this.settings, scopeKey: this.scopeKey, previous: this.snapshot, read: outcome, mutes: this.mutes, acked: this.acked });
        if (options.postFails) {
            for (const notice of decision.notices) {
                rearm(decision.snapshot, notice);
            }
        }
        this.last = decision;
        this.snapshot = decision.snapshot;
        return decision.notices;
    }

    kinds(notices: Notice[]): string[] {
        return notices.map((n) => (n.kind === 'alert' ? `alert:${n.app.name}:${n.added.join('+')}${n.worse ? ':worse' : ''}` : n.kind === 'recovery' ? `recovery:${n.app.name}` : n.kind));
    }
}
