import { PersistenceMuteStore } from '../adapters/PersistenceMuteStore';
import { formatDuration } from '../core/duration';
import { code } from '../core/escape';
import type { MuteTarget } from '../core/mutes';
import { activeMutes, describeMuteTarget } from '../core/mutes';
import type { CommandEnv } from './CommandEnv';

function store(env: CommandEnv): PersistenceMuteStore {
    return new PersistenceMuteStore(env.read.getPersistenceReader(), env.persis);
}

export async function muteCommand(env: CommandEnv, target: MuteTarget, durationMs: number, reason: string | undefined): Promise<void> {
    const mutes = store(env);
    await mutes.removeExpired(env.now);
    await mutes.put({ target, until: env.now + durationMs, by: env.sender.username, createdAt: env.now, ...(reason ? { reason } : {}) });
    await env.replier.reply(env.t('cmd.muted', { target: code(describeMuteTarget(target)), duration: formatDuration(durationMs), reason: reason ? ` (${code(reason, 200)})` : '' }));
}

export async function unmuteCommand(env: CommandEnv, target: MuteTarget): Promise<void> {
    const removed = await store(env).remove(target);
    const shown = code(describeMuteTarget(target));
    await env.replier.reply(removed ? env.t('cmd.unmuted', { target: shown }) : env.t('cmd.notMuted', { target: shown }));
}

export async function mutesCommand(env: CommandEnv): Promise<void> {
    const mutes = activeMutes(await store(env).list(), env.now);
    if (mutes.length === 0) {
        return env.replier.reply(env.t('cmd.noMutes'));
    }
    const lines = mutes.map((m) => env.t('cmd.muteEntry', { target: code(describeMuteTarget(m.target)), duration: formatDuration(m.until - env.now), by: code(m.by, 60), reason: m.reason ? `: ${code(m.reason, 200)}` : '' }));
    await env.replier.reply([env.t('cmd.mutesTitle', { count: mutes.length }), ...lines].join('\n'));
}
