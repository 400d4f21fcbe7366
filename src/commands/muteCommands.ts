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
    await env.replier.reply(`Muted ${code(describeMuteTarget(target))} for ${formatDuration(durationMs)}${reason ? ` (${code(reason, 200)})` : ''}. `
        + 'Nothing is posted for it until then; if it is still bad when the mute ends, it is alerted once.');
}

export async function unmuteCommand(env: CommandEnv, target: MuteTarget): Promise<void> {
    const removed = await store(env).remove(target);
    await env.replier.reply(removed
        ? `Unmuted ${code(describeMuteTarget(target))}. If it is bad now, it is alerted on the next run.`
        : `${code(describeMuteTarget(target))} was not muted. \`/argo mutes\` lists the mutes.`);
}

export async function mutesCommand(env: CommandEnv): Promise<void> {
    const mutes = activeMutes(await store(env).list(), env.now);
    if (mutes.length === 0) {
        return env.replier.reply('Nothing is muted.');
    }
    const lines = mutes.map((m) => `• ${code(describeMuteTarget(m.target))} for ${formatDuration(m.until - env.now)} more, by ${code(m.by, 60)}${m.reason ? `: ${code(m.reason, 200)}` : ''}`);
    await env.replier.reply([`*Mutes (${mutes.length})*`, ...lines].join('\n'));
}
