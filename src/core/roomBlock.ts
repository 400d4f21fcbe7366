import type { Translate } from './i18n/translate';

/**
 * A channel that refuses every post from the bot until an admin acts: read-only without the
 * `post-readonly` permission, archived, or the bot muted there (Rocket.Chat's
 * apps/meteor/app/authorization/server/functions/canSendMessage.ts). Such a refusal is said once
 * and remembered; the notices for that channel are kept and tried again now and then, never
 * every run with an error line each time.
 */
export type BlockReason = 'read-only' | 'archived' | 'muted';

export interface RoomBlock {
    roomId: string;
    room: string;
    reason: BlockReason;
    since: number;
    /** When a post was last tried there. */
    triedAt: number;
    /** Whether the room looked read-only when the post was refused (a change is worth a try at once). */
    readOnly?: boolean;
}

/** The problem in words, with what an admin can do about it. */
export function blockProblem(block: RoomBlock, t: Translate): string {
    return t(`block.${block.reason}` as const, { room: block.room });
}

/** How often a blocked channel is tried again when nothing about it changed. */
export const BLOCKED_RETRY_MS = 10 * 60 * 1000;

const PATTERNS: Array<[BlockReason, RegExp]> = [
    ['archived', /archived/i],
    ['read-only', /read[-_ ]?only|readonly|post-readonly/i],
    ['muted', /muted/i],
];

/** Which lasting refusal an error from posting is, if any (any other error is retried next run). */
export function blockReasonOf(error: string): BlockReason | undefined {
    return PATTERNS.find(([, pattern]) => pattern.test(error))?.[0];
}

/** Whether to try posting to a blocked channel now: every BLOCKED_RETRY_MS, or at once when its read-only flag changed. */
export function worthTrying(block: RoomBlock | undefined, readOnlyNow: boolean | undefined, now: number): boolean {
    if (!block) {
        return true;
    }
    if (block.readOnly !== undefined && readOnlyNow !== undefined && block.readOnly !== readOnlyNow) {
        return true;
    }
    return now - block.triedAt >= BLOCKED_RETRY_MS;
}
