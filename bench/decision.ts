/**
 * The pure decision step in this process: parseApplicationList + decide on an unchanged fleet
 * (the previous snapshot is the baseline of the same list), against JSON.parse of the same
 * trimmed answer, which every poll pays anyway and so is the floor.
 */
import type { WatchConfig } from '../src/core/config';
import { decide } from '../src/core/decide';
import type { AppState } from '../src/core/model';
import { parseApplicationList } from '../src/core/parseApplications';
import { decodeRecord, encodeRecord } from '../src/core/recordCodec';
import { rosterCodec, shardsOf } from '../src/core/roster';
import { median, sampleSync } from './timing';

export interface DecisionResult {
    iterations: number;
    jsonParseMs: number;
    parseListMs: number;
    decideMs: number;
    /** parseApplicationList + decide, timed together. */
    decisionMs: number;
    /** The store's decode of the roster shards on load (adapter work, not the decision; shown for scale). */
    decodeSnapshotMs: number;
}

const BASELINE_AT = Date.UTC(2025, 0, 1);
const INTERVAL_MS = 2 * 60 * 1000;

function appsOf(body: unknown): AppState[] {
    const parsed = parseApplicationList(body);
    if (!parsed.ok) {
        throw new Error(`the trimmed list does not parse: ${parsed.error}`);
    }
    return parsed.value.apps;
}

export function measureDecision(fieldsBody: string, config: WatchConfig): DecisionResult {
    const settings = { graceMs: config.graceMs, alertOn: config.alertOn, stormThreshold: config.stormThreshold };
    const scopeKey = 'bench';
    const body = JSON.parse(fieldsBody) as unknown;
    const apps = appsOf(body);
    const baseline = decide({ now: BASELINE_AT, settings, scopeKey, read: { ok: true, apps }, mutes: [] });
    const steady = (listed: AppState[]) => decide({
        now: BASELINE_AT + INTERVAL_MS, settings, scopeKey, previous: baseline.snapshot, read: { ok: true, apps: listed }, mutes: [],
    });
    const check = steady(apps);
    if (check.changed.length !== 0 || check.notices.length !== 0) {
        throw new Error(`an unchanged fleet is not steady: ${check.changed.length} changed, ${check.notices.length} notices`);
    }
    const stored = shardsOf(baseline.snapshot.apps).map((apps, shard) => JSON.parse(JSON.stringify(encodeRecord(rosterCodec, { shard, rev: 1, apps }))) as unknown);
    // The same budget for each: the 10,000-app fleet gets tens of samples, 100 apps thousands.
    const budget = { budgetMs: 1500, min: 15, max: 2000, warmup: 3 };
    const jsonParse = sampleSync(() => JSON.parse(fieldsBody), budget);
    const parseList = sampleSync(() => appsOf(body), budget);
    const decideOnly = sampleSync(() => steady(apps), budget);
    const decision = sampleSync(() => steady(appsOf(body)), budget);
    const decode = sampleSync(() => stored.forEach((record) => decodeRecord(rosterCodec, record)), budget);
    return {
        iterations: Math.min(jsonParse.length, parseList.length, decideOnly.length, decision.length),
        jsonParseMs: median(jsonParse),
        parseListMs: median(parseList),
        decideMs: median(decideOnly),
        decisionMs: median(decision),
        decodeSnapshotMs: median(decode),
    };
}
