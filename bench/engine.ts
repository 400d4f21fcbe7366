/**
 * A whole poll inside the real engine (the packaged app in Apps-Engine's Deno runtime, HTTP
 * accessor, persistence, decision) against a bare fetch + JSON.parse of the same request, then
 * what each poll reads, writes and posts on an unchanged and on a 1%-churning fleet, the
 * `/argo status` answer, the stored snapshot and peak memory.
 */
import type { ArgoCdTestServer } from '../sim/argocd/ArgoCdTestServer';
import type { SimPersistenceRecord } from '../sim/rocketchat/RocketChatSim';
import { RocketChatSim } from '../sim/rocketchat/RocketChatSim';
import { JobId } from '../src/jobIds';
import { CHANNEL, rawSettings } from './appSettings';
import type { Spans } from './engineSpans';
import { installSpans, takeSpans } from './engineSpans';
import { churnOnePercent, fetchText, listUrl } from './fleet';
import { denoChildren, peakRssBytes } from './memory';
import { median, nowMs, timed } from './timing';

export interface PollSample {
    ms: number;
    readCalls: number;
    writeCalls: number;
    removeCalls: number;
    messages: number;
    /** Records that differ after the poll, by kind (roster, snapshot-meta, status…). */
    changedRecords: Record<string, number>;
    spans: Spans;
}

export interface ChurnSample extends PollSample {
    appsChanged: number;
}

export interface EngineResult {
    baseline: PollSample;
    steady: PollSample[];
    bareFetchParseMs: number[];
    churn: ChurnSample[];
    statusReplies: number;
    statusChars: number;
    snapshotRecords: number;
    snapshotBytes: number;
    largestRecordBytes: number;
    allRecordsBytes: number;
    denoPeakBytes?: number;
    nodePeakBytes?: number;
}

const SNAPSHOT_KINDS = new Set(['argo-drift:roster', 'argo-drift:snapshot-meta']);

function kindOf(record: SimPersistenceRecord): string {
    const ids = (record.associations as Array<{ id?: string }>).map((a) => a.id ?? '');
    return ids.find((id) => id.startsWith('argo-drift:') && id.split(':').length === 2) ?? ids[0] ?? 'none';
}

function recordsById(sim: RocketChatSim): Map<string, { kind: string; json: string }> {
    return new Map(sim.persistenceRecords().map((r) => [r.id, { kind: kindOf(r), json: JSON.stringify(r.data) }]));
}

function changedByKind(before: Map<string, { kind: string; json: string }>, after: Map<string, { kind: string; json: string }>): Record<string, number> {
    const counts: Record<string, number> = {};
    const bump = (kind: string) => { counts[kind] = (counts[kind] ?? 0) + 1; };
    for (const [id, record] of after) {
        if (before.get(id)?.json !== record.json) {
            bump(record.kind);
        }
    }
    for (const [id, record] of before) {
        if (!after.has(id)) {
            bump(record.kind);
        }
    }
    return counts;
}

async function poll(sim: RocketChatSim): Promise<PollSample> {
    const before = recordsById(sim);
    const messagesBefore = sim.messages(CHANNEL).length;
    sim.resetPersistenceStats();
    takeSpans();
    const { ms } = await timed(() => sim.runJob(JobId.Poll));
    const spans = takeSpans();
    const stats = sim.persistenceStats();
    return {
        ms,
        readCalls: stats.reads,
        writeCalls: stats.writes,
        removeCalls: stats.removes,
        messages: sim.messages(CHANNEL).length - messagesBefore,
        changedRecords: changedByKind(before, recordsById(sim)),
        spans,
    };
}

async function bareFetchParse(url: string): Promise<number> {
    const start = nowMs();
    JSON.parse(await fetchText(url));
    return nowMs() - start;
}

async function statusAnswer(sim: RocketChatSim): Promise<{ replies: number; chars: number }> {
    const before = sim.notifications('admin').length;
    await sim.typeCommand('admin', CHANNEL, '/argo status');
    const replies = sim.notifications('admin').slice(before);
    return { replies: replies.length, chars: replies[replies.length - 1]?.text.length ?? 0 };
}

function storedSizes(sim: RocketChatSim): Pick<EngineResult, 'snapshotRecords' | 'snapshotBytes' | 'largestRecordBytes' | 'allRecordsBytes'> {
    let snapshotRecords = 0;
    let snapshotBytes = 0;
    let largestRecordBytes = 0;
    let allRecordsBytes = 0;
    for (const record of sim.persistenceRecords()) {
        const bytes = Buffer.byteLength(JSON.stringify(record.data));
        allRecordsBytes += bytes;
        largestRecordBytes = Math.max(largestRecordBytes, bytes);
        if (SNAPSHOT_KINDS.has(kindOf(record))) {
            snapshotRecords++;
            snapshotBytes += bytes;
        }
    }
    return { snapshotRecords, snapshotBytes, largestRecordBytes, allRecordsBytes };
}

export async function measureEngine(server: ArgoCdTestServer, options: { steadyPolls: number; churnPolls: number }): Promise<EngineResult> {
    installSpans();
    const sim = await RocketChatSim.start({ settings: rawSettings(server) });
    try {
        const [denoPid] = denoChildren();
        const baseline = await poll(sim);
        const url = listUrl(server, true);
        const steady: PollSample[] = [];
        const bare: number[] = [];
        // Interleaved, so both sides see the same machine state (GC, caches, the other core's load).
        for (let i = 0; i < options.steadyPolls; i++) {
            steady.push(await poll(sim));
            bare.push(await bareFetchParse(url));
        }
        const churn: ChurnSample[] = [];
        for (let round = 0; round < options.churnPolls; round++) {
            const appsChanged = churnOnePercent(server, round);
            churn.push({ ...(await poll(sim)), appsChanged });
        }
        const status = await statusAnswer(sim);
        return {
            baseline,
            steady,
            bareFetchParseMs: bare,
            churn,
            statusReplies: status.replies,
            statusChars: status.chars,
            ...storedSizes(sim),
            denoPeakBytes: denoPid === undefined ? undefined : peakRssBytes(denoPid),
            nodePeakBytes: peakRssBytes(),
        };
    } finally {
        await sim.stop();
    }
}

export function steadyMedianMs(result: EngineResult): number {
    return median(result.steady.map((s) => s.ms));
}
