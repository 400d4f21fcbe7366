/** Peak resident memory (VmHWM) of this Node process and of the engine's Deno child, from /proc. */
import * as fs from 'fs';

function statusField(pid: number, field: string): number | undefined {
    try {
        const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
        return match ? Number(match[1]) * 1024 : undefined;
    } catch {
        return undefined;
    }
}

export function peakRssBytes(pid: number = process.pid): number | undefined {
    return statusField(pid, 'VmHWM');
}

/** The Deno processes the engine spawned from this process (one per running app). */
export function denoChildren(parent: number = process.pid): number[] {
    const pids: number[] = [];
    for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) {
            continue;
        }
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
            // comm is parenthesised and may hold spaces; the ppid is the second field after it.
            const close = stat.lastIndexOf(')');
            const comm = stat.slice(stat.indexOf('(') + 1, close);
            const ppid = Number(stat.slice(close + 2).split(' ')[1]);
            if (ppid === parent && comm.startsWith('deno')) {
                pids.push(Number(entry));
            }
        } catch {
            // The process ended between readdir and read.
        }
    }
    return pids;
}
