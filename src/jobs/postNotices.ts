import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { RoomNotifier } from '../adapters/RoomNotifier';
import type { AlertDetails } from '../core/alertDetails';
import { formatDuration } from '../core/duration';
import { code } from '../core/escape';
import type { Translate } from '../core/i18n/translate';
import type { AlertNotice, FlapEndNotice, Notice, NoticeContent, RecoveryNotice } from '../core/notices';
import { rearm } from '../core/rearm';
import { appLabel, appLink, renderNotice } from '../core/render';
import type { Snapshot, ThreadRef } from '../core/snapshot';
import { attachThread, chunkLines } from '../core/threads';
import type { RoomBlock } from '../core/roomBlock';
import { blockReasonOf } from '../core/roomBlock';
import { alertButtons } from '../ui/alertBlocks';

/** Rocket.Chat's default message limit is 5,000 characters; a storm's list is split below it. */
const MESSAGE_BUDGET = 4000;
/** Roots of a grouped recovery that get their "resolved" edit in one run. */
const MAX_ROOT_EDITS = 20;

export interface PostingContext {
    notifier: RoomNotifier;
    /** The room of each route; `undefined` is the default channel. */
    roomFor: (route: string | undefined) => IRoom;
    snapshot: Snapshot;
    details: Map<string, AlertDetails>;
    argocdUrl: string;
    appId: string;
    now: number;
    t: Translate;
    /** Channels refusing the bot's posts, by room id; updated as posts are tried. */
    blocks: Map<string, RoomBlock>;
    /** Asked before each notice: true once the run must stop posting (its deadline, its lease). */
    mustStop?: () => boolean;
}

export interface Posting {
    posted: number;
    failed: number;
    /** App records that changed while posting: re-armed after a failure, or given a thread. */
    changedKeys: string[];
    problem?: string;
    /** Notices left for the next run because this one had to stop. */
    deferred: number;
}

export const NOTHING_POSTED: Posting = { posted: 0, failed: 0, changedKeys: [], deferred: 0 };

/** A reply goes into the incident's thread when that thread lives in the room the app routes to now. */
function threadIn(room: IRoom, thread: ThreadRef | undefined): string | undefined {
    return thread && thread.roomId === room.id ? thread.rootId : undefined;
}

class NoticePoster {
    readonly result: Posting = { posted: 0, failed: 0, changedKeys: [], deferred: 0 };
    /** Channels that refused a post in this run: their other notices wait for the next run. */
    private readonly refusedThisRun = new Set<string>();

    constructor(private readonly ctx: PostingContext) {}

    /** Not posted now: re-armed exactly as a failed post is, so the next run posts it. */
    defer(notice: Notice): void {
        this.result.deferred++;
        this.result.changedKeys.push(...rearm(this.ctx.snapshot, notice).changed);
    }

    async post(notice: Notice): Promise<void> {
        const ok = await this.deliver(notice);
        if (!ok) {
            this.result.failed++;
            this.result.changedKeys.push(...rearm(this.ctx.snapshot, notice).changed);
        }
    }

    private async deliver(notice: Notice): Promise<boolean> {
        switch (notice.kind) {
            case 'alert':
                return this.alert(notice);
            case 'storm':
                return this.storm(notice);
            case 'recovery':
                return this.recovery(notice);
            case 'recovery-group':
                return this.recoveryGroup(notice);
            case 'flap-end':
                return this.flapEnd(notice);
            case 'reminder':
            case 'flapping':
            case 'gone': {
                const room = this.ctx.roomFor(notice.route);
                return (await this.send(room, this.render(notice), { threadId: threadIn(room, notice.thread) })) !== undefined;
            }
            default:
                return (await this.send(this.ctx.roomFor(undefined), this.render(notice), {})) !== undefined;
        }
    }

    private render(notice: NoticeContent): string {
        const details = notice.kind === 'alert' ? this.ctx.details.get(notice.app.key) : undefined;
        return renderNotice(notice, { argocdUrl: this.ctx.argocdUrl, t: this.ctx.t }, details).text;
    }

    private async send(room: IRoom, text: string, options: { threadId?: string; blocks?: ReturnType<typeof alertButtons> }): Promise<string | undefined> {
        const { blocks, now } = this.ctx;
        if (this.refusedThisRun.has(room.id)) {
            // Kept for the next run: the caller re-arms it like any post that did not go out.
            return undefined;
        }
        const posted = await this.ctx.notifier.post(room, text, options);
        if (!posted.ok) {
            const reason = blockReasonOf(posted.error);
            if (reason) {
                this.refusedThisRun.add(room.id);
                const known = blocks.get(room.id);
                blocks.set(room.id, { roomId: room.id, room: room.slugifiedName, reason, since: known !== undefined && known.reason === reason ? known.since : now });
            } else {
                this.result.problem = posted.error;
            }
            return undefined;
        }
        blocks.delete(room.id);
        this.result.posted++;
        return posted.value;
    }

    private async alert(alert: AlertNotice): Promise<boolean> {
        const room = this.ctx.roomFor(alert.route);
        const thread = threadIn(room, alert.thread);
        const blocks = alertButtons(this.ctx.appId, alert.app, appLink(this.ctx.argocdUrl, alert.app), this.ctx.t, {
            diff: alert.conditions.includes('OutOfSync'),
            ack: !thread,
        });
        const id = await this.send(room, this.render(alert), { threadId: thread, blocks });
        if (id && !thread) {
            // A new incident (or one whose channel changed) starts its own thread here.
            this.result.changedKeys.push(...attachThread(this.ctx.snapshot, [alert.app.key], { rootId: id, roomId: room.id }));
        }
        return id !== undefined;
    }

    private async storm(storm: Extract<Notice, { kind: 'storm' }>): Promise<boolean> {
        const room = this.ctx.roomFor(storm.route);
        // A storm about one failed rollout is a reply in its deploy message's thread.
        const deployThread = threadIn(room, storm.thread);
        const posted = await this.send(room, this.render(storm), { threadId: deployThread });
        if (!posted) {
            return false;
        }
        const rootId = deployThread ?? posted;
        this.result.changedKeys.push(...attachThread(this.ctx.snapshot, storm.alerts.map((a) => a.app.key), { rootId, roomId: room.id, shared: true }));
        const lines = [this.ctx.t('storm.threadList', { count: storm.alerts.length }), ...storm.alerts.map((a) => `• ${this.render(a).split('\n')[0]}`)];
        for (const chunk of chunkLines(lines, MESSAGE_BUDGET)) {
            // The root already told the channel; a missing list reply is logged, not re-alerted.
            await this.send(room, chunk, { threadId: rootId });
        }
        return true;
    }

    private async recovery(recovery: RecoveryNotice): Promise<boolean> {
        const room = this.ctx.roomFor(recovery.route);
        const thread = threadIn(room, recovery.thread);
        const id = await this.send(room, this.render(recovery), { threadId: thread });
        if (id && thread && !recovery.thread?.shared) {
            await this.markResolved(thread, recovery);
        }
        return id !== undefined;
    }

    private async recoveryGroup(group: Extract<Notice, { kind: 'recovery-group' }>): Promise<boolean> {
        const room = this.ctx.roomFor(group.route);
        const id = await this.send(room, this.render(group), {});
        if (id) {
            const own = group.recoveries.filter((r) => r.thread && !r.thread.shared && r.thread.roomId === room.id).slice(0, MAX_ROOT_EDITS);
            for (const recovery of own) {
                await this.markResolved((recovery.thread as ThreadRef).rootId, recovery);
            }
        }
        return id !== undefined;
    }

    private async flapEnd(notice: FlapEndNotice): Promise<boolean> {
        const room = this.ctx.roomFor(notice.route);
        const thread = threadIn(room, notice.thread);
        const id = await this.send(room, this.render(notice), { threadId: thread });
        if (id && thread && notice.resolved && !notice.thread?.shared) {
            await this.markResolved(thread, notice);
        }
        return id !== undefined;
    }

    /** The incident's first message says it is over, and for how long it lasted; its buttons go. */
    private async markResolved(rootId: string, recovery: Pick<RecoveryNotice, 'badForMs' | 'app'>): Promise<void> {
        const resolved = this.ctx.t('recovery.rootResolved', {
            duration: formatDuration(recovery.badForMs),
            time: new Date(this.ctx.now).toISOString().slice(0, 16).replace('T', ' '),
        });
        const edited = await this.ctx.notifier.edit(rootId, (text) => `${resolved}\n${text.replace(/^:white_check_mark: \*[^\n]*\n/, '')}`, []);
        if (!edited.ok) {
            this.result.problem = `could not mark the alert for ${code(appLabel(recovery.app, this.ctx.t))} resolved: ${edited.error}`;
        }
    }
}

/**
 * Posts each notice where it belongs; a failed one is re-armed so the next run posts it again.
 * A run that must stop (near its deadline) re-arms the rest the same way and saves what it posted.
 */
export async function postNotices(notices: Notice[], ctx: PostingContext): Promise<Posting> {
    const poster = new NoticePoster(ctx);
    for (const notice of notices) {
        if (ctx.mustStop?.()) {
            poster.defer(notice);
        } else {
            await poster.post(notice);
        }
    }
    return poster.result;
}
