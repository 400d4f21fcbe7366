export interface SimUser {
    id: string;
    username: string;
    name: string;
    roles: string[];
    language?: string;
}

export interface SimMessage {
    id: string;
    roomId: string;
    roomName: string;
    threadId?: string;
    text: string;
    attachments?: unknown[];
    blocks?: unknown[];
    /** Username of the sender. */
    sender: string;
    createdAt: Date;
    updatedAt?: Date;
    editCount: number;
}

export interface SimNotification {
    /** Rocket.Chat gives ephemeral messages an id too; a block action on one carries it as the container id. */
    id: string;
    user: string;
    roomName: string;
    text: string;
    attachments?: unknown[];
    blocks?: unknown[];
    at: Date;
}

export type SimEvent =
    | { event: 'post' | 'update'; room: string; id: string; threadId?: string; text: string; attachments?: unknown; blocks?: unknown }
    | { event: 'notify'; user: string; room: string; text: string; attachments?: unknown; blocks?: unknown };

export interface SimLogEntry {
    method?: string;
    entries: unknown[];
}

export interface SimPersistenceRecord {
    id: string;
    data: unknown;
    associations: unknown[];
}

export interface SimScheduledJob {
    /** The id the app used (without the engine's `_<appId>` suffix). */
    id: string;
    /** The id the engine registered the processor under. */
    processorId: string;
    interval?: string;
    when?: Date;
    data?: unknown;
    skipImmediate?: boolean;
    /** When the sim's scheduler would run it next (also kept when the scheduler is off). */
    nextRunAt?: Date;
}

/** A UIKit surface or error the app pushed to a user (modal.open, contextual_bar.open, errors…). */
export interface SimUiInteraction {
    user: string;
    type: string;
    triggerId: string;
    view?: { id: string; [key: string]: unknown };
    at: Date;
}

export interface SimApiResponse {
    status: number;
    headers?: Record<string, string>;
    content?: unknown;
}

/**
 * silent: engine console output is dropped (app logs still land in logs());
 * warn: the engine's own console warnings and errors pass through;
 * debug: also the engine's `debug` namespaces (appsEngine:*).
 */
export type SimLogLevel = 'silent' | 'warn' | 'debug';
