import type { ILogger, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Accessors } from '../accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { HttpArgoCdClient } from '../adapters/HttpArgoCdClient';
import { newId } from '../adapters/ids';
import { PersistenceLease } from '../adapters/PersistenceLease';
import { PersistenceAutoSyncStore } from '../adapters/PersistenceAutoSyncStore';
import type { AutoSyncSettings } from '../core/autoSync';
import { autoSyncCandidates, recoveredStates } from '../core/autoSync';
import { serverTranslate } from '../adapters/languages';
import { PersistenceMuteStore } from '../adapters/PersistenceMuteStore';
import { PersistenceRevisionCache } from '../adapters/PersistenceRevisionCache';
import { PersistenceSnapshotStore } from '../adapters/PersistenceSnapshotStore';
import { PersistenceStatusStore } from '../adapters/PersistenceStatusStore';
import { resolveChannel, RoomNotifier, threadsEnabled } from '../adapters/RoomNotifier';
import { readSettings } from '../adapters/settingsReader';
import type { WatchConfig } from '../core/config';
import type { Translate } from '../core/i18n/translate';
import { parseConfig } from '../core/config';
import type { ReadOutcome } from '../core/decide';
import type { RunDeadline } from '../core/deadline';
import { CONTEXT_RESERVE_MS, runDeadline, SAVE_RESERVE_MS } from '../core/deadline';
import { decide, stateResetNotice } from '../core/decide';
import { labelsNeeded } from '../core/listFields';
import type { Notice } from '../core/notices';
import type { RoomBlock } from '../core/roomBlock';
import { blockProblem } from '../core/roomBlock';
import { routedChannels, routeOf } from '../core/routing';
import { scopeKeyOf } from '../core/scopeKey';
import type { Snapshot } from '../core/snapshot';
import type { WatchFacts, WatchStatus } from '../core/status';
import { nextStatus, statusNeedsWrite } from '../core/status';
import type { ArgoCdClient } from '../ports/ArgoCdClient';
import { runAutoSync } from './autoSyncRun';
import type { FeedResult } from './deployFeedRun';
import { prepareDeployFeed } from './deployFeedRun';
import { fetchAlertContext } from './fetchAlertContext';
import { loadPollAcks, removeStaleAcks } from './pollAcks';
import type { Posting } from './postNotices';
import { NOTHING_POSTED, postNotices } from './postNotices';

export interface PollDeps extends Accessors {
    now: number;
    /** The time as a run goes on (lease expiry, the run's deadline); Date.now unless a test steps it. */
    clock?: () => number;
}

export interface PollReport {
    outcome: 'config-problem' | 'channel-missing' | 'read-failed' | 'read' | 'superseded' | 'out-of-time';
    notices: number;
    posted: number;
    failedPosts: number;
    writes: number;
}

async function saveStatus(store: PersistenceStatusStore, previous: WatchStatus | undefined, facts: WatchFacts, now: number): Promise<number> {
    const next = nextStatus(previous, facts, now);
    if (!statusNeedsWrite(previous, next)) {
        return 0;
    }
    await store.save(next);
    return 1;
}

interface Rooms {
    roomFor: (route: string | undefined) => IRoom;
    problems: string[];
}

/** Each route's channel, resolved every run; a route to a missing channel falls back to the default one. */
async function resolveRooms(read: IRead, config: WatchConfig, defaultRoom: IRoom, t: Translate): Promise<Rooms> {
    const rooms = new Map<string, IRoom>();
    const problems: string[] = [];
    for (const channel of routedChannels(config.routes)) {
        const room = await resolveChannel(read, channel);
        if (room) {
            rooms.set(channel, room);
        } else {
            problems.push(t('problem.routeChannelMissing', { channel, fallback: config.channel }));
        }
    }
    return { roomFor: (route) => (route !== undefined ? rooms.get(route) : undefined) ?? defaultRoom, problems };
}

/** A channel that starts or stops refusing the bot is said once in the app's logs, with what to do. */
function reportBlockChanges(before: RoomBlock[], after: RoomBlock[], logger: ILogger, t: Translate): RoomBlock[] | undefined {
    for (const block of after.filter((b) => !before.some((p) => p.roomId === b.roomId && p.reason === b.reason))) {
        logger.error(`Not posting: ${blockProblem(block, t)}`);
    }
    for (const block of before.filter((b) => !after.some((a) => a.roomId === b.roomId))) {
        logger.info(`The channel ${block.room} accepts posts again; the alerts kept for it were posted.`);
    }
    return after.length > 0 ? after : undefined;
}

/** How a run reads Argo CD: the whole scoped list (the poll) or a few named apps (a webhook). */
export type WatchRead = (client: ArgoCdClient, config: WatchConfig, deadline: RunDeadline) => Promise<ReadOutcome>;

const readFleet: WatchRead = async (client, config) => {
    const listed = await client.listApplications(config.scope, { labels: labelsNeeded(config) });
    return listed.ok
        ? { ok: true, apps: listed.value.apps, unreadable: listed.value.unreadable, skipped: listed.value.skipped }
        : { ok: false, cause: listed.error.message };
};

/** One run of the watch loop over the whole fleet. */
export function runPoll(deps: PollDeps): Promise<PollReport> {
    return runWatch(deps, readFleet);
}

/**
 * The watch loop: read the settings, read Argo CD, load the snapshot and mutes, decide (pure),
 * take the run lease, post, re-arm what failed, save what changed. The poll and the webhook
 * share it, so they can never disagree or post the same change twice.
 */
export async function runWatch(deps: PollDeps, readArgo: WatchRead): Promise<PollReport & { snapshot?: Snapshot; config?: WatchConfig }> {
    const { read, modify, http, persis, logger, now } = deps;
    const clock = deps.clock ?? Date.now;
    const deadline = runDeadline(now, clock);
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
        report.writes += await saveStatus(statusStore, previousStatus, { configProblems: messages }, now);
        return { ...report, outcome: 'config-problem' };
    }

    const defaultRoom = await resolveChannel(read, config.channel);
    if (!defaultRoom) {
        const channelProblem = t('problem.channelMissing', { channel: config.channel });
        if (previousStatus?.channelProblem !== channelProblem) {
            logger.error(`Argo Drift is not posting: ${channelProblem}`);
        }
        report.writes += await saveStatus(statusStore, previousStatus, { channelProblem, intervalMs: config.pollIntervalMs }, now);
        return { ...report, outcome: 'channel-missing' };
    }
    const rooms = await resolveRooms(read, config, defaultRoom, t);
    if (JSON.stringify(rooms.problems) !== JSON.stringify(previousStatus?.routeProblems ?? [])) {
        rooms.problems.forEach((problem) => logger.warn(`Routing: ${problem}`));
    }
    const sender = await read.getUserReader().getAppUser();
    if (!sender) {
        throw new Error('the app user is missing: reinstall the app');
    }

    const client = new HttpArgoCdClient(http, config.argocd, t);
    const outcome = await readArgo(client, config, deadline);
    if (!outcome.ok) {
        logger.warn(`Reading Argo CD failed: ${outcome.cause}`);
    }

    const snapshotStore = new PersistenceSnapshotStore(reader, persis);
    const loaded = await snapshotStore.load();
    if (loaded.resetReason) {
        logger.warn(`Stored watch state reset: ${loaded.resetReason}`);
    }
    const mutes = await new PersistenceMuteStore(reader, persis).list();
    const acks = await loadPollAcks(reader, persis, loaded.snapshot, config.reminderMs > 0);
    const scopeKey = scopeKeyOf(config.argocd, config.scope);
    const decision = decide({
        now, settings: config, scopeKey, previous: loaded.snapshot, read: outcome, mutes, acked: acks.acked,
        routeOf: (app) => routeOf(config.routes, app),
    });
    const notices: Notice[] = loaded.resetReason ? [stateResetNotice(loaded.resetReason), ...decision.notices] : decision.notices;

    // Automatic syncs look at the whole fleet, so only a full read drives them.
    const autoSyncStore = new PersistenceAutoSyncStore(reader, persis);
    const autoSync = config.autoSync && outcome.ok && !outcome.partial ? await (async () => {
        const states = await autoSyncStore.loadAll();
        const candidates = autoSyncCandidates(outcome.apps, decision.snapshot.apps, states, config.autoSync as AutoSyncSettings, mutes, now);
        const due = candidates.length > 0 || recoveredStates(outcome.apps, states).length > 0;
        return { states, candidates, due, apps: outcome.apps, settings: config.autoSync as AutoSyncSettings };
    })() : undefined;

    const feed = outcome.ok ? await prepareDeployFeed({ client, config, apps: outcome.apps, reader, persis, now }) : undefined;

    let posting: Posting = NOTHING_POSTED;
    let fed: FeedResult | undefined;
    const blocks = new Map((previousStatus?.blockedRooms ?? []).map((block) => [block.roomId, block]));
    // The first run after an upgrade moves the apps from per-app records to the roster, posting nothing of its own.
    const somethingToDo = notices.length > 0 || decision.changed.length > 0 || decision.removed.length > 0 || decision.metaChanged
        || loaded.perAppLayout === true || autoSync?.due === true || feed?.due === true;
    if (somethingToDo && deadline.near(SAVE_RESERVE_MS + CONTEXT_RESERVE_MS)) {
        logger.warn('This run is near its deadline before posting; it leaves the changes to the next run.');
        return { ...report, outcome: 'out-of-time' };
    }
    if (somethingToDo) {
        const lease = new PersistenceLease(reader, persis, newId(), clock);
        if (!(await lease.acquire())) {
            logger.info('Another run is posting; this run stands down and the next one decides again.');
            return { ...report, outcome: 'superseded' };
        }
        try {
            const [unchanged, details] = await Promise.all([
                snapshotStore.unchangedSince(loaded.snapshot?.meta),
                fetchAlertContext(client, notices, config.contextFetchLimit, new PersistenceRevisionCache(reader, persis), now, () => deadline.near(CONTEXT_RESERVE_MS)),
            ]);
            if (!unchanged) {
                logger.info('Another run saved since this one read; this run stands down and the next one decides again.');
                return { ...report, outcome: 'superseded' };
            }
            if (!(await lease.check())) {
                logger.warn('This run lost its lease before posting; it stands down without posting or saving.');
                return { ...report, outcome: 'superseded' };
            }
            const notifier = new RoomNotifier(read, modify, sender, await threadsEnabled(read));
            fed = await feed?.post({
                notifier, roomFor: rooms.roomFor, routeOf: (app) => routeOf(config.routes, app), notices, snapshot: decision.snapshot, t, blocks,
                cache: new PersistenceRevisionCache(reader, persis), stillHeld: () => lease.check(), mustStop: () => deadline.near(SAVE_RESERVE_MS),
            });
            posting = await postNotices(notices, {
                notifier, roomFor: rooms.roomFor, snapshot: decision.snapshot,
                details, argocdUrl: config.argocd.url, appId: deps.appId, now, t, blocks,
                mustStop: () => deadline.near(SAVE_RESERVE_MS),
            });
            if (posting.deferred > 0) {
                logger.warn(`Near its deadline, this run left ${posting.deferred} notice(s) to the next run.`);
            }
            if (autoSync?.due && !deadline.near(SAVE_RESERVE_MS)) {
                await runAutoSync(autoSync.apps, autoSync.candidates, autoSync.states, {
                    client, store: autoSyncStore, notifier, roomFor: rooms.roomFor, routeOf: (app) => routeOf(config.routes, app),
                    snapshot: decision.snapshot, settings: autoSync.settings, logger, t, now,
                });
            }
            const saved = await snapshotStore.save({
                snapshot: decision.snapshot,
                previous: loaded.snapshot,
                changed: new Set([...decision.changed, ...posting.changedKeys, ...(fed?.changedKeys ?? [])]),
                removed: decision.removed,
                perAppLayout: loaded.perAppLayout,
            }, () => lease.check());
            if (saved === undefined) {
                logger.warn('This run lost its lease before saving; what it posted may be posted again by the next run.');
                return { ...report, outcome: 'superseded', posted: posting.posted };
            }
            report.writes += 3 + saved + (fed?.writes ?? 0);
            report.writes += await removeStaleAcks(acks, loaded.snapshot, decision.snapshot);
        } finally {
            await lease.release();
        }
    }
    if (posting.problem) {
        logger.error(`Posting failed, will retry next run: ${posting.problem}`);
    }
    if (fed?.problem) {
        logger.error(`Deploy feed: ${fed.problem}`);
    }
    const blockedRooms = reportBlockChanges(previousStatus?.blockedRooms ?? [], [...blocks.values()], logger, t);
    const routeProblems = rooms.problems.length > 0 ? rooms.problems : undefined;
    // A webhook's few apps say nothing about the read as a whole: only a poll states the facts.
    if (!(outcome.ok && outcome.partial)) {
        report.writes += await saveStatus(statusStore, previousStatus, {
            readOk: outcome.ok,
            lastReadApps: outcome.ok ? outcome.apps.length : undefined,
            readProblem: outcome.ok ? undefined : outcome.cause,
            intervalMs: config.pollIntervalMs,
            postProblem: posting.problem, routeProblems, blockedRooms,
        }, now);
    }
    return {
        ...report,
        outcome: outcome.ok ? 'read' : 'read-failed',
        notices: notices.length,
        posted: posting.posted,
        failedPosts: posting.failed,
        snapshot: decision.snapshot,
        config,
    };
}
