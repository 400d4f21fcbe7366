import { PersistenceAckStore } from '../adapters/PersistenceAckStore';
import { currentAcks } from '../core/acks';
import { PersistenceMuteStore } from '../adapters/PersistenceMuteStore';
import { PersistenceSnapshotStore } from '../adapters/PersistenceSnapshotStore';
import { PersistenceStatusStore } from '../adapters/PersistenceStatusStore';
import { renderStatus } from '../core/commands/statusView';
import type { CommandEnv } from './CommandEnv';

/** Answers from the roster and the status record: no Argo CD call, a few documents at any fleet size. */
export async function statusCommand(env: CommandEnv, filter: string | undefined): Promise<void> {
    const reader = env.read.getPersistenceReader();
    const [apps, status, mutes, acks] = await Promise.all([
        new PersistenceSnapshotStore(reader).loadApps(),
        new PersistenceStatusStore(reader).load(),
        new PersistenceMuteStore(reader).list(),
        new PersistenceAckStore(reader).list(),
    ]);
    await env.replier.reply(renderStatus({ snapshot: apps && { apps }, status, mutes, now: env.now, filter, t: env.t, acks: currentAcks(acks, apps ?? {}) }));
}
