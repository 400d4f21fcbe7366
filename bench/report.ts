/** The table (terminal and markdown) with a verdict per target, and RESULTS.md around it. */
import { execFileSync } from 'child_process';
import * as os from 'os';
import { steadyMedianMs } from './engine';
import type { EngineResult, PollSample } from './engine';
import type { SizeResult } from './results';
import { median } from './timing';

const MONGO_DOCUMENT_LIMIT = 16 * 1024 * 1024;

interface Row {
    measure: string;
    cells: string[];
    target: string;
    verdict: string;
}

type Verdict = 'met' | 'missed' | '';

function bytes(n: number | undefined): string {
    if (n === undefined) {
        return 'n/a';
    }
    if (n >= 1024 * 1024) {
        return `${(n / 1024 / 1024).toFixed(1)} MiB`;
    }
    return n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}

function ms(n: number): string {
    return n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(n >= 10 ? 1 : 2)} ms`;
}

function ratio(n: number): string {
    return `${n.toFixed(n >= 10 ? 1 : 2)}×`;
}

function range(values: number[]): string {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return lo === hi ? String(lo) : `${lo}–${hi}`;
}

function verdict(ok: boolean | undefined): Verdict {
    return ok === undefined ? '' : ok ? 'met' : 'missed';
}

function at(results: SizeResult[], apps: number): SizeResult | undefined {
    return results.find((r) => r.apps === apps);
}

function snapshotChanged(sample: PollSample): number {
    return (sample.changedRecords['argo-drift:roster'] ?? 0) + (sample.changedRecords['argo-drift:snapshot-meta'] ?? 0);
}

function bareMedian(engine: EngineResult): number {
    return median(engine.bareFetchParseMs);
}

function engineRatio(r: SizeResult): number {
    return steadyMedianMs(r.engine) / bareMedian(r.engine);
}

function perSize(results: SizeResult[], cell: (r: SizeResult) => string): string[] {
    return results.map(cell);
}

export function buildRows(results: SizeResult[]): Row[] {
    const r1k = at(results, 1_000);
    const r10k = at(results, 10_000);
    const sizesOver = (ok: (r: SizeResult) => boolean): string => {
        const missed = results.filter((r) => !ok(r)).map((r) => r.apps.toLocaleString('en-US'));
        return missed.length === 0 ? 'met' : `missed at ${missed.join(', ')}`;
    };
    const readCalls = results.flatMap((r) => r.engine.steady.map((s) => s.readCalls));
    return [
        { measure: '**1. Wire**', cells: results.map(() => ''), target: '', verdict: '' },
        { measure: 'list answer with `fields`', cells: perSize(results, (r) => bytes(r.fieldsBytes)), target: '', verdict: '' },
        { measure: 'full list answer', cells: perSize(results, (r) => bytes(r.fullBytes)), target: '', verdict: '' },
        {
            measure: 'full ÷ `fields`', cells: perSize(results, (r) => ratio(r.fullBytes / r.fieldsBytes)),
            target: '≥ 10× at 1,000', verdict: verdict(r1k && r1k.fullBytes / r1k.fieldsBytes >= 10),
        },
        { measure: '**2. Decision (in-process, medians)**', cells: results.map(() => ''), target: '', verdict: '' },
        { measure: 'samples per measurement', cells: perSize(results, (r) => String(r.decision.iterations)), target: '', verdict: '' },
        { measure: '`JSON.parse` of the trimmed answer (floor)', cells: perSize(results, (r) => ms(r.decision.jsonParseMs)), target: '', verdict: '' },
        { measure: '`parseApplicationList`', cells: perSize(results, (r) => ms(r.decision.parseListMs)), target: '', verdict: '' },
        { measure: '`decide` (unchanged fleet)', cells: perSize(results, (r) => ms(r.decision.decideMs)), target: '', verdict: '' },
        { measure: 'decision = parse list + decide', cells: perSize(results, (r) => ms(r.decision.decisionMs)), target: '', verdict: '' },
        {
            measure: 'decision ÷ `JSON.parse`', cells: perSize(results, (r) => ratio(r.decision.decisionMs / r.decision.jsonParseMs)),
            target: '≤ 2× at 10,000', verdict: verdict(r10k && r10k.decision.decisionMs / r10k.decision.jsonParseMs <= 2),
        },
        { measure: 'snapshot decode on load (adapter, for scale)', cells: perSize(results, (r) => ms(r.decision.decodeSnapshotMs)), target: '', verdict: '' },
        { measure: '**3. Whole poll, unchanged fleet (medians)**', cells: results.map(() => ''), target: '', verdict: '' },
        { measure: 'polls in the engine / bare fetches', cells: perSize(results, (r) => `${r.engine.steady.length} / ${r.engine.bareFetchParseMs.length}`), target: '', verdict: '' },
        { measure: 'poll in the engine (`sim.runJob`)', cells: perSize(results, (r) => ms(steadyMedianMs(r.engine))), target: '', verdict: '' },
        { measure: 'bare `fetch` + `JSON.parse`, same request', cells: perSize(results, (r) => ms(bareMedian(r.engine))), target: '', verdict: '' },
        { measure: 'engine ÷ bare', cells: perSize(results, (r) => ratio(engineRatio(r))), target: '≤ 3×', verdict: sizesOver((r) => engineRatio(r) <= 3) },
        { measure: 'of the poll: HTTP bridge (Node side)', cells: perSize(results, (r) => ms(median(r.engine.steady.map((s) => s.spans.httpMs)))), target: '', verdict: '' },
        { measure: 'of the poll: msgpack encode to Deno', cells: perSize(results, (r) => ms(median(r.engine.steady.map((s) => s.spans.encodeMs)))), target: '', verdict: '' },
        { measure: 'bytes sent to Deno per poll', cells: perSize(results, (r) => bytes(median(r.engine.steady.map((s) => s.spans.bytesToDeno)))), target: '', verdict: '' },
        { measure: 'Deno↔Node round trips per poll', cells: perSize(results, (r) => range(r.engine.steady.map((s) => s.spans.rpcCalls))), target: '', verdict: '' },
        { measure: 'first poll (baseline, writes the roster)', cells: perSize(results, (r) => ms(r.engine.baseline.ms)), target: '', verdict: '' },
        { measure: '**4. Persistence and messages per poll**', cells: results.map(() => ''), target: '', verdict: '' },
        { measure: 'unchanged: read calls', cells: perSize(results, (r) => range(r.engine.steady.map((s) => s.readCalls))), target: 'not growing with the fleet', verdict: verdict(Math.min(...readCalls) === Math.max(...readCalls)) },
        { measure: 'unchanged: documents those calls return', cells: perSize(results, (r) => range(r.engine.steady.map((s) => s.spans.documentsRead))), target: '', verdict: '' },
        {
            measure: 'unchanged: snapshot records written', cells: perSize(results, (r) => range(r.engine.steady.map(snapshotChanged))),
            target: '0', verdict: verdict(results.every((r) => r.engine.steady.every((s) => snapshotChanged(s) === 0))),
        },
        {
            measure: 'unchanged: write calls (any record)', cells: perSize(results, (r) => range(r.engine.steady.map((s) => s.writeCalls + s.removeCalls))),
            target: '0 (a 10-minute heartbeat aside)', verdict: verdict(results.every((r) => r.engine.steady.every((s) => s.writeCalls + s.removeCalls === 0))),
        },
        {
            measure: 'unchanged: messages', cells: perSize(results, (r) => range(r.engine.steady.map((s) => s.messages))),
            target: '0', verdict: verdict(results.every((r) => r.engine.steady.every((s) => s.messages === 0))),
        },
        { measure: '1% churn: apps changed per poll', cells: perSize(results, (r) => range(r.engine.churn.map((s) => s.appsChanged))), target: '', verdict: '' },
        {
            // Every app's record is in one of the roster's two shards; a shard is written whole when one of its apps changed.
            measure: '1% churn: roster shards written', cells: perSize(results, (r) => range(r.engine.churn.map((s) => s.changedRecords['argo-drift:roster'] ?? 0))),
            target: '≤ 2', verdict: verdict(results.every((r) => r.engine.churn.every((s) => (s.changedRecords['argo-drift:roster'] ?? 0) <= 2))),
        },
        {
            measure: '1% churn: write calls (any record)', cells: perSize(results, (r) => range(r.engine.churn.map((s) => s.writeCalls + s.removeCalls))),
            // Per changed app: its record, and for an alerting one its commit cached once per revision;
            // plus the meta record and the status. The run lease adds its own records on top (see the
            // notes). Proportional to changes, never to the fleet.
            target: '≤ 2 × changes + 3', verdict: verdict(results.every((r) => r.engine.churn.every((s) => s.writeCalls + s.removeCalls <= 2 * s.appsChanged + 3))),
        },
        {
            measure: '1% churn: commit cache writes', cells: perSize(results, (r) => range(r.engine.churn.map((s) => s.changedRecords['argo-drift:revision-metadata'] ?? 0))),
            target: '', verdict: '',
        },
        { measure: '1% churn: read calls', cells: perSize(results, (r) => range(r.engine.churn.map((s) => s.readCalls))), target: '', verdict: '' },
        {
            measure: '1% churn: messages', cells: perSize(results, (r) => range(r.engine.churn.map((s) => s.messages))),
            target: '≤ apps changed', verdict: verdict(results.every((r) => r.engine.churn.every((s) => s.messages <= s.appsChanged))),
        },
        { measure: '1% churn: poll', cells: perSize(results, (r) => ms(median(r.engine.churn.map((s) => s.ms)))), target: '', verdict: '' },
        { measure: '**5. Peak memory (VmHWM)**', cells: results.map(() => ''), target: '', verdict: '' },
        { measure: "app's Deno process", cells: perSize(results, (r) => bytes(r.engine.denoPeakBytes)), target: '', verdict: '' },
        { measure: 'Node process (cumulative, see notes)', cells: perSize(results, (r) => bytes(r.nodePeakBytes)), target: '', verdict: '' },
        { measure: '**6. Sizes**', cells: results.map(() => ''), target: '', verdict: '' },
        { measure: '`/argo status`: replies', cells: perSize(results, (r) => String(r.engine.statusReplies)), target: '', verdict: '' },
        {
            measure: '`/argo status`: characters', cells: perSize(results, (r) => r.engine.statusChars.toLocaleString('en-US')),
            target: 'one message ≤ 5,000 at 10,000', verdict: verdict(r10k && r10k.engine.statusReplies === 1 && r10k.engine.statusChars <= 5000),
        },
        { measure: 'snapshot records (roster shards + meta)', cells: perSize(results, (r) => r.engine.snapshotRecords.toLocaleString('en-US')), target: '', verdict: '' },
        { measure: 'snapshot, sum of record JSON', cells: perSize(results, (r) => bytes(r.engine.snapshotBytes)), target: '', verdict: '' },
        {
            measure: 'largest single record', cells: perSize(results, (r) => bytes(r.engine.largestRecordBytes)),
            target: '< 16 MiB (MongoDB document)', verdict: verdict(results.every((r) => r.engine.largestRecordBytes < MONGO_DOCUMENT_LIMIT)),
        },
        { measure: 'snapshot as one document would be', cells: perSize(results, (r) => `${((r.engine.snapshotBytes / MONGO_DOCUMENT_LIMIT) * 100).toFixed(1)}% of 16 MiB`), target: '', verdict: '' },
    ];
}

function header(results: SizeResult[]): string[] {
    return ['measure', ...results.map((r) => `${r.apps.toLocaleString('en-US')} apps`), 'target', 'verdict'];
}

export function renderTable(results: SizeResult[]): string {
    const rows = buildRows(results).map((row) => [row.measure.replace(/\*\*|`/g, ''), ...row.cells, row.target.replace(/`/g, ''), row.verdict]);
    const all = [header(results), ...rows];
    const widths = all[0].map((_, i) => Math.max(...all.map((row) => row[i].length)));
    const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
    return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(results: SizeResult[]): string {
    const head = header(results);
    const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
    for (const row of buildRows(results)) {
        lines.push(`| ${[row.measure, ...row.cells, row.target, row.verdict ? `**${row.verdict}**` : ''].join(' | ')} |`);
    }
    return lines.join('\n');
}

function machine(): string {
    const cpus = os.cpus();
    return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function rpcBreakdown(results: SizeResult[]): string {
    const smallest = results[0];
    const sample = smallest?.engine.steady[smallest.engine.steady.length - 1];
    if (!sample) {
        return '';
    }
    const calls = Object.entries(sample.spans.rpcByMethod)
        .sort((a, b) => b[1] - a[1])
        .map(([method, count]) => `\`${method}\` ×${count}`)
        .join(', ');
    return `- Round trips of one unchanged poll at ${smallest.apps} apps: ${calls}.`;
}

function revision(): string {
    try {
        const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
        const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'ArgoDriftApp.ts', 'i18n', 'sim'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
        return ` (app and sim at commit ${commit}${dirty ? ' with uncommitted changes' : ''})`;
    } catch {
        return '';
    }
}

export function renderMarkdown(results: SizeResult[], run: { date: Date; elapsedS: number }): string {
    return `# Fleet scale: the cost of a poll

${run.date.toISOString().slice(0, 10)}${revision()}, on ${machine()}. The whole run took ${run.elapsedS.toFixed(0)} s.

Reproduce: \`npm ci && npm run bench\` (packages the app, then runs \`bench/run.ts\`; this file is rewritten).
\`BENCH_SIZES=100,1000 npm run bench\` runs a subset.

${markdownTable(results)}

## How it is measured
- Fleets: \`generateFleet(n, { full: true })\` served by the Argo CD test server on 127.0.0.1 in the same Node
  process; the \`fields\` request is the app's (\`LIST_FIELDS\`), the full list is the same request without it.
- Decision: \`parseApplicationList\` + \`decide\` against the baseline snapshot of the same list (nothing changed),
  in this process, after a warm-up, for about 1.5 s each; medians.
- Whole poll: \`RocketChatSim.runJob\` on the packaged app (Apps-Engine 1.62 with its Deno runtime), settings as in
  the e2e tests (grace 0s), after the baseline poll; each poll is followed by a bare Node \`fetch\` + \`JSON.parse\` of
  the same URL and headers, so both see the same machine state. The test server renders its answer in this Node
  process for both, and both pay that.
- Persistence counts are the sim's \`persistenceStats()\`: it counts **calls**. \`readByAssociation(s)\` and
  \`readById\` count one read however many documents they return (the documents row counts those); \`update*\`
  and \`create*\` count one write each; removes are counted apart and added to the write rows here. Records
  written are found by diffing \`persistenceRecords()\` before and after each poll, by association kind.
- 1% churn: before each such poll, every 100th app (a different slice each time) flips Synced ↔ OutOfSync with
  the server's \`setApp\`, so a poll sees new drift and, from the second on, recoveries. A poll that posts takes the
  run lease first (\`PersistenceLease\`: its own record written while choosing and again with its ticket, removed at
  the end), which is three write calls on top of the \`2 × changes + 3\` the target was set for before the lease.
- Memory: VmHWM from \`/proc/<pid>/status\` of the app's Deno process (a child of this process whose name starts
  with \`deno\`; a new one per fleet size) and of this Node process. The Node figure is cumulative over the run
  and includes the test server, the generated fleet and the full-list answer (~100 MB at 10,000 apps), so it is an
  upper bound for the engine's Node side, not its cost.
- Spans: time inside the sim's HTTP bridge (Node's request to Argo CD and its \`JSON.parse\`), the Node-side msgpack
  encoding of what goes to Deno, and the count of Deno→Node requests, taken by wrapping the sim's and the
  engine's prototypes in \`bench/engineSpans.ts\`. The rest of a poll is Deno: decoding what arrives, the app's code.

## Notes from this run
${rpcBreakdown(results)}
- The app asks the HTTP bridge for the raw bytes (\`encoding: null\`), so the list crosses to Deno once, not as text
  plus Rocket.Chat's own parse of it; most of the rest is the stored state every poll reads. Bytes sent to Deno per
  poll vs the \`fields\` answer: ${results.map((r) => `${ratio(median(r.engine.steady.map((s) => s.spans.bytesToDeno)) / r.fieldsBytes)} at ${r.apps.toLocaleString('en-US')}`).join(', ')}.
- Records changed by unchanged polls, by kind: ${results.map((r) => `${r.apps.toLocaleString('en-US')}: ${JSON.stringify(r.engine.steady[r.engine.steady.length - 1]?.changedRecords ?? {})}`).join('; ')}.
- Baseline poll: ${results.map((r) => `${r.apps.toLocaleString('en-US')} apps ${ms(r.engine.baseline.ms)} (${r.engine.baseline.writeCalls} write calls, ${ms(r.engine.baseline.spans.persistenceWriteMs)} of them inside the sim's persistence bridge)`).join('; ')}. The sim finds the record to update by scanning every record, so its write time grows with the fleet; MongoDB's indexed upsert does not.
`;
}
