import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const running = new Set<ChildProcess>();

export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/**
 * Runs `npm start` as scripts do: the CLI in its own process, `input` written to its stdin and
 * then closed. A run that outlives `timeoutMs` is killed, and so is any left at the end of a file.
 */
export function runCli(args: string[], options: { input?: string; timeoutMs?: number; env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
    return startCli(args, options).done;
}

export interface StartedCli {
    child: ChildProcess;
    done: Promise<CliRun>;
    /** Resolves once stderr matches, e.g. a poll count. */
    stderrMatches(pattern: RegExp): Promise<void>;
    /** Resolves with the first stdout line that matches, e.g. a JSON event. */
    stdoutLine(pattern: RegExp): Promise<string>;
}

export function startCli(args: string[], options: { input?: string; timeoutMs?: number; env?: Record<string, string | undefined> } = {}): StartedCli {
    let child!: ChildProcess;
    const watchers: Array<{ pattern: RegExp; resolve: () => void }> = [];
    let stderrSoFar = '';
    let stdoutSoFar = '';
    const lineWatchers: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
    const firstLine = (pattern: RegExp) => stdoutSoFar.split('\n').slice(0, -1).find((line) => pattern.test(line));
    const done = new Promise<CliRun>((resolve, reject) => {
        child = spawn(process.execPath, [path.join(ROOT, 'node_modules', '.bin', 'tsx'), path.join(ROOT, 'sim', 'sandbox', 'main.ts'), ...args], {
            cwd: ROOT,
            env: { ...process.env, ARGOCD_TOKEN: undefined, ...options.env },
            stdio: ['pipe', 'pipe', 'pipe'],
        });
        running.add(child);
        let stdout = '';
        let stderr = '';
        child.stdout?.on('data', (chunk: Buffer) => {
            stdout += chunk.toString('utf8');
            stdoutSoFar = stdout;
            for (const watcher of [...lineWatchers]) {
                const line = firstLine(watcher.pattern);
                if (line !== undefined) {
                    lineWatchers.splice(lineWatchers.indexOf(watcher), 1);
                    watcher.resolve(line);
                }
            }
        });
        child.stderr?.on('data', (chunk: Buffer) => {
            stderr += chunk.toString('utf8');
            stderrSoFar = stderr;
            for (const watcher of watchers.filter((candidate) => candidate.pattern.test(stderr))) {
                watcher.resolve();
            }
        });
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`the sandbox did not exit within ${options.timeoutMs ?? 45000} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        }, options.timeoutMs ?? 45000);
        child.on('error', reject);
        child.on('exit', (code) => {
            clearTimeout(timer);
            running.delete(child);
            resolve({ code, stdout, stderr });
        });
        child.stdin?.end(options.input ?? '');
    });
    return {
        child,
        done,
        stdoutLine: (pattern) => new Promise<string>((resolve) => {
            const line = firstLine(pattern);
            if (line !== undefined) {
                resolve(line);
            } else {
                lineWatchers.push({ pattern, resolve });
            }
        }),
        stderrMatches: (pattern) => new Promise<void>((resolve) => {
            if (pattern.test(stderrSoFar)) {
                resolve();
            } else {
                watchers.push({ pattern, resolve });
            }
        }),
    };
}

export function killAll(): void {
    for (const child of running) {
        child.kill('SIGKILL');
    }
    running.clear();
}

export function jsonLines(stdout: string): Array<Record<string, unknown>> {
    return stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}
