import type { Translate } from './i18n/translate';

/**
 * A channel that refuses every post from the bot until an admin acts: read-only without the
 * `post-readonly` permission, archived, or the bot muted there (Rocket.Chat's
 * apps/meteor/app/authorization/server/functions/canSendMessage.ts). Such a refusal is said once
 * and remembered (app logs, `/argo status`); the notices for that channel are kept. Each run
 * tries one post there, quietly, so the alerts go out on the first run after an admin fixes it,
 * and holds the rest: no error line per run, no storm of refused posts.
 */
export type BlockReason = 'read-only' | 'archived' | 'muted';

export interface RoomBlock {
    roomId: string;
    room: string;
    reason: BlockReason;
    since: number;
}

/** The problem in words, with what an admin can do about it. */
export function blockProblem(block: RoomBlock, t: Translate): string {
    return t(`block.${block.reason}` as const, { room: block.room });
}

const PATTERNS: Array<[BlockReason, RegExp]> = [
    ['archived', /archived/i],
    ['read-only', /read[-_ ]?only|readonly|post-readonly/i],
    ['muted', /muted/i],
];

/** Which lasting refusal an error from posting is, if any (any other error is retried next run). */
export function blockReasonOf(error: string): BlockReason | undefined {
    return PATTERNS.find(([, pattern]) => pattern.test(error))?.[0];
}
