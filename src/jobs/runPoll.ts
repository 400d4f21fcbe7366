import type { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { HttpArgoCdClient } from '../adapters/HttpArgoCdClient';
import { serverTranslate } from '../adapters/languages';
import { PersistenceMuteStore } from '../adapters/PersistenceMuteStore';
import { PersistenceRevisionCache } from '../adapters/PersistenceRevisionCache';
import { PersistenceSnapshotStore } from '../adapters/PersistenceSnapshotStore';
import { PersistenceStatusStore } from '../adapters/PersistenceStatusStore';
import { resolveChannel, RoomNotifier } from '../adapters/RoomNotifier';
import { readSettings } from '../adapters/settingsReader';
import type { WatchConfig } from '../core/config';
import { parseConfig } from '../core/config';
import type { ReadOutcome } from '../core/decide';
import { decide } from '../core/decide';
import type { Notice } from '../core/notices';
import { routedChannels, routeOf } from '../core/routing';
import { scopeKeyOf } from '../core/scopeKey';
import { emptyMeta } from '../core/snapshot';
import type { WatchStatus } from '../core/status';
import { statusNeedsWrite } from '../core/status';
import { fetchAlertContext } from './fetchAlertContext';
import type { Posting } from './postNotices';
import { NOTHING_POSTED, postNotices } from './postNotices';

export interface PollDeps {
    read: IRead;
    modify: IModify;
    http: IHttp;
    persis: IPersistence;
    logger: ILogger;
    appId: string;
    now: number;
}

export interface PollReport {
    outcome: 'config-problem' | 'channel-missing' | 'read-failed' | 'read' | 'superseded';
    notices: number;
    posted: number;
    failedPosts: number;
    writes: number;
}

async function saveStatus(store: PersistenceStatusStore, previous: WatchStatus | undefined, next: WatchStatus): Promise<number> {
    if (!statusNeedsWrite(previous, next)) {
        return 0;
    }
    await store.save(next);
    return 1;
}

function newRunId(): string {
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

interface Rooms {
    roomFor: (route: string | undefined) => IRoom;
    problems: string[];
}

/** Each route's channel, resolved every run; a route to a missing channel falls back to the default one. */
async function resolveRooms(read: IRead, config: WatchConfig, defaultRoom: IRoom): Promise<Rooms> {
    const rooms = new Map<string, IRoom>();
    const problems: string[] = [];
    for (const channel of routedChannels(config.routes)) {
        const room = await resolveChannel(read, channel);
        if (room) {
            rooms.set(channel, room);
        } else {
            problems.push(`the channel "${channel}" of a route does not exist; its apps go to #${config.channel} until it is created or the route is changed`);
        }
    }
    return { roomFor: (route) => (route !== undefined ? rooms.get(route) : undefined) ?? defaultRoom, problems };
}

/**
 * One run of the watch loop: read the settings, list the apps, load the snapshot and mutes,
 * decide (pure), claim the right to post, post, re-arm what failed, save what changed.
 */
export async function runPoll(deps: PollDeps): Promise<PollReport> {
    const { read, modify, http, persis, logger, now } = deps;
    const reader = read.getPersistenceReader();
    const statusStore = new PersistenceStatusStore(reader, persis);
    const previousStatus = await statusStore.load();
    const report: PollReport = { outcome: 'read', notices: 0, posted: 0, failedPosts: 0, writes: 0 };
    const t = await serverTranslate(read);

    const { config, problems } = parseConfig(await readSettings(read), t);
    if (!config) {
        const messages = problems.map((p) => p.message);
        if (JSON.stringify(previousStatus?.configProblems) !== JSON.stringify(messages)) {
            messages.forEach((message) => logger.error(`Argo Drift is not watching: ${message}`));
        }
        report.writes += await saveStatus(statusStore, previousStatus, { ...previousStatus, configProblems: messages });
        return { ...report, outcome: 'config-problem' };
    }

    const defaultRoom = await resolveChannel(read, config.channel);
    if (!defaultRoom) {
        const channelProblem = `the channel "${config.channel}" does not exist: create it, or set the Channel setting to an existing channel's name or id`;
        if (previousStatus?.channelProblem !== channelProblem) {
            logger.error(`Argo Drift is not posting: ${channelProblem}`);
        }
        report.writes += await saveStatus(statusStore, previousStatus, { ...previousStatus, configProblems: undefined, channelProblem });
        return { ...report, outcome: 'channel-missing' };
    }
    const rooms = await resolveRooms(read, config, defaultRoom);
    if (JSON.stringify(rooms.problems) !== JSON.stringify(previousStatus?.routeProblems ?? [])) {
        rooms.problems.forEach((problem) => logger.warn(`Routing: ${problem}`));
    }
    const sender = await read.getUserReader().getAppUser();
    if (!sender) {
        throw new Error('the app user is missing: reinstall the app');
    }

    const client = new HttpArgoCdClient(http, config.argocd, t);
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
    const decision = decide({
        now, settings: config, scopeKey, previous: loaded.snapshot, read: outcome, mutes,
        routeOf: (app) => routeOf(config.routes, app),
    });
    const notices: Notice[] = loaded.resetReason ? [{ kind: 'state-reset', reason: loaded.resetReason }, ...decision.notices] : decision.notices;

    let posting: Posting = NOTHING_POSTED;
    const somethingToDo = notices.length > 0 || decision.changed.length > 0 || decision.removed.length > 0 || decision.metaChanged;
    if (somethingToDo) {
        if (!(await snapshotStore.claim(loaded.snapshot?.meta, emptyMeta(scopeKey), newRunId(), now))) {
            logger.info('Another run saved or is posting these changes; this run stands down and the next one decides again.');
            return { ...report, outcome: 'superseded' };
        }
        const details = await fetchAlertContext(client, notices, config.contextFetchLimit, new PersistenceRevisionCache(reader, persis), now);
        posting = await postNotices(notices, {
            notifier: new RoomNotifier(read, modify, sender), roomFor: rooms.roomFor, snapshot: decision.snapshot,
            details, argocdUrl: config.argocd.url, appId: deps.appId, now, t,
        });
        report.writes += 1 + await snapshotStore.save({
            snapshot: decision.snapshot,
            changed: new Set([...decision.changed, ...posting.changedKeys]),
            removed: decision.removed,
        });
    }
    if (posting.problem) {
        logger.error(`Posting failed, will retry next run: ${posting.problem}`);
    }
    const routeProblems = rooms.problems.length > 0 ? rooms.problems : undefined;
    const nextStatus: WatchStatus = listed.ok
        ? { lastReadAt: now, lastReadApps: listed.value.apps.length, postProblem: posting.problem, routeProblems }
        : { lastReadAt: previousStatus?.lastReadAt, lastReadApps: previousStatus?.lastReadApps, readProblem: listed.error.message, postProblem: posting.problem, routeProblems };
    report.writes += await saveStatus(statusStore, previousStatus, nextStatus);
    return {
        ...report,
        outcome: listed.ok ? 'read' : 'read-failed',
        notices: notices.length,
        posted: posting.posted,
        failedPosts: posting.failed,
    };
}
