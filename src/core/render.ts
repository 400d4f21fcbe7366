import type { Severity } from './conditions';
import { severityOf } from './conditions';
import { formatDuration } from './duration';
import { code, pathSegment } from './escape';
import type { AppState, Condition } from './model';
import type { AlertDetails } from './alertDetails';
import type { AlertNotice, Notice, RecoveryNotice } from './notices';

export interface RenderContext {
    /** The configured Argo CD URL, without a trailing slash. */
    argocdUrl: string;
    /** How many apps a grouped message lists before "and N more". */
    groupListLimit?: number;
}

export interface RenderedMessage {
    text: string;
}

const EMOJI: Record<Severity, string> = { critical: ':red_circle:', warning: ':large_orange_diamond:', notice: ':large_blue_circle:' };

const CONDITION_TEXT: Record<Condition, string> = {
    OutOfSync: 'OutOfSync',
    Degraded: 'Degraded',
    Missing: 'Missing',
    SyncFailed: 'sync failed',
    Unknown: 'Unknown',
    Suspended: 'Suspended',
};

export function appLink(argocdUrl: string, app: { namespace: string; name: string }): string {
    return `${argocdUrl}/applications/${pathSegment(app.namespace)}/${pathSegment(app.name)}`;
}

/** The app's name, with namespace and project when they are not the defaults. */
export function appLabel(app: { name: string; namespace: string; project: string }): string {
    const where: string[] = [];
    if (app.namespace !== 'argocd') {
        where.push(`namespace ${code(app.namespace)}`);
    }
    if (app.project !== 'default') {
        where.push(`project ${code(app.project)}`);
    }
    return where.length > 0 ? `${code(app.name)} (${where.join(', ')})` : code(app.name);
}

export function shortRevision(revision: string | undefined): string | undefined {
    if (!revision) {
        return undefined;
    }
    return /^[0-9a-f]{40}$/i.test(revision) ? revision.slice(0, 7) : revision;
}

function stateLine(app: AppState, details: AlertDetails): string {
    const parts = [`sync ${code(app.sync)}`, `health ${code(app.health)}`];
    const revision = shortRevision(details.revision ?? app.revision);
    if (revision) {
        parts.push(`revision ${code(revision)}`);
    }
    if (app.operationPhase === 'Failed' || app.operationPhase === 'Error') {
        parts.push(`last sync ${code(app.operationPhase)}`);
    }
    return parts.join(' · ');
}

export function renderAlert(alert: AlertNotice, ctx: RenderContext, details: AlertDetails = {}): RenderedMessage {
    const emoji = EMOJI[severityOf(alert.conditions)];
    const what = alert.added.map((c) => CONDITION_TEXT[c]).join(' and ');
    const headline = alert.worse
        ? `${emoji} ${appLabel(alert.app)} got worse: now also ${what}`
        : `${emoji} ${appLabel(alert.app)} is ${what}`;
    const lines = [headline, stateLine(alert.app, details)];
    if (details.operationMessage && alert.conditions.includes('SyncFailed')) {
        lines.push(`sync message: ${code(details.operationMessage, 500)}`);
    }
    lines.push(`[Open in Argo CD](${appLink(ctx.argocdUrl, alert.app)})`);
    return { text: lines.join('\n') };
}

export function renderRecovery(recovery: RecoveryNotice, ctx: RenderContext): RenderedMessage {
    const revision = shortRevision(recovery.app.revision);
    const at = revision ? ` at ${code(revision)}` : '';
    return {
        text: `:white_check_mark: ${appLabel(recovery.app)} is Synced and Healthy again${at} after ${formatDuration(recovery.badForMs)} · [Open in Argo CD](${appLink(ctx.argocdUrl, recovery.app)})`,
    };
}

function listApps(names: string[], limit: number): string {
    const shown = names.slice(0, limit).join(', ');
    return names.length > limit ? `${shown} and ${names.length - limit} more` : shown;
}

function countBy(alerts: AlertNotice[]): string {
    const counts = new Map<Condition, number>();
    for (const alert of alerts) {
        for (const condition of alert.added) {
            counts.set(condition, (counts.get(condition) ?? 0) + 1);
        }
    }
    return [...counts.entries()].map(([c, n]) => `${n} ${CONDITION_TEXT[c]}`).join(', ');
}

export function renderNotice(notice: Notice, ctx: RenderContext, details?: AlertDetails): RenderedMessage {
    const limit = ctx.groupListLimit ?? 10;
    switch (notice.kind) {
        case 'alert':
            return renderAlert(notice, ctx, details);
        case 'recovery':
            return renderRecovery(notice, ctx);
        case 'baseline': {
            const watching = `:eyes: Argo Drift is watching ${notice.total} app${notice.total === 1 ? '' : 's'}`;
            if (notice.unhealthy.length === 0) {
                return { text: `${watching}; all are fine right now.` };
            }
            const names = notice.unhealthy.map((u) => `${code(u.app.name)} (${u.conditions.map((c) => CONDITION_TEXT[c]).join(', ')})`);
            return { text: `${watching}; ${notice.unhealthy.length} currently unhealthy: ${listApps(names, limit)}` };
        }
        case 'storm': {
            const names = notice.alerts.map((a) => code(a.app.name));
            const emoji = EMOJI[severityOf(([] as Condition[]).concat(...notice.alerts.map((a) => a.conditions)))];
            return { text: `${emoji} ${notice.alerts.length} apps alerted at once (${countBy(notice.alerts)}): ${listApps(names, limit)}` };
        }
        case 'recovery-group': {
            const names = notice.recoveries.map((r) => code(r.app.name));
            return { text: `:white_check_mark: ${notice.recoveries.length} apps are Synced and Healthy again: ${listApps(names, limit)}` };
        }
        case 'gone':
            return { text: `:wastebasket: ${appLabel(notice.record)} is no longer in Argo CD (deleted or moved out of scope) while its alert was open; closing it.` };
        case 'shrink':
            return {
                text: `:warning: Argo CD suddenly lists ${notice.known - notice.missing} of the ${notice.known} known apps (${notice.missing} missing, e.g. ${notice.sampleMissing.map((k) => code(k)).join(', ')}). `
                    + 'This looks like a token that lost RBAC access or a changed scope, not deletions: keeping their state and not alerting on them. Check the token\'s role and the scope settings.',
            };
        case 'argo-down':
            return { text: `:warning: Cannot read Argo CD for ${formatDuration(notice.failingForMs)}: ${code(notice.cause, 400)}. No app alerts until it answers again.` };
        case 'state-reset':
            return { text: `:warning: The stored watch state could not be read (${code(notice.reason, 200)}); it was reset and a fresh baseline follows. Alerts that were open are not repeated.` };
        case 'argo-up':
            return { text: `:ok: Reading Argo CD again after ${formatDuration(notice.downForMs)}.` };
    }
}
