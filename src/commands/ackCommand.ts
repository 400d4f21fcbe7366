import { PersistenceAckStore } from '../adapters/PersistenceAckStore';
import { PersistenceSnapshotStore } from '../adapters/PersistenceSnapshotStore';
import { RoomNotifier, threadsEnabled } from '../adapters/RoomNotifier';
import { serverTranslate } from '../adapters/languages';
import { ACK_LINE } from '../core/acks';
import type { AppArg } from '../core/commands/parseCommand';
import { code } from '../core/escape';
import { appLabel } from '../core/render';
import { mayOperate } from '../core/roles';
import type { AppRecord } from '../core/snapshot';
import type { CommandEnv } from './CommandEnv';
import { loadWatchConfig } from './loadWatchConfig';

function findRecord(apps: Record<string, AppRecord>, app: AppArg): [string, AppRecord] | undefined {
    const matches = Object.entries(apps).filter(([, r]) => r.name === app.name && (app.namespace === undefined || r.namespace === app.namespace));
    // An open incident is what an ack is for: prefer it when the name exists in several namespaces.
    return matches.find(([, r]) => r.openedAt !== undefined) ?? matches[0];
}

function utcTime(now: number): string {
    return new Date(now).toISOString().slice(11, 16);
}

/**
 * `/argo ack <app> [note]` and the Ack button: records who is on the open incident, edits its
 * first message to say so, adds one line to its thread, and stops its reminders until it closes.
 */
export async function ackCommand(env: CommandEnv, app: AppArg, note: string | undefined): Promise<void> {
    const config = await loadWatchConfig(env);
    // Checked when handled, not when the button was drawn; without a valid configuration the default (anyone) holds.
    const roles = config.ok ? config.value.ackRoles : [];
    if (roles.length > 0 && !mayOperate(env.sender.roles, roles)) {
        return env.replier.reply(env.t('ack.notAllowed', { app: code(app.name), roles: roles.map((r) => code(r)).join(', ') }));
    }
    const reader = env.read.getPersistenceReader();
    const apps = await new PersistenceSnapshotStore(reader).loadApps();
    const found = apps ? findRecord(apps, app) : undefined;
    if (!found || found[1].openedAt === undefined) {
        return env.replier.reply(env.t('ack.noIncident', { app: code(app.name) }));
    }
    const [appKey, record] = found;
    await new PersistenceAckStore(reader, env.persis).put({
        appKey, by: env.sender.username, userId: env.sender.id, at: env.now, openedAt: record.openedAt as number, ...(note ? { note } : {}),
    });
    const problem = await tellTheThread(env, record, note);
    await env.replier.reply(env.t('ack.done', { app: code(record.name) }) + (problem ? `\n${env.t('ack.threadFailed', { problem: code(problem, 200) })}` : ''));
}

/** The root says who is on it and since when (names as code: no mention); the thread gets one line. */
async function tellTheThread(env: CommandEnv, record: AppRecord, note: string | undefined): Promise<string | undefined> {
    const thread = record.thread;
    if (!thread) {
        return undefined;
    }
    const room = await env.read.getRoomReader().getById(thread.roomId);
    const sender = await env.read.getUserReader().getAppUser();
    if (!room || !sender) {
        return undefined;
    }
    const t = await serverTranslate(env.read);
    const who = code(env.sender.username, 60);
    const shownNote = note ? `: ${code(note, 200)}` : '';
    const notifier = new RoomNotifier(env.read, env.modify, sender, await threadsEnabled(env.read));
    if (!thread.shared) {
        const line = t('ack.rootLine', { user: who, time: utcTime(env.now), note: shownNote });
        const edited = await notifier.edit(thread.rootId, (text) => `${line}\n${text.replace(ACK_LINE, '')}`);
        if (!edited.ok) {
            return edited.error;
        }
    }
    const posted = await notifier.post(room, t('ack.threadLine', { user: who, app: appLabel(record, t), note: shownNote }), { threadId: thread.rootId });
    return posted.ok ? undefined : posted.error;
}
