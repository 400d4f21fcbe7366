import * as readline from 'readline';

export type TypedLine =
    | { kind: 'empty' }
    | { kind: 'command'; text: string }
    | { kind: 'click'; n: number }
    | { kind: 'redraw' }
    | { kind: 'help' }
    | { kind: 'quit' }
    | { kind: 'unknown'; text: string };

export const PROMPT_HELP = [
    '/argo …      runs the slash command in the channel (try /argo help)',
    '!click N     presses the button shown as (N)[ Label ]; !N does the same',
    '!redraw      draws the view again',
    '!quit        stops, like Ctrl-C',
];

/** What a typed line asks for: a slash command goes to the chat, `!…` to the sandbox itself. */
export function interpretLine(line: string): TypedLine {
    const text = line.trim();
    if (text === '') {
        return { kind: 'empty' };
    }
    if (text.startsWith('/')) {
        return { kind: 'command', text };
    }
    const click = /^!\s*(?:click\s+)?(\d+)$/i.exec(text);
    if (click) {
        return { kind: 'click', n: Number(click[1]) };
    }
    switch (text.toLowerCase()) {
        case '!redraw': return { kind: 'redraw' };
        case '!help': return { kind: 'help' };
        case '!quit': case '!exit': return { kind: 'quit' };
        default: return { kind: 'unknown', text };
    }
}

/**
 * Lines run one after another in the order typed, each after the sandbox is ready: a piped
 * script's `/argo mute` must land before its `/argo status`.
 */
export class LineQueue {
    private tail: Promise<void>;

    constructor(ready: Promise<unknown>, private readonly handle: (line: string) => Promise<void>) {
        this.tail = ready.then(() => undefined, () => undefined);
    }

    push(line: string): void {
        this.tail = this.tail.then(() => this.handle(line)).catch(() => undefined);
    }

    /** Resolves once every line pushed so far has been handled. */
    drained(): Promise<void> {
        return this.tail;
    }
}

export interface PromptHooks {
    onLine(line: string): void;
    /** Ctrl-C while readline owns the terminal (it then does not reach the process as SIGINT). */
    onInterrupt(): void;
    onEnd(): void;
}

/** Reads standard input line by line; shows a prompt only when a person is at a terminal. */
export function startPrompt(hooks: PromptHooks, interactive: boolean): readline.Interface {
    const rl = readline.createInterface({
        input: process.stdin,
        output: interactive ? process.stdout : undefined,
        terminal: interactive,
        prompt: 'argo> ',
    });
    rl.on('line', hooks.onLine);
    rl.on('SIGINT', hooks.onInterrupt);
    rl.on('close', hooks.onEnd);
    return rl;
}
