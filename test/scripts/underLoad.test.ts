import { DEFAULT_RUNS, parseUnderLoadArgs, UNDER_LOAD_USAGE } from '../../scripts/under-load/options';
import { failureExcerpt, formatElapsed, runLine, suiteCounts } from '../../scripts/under-load/report';

describe('parseUnderLoadArgs', () => {
    it('runs the suite 5 times by default', () => {
        expect(parseUnderLoadArgs([])).toEqual({ kind: 'run', options: { runs: 5 } });
        expect(DEFAULT_RUNS).toBe(5);
    });

    it('reads --runs in both --runs N and --runs=N forms', () => {
        expect(parseUnderLoadArgs(['--runs', '3'])).toEqual({ kind: 'run', options: { runs: 3 } });
        expect(parseUnderLoadArgs(['--runs=12'])).toEqual({ kind: 'run', options: { runs: 12 } });
        expect(parseUnderLoadArgs(['--runs', '1', '--runs', '2'])).toEqual({ kind: 'run', options: { runs: 2 } });
    });

    it('asks for help', () => {
        expect(parseUnderLoadArgs(['--runs', '3', '--help'])).toEqual({ kind: 'help' });
        expect(parseUnderLoadArgs(['-h'])).toEqual({ kind: 'help' });
        expect(UNDER_LOAD_USAGE).toContain('--runs N');
        expect(UNDER_LOAD_USAGE).toContain('default: 5');
    });

    it.each([
        [['--runs'], '--runs: needs a value; enter how many measured runs, 1 to 100'],
        [['--runs='], '--runs: needs a value; enter how many measured runs, 1 to 100'],
        [['--runs', '0'], '--runs: "0" is not a whole number from 1 to 100; enter how many measured runs, e.g. --runs 5'],
        [['--runs', '101'], '--runs: "101" is not a whole number from 1 to 100'],
        [['--runs', 'five'], '--runs: "five" is not a whole number from 1 to 100'],
        [['--runs', '2.5'], '--runs: "2.5" is not a whole number from 1 to 100'],
        [['--runs', '-3'], '--runs: "-3" is not a whole number from 1 to 100'],
        [['--bogus'], 'unknown option --bogus; see --help'],
        [['--bogus=1'], 'unknown option --bogus; see --help'],
        [['five'], 'unexpected argument "five"; see --help'],
    ])('%j is refused: %s', (argv, message) => {
        const parsed = parseUnderLoadArgs(argv);
        expect(parsed.kind).toBe('error');
        expect(parsed.kind === 'error' && parsed.message).toContain(message);
    });
});

const PASSING = [
    '> argo-drift@0.1.0 test',
    'PASS test/core/decide.test.ts',
    'Test Suites: 84 passed, 84 total',
    'Tests:       655 passed, 655 total',
    'Snapshots:   0 total',
    'Time:        512.3 s',
    '== end-to-end suite on Apps-Engine 1.53.1 (Rocket.Chat 7.8)',
    'PASS test/e2e/drift.test.ts',
    'Test Suites: 14 passed, 14 total',
    'Tests:       101 passed, 101 total',
    '== Apps-Engine 1.53.1: passed in 120.4 s',
].join('\n');

const FAILING = [
    'PASS test/core/decide.test.ts',
    '  ● Console',
    '',
    '    console.log',
    '      flapping timeline: 10 posts for 8 flips',
    'FAIL test/e2e/incidents.test.ts (60.3 s)',
    '  ● reminders (opt-in) reply in the open incident\'s thread every interval',
    '',
    '    expect(received).toEqual(expected)',
    'PASS test/e2e/drift.test.ts',
    'Test Suites: 1 failed, 83 passed, 84 total',
    'Tests:       1 failed, 654 passed, 655 total',
].join('\n');

describe('suiteCounts', () => {
    it('finds the whole suite\'s summary and each other engine\'s, in order', () => {
        expect(suiteCounts(PASSING)).toEqual([
            { label: 'all tests', tests: '655 passed, 655 total', suites: '84 passed, 84 total', failed: false },
            { label: 'end-to-end on Apps-Engine 1.53.1', tests: '101 passed, 101 total', suites: '14 passed, 14 total', failed: false },
        ]);
    });

    it('marks a summary with failures, and reads through colour codes', () => {
        expect(suiteCounts(`\x1b[1mTest Suites: \x1b[22m\x1b[1m\x1b[31m1 failed\x1b[39m\x1b[22m, 83 passed, 84 total\n${FAILING.split('\n').pop()}`)).toEqual([
            { label: 'all tests', tests: '1 failed, 654 passed, 655 total', suites: '1 failed, 83 passed, 84 total', failed: true },
        ]);
    });

    it('finds nothing in output without a jest summary', () => {
        expect(suiteCounts('npm ERR! missing script: test')).toEqual([]);
    });
});

describe('runLine', () => {
    it('says pass or fail, how long, the counts and the load beside it', () => {
        expect(runLine({ run: 2, of: 5, passed: true, elapsedMs: 581_400, output: PASSING, loadRuns: { finished: 1, failed: 0 } })).toBe(
            'run 2 of 5: PASS in 9m 41s · all tests: 655 passed, 655 total (suites: 84 passed, 84 total); '
            + 'end-to-end on Apps-Engine 1.53.1: 101 passed, 101 total (suites: 14 passed, 14 total) · load: 1 full run(s) finished beside it',
        );
        expect(runLine({ run: 1, of: 1, passed: false, elapsedMs: 4_000, output: 'boom', loadRuns: { finished: 0, failed: 2 } })).toBe(
            'run 1 of 1: FAIL in 4s · no jest summary in the output · load: 0 full run(s) finished beside it, 2 of them failing',
        );
    });

    it('formats durations in minutes and seconds', () => {
        expect(formatElapsed(0)).toBe('0s');
        expect(formatElapsed(59_400)).toBe('59s');
        expect(formatElapsed(60_000)).toBe('1m 00s');
        expect(formatElapsed(1_234_567)).toBe('20m 35s');
    });
});

describe('failureExcerpt', () => {
    it('is jest\'s summary of failing tests when there is one', () => {
        const output = `${FAILING}\nSummary of all failing tests\nFAIL test/e2e/incidents.test.ts\n  ● reminders\nTest Suites: 1 failed, 83 passed, 84 total\n`;
        expect(failureExcerpt(output)).toBe('Summary of all failing tests\nFAIL test/e2e/incidents.test.ts\n  ● reminders');
    });

    it('else the FAIL lines and their failure blocks, nothing of the passing files', () => {
        expect(failureExcerpt(FAILING)).toBe([
            'FAIL test/e2e/incidents.test.ts (60.3 s)',
            '  ● reminders (opt-in) reply in the open incident\'s thread every interval',
            '',
            '    expect(received).toEqual(expected)',
        ].join('\n'));
    });

    it('else the end of the output', () => {
        const output = Array.from({ length: 300 }, (_, i) => `line ${i}`).join('\n');
        expect(failureExcerpt(output, 3)).toBe('line 297\nline 298\nline 299');
    });
});
