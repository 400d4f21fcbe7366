/** Reading `npm test`'s output for the under-load runner: test counts, what failed, one line per run. */

export interface SuiteCounts {
    /** Which jest invocation: the whole suite, or the end-to-end suite on another Apps-Engine. */
    label: string;
    /** Jest's own summary, e.g. "612 passed, 612 total". */
    tests: string;
    suites: string;
    failed: boolean;
}

const ENGINE_MARK = /^== end-to-end suite on Apps-Engine (\S+)/;
const TESTS_LINE = /^Tests:\s+(.+)$/;
const SUITES_LINE = /^Test Suites:\s+(.+)$/;

/**
 * Jest's summaries in the order `npm test` printed them: first the whole suite, then one per extra
 * Apps-Engine runtime (scripts/test-engines.js announces each with a "== end-to-end suite on" line).
 */
export function suiteCounts(output: string): SuiteCounts[] {
    const counts: SuiteCounts[] = [];
    let label = 'all tests';
    let suites = '';
    for (const raw of output.split(/\r?\n/)) {
        const line = raw.replace(/\x1b\[[0-9;]*m/g, '').trim();
        const engine = ENGINE_MARK.exec(line);
        if (engine) {
            label = `end-to-end on Apps-Engine ${engine[1]}`;
            continue;
        }
        const suitesLine = SUITES_LINE.exec(line);
        if (suitesLine) {
            suites = suitesLine[1];
            continue;
        }
        const tests = TESTS_LINE.exec(line);
        if (tests) {
            counts.push({ label, tests: tests[1], suites, failed: /\bfailed\b/.test(tests[1]) || /\bfailed\b/.test(suites) });
        }
    }
    return counts;
}

/** `9m 41s`, `48s`: a run's wall-clock time. */
export function formatElapsed(ms: number): string {
    const seconds = Math.round(ms / 1000);
    const minutes = Math.floor(seconds / 60);
    return minutes > 0 ? `${minutes}m ${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

export interface RunResult {
    run: number;
    of: number;
    passed: boolean;
    elapsedMs: number;
    output: string;
    /** Load runs that finished while this one ran, and how many of them failed. */
    loadRuns: { finished: number; failed: number };
}

/** One line per measured run: the figures the README and an issue's closing note quote. */
export function runLine(result: RunResult): string {
    const counts = suiteCounts(result.output);
    const figures = counts.length > 0
        ? counts.map((c) => `${c.label}: ${c.tests} (suites: ${c.suites || 'n/a'})`).join('; ')
        : 'no jest summary in the output';
    const load = `load: ${result.loadRuns.finished} full run(s) finished beside it${result.loadRuns.failed > 0 ? `, ${result.loadRuns.failed} of them failing` : ''}`;
    return `run ${result.run} of ${result.of}: ${result.passed ? 'PASS' : 'FAIL'} in ${formatElapsed(result.elapsedMs)} · ${figures} · ${load}`;
}

/**
 * What to show of a failed run: jest's "Summary of all failing tests" when it printed one, else
 * each failing file from its FAIL line to the next file (a passing file's console output is left
 * out), else the end of the output.
 */
export function failureExcerpt(output: string, tailLines = 120): string {
    const lines = output.split(/\r?\n/);
    const summaryAt = lines.findIndex((line) => line.includes('Summary of all failing tests'));
    if (summaryAt >= 0) {
        const end = lines.findIndex((line, i) => i > summaryAt && /^\s*Test Suites:/.test(line));
        return lines.slice(summaryAt, end < 0 ? undefined : end).join('\n').trimEnd();
    }
    const failing: string[] = [];
    let inBlock = false;
    for (const line of lines) {
        if (/^FAIL /.test(line)) {
            inBlock = true;
        } else if (/^PASS /.test(line) || /^\s*Test Suites:/.test(line)) {
            inBlock = false;
        }
        if (inBlock) {
            failing.push(line);
        }
    }
    return (failing.length > 0 ? failing : lines.slice(-tailLines)).join('\n').trimEnd();
}
