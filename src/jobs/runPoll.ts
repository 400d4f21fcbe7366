import type { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { HttpArgoCdClient } from '../adapters/HttpArgoCdClient';
import { PersistenceMuteStore } from '../adapters/PersistenceMuteStore';
import { PersistenceSnapshotStore } from '../adapters/PersistenceSnapshotStore';
import { PersistenceStatusStore } from '../adapters/PersistenceStatusStore';
import { resolveChannel, RoomNotifier } from '../adapters/RoomNotifier';
import { readSettings } from '../adapters/settingsReader';
import type { WatchConfig } from '../core/config';
import { parseConfig } from '../core/config';
import type { ReadOutcome } from '../core/decide';
import { decide } from '../core/decide';
import type { AlertNotice, Notice } from '../core/notices';
import type { AlertDetails } from '../core/alertDetails';
import { alertDetailsOf } from '../core/alertDetails';
import { rearm } from '../core/rearm';
import { renderNotice } from '../core/render';
import { scopeKeyOf } from '../core/scopeKey';
import type { WatchStatus } from '../core/status';
import { statusNeedsWrite } from '../core/status';
import type { Snapshot } from '../core/snapshot';
import { emptyMeta } from '../core/snapshot';
import type { ArgoCdClient } from '../ports/ArgoCdClient';

export interface PollDeps {
    read: IRead;
    modify: IModify;
    http: IHttp;
    persis: IPersistence;
    logger: ILogger;
    now: number;
}

export interface PollReport {
    outcome: 'config-problem' | 'channel-missing' | 'read-failed' | 'read' | 'superseded';
    notices: number;
    posted: number;
    failedPosts: number;
    writes: number;
}

/** Full objects are fetched only for apps that alert one by one, and only this many per run. */
const MAX_DETAIL_FETCHES = 10;

async function fetchAlertDetails(client: ArgoCdClient, notices: Notice[]): Promise<Map<string, AlertDetails>> {
    const details = new Map<string, AlertDetails>();
    const alerts = notices.filter((n): n is AlertNotice => n.kind === 'alert').slice(0, MAX_DETAIL_FETCHES);
    for (const alert of alerts) {
        const full = await client.getApplication({ name: alert.app.name, namespace: alert.app.namespace });
        // Without details the alert still goes out: the list already said what is wrong.
        if (full.ok) {
            details.set(alert.app.key, alertDetailsOf(full.value));
        }
    }
    return details;
}

async function saveStatus(store: PersistenceStatusStore, previous: WatchStatus | undefined, next: WatchStatus): Promise<number> {
    if (!statusNeedsWrite(previous, next)) {
        return 0;
    }
    await store.save(next);
    return 1;
}

/**
 * One run of the watch loop: read the settings, list the apps, load the snapshot and mutes,
 * decide (pure), post, re-arm what failed to post, save what changed.
 */
export async function runPoll(deps: PollDeps): Promise<PollReport> {
    const { read, modify, http, persis, logger, now } = deps;
    const reader = read.getPersistenceReader();
    const statusStore = new PersistenceStatusStore(reader, persis);
    const previousStatus = await statusStore.load();
    const report: PollReport = { outcome: 'read', notices: 0, posted: 0, failedPosts: 0, writes: 0 };

    const { config, problems } = parseConfig(await readSettings(read));
    if (!config) {
        const messages = problems.map((p) => p.message);
        if (JSON.stringify(previousStatus?.configProblems) !== JSON.stringify(messages)) {
            messages.forEach((message) => logger.error(`Argo Drift is not watching: ${message}`));
        }
        report.writes += await saveStatus(statusStore, previousStatus, { ...previousStatus, configProblems: messages });
        return { ...report, outcome: 'config-problem' };
    }

    const room = await resolveChannel(read, config.channel);
    if (!room) {
        const channelProblem = `the channel "${config.channel}" does not exist: create it, or set the Channel setting to an existing channel's name or id`;
        if (previousStatus?.channelProblem !== channelProblem) {
            logger.error(`Argo Drift is not posting: ${channelProblem}`);
        }
        report.writes += await saveStatus(statusStore, previousStatus, { ...previousStatus, configProblems: undefined, channelProblem });
        return { ...report, outcome: 'channel-missing' };
    }
    const sender = await read.getUserReader().getAppUser();
    if (!sender) {
        throw new Error('the app user is missing: reinstall the app');
    }

    const client = new HttpArgoCdClient(http, config.argocd);
    const listed = await client.listApplications(config.scope);
    const outcome: ReadOutcome = listed.ok ? { ok: true, apps: listed.value.apps } : { ok: false, cause: listed.error.message };
    if (!listed.ok) {
        logger.warn(`Reading Argo CD failed: ${listed.error.message}`);
    }

    const snapshotStore = new PersistenceSnapshotStore(reader, persis);
    const loaded = await snapshotStore.load();
    if (loaded.resetReason) {
        logger.warn(`Stored watch state reset: ${loaded.resetReason}`);
    }
    const mutes = await new PersistenceMuteStore(reader, persis).list();
    const scopeKey = scopeKeyOf(config.argocd, config.scope);
    const decision = decide({ now, settings: config, scopeKey, previous: loaded.snapshot, read: outcome, mutes });
    const notices: Notice[] = loaded.resetReason ? [{ kind: 'state-reset', reason: loaded.resetReason }, ...decision.notices] : decision.notices;

    let posting = NOTHING_POSTED;
    const somethingToDo = notices.length > 0 || decision.changed.length > 0 || decision.removed.length > 0 || decision.metaChanged;
    if (somethingToDo) {
        if (!(await snapshotStore.claim(loaded.snapshot?.meta, emptyMeta(scopeKey), newRunId(), now))) {
            logger.info('Another run saved or is posting these changes; this run stands down and the next one decides again.');
            return { ...report, outcome: 'superseded' };
        }
        posting = await postNotices(notices, client, config, new RoomNotifier(modify, room, sender), decision.snapshot);
        report.writes += 1 + await snapshotStore.save({
            snapshot: decision.snapshot,
            changed: new Set([...decision.changed, ...posting.rearmedKeys]),
            removed: decision.removed,
        });
    }
    if (posting.problem) {
        logger.error(`Posting to #${config.channel} failed, will retry next run: ${posting.problem}`);
    }
    const nextStatus: WatchStatus = listed.ok
        ? { lastReadAt: now, lastReadApps: listed.value.apps.length, postProblem: posting.problem }
        : { lastReadAt: previousStatus?.lastReadAt, lastReadApps: previousStatus?.lastReadApps, readProblem: listed.error.message, postProblem: posting.problem };
    report.writes += await saveStatus(statusStore, previousStatus, nextStatus);
    return {
        ...report,
        outcome: listed.ok ? 'read' : 'read-failed',
        notices: notices.length,
        posted: posting.posted,
        failedPosts: posting.failed,
    };
}

interface Posting {
    posted: number;
    failed: number;
    rearmedKeys: string[];
    problem?: string;
}

const NOTHING_POSTED: Posting = { posted: 0, failed: 0, rearmedKeys: [] };

function newRunId(): string {
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

async function postNotices(notices: Notice[], client: ArgoCdClient, config: WatchConfig, notifier: RoomNotifier, snapshot: Snapshot): Promise<Posting> {
    const details = await fetchAlertDetails(client, notices);
    const result: Posting = { posted: 0, failed: 0, rearmedKeys: [] };
    for (const notice of notices) {
        const posted = await notifier.post(renderNotice(notice, { argocdUrl: config.argocd.url }, notice.kind === 'alert' ? details.get(notice.app.key) : undefined));
        if (posted.ok) {
            result.posted++;
            continue;
        }
        result.failed++;
        result.problem = posted.error;
        result.rearmedKeys.push(...rearm(snapshot, notice).changed);
    }
    return result;
}
