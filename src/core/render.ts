import type { AlertDetails } from './alertDetails';
import type { Severity } from './conditions';
import { severityOf } from './conditions';
import { formatDuration } from './duration';
import { code, pathSegment } from './escape';
import type { Translate } from './i18n/translate';
import { englishT } from './i18n/translate';
import type { AppState, Condition } from './model';
import type { AlertNotice, NoticeContent, RecoveryNotice } from './notices';
import { shortRevision } from './revision';

export interface RenderContext {
    /** The configured Argo CD URL, without a trailing slash. */
    argocdUrl: string;
    /** How many apps a grouped message lists before "and N more". */
    groupListLimit?: number;
    t?: Translate;
}

export interface RenderedMessage {
    text: string;
}

const EMOJI: Record<Severity, string> = { critical: ':red_circle:', warning: ':large_orange_diamond:', notice: ':large_blue_circle:' };

export function appLink(argocdUrl: string, app: { namespace: string; name: string }): string {
    return `${argocdUrl}/applications/${pathSegment(app.namespace)}/${pathSegment(app.name)}`;
}

/** The app's name, with namespace and project when they are not the defaults. */
export function appLabel(app: { name: string; namespace: string; project: string }, t: Translate = englishT): string {
    const where: string[] = [];
    if (app.namespace !== 'argocd') {
        where.push(t('app.where.namespace', { namespace: code(app.namespace) }));
    }
    if (app.project !== 'default') {
        where.push(t('app.where.project', { project: code(app.project) }));
    }
    return where.length > 0 ? `${code(app.name)} (${where.join(', ')})` : code(app.name);
}

export { shortRevision };

export function conditionText(condition: Condition, t: Translate = englishT): string {
    return t(`condition.${condition}` as const);
}

function joinAnd(items: string[], t: Translate): string {
    return items.length <= 1 ? items.join('') : t('list.and', { a: items.slice(0, -1).join(', '), b: items[items.length - 1] });
}

export function listApps(names: string[], limit: number, t: Translate = englishT): string {
    const shown = names.slice(0, limit).join(', ');
    return names.length > limit ? t('list.more', { shown, count: names.length - limit }) : shown;
}

function stateLine(app: AppState, details: AlertDetails, t: Translate): string {
    const parts = [t('alert.state', { sync: code(app.sync), health: code(app.health) })];
    const revision = shortRevision(details.revision ?? app.revision);
    if (revision) {
        parts.push(t('alert.revision', { revision: code(revision) }));
    }
    if (app.operationPhase === 'Failed' || app.operationPhase === 'Error') {
        parts.push(t('alert.lastSync', { phase: code(app.operationPhase) }));
    }
    return parts.join(' · ');
}

function resourceList(resources: Array<{ kind: string; name: string; namespace?: string; status: string; message?: string }>): string {
    const shown = resources.slice(0, 5).map((r) => `${code(r.kind, 40)} ${code(r.namespace ? `${r.namespace}/${r.name}` : r.name, 120)} ${code(r.status, 20)}${r.message ? ` (${code(r.message, 160)})` : ''}`);
    return resources.length > 5 ? `${shown.join(', ')} …+${resources.length - 5}` : shown.join(', ');
}

/** How many drifted resources an alert names before "and N more". */
export const DRIFTED_LIST_LIMIT = 5;

function driftedList(resources: NonNullable<AlertDetails['driftedResources']>, t: Translate): string {
    const names = resources.map((r) => `${code(r.kind, 40)} ${code(r.namespace ? `${r.namespace}/${r.name}` : r.name, 120)}`);
    return listApps(names, DRIFTED_LIST_LIMIT, t);
}

function contextLines(alert: AlertNotice, details: AlertDetails, t: Translate): string[] {
    const lines: string[] = [];
    const failedSync = alert.conditions.includes('SyncFailed');
    if (alert.progressingForMs !== undefined) {
        lines.push(t('alert.stuck', { duration: formatDuration(alert.progressingForMs) }));
    }
    if (details.operationMessage && failedSync) {
        lines.push(t('alert.syncMessage', { message: code(details.operationMessage, 500) }));
    }
    if (failedSync && details.failingResources && details.failingResources.length > 0) {
        lines.push(t('alert.failingResources', { resources: resourceList(details.failingResources) }));
    }
    if (!failedSync && details.unhealthyResources && details.unhealthyResources.length > 0) {
        lines.push(t('alert.unhealthyResources', { resources: resourceList(details.unhealthyResources) }));
    }
    if (alert.conditions.includes('OutOfSync') && details.driftedResources && details.driftedResources.length > 0) {
        lines.push(t('alert.driftedResources', { resources: driftedList(details.driftedResources, t) }));
    }
    if (alert.conditions.includes('ComparisonError') || alert.conditions.includes('Unknown')) {
        const comparison = (details.errorConditions ?? []).filter((c) => c.type === 'ComparisonError');
        for (const condition of (comparison.length > 0 ? comparison : details.errorConditions ?? []).slice(0, 2)) {
            lines.push(t('alert.conditionError', { type: code(condition.type, 40), message: code(condition.message, 500) }));
        }
    }
    if (alert.conditions.includes('Deleting')) {
        lines.push(t('alert.deleting', { since: code(details.deletionRequestedAt ?? '?', 40) }));
    }
    const revision = shortRevision(details.commitSource?.revision ?? details.revision ?? alert.app.revision);
    if (details.commit && revision && (details.commit.author || details.commit.message)) {
        lines.push(t('alert.commit', {
            revision: code(revision),
            author: code(details.commit.author ?? '?', 80),
            message: code((details.commit.message ?? '').split('\n')[0], 200),
        }));
    }
    return lines;
}

export function renderAlert(alert: AlertNotice, ctx: RenderContext, details: AlertDetails = {}): RenderedMessage {
    const t = ctx.t ?? englishT;
    const emoji = EMOJI[severityOf(alert.conditions)];
    const what = joinAnd(alert.added.map((c) => conditionText(c, t)), t);
    const headline = t(alert.worse ? 'alert.worse' : 'alert.new', { emoji, app: appLabel(alert.app, t), what });
    const lines = [headline, stateLine(alert.app, details, t), ...contextLines(alert, details, t)];
    lines.push(`[${t('alert.link')}](${appLink(ctx.argocdUrl, alert.app)})`);
    return { text: lines.join('\n') };
}

export function renderRecovery(recovery: RecoveryNotice, ctx: RenderContext): RenderedMessage {
    const t = ctx.t ?? englishT;
    const revision = shortRevision(recovery.app.revision);
    return {
        text: t('recovery.line', {
            app: appLabel(recovery.app, t),
            at: revision ? t('recovery.at', { revision: code(revision) }) : '',
            duration: formatDuration(recovery.badForMs),
            link: t('alert.link'),
            url: appLink(ctx.argocdUrl, recovery.app),
        }),
    };
}

function countBy(alerts: AlertNotice[], t: Translate): string {
    const counts = new Map<Condition, number>();
    for (const alert of alerts) {
        for (const condition of alert.added) {
            counts.set(condition, (counts.get(condition) ?? 0) + 1);
        }
    }
    return [...counts.entries()].map(([c, n]) => t('storm.count', { count: n, condition: conditionText(c, t) })).join(', ');
}

export function renderNotice(notice: NoticeContent, ctx: RenderContext, details?: AlertDetails): RenderedMessage {
    const limit = ctx.groupListLimit ?? 10;
    const t = ctx.t ?? englishT;
    switch (notice.kind) {
        case 'alert':
            return renderAlert(notice, ctx, details);
        case 'recovery':
            return renderRecovery(notice, ctx);
        case 'reminder':
            return { text: t('reminder.line', { app: appLabel(notice.app, t), what: joinAnd(notice.conditions.map((c) => conditionText(c, t)), t), duration: formatDuration(notice.badForMs) }) };
        case 'baseline': {
            const watching = notice.total === 1 ? t('baseline.watchingOne') : t('baseline.watching', { count: notice.total });
            if (notice.unhealthy.length === 0) {
                return { text: t('baseline.allFine', { watching }) };
            }
            const names = notice.unhealthy.map((u) => `${code(u.app.name)} (${u.conditions.map((c) => conditionText(c, t)).join(', ')})`);
            return { text: t('baseline.unhealthy', { watching, count: notice.unhealthy.length, apps: listApps(names, limit, t) }) };
        }
        case 'storm': {
            const names = notice.alerts.map((a) => code(a.app.name));
            const emoji = EMOJI[severityOf(([] as Condition[]).concat(...notice.alerts.map((a) => a.conditions)))];
            return { text: t('storm.line', { emoji, count: notice.alerts.length, counts: countBy(notice.alerts, t), apps: listApps(names, limit, t) }) };
        }
        case 'recovery-group': {
            const names = notice.recoveries.map((r) => code(r.app.name));
            return { text: t('recoveryGroup.line', { count: notice.recoveries.length, apps: listApps(names, limit, t) }) };
        }
        case 'gone':
            return { text: t('gone.line', { app: appLabel(notice.record, t) }) };
        case 'shrink':
            return {
                text: t('shrink.line', {
                    visible: notice.known - notice.missing, known: notice.known, missing: notice.missing,
                    sample: notice.sampleMissing.map((k) => code(k)).join(', '),
                }),
            };
        case 'argo-down':
            return { text: t('argoDown.line', { duration: formatDuration(notice.failingForMs), cause: code(notice.cause, 400) }) };
        case 'argo-up':
            return { text: t('argoUp.line', { duration: formatDuration(notice.downForMs) }) };
        case 'state-reset':
            return { text: t('stateReset.line', { reason: code(notice.reason, 200) }) };
        case 'flapping':
            return { text: t('flap.start', { app: appLabel(notice.app, t), count: notice.flips, window: formatDuration(notice.windowMs) }) };
        case 'flap-end':
            return {
                text: t('flap.end', {
                    app: appLabel(notice.app, t), window: formatDuration(notice.windowMs), count: notice.flips,
                    duration: formatDuration(notice.flappedForMs), state: t('alert.state', { sync: code(notice.app.sync), health: code(notice.app.health) }),
                    outcome: t(notice.resolved ? 'flap.endClosed' : 'flap.endOpen'),
                }),
            };
    }
}
