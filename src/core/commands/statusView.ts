import { isRecovered } from '../conditions';
import { formatDuration } from '../duration';
import { code } from '../escape';
import type { Mute } from '../mutes';
import { activeMutes, describeMuteTarget, findMute } from '../mutes';
import type { AppRecord, Snapshot } from '../snapshot';
import type { WatchStatus } from '../status';

/** Rocket.Chat's default Message_MaxAllowedSize is 5,000 characters; stay well inside it. */
export const STATUS_BUDGET = 4500;

export interface StatusInput {
    snapshot?: Snapshot;
    status?: WatchStatus;
    mutes: readonly Mute[];
    now: number;
    filter?: string;
}

type Filter = (record: AppRecord) => boolean;

const STATE_FILTERS: Record<string, Filter> = {
    outofsync: (r) => r.sync === 'OutOfSync',
    synced: (r) => r.sync === 'Synced',
    degraded: (r) => r.health === 'Degraded',
    missing: (r) => r.health === 'Missing',
    progressing: (r) => r.health === 'Progressing',
    suspended: (r) => r.health === 'Suspended',
    healthy: (r) => r.health === 'Healthy',
    unknown: (r) => r.sync === 'Unknown' || r.health === 'Unknown',
    syncfailed: (r) => r.phase === 'Failed' || r.phase === 'Error',
    failed: (r) => r.phase === 'Failed' || r.phase === 'Error',
    bad: (r) => !isFine(r),
};

function isFine(record: AppRecord): boolean {
    return isRecovered({ sync: record.sync, health: record.health, operationPhase: record.phase } as Parameters<typeof isRecovered>[0]);
}

/** A name pattern (`pay*`, or a substring), `project:NAME`, or a state name. */
export function parseStatusFilter(filter: string | undefined): Filter {
    if (!filter) {
        return () => true;
    }
    const text = filter.trim();
    if (text.toLowerCase().startsWith('project:')) {
        const project = text.slice('project:'.length);
        return (r) => r.project === project;
    }
    const state = STATE_FILTERS[text.toLowerCase().replace(/[\s_-]/g, '')];
    if (state) {
        return state;
    }
    if (text.includes('*')) {
        const pattern = new RegExp(`^${text.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
        return (r) => pattern.test(r.name);
    }
    return (r) => r.name.includes(text);
}

function stateOf(record: AppRecord): string {
    const parts: string[] = [];
    if (record.phase === 'Failed' || record.phase === 'Error') {
        parts.push('sync failed');
    }
    if (record.health !== 'Healthy') {
        parts.push(record.health);
    }
    if (record.sync !== 'Synced') {
        parts.push(record.sync);
    }
    return parts.join(', ');
}

function countLine(records: AppRecord[]): string {
    const counts: Array<[string, number]> = [
        ['Synced and Healthy', records.filter(isFine).length],
        ['OutOfSync', records.filter((r) => r.sync === 'OutOfSync').length],
        ['Degraded', records.filter((r) => r.health === 'Degraded').length],
        ['Missing', records.filter((r) => r.health === 'Missing').length],
        ['sync failed', records.filter((r) => r.phase === 'Failed' || r.phase === 'Error').length],
        ['Progressing', records.filter((r) => r.health === 'Progressing').length],
        ['Unknown', records.filter((r) => r.sync === 'Unknown' || r.health === 'Unknown').length],
        ['Suspended', records.filter((r) => r.health === 'Suspended').length],
    ];
    return counts.filter(([label, n]) => n > 0 || label === 'Synced and Healthy').map(([label, n]) => `${n} ${label}`).join(' · ');
}

function clock(now: number, at: number): string {
    return `${formatDuration(now - at)} ago (${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
}

function watchLines(input: StatusInput): string[] {
    const { status, now } = input;
    const lines: string[] = [];
    lines.push(status?.lastReadAt !== undefined ? `Last successful read of Argo CD: ${clock(now, status.lastReadAt)}` : 'Argo CD has not been read successfully yet.');
    for (const problem of status?.configProblems ?? []) {
        lines.push(`:warning: Not watching: ${problem}`);
    }
    if (status?.channelProblem) {
        lines.push(`:warning: Not posting: ${status.channelProblem}`);
    }
    if (status?.readProblem) {
        lines.push(`:warning: Last read failed: ${code(status.readProblem, 300)}`);
    }
    if (status?.postProblem) {
        lines.push(`:warning: Last post failed (retried next run): ${code(status.postProblem, 200)}`);
    }
    const mutes = activeMutes(input.mutes, now);
    if (mutes.length > 0) {
        lines.push(`Muted: ${mutes.slice(0, 10).map((m) => `${code(describeMuteTarget(m.target))} for ${formatDuration(m.until - now)}`).join(', ')}${mutes.length > 10 ? ` and ${mutes.length - 10} more (\`/argo mutes\`)` : ''}`);
    }
    return lines;
}

/** Appends lines while they fit the budget; says how many did not. */
function fit(lines: string[], items: string[], budget: number, more: (n: number) => string): void {
    let used = lines.reduce((n, l) => n + l.length + 1, 0);
    for (let i = 0; i < items.length; i++) {
        const tail = more(items.length - i - 1);
        if (used + items[i].length + 1 + tail.length + 1 > budget) {
            lines.push(more(items.length - i));
            return;
        }
        lines.push(items[i]);
        used += items[i].length + 1;
    }
}

/** `/argo status`: the fleet at a glance, one message within Rocket.Chat's size limit at any fleet size. */
export function renderStatus(input: StatusInput): string {
    const lines = [`*Argo CD fleet*${input.filter ? ` matching ${code(input.filter, 100)}` : ''}`];
    lines.push(...watchLines(input));
    if (!input.snapshot) {
        return lines.join('\n');
    }
    const filter = parseStatusFilter(input.filter);
    const records = Object.values(input.snapshot.apps).filter(filter);
    lines.push(`${records.length} app${records.length === 1 ? '' : 's'}: ${countLine(records)}`);
    const byName = (a: AppRecord, b: AppRecord): number => a.name.localeCompare(b.name);
    const bad = records.filter((r) => !isFine(r))
        .sort((a, b) => (a.badSince ?? input.now) - (b.badSince ?? input.now) || byName(a, b));
    const fine = records.filter(isFine).sort(byName);
    if (bad.length > 0) {
        lines.push(`*Not fine (${bad.length})*`);
        const items = bad.map((r) => {
            const since = r.badSince !== undefined ? ` for ${formatDuration(input.now - r.badSince)}` : '';
            const muted = findMute(r, input.mutes, input.now) ? ' (muted)' : '';
            return `• ${code(r.name, 80)}: ${stateOf(r)}${since}${muted}`;
        });
        fit(lines, items, STATUS_BUDGET - 200, (n) => (n > 0 ? `…and ${n} more; narrow with \`/argo status <pattern | project:NAME | Degraded>\`` : ''));
    }
    if (fine.length > 0) {
        const names = fine.map((r) => code(r.name, 60));
        const remaining = STATUS_BUDGET - lines.reduce((n, l) => n + l.length + 1, 0) - 80;
        let shown = '';
        let count = 0;
        for (const name of names) {
            if (shown.length + name.length + 2 > remaining) {
                break;
            }
            shown += (count > 0 ? ', ' : '') + name;
            count++;
        }
        lines.push(`*Synced and Healthy (${fine.length})*: ${shown}${count < fine.length ? ` …and ${fine.length - count} more` : ''}`);
    }
    return lines.join('\n');
}
