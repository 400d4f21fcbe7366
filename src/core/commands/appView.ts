import { formatDuration } from '../duration';
import { code } from '../escape';
import type { Translate } from '../i18n/translate';
import { englishT } from '../i18n/translate';
import { appLink, shortRevision } from '../render';
import type { AppDetails, HistoryEntry, RevisionMetadata, UnhealthyResource } from './argoObjects';

const MAX_RESOURCES = 10;
const MAX_HISTORY = 5;

function ago(now: number, at: string | undefined, t: Translate): string {
    const time = at ? Date.parse(at) : NaN;
    return Number.isFinite(time) ? t('time.ago', { duration: formatDuration(now - time) }) : t('app.unknownTime');
}

function who(entry: { initiatedBy?: string; automated: boolean }, t: Translate): string {
    if (entry.automated) {
        return t('app.automated');
    }
    return entry.initiatedBy ? t('app.by', { user: code(entry.initiatedBy, 60) }) : t('app.byUnknown');
}

export function renderHistoryEntry(entry: HistoryEntry, now: number, t: Translate = englishT): string {
    return t('app.historyEntry', { id: entry.id, revision: code(shortRevision(entry.revision) ?? '?'), when: ago(now, entry.deployedAt, t), who: who(entry, t) });
}

function commitText(meta: RevisionMetadata | undefined, now: number, t: Translate): string {
    if (!meta || (!meta.author && !meta.message)) {
        return '';
    }
    const parts = [meta.author ? code(meta.author, 80) : '', meta.date ? ago(now, meta.date, t) : '', code(meta.message?.split('\n')[0] ?? '', 200)];
    return `: ${parts.filter((p) => p !== '').join(', ')}`;
}

/** `/argo app <name>`: one app in detail. */
export function renderAppDetails(details: AppDetails, extra: { now: number; argocdUrl: string; unhealthy?: UnhealthyResource[]; revision?: RevisionMetadata; t?: Translate }): string {
    const t = extra.t ?? englishT;
    const lines: string[] = [];
    lines.push(t('app.header', { app: code(details.name), project: code(details.project), namespace: code(details.namespace), autoSync: details.autoSync ? t('app.autoSync') : '' }));
    lines.push(t('app.state', { sync: code(details.sync ?? 'Unknown'), health: code(details.health ?? 'Unknown'), message: details.healthMessage ? ` (${code(details.healthMessage, 200)})` : '' }));
    const revision = shortRevision(details.revision);
    if (revision) {
        lines.push(t('app.revision', {
            revision: code(revision),
            tracking: (details.chart ? t('app.chart', { chart: code(details.chart, 80) }) : '')
                + (details.targetRevision ? t('app.tracking', { target: code(details.targetRevision, 80) }) : ''),
            commit: commitText(extra.revision, extra.now, t),
        }));
    }
    if (details.operation) {
        const op = details.operation;
        lines.push(t('app.lastOperation', { phase: code(op.phase ?? 'Unknown'), when: ago(extra.now, op.finishedAt ?? op.startedAt, t), who: who(op, t), message: op.message ? `: ${code(op.message, 400)}` : '' }));
    }
    const errors = details.conditions.filter((c) => /Error$/.test(c.type));
    if (errors.length > 0) {
        lines.push(t('app.errors'));
        errors.slice(0, 5).forEach((c) => lines.push(`• ${code(c.type, 40)}: ${code(c.message, 300)}`));
    }
    const unhealthy = extra.unhealthy ?? [];
    if (unhealthy.length > 0) {
        lines.push(t('app.unhealthy', { count: unhealthy.length }));
        unhealthy.slice(0, MAX_RESOURCES).forEach((r) => {
            const where = r.namespace ? `${r.namespace}/${r.name}` : r.name;
            lines.push(`• ${code(r.kind, 40)} ${code(where, 120)}: ${code(r.health, 20)}${r.message ? ` (${code(r.message, 200)})` : ''}`);
        });
        if (unhealthy.length > MAX_RESOURCES) {
            lines.push(t('app.more', { count: unhealthy.length - MAX_RESOURCES }));
        }
    }
    if (details.history.length > 0) {
        lines.push(t('app.recentSyncs'));
        [...details.history].reverse().slice(0, MAX_HISTORY).forEach((h) => lines.push(renderHistoryEntry(h, extra.now, t)));
    }
    lines.push(`[${t('alert.link')}](${appLink(extra.argocdUrl, details)})`);
    return lines.join('\n');
}

/** `/argo history <name>`: every deployment Argo CD keeps, newest first. */
export function renderHistory(details: AppDetails, now: number, t: Translate = englishT): string {
    if (details.history.length === 0) {
        return t('history.none', { app: code(details.name) });
    }
    const lines = [t('history.title', { app: code(details.name), name: details.name })];
    [...details.history].reverse().forEach((h) => lines.push(renderHistoryEntry(h, now, t)));
    return lines.join('\n');
}
