import { interpretLine, LineQueue } from '../../sim/sandbox/prompt';

describe('interpretLine', () => {
    it.each([
        ['', { kind: 'empty' }],
        ['   ', { kind: 'empty' }],
        [' /argo status ', { kind: 'command', text: '/argo status' }],
        ['!click 3', { kind: 'click', n: 3 }],
        ['!12', { kind: 'click', n: 12 }],
        ['!redraw', { kind: 'redraw' }],
        ['!HELP', { kind: 'help' }],
        ['!quit', { kind: 'quit' }],
        ['hello', { kind: 'unknown', text: 'hello' }],
        ['!click', { kind: 'unknown', text: '!click' }],
    ])('%j', (line, typed) => {
        expect(interpretLine(line)).toEqual(typed);
    });
});

describe('LineQueue', () => {
    it('handles lines in order, one at a time, only once ready', async () => {
        let open!: () => void;
        const handled: string[] = [];
        const queue = new LineQueue(new Promise<void>((resolve) => { open = resolve; }), async (line) => {
            handled.push(`start ${line}`);
            await new Promise((resolve) => setTimeout(resolve, line === 'a' ? 20 : 1));
            handled.push(`end ${line}`);
        });
        queue.push('a');
        queue.push('b');
        await new Promise((resolve) => setTimeout(resolve, 10));
        expect(handled).toEqual([]);
        open();
        await queue.drained();
        expect(handled).toEqual(['start a', 'end a', 'start b', 'end b']);
    });
});
