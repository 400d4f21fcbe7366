import type { SimEvent } from '../rocketchat/RocketChatSim';

/**
 * The --json contract: one object per line, every key present (null when the message has no
 * thread, attachments or blocks) so scripts can read fields without guarding for absence.
 * Private replies to other users are not the sandbox user's to see and are left out.
 */
export function jsonLineOf(event: SimEvent, username: string): string | undefined {
    if (event.event === 'notify') {
        if (event.user !== username) {
            return undefined;
        }
        return JSON.stringify({
            event: 'notify', user: event.user, room: event.room, text: event.text,
            attachments: event.attachments ?? null, blocks: event.blocks ?? null,
        });
    }
    return JSON.stringify({
        event: event.event, room: event.room, id: event.id, threadId: event.threadId ?? null, text: event.text,
        attachments: event.attachments ?? null, blocks: event.blocks ?? null,
    });
}

/** Printed once the app's endpoints accept connections (--api-port). */
export function listeningLine(url: string): string {
    return JSON.stringify({ event: 'listening', url });
}
