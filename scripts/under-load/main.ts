/**
 * `npm run test:under-load`: the whole `npm test` N times in a row, each while a second whole
 * `npm test` runs beside it as load. The load runs in a throwaway `git clone --shared` of this
 * checkout with node_modules hard-linked (its own build/, dist/ and .engine/), so it cannot touch
 * the measured run's files. Options: scripts/under-load/options.ts.
 */
import { execFileSync, spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { parseUnderLoadArgs, UNDER_LOAD_USAGE } from './options';
import { failureExcerpt, formatElapsed, runLine } from './report';

const ROOT = path.resolve(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function say(text: string): void {
    process.stdout.write(`${text}\n`);
}

/** `npm test` in `cwd` as a process group of its own (jest workers, Deno children), output to `log`. */
function npmTest(cwd: string, log: string): { child: ChildProcess; done: Promise<{ code: number | null; output: string }> } {
    const out = fs.openSync(log, 'w');
    const child = spawn(NPM, ['test'], { cwd, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const chunks: Buffer[] = [];
    const keep = (chunk: Buffer): void => {
        chunks.push(chunk);
        fs.writeSync(out, chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const done = new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => {
            fs.closeSync(out);
            resolve({ code, output: Buffer.concat(chunks).toString('utf8') });
        });
    });
    return { child, done };
}

/** Ends a process group this script started, and waits for its leader to be gone. */
async function endGroup(child: ChildProcess, done: Promise<unknown>): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
        await done;
        return;
    }
    const signal = (name: NodeJS.Signals): void => {
        try {
            process.kill(-(child.pid as number), name);
        } catch {
            // Already gone.
        }
    };
    signal('SIGTERM');
    const killer = setTimeout(() => signal('SIGKILL'), 10_000);
    await done.catch(() => undefined);
    clearTimeout(killer);
    // Jest workers and Deno children that outlived their parent.
    signal('SIGKILL');
}

/** The load's own checkout: a shared clone of HEAD, node_modules hard-linked (copied when links cannot cross file systems). */
function prepareLoadCheckout(dir: string): void {
    execFileSync('git', ['clone', '--quiet', '--shared', ROOT, dir], { stdio: 'inherit' });
    const modules = path.join(ROOT, 'node_modules');
    try {
        execFileSync('cp', ['-al', modules, path.join(dir, 'node_modules')], { stdio: 'pipe' });
    } catch {
        say('under-load: node_modules cannot be hard-linked there (another file system?); copying it');
        fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
        execFileSync('cp', ['-a', modules, path.join(dir, 'node_modules')], { stdio: 'inherit' });
    }
    // A cache some tools write in place would be shared through the links.
    fs.rmSync(path.join(dir, 'node_modules', '.cache'), { recursive: true, force: true });
    // The Deno set-up holds absolute paths: the clone gets its own (offline, as npm ci's postinstall).
    execFileSync(process.execPath, [path.join(dir, 'scripts', 'setup-engine.js')], { cwd: dir, stdio: 'pipe' });
}

/** Full `npm test` runs in the load checkout, one after another, until stopped. */
class LoadLoop {
    finished = 0;
    failed = 0;
    private current?: { child: ChildProcess; done: Promise<unknown> };
    private stopping = false;
    private loop?: Promise<void>;

    constructor(private readonly dir: string, private readonly logDir: string) {}

    start(): void {
        this.loop = (async () => {
            for (let n = 1; !this.stopping; n++) {
                const run = npmTest(this.dir, path.join(this.logDir, `load-${n}.log`));
                this.current = run;
                const { code } = await run.done;
                if (this.stopping) {
                    return;
                }
                this.finished++;
                this.failed += code === 0 ? 0 : 1;
            }
        })();
    }

    async stop(): Promise<void> {
        this.stopping = true;
        if (this.current) {
            await endGroup(this.current.child, this.current.done);
        }
        await this.loop;
    }
}

async function main(): Promise<number> {
    const parsed = parseUnderLoadArgs(process.argv.slice(2));
    if (parsed.kind === 'help') {
        process.stdout.write(UNDER_LOAD_USAGE);
        return 0;
    }
    if (parsed.kind === 'error') {
        process.stderr.write(`test:under-load: ${parsed.message}\n`);
        return 2;
    }
    const { runs } = parsed.options;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), `argo-drift-under-load-${stamp}-`));
    const loadDir = path.join(logDir, 'load-checkout');
    say(`under-load: ${runs} measured run(s) of npm test in ${ROOT}, each beside a full npm test as load; logs in ${logDir}`);
    prepareLoadCheckout(loadDir);
    const load = new LoadLoop(loadDir, logDir);
    let measured: { child: ChildProcess; done: Promise<unknown> } | undefined;
    const interrupted = async (): Promise<void> => {
        say('under-load: interrupted; stopping both runs');
        if (measured) {
            await endGroup(measured.child, measured.done);
        }
        await load.stop();
        process.exit(130);
    };
    process.once('SIGINT', () => void interrupted());
    process.once('SIGTERM', () => void interrupted());

    const started = Date.now();
    let passed = 0;
    load.start();
    try {
        for (let run = 1; run <= runs; run++) {
            const before = { finished: load.finished, failed: load.failed };
            const runStarted = Date.now();
            const log = path.join(logDir, `run-${run}.log`);
            const test = npmTest(ROOT, log);
            measured = test;
            const { code, output } = await test.done;
            measured = undefined;
            const ok = code === 0;
            say(runLine({
                run, of: runs, passed: ok, elapsedMs: Date.now() - runStarted, output,
                loadRuns: { finished: load.finished - before.finished, failed: load.failed - before.failed },
            }));
            if (!ok) {
                say(`\nrun ${run} failed (exit ${String(code)}); what failed:\n${failureExcerpt(output)}\n\nfull output: ${log}`);
                break;
            }
            passed++;
        }
    } finally {
        await load.stop();
    }
    say(`under-load: ${passed} of ${runs} run(s) passed in a row (${formatElapsed(Date.now() - started)} in all)`);
    fs.rmSync(loadDir, { recursive: true, force: true });
    return passed === runs ? 0 : 1;
}

main().then((code) => process.exit(code), (error: unknown) => {
    process.stderr.write(`test:under-load: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
});
