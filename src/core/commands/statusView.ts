import { isRecovered } from '../conditions';
import { formatDuration } from '../duration';
import { code } from '../escape';
import type { Mute } from '../mutes';
import { activeMutes, describeMuteTarget, findMute } from '../mutes';
import type { Ack } from '../acks';
import { appKey } from '../model';
import type { AppRecord, Snapshot } from '../snapshot';
import type { WatchStatus } from '../status';
import { HEARTBEAT_MS } from '../status';
import type { Translate } from '../i18n/translate';
import { englishT } from '../i18n/translate';
import { blockProblem } from '../roomBlock';

/** Rocket.Chat's default Message_MaxAllowedSize is 5,000 characters; stay well inside it. */
export const STATUS_BUDGET = 4500;

export interface StatusInput {
    snapshot?: Pick<Snapshot, 'apps'>;
    status?: WatchStatus;
    mutes: readonly Mute[];
    now: number;
    filter?: string;
    t?: Translate;
    /** Who is on each open incident, by app key. */
    acks?: ReadonlyMap<string, Ack>;
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

function stateOf(record: AppRecord, t: Translate): string {
    const parts: string[] = [];
    if (record.phase === 'Failed' || record.phase === 'Error') {
        parts.push(t('status.state.syncFailed'));
    }
    if (record.health !== 'Healthy') {
        parts.push(record.health);
    }
    if (record.sync !== 'Synced') {
        parts.push(record.sync);
    }
    return parts.join(', ');
}

type StateKey = 'status.state.fine' | 'status.state.OutOfSync' | 'status.state.Degraded' | 'status.state.Missing' | 'status.state.syncFailed'
    | 'status.state.Progressing' | 'status.state.Unknown' | 'status.state.Suspended';

function countLine(records: AppRecord[], t: Translate): string {
    const counts: Array<[StateKey, number]> = [
        ['status.state.fine', records.filter(isFine).length],
        ['status.state.OutOfSync', records.filter((r) => r.sync === 'OutOfSync').length],
        ['status.state.Degraded', records.filter((r) => r.health === 'Degraded').length],
        ['status.state.Missing', records.filter((r) => r.health === 'Missing').length],
        ['status.state.syncFailed', records.filter((r) => r.phase === 'Failed' || r.phase === 'Error').length],
        ['status.state.Progressing', records.filter((r) => r.health === 'Progressing').length],
        ['status.state.Unknown', records.filter((r) => r.sync === 'Unknown' || r.health === 'Unknown').length],
        ['status.state.Suspended', records.filter((r) => r.health === 'Suspended').length],
    ];
    return counts.filter(([label, n]) => n > 0 || label === 'status.state.fine').map(([label, n]) => t('status.count', { count: n, state: t(label) })).join(' · ');
}

function clockTime(at: number): string {
    return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * How the reading goes, from what the latest poll found: a good streak since its start, or a
 * failure since it began. A watch that has not confirmed anything for longer than a heartbeat
 * and two intervals says so, rather than showing an old streak as current.
 */
function readingLines(status: WatchStatus | undefined, now: number, t: Translate): string[] {
    if (!status) {
        return [t('status.neverRead')];
    }
    const lines: string[] = [];
    if (status.readOk === true && status.readSince !== undefined) {
        lines.push(t('status.readingFine', { interval: formatDuration(status.intervalMs ?? 0), time: clockTime(status.readSince), ago: t('time.ago', { duration: formatDuration(now - status.readSince) }) }));
    } else if (status.readOk === false && status.readSince !== undefined) {
        lines.push(t('status.readingFailing', { time: clockTime(status.readSince), problem: code(status.readProblem ?? '', 300) }));
    } else if (status.lastReadAt !== undefined && status.lastReadAt !== null) {
        // A record written by an earlier version, until the next poll replaces it.
        lines.push(t('status.lastRead', { ago: t('time.ago', { duration: formatDuration(now - status.lastReadAt) }), time: clockTime(status.lastReadAt) }));
    } else if (!status.configProblems?.length && !status.channelProblem) {
        lines.push(t('status.neverRead'));
    }
    const quietFor = status.checkedAt !== undefined && status.checkedAt !== null ? now - status.checkedAt : 0;
    if (quietFor > HEARTBEAT_MS + 2 * (status.intervalMs ?? 0)) {
        lines.push(t('status.stale', { time: clockTime(status.checkedAt as number) }));
    }
    return lines;
}

function watchLines(input: StatusInput, t: Translate): string[] {
    const { status, now } = input;
    const lines: string[] = readingLines(status, now, t);
    for (const problem of status?.configProblems ?? []) {
        lines.push(t('status.notWatching', { problem }));
    }
    if (status?.channelProblem) {
        lines.push(t('status.notPosting', { problem: status.channelProblem }));
    }
    for (const problem of status?.routeProblems ?? []) {
        lines.push(t('status.routeProblem', { problem }));
    }
    if (status?.postProblem) {
        lines.push(t('status.postFailed', { problem: code(status.postProblem, 200) }));
    }
    for (const block of status?.blockedRooms ?? []) {
        lines.push(t('status.blocked', { problem: blockProblem(block, t) }));
    }
    const mutes = activeMutes(input.mutes, now);
    if (mutes.length > 0) {
        const shown = mutes.slice(0, 10).map((m) => t('status.muteEntry', { target: code(describeMuteTarget(m.target)), duration: formatDuration(m.until - now) })).join(', ');
        lines.push(t('status.muted', { mutes: mutes.length > 10 ? t('status.mutedMore', { shown, count: mutes.length - 10 }) : shown }));
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
function ownerOf(record: AppRecord, input: StatusInput, t: Translate): string {
    const ack = input.acks?.get(appKey(record.namespace, record.name));
    return ack ? t('status.ackedBy', { user: code(ack.by, 60) }) : '';
}

export function renderStatus(input: StatusInput): string {
    const t = input.t ?? englishT;
    const lines = [input.filter ? t('status.titleFiltered', { filter: code(input.filter, 100) }) : t('status.title')];
    lines.push(...watchLines(input, t));
    if (!input.snapshot) {
        return lines.join('\n');
    }
    const filter = parseStatusFilter(input.filter);
    const records = Object.values(input.snapshot.apps).filter(filter);
    const counts = countLine(records, t);
    lines.push(records.length === 1 ? t('status.appsOne', { counts }) : t('status.apps', { count: records.length, counts }));
    const byName = (a: AppRecord, b: AppRecord): number => a.name.localeCompare(b.name);
    const bad = records.filter((r) => !isFine(r))
        .sort((a, b) => (a.badSince ?? input.now) - (b.badSince ?? input.now) || byName(a, b));
    const fine = records.filter(isFine).sort(byName);
    if (bad.length > 0) {
        lines.push(t('status.notFine', { count: bad.length }));
        const items = bad.map((r) => t('status.badEntry', {
            app: code(r.name, 80),
            state: stateOf(r, t),
            since: r.badSince !== undefined ? t('status.since', { duration: formatDuration(input.now - r.badSince) }) : '',
            muted: findMute(r, input.mutes, input.now) ? t('status.mutedMark') : '',
        }) + (r.flapping ? t('status.flappingMark', { count: r.flapping.flips }) : '') + ownerOf(r, input, t));
        fit(lines, items, STATUS_BUDGET - 200, (n) => (n > 0 ? t('status.badMore', { count: n }) : ''));
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
        lines.push(t('status.fine', { count: fine.length, apps: count < fine.length ? t('status.fineMore', { apps: shown, count: fine.length - count }) : shown }));
    }
    return lines.join('\n');
}
