import { PersistenceAckStore } from '../adapters/PersistenceAckStore';
import { currentAcks } from '../core/acks';
import { PersistenceMuteStore } from '../adapters/PersistenceMuteStore';
import { PersistenceSnapshotStore } from '../adapters/PersistenceSnapshotStore';
import { PersistenceStatusStore } from '../adapters/PersistenceStatusStore';
import { renderStatus } from '../core/commands/statusView';
import type { CommandEnv } from './CommandEnv';

/** Answers from the last snapshot: no Argo CD call, so it is instant at any fleet size. */
export async function statusCommand(env: CommandEnv, filter: string | undefined): Promise<void> {
    const reader = env.read.getPersistenceReader();
    const [loaded, status, mutes, acks] = await Promise.all([
        new PersistenceSnapshotStore(reader).loadReadOnly(),
        new PersistenceStatusStore(reader).load(),
        new PersistenceMuteStore(reader).list(),
        new PersistenceAckStore(reader).list(),
    ]);
    await env.replier.reply(renderStatus({ snapshot: loaded, status, mutes, now: env.now, filter, t: env.t, acks: currentAcks(acks, loaded?.apps ?? {}) }));
}
