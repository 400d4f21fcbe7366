/**
 * The channel as a person reads it, in plain text: each message numbered, thread replies under
 * their root, edits in place marked "(edited)", buttons as `(N)[ Label ]`, private replies
 * marked "only you can see this", and the sandbox's own notes. Pure: main feeds it events and
 * prints what it renders.
 */

export interface ButtonTarget {
    /** The message or notification that carries the button. */
    messageId: string;
    actionId: string;
    blockId?: string;
    value?: string;
}

interface ButtonRef {
    n: number;
    label: string;
}

interface Base {
    /** Numbers shown as `[n]`, in arrival order. */
    n: number;
    at: Date;
    text: string;
}

export interface PostEntry extends Base {
    kind: 'post';
    id: string;
    threadId?: string;
    sender: string;
    attachments?: unknown[];
    blocks?: unknown[];
    edited: boolean;
}

export interface PrivateEntry extends Base {
    kind: 'private';
    id: string;
    attachments?: unknown[];
    blocks?: unknown[];
}

export interface NoteEntry extends Base {
    kind: 'note';
    tone: 'info' | 'warn';
}

export type Entry = PostEntry | PrivateEntry | NoteEntry;

export interface IncomingMessage {
    id: string;
    threadId?: string;
    text: string;
    attachments?: unknown;
    blocks?: unknown;
    sender?: string;
}

export interface RenderOptions {
    /** Clock times in UTC, so tests do not depend on the machine's zone. */
    utc?: boolean;
    color?: boolean;
}

const INDENT = '    ';
const EMOJI: Record<string, string> = {
    red_circle: '🔴', large_orange_diamond: '🔶', large_blue_circle: '🔵', white_check_mark: '✅', warning: '⚠️',
    x: '❌', rotating_light: '🚨', mute: '🔇', sound: '🔊', hourglass: '⏳', information_source: 'ℹ️', arrows_counterclockwise: '🔄',
    eyes: '👀', ok: '🆗', rewind: '⏪', wastebasket: '🗑️',
};

export class ChannelView {
    private readonly entries: Entry[] = [];
    private readonly buttons = new Map<number, ButtonTarget>();
    private readonly buttonKeys = new Map<string, ButtonRef>();
    private nextEntry = 1;

    constructor(private readonly defaultSender = 'Argo Drift') {}

    post(message: IncomingMessage, at = new Date()): PostEntry {
        const entry: PostEntry = {
            kind: 'post', n: this.nextEntry++, at, id: message.id, text: message.text, sender: message.sender ?? this.defaultSender, edited: false,
            ...(message.threadId ? { threadId: message.threadId } : {}),
            ...arrays(message),
        };
        this.entries.push(entry);
        this.numberButtons(entry.id, entry.blocks);
        return entry;
    }

    /** An edit replaces the message where it stands; an unknown id shows up as a new post. */
    update(message: IncomingMessage, at = new Date()): PostEntry {
        const existing = this.entries.find((entry): entry is PostEntry => entry.kind === 'post' && entry.id === message.id);
        if (!existing) {
            const added = this.post(message, at);
            added.edited = true;
            return added;
        }
        existing.text = message.text;
        existing.edited = true;
        const { attachments, blocks } = arrays(message);
        existing.attachments = attachments;
        existing.blocks = blocks;
        this.numberButtons(existing.id, existing.blocks);
        return existing;
    }

    privateReply(message: IncomingMessage, at = new Date()): PrivateEntry {
        const entry: PrivateEntry = { kind: 'private', n: this.nextEntry++, at, id: message.id, text: message.text, ...arrays(message) };
        this.entries.push(entry);
        this.numberButtons(entry.id, entry.blocks);
        return entry;
    }

    note(text: string, tone: NoteEntry['tone'] = 'info', at = new Date()): NoteEntry {
        const entry: NoteEntry = { kind: 'note', n: this.nextEntry++, at, text, tone };
        this.entries.push(entry);
        return entry;
    }

    button(n: number): ButtonTarget | undefined {
        return this.buttons.get(n);
    }

    /** The whole channel, threads gathered under their roots. */
    render(options: RenderOptions = {}): string[] {
        const replies = new Map<string, PostEntry[]>();
        const roots = new Set(this.entries.filter((entry) => entry.kind === 'post').map((entry) => (entry as PostEntry).id));
        for (const entry of this.entries) {
            if (entry.kind === 'post' && entry.threadId && roots.has(entry.threadId)) {
                replies.set(entry.threadId, [...(replies.get(entry.threadId) ?? []), entry]);
            }
        }
        const lines: string[] = [];
        for (const entry of this.entries) {
            if (entry.kind === 'post' && entry.threadId && roots.has(entry.threadId)) {
                continue;
            }
            lines.push(...this.renderEntry(entry, options));
            if (entry.kind === 'post') {
                for (const reply of replies.get(entry.id) ?? []) {
                    lines.push(...this.renderEntry(reply, options, true).map((line) => INDENT + line));
                }
            }
        }
        return lines;
    }

    /**
     * One entry on its own, for output that can only append: a thread reply says which message
     * it answers, and is indented as it would be under it.
     */
    renderEntry(entry: Entry, options: RenderOptions = {}, underRoot = false): string[] {
        const time = clock(entry.at, options.utc);
        const paint = painter(options.color);
        if (entry.kind === 'note') {
            return [paint(entry.tone === 'warn' ? 'yellow' : 'dim', `· ${time}  ${entry.text}`)];
        }
        const body = [...textLines(entry.text), ...attachmentLines(entry.attachments), ...this.blockLines(entry.id, entry.blocks, entry.text)];
        if (entry.kind === 'private') {
            const head = paint('magenta', `[${entry.n}] ${time}  only you can see this`);
            return [head, ...body.map((line) => paint('magenta', `${INDENT}${line}`))];
        }
        const root = entry.threadId ? this.entries.find((other) => other.kind === 'post' && other.id === entry.threadId) : undefined;
        const thread = !entry.threadId ? '' : underRoot ? '↳ ' : root ? `↳ reply to [${root.n}] ` : '↳ reply in a thread ';
        const head = `${thread}[${entry.n}] ${time}  ${paint('bold', entry.sender)}${entry.edited ? paint('dim', '  (edited)') : ''}`;
        return [head, ...body.map((line) => `${INDENT}${line}`)];
    }

    private numberButtons(messageId: string, blocks: unknown[] | undefined): void {
        for (const button of buttonsOf(blocks)) {
            const key = `${messageId}\u0000${button.actionId}\u0000${button.value ?? ''}`;
            if (!this.buttonKeys.has(key)) {
                const n = this.buttons.size + 1;
                this.buttonKeys.set(key, { n, label: button.label });
                this.buttons.set(n, { messageId, actionId: button.actionId, ...(button.blockId ? { blockId: button.blockId } : {}), ...(button.value !== undefined ? { value: button.value } : {}) });
            }
        }
    }

    private blockLines(messageId: string, blocks: unknown[] | undefined, messageText: string): string[] {
        const lines: string[] = [];
        const buttonText = (button: FoundButton): string => {
            const ref = this.buttonKeys.get(`${messageId}\u0000${button.actionId}\u0000${button.value ?? ''}`);
            return `${ref ? `(${ref.n})` : ''}[ ${button.label} ]`;
        };
        for (const block of (blocks ?? []) as Block[]) {
            switch (block.type) {
                case 'section':
                case 'header':
                    // Apps repeat the message text in a section as the fallback for clients without UIKit; say it once.
                    if (textOf(block.text) !== messageText) {
                        lines.push(...textLines(textOf(block.text)));
                    }
                    lines.push(...(block.fields ?? []).flatMap((field) => textLines(textOf(field))));
                    if (block.accessory) {
                        lines.push(...buttonsOf([{ type: 'actions', blockId: block.blockId, elements: [block.accessory] }]).map(buttonText));
                    }
                    break;
                case 'context':
                    lines.push((block.elements ?? []).map((element) => textOf(element)).filter(Boolean).join('  '));
                    break;
                case 'actions': {
                    const row = buttonsOf([block]).map(buttonText);
                    if (row.length) {
                        lines.push(row.join('  '));
                    }
                    break;
                }
                case 'divider':
                    lines.push('────────');
                    break;
                default:
                    break;
            }
        }
        return lines;
    }
}

interface Block {
    type: string;
    blockId?: string;
    text?: unknown;
    fields?: unknown[];
    accessory?: unknown;
    elements?: unknown[];
}

interface FoundButton {
    label: string;
    actionId: string;
    blockId?: string;
    value?: string;
}

function buttonsOf(blocks: unknown[] | undefined): FoundButton[] {
    const found: FoundButton[] = [];
    for (const block of (blocks ?? []) as Block[]) {
        const elements = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])] as Array<{ type?: string; actionId?: string; value?: string; text?: unknown; blockId?: string }>;
        for (const element of elements) {
            if (element?.type === 'button' && element.actionId) {
                found.push({
                    label: textOf(element.text) || element.actionId, actionId: element.actionId,
                    ...(element.blockId ?? block.blockId ? { blockId: element.blockId ?? block.blockId } : {}),
                    ...(element.value !== undefined ? { value: element.value } : {}),
                });
            }
        }
    }
    return found;
}

function textOf(value: unknown): string {
    if (typeof value === 'string') {
        return value;
    }
    if (value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') {
        return (value as { text: string }).text;
    }
    return '';
}

function arrays(message: IncomingMessage): { attachments?: unknown[]; blocks?: unknown[] } {
    return {
        ...(Array.isArray(message.attachments) && message.attachments.length ? { attachments: message.attachments } : {}),
        ...(Array.isArray(message.blocks) && message.blocks.length ? { blocks: message.blocks } : {}),
    };
}

function attachmentLines(attachments: unknown[] | undefined): string[] {
    const lines: string[] = [];
    for (const attachment of (attachments ?? []) as Array<{ title?: unknown; text?: unknown; fields?: Array<{ title?: unknown; value?: unknown }> }>) {
        const title = typeof attachment.title === 'object' && attachment.title ? (attachment.title as { value?: unknown }).value : attachment.title;
        const parts = [
            ...(typeof title === 'string' && title ? [title] : []),
            ...(typeof attachment.text === 'string' ? textLines(attachment.text) : []),
            ...(attachment.fields ?? []).map((field) => `${String(field.title ?? '')}: ${String(field.value ?? '')}`),
        ];
        lines.push(...parts.map((part) => `│ ${part}`));
    }
    return lines;
}

/** Rocket.Chat markdown made readable in a terminal: emoji shortcodes drawn, links spelled out. */
export function textLines(text: string): string[] {
    if (text === '') {
        return [];
    }
    return text
        .replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole)
        .replace(/\[([^\]]+)\]\((\S+?)\)/g, '$1 <$2>')
        .split('\n');
}

export function clock(at: Date, utc?: boolean): string {
    const [h, m, s] = utc ? [at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()] : [at.getHours(), at.getMinutes(), at.getSeconds()];
    return [h, m, s].map((part) => String(part).padStart(2, '0')).join(':');
}

const ANSI = { bold: '1', dim: '2', yellow: '33', magenta: '35' } as const;

function painter(color?: boolean): (style: keyof typeof ANSI, text: string) => string {
    return color ? (style, text) => `\x1b[${ANSI[style]}m${text}\x1b[0m` : (_style, text) => text;
}
