import { formatDuration } from '../duration';
import { code } from '../escape';
import { appLink, shortRevision } from '../render';
import type { AppDetails, HistoryEntry, RevisionMetadata, UnhealthyResource } from './argoObjects';

const MAX_RESOURCES = 10;
const MAX_HISTORY = 5;

function ago(now: number, at: string | undefined): string {
    const time = at ? Date.parse(at) : NaN;
    return Number.isFinite(time) ? `${formatDuration(now - time)} ago` : 'at an unknown time';
}

function who(entry: { initiatedBy?: string; automated: boolean }): string {
    if (entry.automated) {
        return 'automated';
    }
    return entry.initiatedBy ? `by ${code(entry.initiatedBy, 60)}` : 'by unknown';
}

export function renderHistoryEntry(entry: HistoryEntry, now: number): string {
    return `• #${entry.id} ${code(shortRevision(entry.revision) ?? '?')} deployed ${ago(now, entry.deployedAt)} ${who(entry)}`;
}

/** `/argo app <name>`: one app in detail. */
export function renderAppDetails(details: AppDetails, extra: { now: number; argocdUrl: string; unhealthy?: UnhealthyResource[]; revision?: RevisionMetadata }): string {
    const lines: string[] = [];
    lines.push(`*${code(details.name)}* · project ${code(details.project)} · namespace ${code(details.namespace)}${details.autoSync ? ' · auto-sync on' : ''}`);
    lines.push(`Sync ${code(details.sync ?? 'Unknown')} · Health ${code(details.health ?? 'Unknown')}${details.healthMessage ? ` (${code(details.healthMessage, 200)})` : ''}`);
    const revision = shortRevision(details.revision);
    if (revision) {
        const meta = extra.revision;
        const commit = meta && (meta.author || meta.message)
            ? `: ${meta.author ? `${code(meta.author, 80)}, ` : ''}${meta.date ? `${ago(extra.now, meta.date)}, ` : ''}${code(meta.message?.split('\n')[0] ?? '', 200)}`
            : '';
        lines.push(`Revision ${code(revision)}${details.targetRevision ? ` (tracking ${code(details.targetRevision, 80)})` : ''}${commit}`);
    }
    if (details.operation) {
        const op = details.operation;
        lines.push(`Last operation: ${code(op.phase ?? 'Unknown')} ${ago(extra.now, op.finishedAt ?? op.startedAt)} ${who(op)}${op.message ? `: ${code(op.message, 400)}` : ''}`);
    }
    const errors = details.conditions.filter((c) => /Error$/.test(c.type));
    if (errors.length > 0) {
        lines.push('Errors:');
        errors.slice(0, 5).forEach((c) => lines.push(`• ${code(c.type, 40)}: ${code(c.message, 300)}`));
    }
    const unhealthy = extra.unhealthy ?? [];
    if (unhealthy.length > 0) {
        lines.push(`Unhealthy resources (${unhealthy.length}):`);
        unhealthy.slice(0, MAX_RESOURCES).forEach((r) => {
            const where = r.namespace ? `${r.namespace}/${r.name}` : r.name;
            lines.push(`• ${code(r.kind, 40)} ${code(where, 120)}: ${code(r.health, 20)}${r.message ? ` (${code(r.message, 200)})` : ''}`);
        });
        if (unhealthy.length > MAX_RESOURCES) {
            lines.push(`…and ${unhealthy.length - MAX_RESOURCES} more`);
        }
    }
    if (details.history.length > 0) {
        lines.push('Recent syncs:');
        [...details.history].reverse().slice(0, MAX_HISTORY).forEach((h) => lines.push(renderHistoryEntry(h, extra.now)));
    }
    lines.push(`[Open in Argo CD](${appLink(extra.argocdUrl, details)})`);
    return lines.join('\n');
}

/** `/argo history <name>`: every deployment Argo CD keeps, newest first. */
export function renderHistory(details: AppDetails, now: number): string {
    if (details.history.length === 0) {
        return `${code(details.name)} has no deployments in its history yet.`;
    }
    const lines = [`*Deployments of ${code(details.name)}* (newest first; roll back with \`/argo rollback ${details.name} <id>\`)`];
    [...details.history].reverse().forEach((h) => lines.push(renderHistoryEntry(h, now)));
    return lines.join('\n');
}
