import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { inBatches } from '../adapters/inBatches';
import type { PersistenceRevisionCache } from '../adapters/PersistenceRevisionCache';
import { PersistenceRolloutStore } from '../adapters/PersistenceRolloutStore';
import type { RolloutStore } from '../adapters/PersistenceRolloutStore';
import type { RoomNotifier } from '../adapters/RoomNotifier';
import { readRevisionMetadata } from '../core/commands/argoObjects';
import type { WatchConfig } from '../core/config';
import type { AppRollouts, MessageRef, Rollout, RolloutGroup } from '../core/deployFeed';
import { groupCounts, groupMembers, groupRollouts, keepGroups, needsOperation, stepApp } from '../core/deployFeed';
import { groupListLines, groupText, resyncText, rolloutText } from '../core/deployRender';
import type { Translate } from '../core/i18n/translate';
import type { AppState } from '../core/model';
import type { Notice } from '../core/notices';
import type { OperationView } from '../core/operationView';
import { readOperation } from '../core/operationView';
import { isCommitSha } from '../core/revision';
import type { RoomBlock } from '../core/roomBlock';
import { blockReasonOf } from '../core/roomBlock';
import { ruleMatches } from '../core/routing';
import type { Snapshot } from '../core/snapshot';
import { chunkLines } from '../core/threads';
import type { ArgoCdClient } from '../ports/ArgoCdClient';

/** Full app objects fetched per run for the feed: a burst beyond this waits for the next run. */
const MAX_FETCHES_PER_RUN = 60;
const FETCH_CONCURRENCY = 3;
const MESSAGE_BUDGET = 4000;

export interface FeedInput {
    client: ArgoCdClient;
    config: WatchConfig;
    /** The apps this run read (the whole scoped list, or a webhook's named apps). */
    apps: readonly AppState[];
    reader: IPersistenceRead;
    persis: IPersistence;
    now: number;
}

export interface FeedPostContext {
    notifier: RoomNotifier;
    roomFor: (route: string | undefined) => IRoom;
    routeOf: (app: AppState) => string | undefined;
    /** This run's notices: an alert about a failed rollout becomes a reply in its deploy message. */
    notices: Notice[];
    snapshot: Snapshot;
    cache: PersistenceRevisionCache;
    blocks: Map<string, RoomBlock>;
    t: Translate;
    /** Fencing: true while this run still holds the run lease. */
    stillHeld: () => Promise<boolean>;
    mustStop: () => boolean;
}

export interface FeedResult {
    posted: number;
    /** Snapshot records given a thread (the deploy message) for their alert. */
    changedKeys: string[];
    problem?: string;
    writes: number;
}

export interface DeployFeed {
    /** Something to post, edit or save: the run takes its lease for it. */
    due: boolean;
    /** Under the run lease: re-reads the rollout state, posts and edits, threads alerts, saves. */
    post(ctx: FeedPostContext): Promise<FeedResult>;
}

function matched(config: WatchConfig, app: AppState): boolean {
    return (config.deployFeed ?? []).some((rule) => ruleMatches(rule, app));
}

async function fetchViews(client: ArgoCdClient, apps: AppState[]): Promise<Map<string, OperationView>> {
    const views = new Map<string, OperationView>();
    const queue = apps.slice(0, MAX_FETCHES_PER_RUN);
    const worker = async (): Promise<void> => {
        for (let app = queue.shift(); app; app = queue.shift()) {
            const full = await client.getApplication({ name: app.name, namespace: app.namespace });
            const view = full.ok ? readOperation(full.value) : undefined;
            if (view) {
                views.set(app.key, view);
            }
        }
    };
    await Promise.all(Array.from({ length: FETCH_CONCURRENCY }, worker));
    return views;
}

interface Stepped {
    records: Map<string, AppRollouts>;
    dirty: Set<string>;
    started: Rollout[];
}

/** An app recorded from another Argo CD (its URL changed) is seen for the first time: a baseline. */
function recordOf(loaded: Map<string, AppRollouts>, key: string, argocd: string): AppRollouts | undefined {
    const record = loaded.get(key);
    return record && (record.argocd === undefined || record.argocd === argocd) ? record : undefined;
}

function stepAll(apps: AppState[], loaded: Map<string, AppRollouts>, views: Map<string, OperationView>, now: number, argocd: string): Stepped {
    const records = new Map(loaded);
    const dirty = new Set<string>();
    const started: Rollout[] = [];
    for (const app of apps) {
        const step = stepApp(recordOf(loaded, app.key, argocd), app, views.get(app.key), now);
        if (step.changed) {
            records.set(app.key, { ...step.next, argocd });
            dirty.add(app.key);
        }
        if (step.started) {
            started.push(step.started);
        }
    }
    return { records, dirty, started };
}

/** A post or edit is owed: a rollout whose message does not show its state, a pending reply. */
function owed(record: AppRollouts): boolean {
    return record.resync !== undefined || record.rollouts.some((r) => !r.group && r.told !== r.state);
}

/**
 * Prepares the run's deploy feed (off without `deploy_feed_match`): reads the rollout state and,
 * for apps whose operation changed, their full object.
 */
export async function prepareDeployFeed(input: FeedInput): Promise<DeployFeed | undefined> {
    const { config, now } = input;
    if (!config.deployFeed) {
        return undefined;
    }
    const apps = input.apps.filter((app) => matched(config, app));
    const store: RolloutStore = new PersistenceRolloutStore(input.reader, input.persis);
    const loaded = await store.load();
    const argocd = config.argocd.url;
    const views = await fetchViews(input.client, apps.filter((app) => needsOperation(app, recordOf(loaded.apps, app.key, argocd))));
    const first = stepAll(apps, loaded.apps, views, now, argocd);
    // An unreadable record leaves its app unknown: the app's baseline (dirty) overwrites it.
    const due = first.dirty.size > 0 || [...loaded.apps.values()].some(owed)
        || loaded.groups.some((g) => !g.message || g.listed.length < g.members.length);
    return {
        due,
        post: (ctx) => new FeedRun(input.client, store, ctx, config, now).run(apps, views),
    };
}

class FeedRun {
    readonly result: FeedResult = { posted: 0, changedKeys: [], writes: 0 };
    private readonly refused = new Set<string>();

    constructor(private readonly client: ArgoCdClient, private readonly store: RolloutStore, private readonly ctx: FeedPostContext, private readonly config: WatchConfig, private readonly now: number) {}

    async run(apps: AppState[], views: Map<string, OperationView>): Promise<FeedResult> {
        // Re-read under the lease: a run that posted before this one took it is seen here.
        const loaded = await this.store.load();
        const { records, dirty, started } = stepAll(apps, loaded.apps, views, this.now, this.config.argocd.url);
        for (const problem of loaded.problems) {
            this.result.problem = `a stored rollout record was unreadable and starts afresh: ${problem}`;
        }
        const byKey = new Map(apps.map((app) => [app.key, app]));
        for (const rollout of started) {
            const app = byKey.get(rollout.app.key);
            const route = app ? this.ctx.routeOf(app) : undefined;
            if (route !== undefined) {
                rollout.route = route;
            }
        }
        const groups = new Map(loaded.groups.map((g) => [g.id, g]));
        const dirtyGroups = new Set<string>();
        for (const group of groupRollouts(started, [...groups.values()], this.config.stormThreshold, this.now, (r) => r.id)) {
            groups.set(group.id, group);
            dirtyGroups.add(group.id);
        }
        await this.commits(started, groups);
        for (const [key, record] of records) {
            if (this.ctx.mustStop()) {
                break;
            }
            if (owed(record) && await this.postApp(record, groups)) {
                dirty.add(key);
            }
        }
        const members = groupMembers(records.values());
        for (const group of groups.values()) {
            if (!this.ctx.mustStop() && await this.postGroup(group, members)) {
                dirtyGroups.add(group.id);
            }
        }
        this.threadAlerts(records, groups);
        if (!(await this.ctx.stillHeld())) {
            return this.result;
        }
        // One record per app or group, each written by this run only (it holds the lease): in batches, not one by one.
        await inBatches([...dirty], (key) => this.store.saveApp(records.get(key) as AppRollouts));
        const kept = new Set(keepGroups([...groups.values()]).map((g) => g.id));
        const saved = [...dirtyGroups].filter((id) => kept.has(id));
        await inBatches(saved, (id) => this.store.saveGroup(groups.get(id) as RolloutGroup));
        const dropped = [...groups.keys()].filter((id) => !kept.has(id));
        await inBatches(dropped, (id) => this.store.removeGroup(id));
        this.result.writes += dirty.size + saved.length + dropped.length;
        return this.result;
    }

    /** The commit's author and message, once per revision (cached across runs), for commits only. */
    private async commits(started: Rollout[], groups: Map<string, RolloutGroup>): Promise<void> {
        const seen = new Map<string, Rollout['commit']>();
        for (const rollout of started) {
            const index = rollout.changed.find((i) => isCommitSha(rollout.revisions[i])) ?? rollout.revisions.findIndex((r) => isCommitSha(r));
            const revision = rollout.revisions[index];
            if (index < 0 || !revision || this.ctx.mustStop()) {
                continue;
            }
            if (!seen.has(revision)) {
                let commit = await this.ctx.cache.get(revision);
                if (!commit) {
                    const meta = await this.client.revisionMetadata({ name: rollout.app.name, namespace: rollout.app.namespace }, revision, rollout.revisions.length > 1 ? index : undefined);
                    if (meta.ok) {
                        const read = readRevisionMetadata(meta.value);
                        commit = { ...(read.author ? { author: read.author } : {}), ...(read.message ? { message: read.message } : {}) };
                        await this.ctx.cache.put(revision, commit, this.now);
                    }
                }
                seen.set(revision, commit);
            }
            const commit = seen.get(revision);
            if (commit) {
                rollout.commit = { ...(commit.author ? { author: commit.author } : {}), ...(commit.message ? { message: commit.message } : {}) };
                const group = rollout.group ? groups.get(rollout.group) : undefined;
                if (group && !group.commit) {
                    group.commit = rollout.commit;
                }
            }
        }
    }

    private async send(room: IRoom, text: string, threadId?: string): Promise<string | undefined> {
        if (this.refused.has(room.id)) {
            return undefined;
        }
        const posted = await this.ctx.notifier.post(room, text, threadId ? { threadId } : {});
        if (!posted.ok) {
            this.noteFailure(room, posted.error);
            return undefined;
        }
        this.ctx.blocks.delete(room.id);
        this.result.posted++;
        return posted.value;
    }

    /** A channel refusing the bot is remembered like the alerts' (said once by the run); other errors are retried. */
    private noteFailure(room: IRoom, error: string): void {
        const reason = blockReasonOf(error);
        if (reason) {
            this.refused.add(room.id);
            const known = this.ctx.blocks.get(room.id);
            this.ctx.blocks.set(room.id, { roomId: room.id, room: room.slugifiedName, reason, since: known?.reason === reason ? known.since : this.now });
        } else {
            this.result.problem = `posting failed, will retry next run: ${error}`;
        }
    }

    private async edit(ref: MessageRef, text: string): Promise<boolean> {
        const edited = await this.ctx.notifier.edit(ref.messageId, () => text);
        if (edited.ok) {
            return true;
        }
        // A deleted message is not brought back: its rollout is left as it stands.
        if (/no longer exists/.test(edited.error)) {
            return true;
        }
        this.result.problem = `could not edit a deploy message, will retry next run: ${edited.error}`;
        return false;
    }

    /** Posts or edits each rollout whose message is behind; returns whether the record changed. */
    private async postApp(record: AppRollouts, groups: Map<string, RolloutGroup>): Promise<boolean> {
        let changed = false;
        for (const [i, rollout] of record.rollouts.entries()) {
            if (rollout.group || rollout.told === rollout.state) {
                continue;
            }
            const text = rolloutText(rollout, this.ctx.t);
            if (!rollout.message) {
                const room = this.ctx.roomFor(rollout.route);
                const id = await this.send(room, text);
                if (id) {
                    record.rollouts[i] = { ...rollout, message: { roomId: room.id, messageId: id }, told: rollout.state };
                    changed = true;
                }
            } else if (await this.edit(rollout.message, text)) {
                record.rollouts[i] = { ...rollout, told: rollout.state };
                changed = true;
            }
        }
        if (record.resync) {
            const last = record.rollouts[record.rollouts.length - 1];
            // The app's own deploy message, or its group's.
            const ref = last?.message ?? (last?.group ? groups.get(last.group)?.message : undefined);
            const room = ref ? this.ctx.roomFor(last.route) : undefined;
            if (last && ref && room && room.id === ref.roomId) {
                await this.send(room, resyncText(record, last, this.ctx.t), ref.messageId);
            }
            // At most one reply: a re-sync is not worth a retry.
            delete record.resync;
            changed = true;
        }
        return changed;
    }

    private async postGroup(group: RolloutGroup, members: Map<string, Rollout>): Promise<boolean> {
        const counts = groupCounts(group, members);
        const text = groupText(group, counts, this.ctx.t);
        const room = this.ctx.roomFor(group.route);
        let changed = false;
        if (!group.message) {
            const id = await this.send(room, text);
            if (!id) {
                return false;
            }
            group.message = { roomId: room.id, messageId: id };
            group.told = text;
            changed = true;
        } else if (group.told !== text && await this.edit(group.message, text)) {
            group.told = text;
            changed = true;
        }
        const unlisted = group.members.filter((key) => !group.listed.includes(key));
        if (unlisted.length > 0 && group.message.roomId === room.id) {
            const rollouts = unlisted.map((key) => members.get(`${key}#${group.id}`)).filter((r): r is Rollout => r !== undefined);
            let ok = true;
            for (const chunk of chunkLines(groupListLines(rollouts, group.listed.length === 0, this.ctx.t), MESSAGE_BUDGET)) {
                ok = (await this.send(room, chunk, group.message.messageId)) !== undefined && ok;
            }
            if (ok) {
                group.listed = [...group.listed, ...unlisted];
                changed = true;
            }
        }
        return changed;
    }

    /**
     * A failed or Degraded rollout and its alert are one conversation: the alert goes into the
     * deploy message's thread (the group's, for a group), which stays the incident's thread.
     */
    private threadAlerts(records: Map<string, AppRollouts>, groups: Map<string, RolloutGroup>): void {
        const deployThread = (app: string, route: string | undefined): MessageRef | undefined => {
            const last = records.get(app)?.rollouts.slice(-1)[0];
            if (!last || (last.state !== 'failed' && last.state !== 'degraded')) {
                return undefined;
            }
            const ref = last.group ? groups.get(last.group)?.message : last.message;
            return ref && ref.roomId === this.ctx.roomFor(route).id ? ref : undefined;
        };
        for (const notice of this.ctx.notices) {
            if (notice.kind === 'storm' && !notice.thread) {
                // Many alerts of one group's failures: the storm goes into that group's thread.
                const refs = notice.alerts.map((alert) => deployThread(alert.app.key, notice.route));
                const first = refs[0];
                if (first && refs.every((ref) => ref?.messageId === first.messageId)) {
                    notice.thread = { rootId: first.messageId, roomId: first.roomId, shared: true };
                }
                continue;
            }
            if (notice.kind !== 'alert' || notice.thread) {
                continue;
            }
            const ref = deployThread(notice.app.key, notice.route);
            if (!ref) {
                continue;
            }
            const thread = { rootId: ref.messageId, roomId: ref.roomId, shared: true };
            notice.thread = thread;
            const record = this.ctx.snapshot.apps[notice.app.key];
            if (record) {
                this.ctx.snapshot.apps[notice.app.key] = { ...record, thread };
                this.result.changedKeys.push(notice.app.key);
            }
        }
    }
}
