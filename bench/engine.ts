/**
 * One build of the app in the real engine (its zip in Apps-Engine's Deno runtime, the sim's
 * bridges) against the Argo CD test server in its own process: the first poll, unchanged polls
 * interleaved with a bare fetch + JSON.parse of the very request the app made, as CPU over the
 * process tree; the documents persistence hands the app per poll, per autocomplete keystroke and
 * per `/argo status`; the Deno process's peak memory.
 */
import type { SimPersistenceRecord } from '../sim/rocketchat/RocketChatSim';
import { RocketChatSim } from '../sim/rocketchat/RocketChatSim';
import { JobId } from '../src/jobIds';
import type { ArgoProcess } from './argoProcess';
import { CHANNEL, rawSettings, TOKEN } from './appSettings';
import type { Build } from './baseline';
import type { CpuSample } from './cpu';
import { cpuOf, treePids } from './cpu';
import type { Spans } from './engineSpans';
import { installSpans, takeSpans } from './engineSpans';
import { denoChildren, peakRssBytes } from './memory';
import { nowMs } from './timing';

export interface Sample {
    cpu: CpuSample;
    ms: number;
}

export interface PollSample extends Sample {
    documentsRead: number;
    readCalls: number;
    writeCalls: number;
    messages: number;
    spans: Spans;
}

export interface EngineResult {
    build: Build;
    firstPoll: PollSample;
    /** Unchanged polls, each followed by a bare fetch + parse of the same request. */
    polls: PollSample[];
    bare: Sample[];
    /** Path and query of the app's list request, and the bytes of its answer. */
    listPath: string;
    listBytes: number;
    keystroke: { documentsRead: number; suggestions: number; cpu: CpuSample };
    status: { documentsRead: number; replies: number; chars: number; cpu: CpuSample };
    records: number;
    denoPeakBytes?: number;
}

const HEADERS = { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' };

async function fetchText(url: string): Promise<string> {
    const response = await fetch(url, { headers: HEADERS });
    if (!response.ok) {
        throw new Error(`${url}: HTTP ${response.status}`);
    }
    return response.text();
}

function kindsOf(record: SimPersistenceRecord): string[] {
    return (record.associations as Array<{ id?: string }>).map((a) => a.id ?? '');
}

export async function measureEngine(build: Build, argo: ArgoProcess, options: { polls: number }): Promise<EngineResult> {
    installSpans();
    const sim = await RocketChatSim.start({ appZip: build.zip, settings: rawSettings(argo.url) });
    try {
        const [deno] = denoChildren();
        // The tree: this process, the app's Deno process and anything else below this process but the Argo CD server.
        const others = treePids(process.pid, [argo.pid]).filter((pid) => pid !== process.pid && pid !== deno);
        const pids = { node: process.pid, deno, others };
        const poll = async (): Promise<PollSample> => {
            const messagesBefore = sim.messages(CHANNEL).length;
            sim.resetPersistenceStats();
            takeSpans();
            const start = nowMs();
            const { cpu } = await cpuOf(pids, () => sim.runJob(JobId.Poll));
            const ms = nowMs() - start;
            const stats = sim.persistenceStats();
            return {
                cpu, ms, documentsRead: sim.persistenceDocumentsRead(), readCalls: stats.reads, writeCalls: stats.writes + stats.removes,
                messages: sim.messages(CHANNEL).length - messagesBefore, spans: takeSpans(),
            };
        };
        const firstPoll = await poll();
        // Two polls to settle: the first after the baseline may still write (the status's facts).
        await poll();
        await poll();
        const listPath = await argo.lastListPath();
        const url = `${argo.url}${listPath}`;
        const listBytes = Buffer.byteLength(await fetchText(url));
        const polls: PollSample[] = [];
        const bare: Sample[] = [];
        // Interleaved, so both sides see the same machine state (GC, caches, the other core's load).
        for (let i = 0; i < options.polls; i++) {
            polls.push(await poll());
            const start = nowMs();
            const { cpu } = await cpuOf(pids, async () => JSON.parse(await fetchText(url)) as unknown);
            bare.push({ cpu, ms: nowMs() - start });
        }
        sim.resetPersistenceStats();
        const typed = await cpuOf(pids, () => sim.commandPreviews('admin', CHANNEL, '/argo app pay'));
        const keystroke = {
            documentsRead: sim.persistenceDocumentsRead(),
            suggestions: ((typed.value as { items?: unknown[] } | undefined)?.items ?? []).length,
            cpu: typed.cpu,
        };
        const repliesBefore = sim.notifications('admin').length;
        sim.resetPersistenceStats();
        const statusRun = await cpuOf(pids, () => sim.typeCommand('admin', CHANNEL, '/argo status'));
        const replies = sim.notifications('admin').slice(repliesBefore);
        const status = {
            documentsRead: sim.persistenceDocumentsRead(), replies: replies.length, chars: replies[replies.length - 1]?.text.length ?? 0, cpu: statusRun.cpu,
        };
        const records = sim.persistenceRecords().filter((r) => kindsOf(r).some((id) => id.startsWith('argo-drift:'))).length;
        return {
            build, firstPoll, polls, bare, listPath, listBytes, keystroke, status, records,
            denoPeakBytes: deno === undefined ? undefined : peakRssBytes(deno),
        };
    } finally {
        await sim.stop();
    }
}
