import type * as readline from 'readline';

import type { ChannelView, Entry } from './view';

/**
 * Where the human view goes. At a terminal the screen is redrawn on every change, so threads sit
 * under their roots and edits replace the message; into a pipe or file, entries are appended as
 * they arrive (replies say which message they answer, edits are printed again marked edited).
 */
export class TerminalOutput {
    private prompt?: readline.Interface;
    private status = '';
    private pending?: NodeJS.Timeout;

    constructor(
        private readonly view: ChannelView,
        private readonly stream: NodeJS.WriteStream,
        private readonly header: string[],
        private readonly interactive: boolean,
    ) {}

    attachPrompt(prompt: readline.Interface): void {
        this.prompt = prompt;
        if (this.interactive) {
            this.redraw();
        }
    }

    setStatus(status: string): void {
        this.status = status;
        if (this.interactive) {
            this.scheduleRedraw();
        }
    }

    show(entry: Entry): void {
        if (this.interactive) {
            this.scheduleRedraw();
            return;
        }
        this.stream.write(`${this.view.renderEntry(entry).join('\n')}\n`);
    }

    redraw(): void {
        if (!this.interactive) {
            this.stream.write(`${this.view.render().join('\n')}\n`);
            return;
        }
        clearTimeout(this.pending);
        this.pending = undefined;
        const rows = this.stream.rows || 40;
        const columns = this.stream.columns || 80;
        const top = [...this.header, ...(this.status ? [this.status] : []), '─'.repeat(Math.min(columns, 100))];
        const body = this.view.render({ color: true });
        // Keep the newest messages and the prompt on screen, as a chat client scrolls; long
        // lines wrap, so count the rows they take.
        let room = Math.max(3, rows - top.reduce((sum, line) => sum + rowsOf(line, columns), 0) - 2);
        let from = body.length;
        while (from > 0 && rowsOf(body[from - 1], columns) <= room) {
            room -= rowsOf(body[--from], columns);
        }
        const shown = from > 0 ? ['…', ...body.slice(from)] : body;
        this.stream.write(`\x1b[H\x1b[2J${[...top, ...shown].join('\n')}\n`);
        this.prompt?.prompt(true);
    }

    close(): void {
        clearTimeout(this.pending);
        this.pending = undefined;
    }

    private scheduleRedraw(): void {
        // Posts arrive in bursts (one poll, many notices): draw once per burst.
        if (!this.pending) {
            this.pending = setTimeout(() => this.redraw(), 30);
        }
    }
}

function rowsOf(line: string, columns: number): number {
    const visible = line.replace(/\x1b\[[0-9;]*m/g, '');
    return Math.max(1, Math.ceil([...visible].length / columns));
}
