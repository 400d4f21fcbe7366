import type { AppRollouts, GroupCounts, Rollout, RolloutGroup, RolloutState } from './deployFeed';
import { rolloutDurationMs } from './deployFeed';
import { formatDuration } from './duration';
import { code } from './escape';
import type { Translate } from './i18n/translate';
import type { Initiator } from './operationView';
import { appLabel, listApps } from './render';
import { isCommitSha, shortRevision } from './revision';

/** The deploy feed's texts. Everything from Argo CD or Git goes through `code()`. */

const DIGEST = /^sha(256|512):/i;

function when(iso: string | undefined): string {
    return iso ? iso.slice(0, 16).replace('T', ' ') : '?';
}

/** One source's revision: a commit by its short hash, a chart version as chart + version, a digest. */
function revisionText(revision: string, source: { chart?: string } | undefined, t: Translate): string {
    const short = code(shortRevision(revision) ?? revision, 60);
    if (isCommitSha(revision)) {
        return short;
    }
    if (DIGEST.test(revision)) {
        return t('deploy.digest', { digest: short });
    }
    return source?.chart ? t('deploy.chart', { chart: code(source.chart, 80), version: short }) : t('deploy.version', { version: short });
}

/** What is deployed: one source's revision, or each changed source of a multi-source app. */
export function revisionsText(rollout: Pick<Rollout, 'revisions' | 'previous' | 'changed' | 'sources'>, t: Translate): string {
    if (rollout.revisions.length <= 1) {
        return revisionText(rollout.revisions[0] ?? '?', rollout.sources[0], t);
    }
    const shown = rollout.changed.length > 0 ? rollout.changed : rollout.revisions.map((_, i) => i);
    return t('deploy.sources', {
        sources: shown.map((i) => {
            const now = revisionText(rollout.revisions[i] || '?', rollout.sources[i], t);
            const before = rollout.previous?.[i];
            return before ? t('deploy.source', { index: i + 1, revision: now, previous: code(shortRevision(before) ?? before, 60) }) : t('deploy.sourceNew', { index: i + 1, revision: now });
        }).join(', '),
    });
}

export function whoText(by: Initiator, t: Translate): string {
    return by.automated ? t('deploy.who.automated') : by.username ? code(by.username, 80) : t('deploy.who.unknown');
}

function detailLines(rollout: Pick<Rollout, 'commit' | 'by' | 'startedAt' | 'revisions' | 'changed'>, t: Translate): string[] {
    const lines: string[] = [];
    if (rollout.commit && (rollout.commit.author || rollout.commit.message)) {
        lines.push(t('deploy.commit', { author: code(rollout.commit.author ?? '?', 80), message: code(rollout.commit.message ?? '', 160) }));
    }
    lines.push(t('deploy.by', { who: whoText(rollout.by, t), time: when(rollout.startedAt) }));
    return lines;
}

/** The headline of one rollout in its state. */
export function rolloutHeadline(rollout: Rollout, t: Translate): string {
    const params = { app: appLabel(rollout.app, t), revision: revisionsText(rollout, t) };
    const retry = rollout.retries ? t('deploy.retried', { count: rollout.retries }) : '';
    switch (rollout.state) {
        case 'syncing':
            return t('deploy.syncing', params) + retry;
        case 'synced':
            return t('deploy.synced', params) + retry;
        case 'healthy':
            return t('deploy.healthy', { ...params, duration: formatDuration(rolloutDurationMs(rollout) ?? 0) }) + retry;
        case 'failed':
            return t('deploy.failed', { ...params, reason: code(rollout.reason ?? '?', 300) }) + retry;
        case 'degraded':
            return t('deploy.degraded', { ...params, reason: code(rollout.reason ?? 'Degraded', 300) });
        case 'replaced':
            return t('deploy.replaced', params);
    }
}

/** The whole message of a rollout of its own. */
export function rolloutText(rollout: Rollout, t: Translate): string {
    return [rolloutHeadline(rollout, t), ...detailLines(rollout, t)].join('\n');
}

export function stateText(state: RolloutState, t: Translate): string {
    return t(`deploy.state.${state}` as const);
}

/** "38 of 40 healthy, 2 failed: a, b; 1 in progress". */
export function groupProgress(counts: GroupCounts, t: Translate): string {
    const parts = [t('deploy.group.healthy', { healthy: counts.healthy, count: counts.total })];
    if (counts.failed.length > 0) {
        parts.push(t('deploy.group.failed', { count: counts.failed.length, apps: listApps(counts.failed.map((r) => code(r.app.name)), 5, t) }));
    }
    if (counts.degraded.length > 0) {
        parts.push(t('deploy.group.degraded', { count: counts.degraded.length, apps: listApps(counts.degraded.map((r) => code(r.app.name)), 5, t) }));
    }
    if (counts.inProgress > 0) {
        parts.push(t('deploy.group.waiting', { count: counts.inProgress }));
    }
    return parts.join(', ');
}

export function groupText(group: RolloutGroup, counts: GroupCounts, t: Translate): string {
    const done = counts.inProgress === 0;
    const bad = counts.failed.length + counts.degraded.length > 0;
    const emoji = !done ? ':arrows_counterclockwise:' : bad ? ':warning:' : ':rocket:';
    const headline = t(done ? 'deploy.group.done' : 'deploy.group', {
        emoji, revision: revisionsText(group, t), count: counts.total, progress: groupProgress(counts, t),
    });
    return [headline, ...detailLines({ ...group, startedAt: group.startedAt }, t)].join('\n');
}

/** The thread's list of a group's apps (the first, and one more per app that joins later). */
export function groupListLines(rollouts: Rollout[], first: boolean, t: Translate): string[] {
    return [t(first ? 'deploy.group.list' : 'deploy.group.joined', { count: rollouts.length }), ...rollouts.map((r) => `• ${appLabel(r.app, t)}`)];
}

export function resyncText(record: AppRollouts, rollout: Rollout, t: Translate): string {
    const resync = record.resync;
    return t('deploy.resync', {
        app: appLabel(rollout.app, t),
        revision: revisionsText({ ...rollout, revisions: resync?.revisions ?? rollout.revisions, changed: [] }, t),
        who: whoText(resync?.by ?? {}, t),
        phase: code(resync?.phase ?? 'Running', 20),
    });
}

/** One line of `/argo deploys`: revision, who, when, how long, outcome. */
export function deployListLine(rollout: Rollout, t: Translate): string {
    const duration = rolloutDurationMs(rollout);
    return t('deploy.list.line', {
        app: appLabel(rollout.app, t),
        revision: revisionsText(rollout, t),
        who: whoText(rollout.by, t),
        when: when(rollout.startedAt),
        duration: duration !== undefined && rollout.state !== 'syncing' && rollout.state !== 'synced' ? formatDuration(duration) : '-',
        outcome: stateText(rollout.state, t),
    });
}

export const DEPLOY_LIST_LIMIT = 15;

/** `/argo deploys [app | project:NAME]`: the newest rollouts first. */
export function deployList(records: readonly AppRollouts[], filter: { app?: string; namespace?: string; project?: string }, t: Translate): string {
    const all = ([] as Rollout[]).concat(...records.map((r) => r.rollouts))
        .filter((r) => (filter.app === undefined || (r.app.name === filter.app && (filter.namespace === undefined || r.app.namespace === filter.namespace)))
            && (filter.project === undefined || r.app.project === filter.project))
        .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
    const what = filter.app ?? (filter.project ? `project:${filter.project}` : undefined);
    const label = what ? t('deploy.list.filter', { filter: code(what, 80) }) : '';
    if (all.length === 0) {
        return t('deploy.list.none', { filter: label });
    }
    const lines = all.slice(0, DEPLOY_LIST_LIMIT).map((r) => deployListLine(r, t));
    const more = all.length > DEPLOY_LIST_LIMIT ? [t('deploy.list.more', { count: all.length - DEPLOY_LIST_LIMIT })] : [];
    return [t('deploy.list.title', { filter: label }), ...lines, ...more].join('\n');
}
