/**
 * CPU time of a process tree from /proc, so work that two processes do at once on two cores counts
 * twice, as it costs, and waiting counts nothing. /proc/<pid>/stat has utime + stime of all threads
 * in clock ticks (10 ms): too coarse for a 1 ms fetch. The same CPU time in nanoseconds is the sum
 * of /proc/<pid>/task/<tid>/schedstat over the process's threads; both are read.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';

const TICKS_PER_SECOND = ((): number => {
    try {
        return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
        return 100;
    }
})();

interface Stat {
    ppid: number;
    comm: string;
    /** utime + stime in clock ticks. */
    ticks: number;
}

function readStat(pid: number): Stat | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        // comm is parenthesised and may hold spaces: the fields after it start at ') '.
        const close = stat.lastIndexOf(')');
        const comm = stat.slice(stat.indexOf('(') + 1, close);
        const rest = stat.slice(close + 2).split(' ');
        // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
        return { ppid: Number(rest[1]), comm, ticks: Number(rest[11]) + Number(rest[12]) };
    } catch {
        return undefined;
    }
}

/** Every live process, by pid. */
function allStats(): Map<number, Stat> {
    const stats = new Map<number, Stat>();
    for (const entry of fs.readdirSync('/proc')) {
        if (/^\d+$/.test(entry)) {
            const stat = readStat(Number(entry));
            if (stat) {
                stats.set(Number(entry), stat);
            }
        }
    }
    return stats;
}

/** `root` and its descendants, without the subtrees of `exclude` (the Argo CD test server). */
export function treePids(root: number, exclude: readonly number[] = []): number[] {
    const stats = allStats();
    const children = new Map<number, number[]>();
    for (const [pid, stat] of stats) {
        children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
    }
    const out: number[] = [];
    const walk = (pid: number): void => {
        if (exclude.includes(pid)) {
            return;
        }
        out.push(pid);
        (children.get(pid) ?? []).forEach(walk);
    };
    walk(root);
    return out;
}

/** Nanoseconds on a CPU of every thread of the process (the first field of each thread's schedstat). */
function schedNs(pid: number): number {
    let total = 0;
    let tasks: string[] = [];
    try {
        tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
        return 0;
    }
    for (const tid of tasks) {
        try {
            total += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        } catch {
            // The thread ended between readdir and read.
        }
    }
    return total;
}

interface Reading {
    /** Precise, from schedstat. */
    ms: number;
    /** utime + stime from stat, whole clock ticks. */
    tickMs: number;
}

/** CPU each of these processes has used so far. */
function readCpu(pids: readonly number[]): Map<number, Reading> {
    const out = new Map<number, Reading>();
    for (const pid of pids) {
        const stat = readStat(pid);
        if (stat) {
            out.set(pid, { ms: schedNs(pid) / 1e6, tickMs: (stat.ticks * 1000) / TICKS_PER_SECOND });
        }
    }
    return out;
}

export interface CpuSample {
    /** The whole tree. */
    totalMs: number;
    /** The whole tree by /proc/<pid>/stat's utime + stime: whole clock ticks, a check on totalMs over many samples. */
    tickMs: number;
    /** This Node process: Rocket.Chat's side (the sim, the engine's bridges and messenger). */
    nodeMs: number;
    /** The app's Deno process. */
    denoMs: number;
}

/**
 * Runs `work` and returns the CPU the tree used meanwhile. The tree is the given pids (read once
 * per sample; a process that ends inside `work` loses what it used there, which the callers avoid).
 */
export async function cpuOf<T>(pids: { node: number; deno?: number; others?: readonly number[] }, work: () => Promise<T>): Promise<{ cpu: CpuSample; value: T }> {
    const all = [pids.node, ...(pids.deno === undefined ? [] : [pids.deno]), ...(pids.others ?? [])];
    const before = readCpu(all);
    const value = await work();
    const after = readCpu(all);
    const used = (pid: number | undefined, key: keyof Reading): number => (pid === undefined ? 0 : (after.get(pid)?.[key] ?? 0) - (before.get(pid)?.[key] ?? 0));
    const nodeMs = used(pids.node, 'ms');
    const denoMs = used(pids.deno, 'ms');
    const othersMs = (pids.others ?? []).reduce((sum, pid) => sum + used(pid, 'ms'), 0);
    const tickMs = all.reduce((sum, pid) => sum + used(pid, 'tickMs'), 0);
    return { cpu: { totalMs: nodeMs + denoMs + othersMs, tickMs, nodeMs, denoMs }, value };
}

export const CLOCK_TICK_MS = 1000 / TICKS_PER_SECOND;
