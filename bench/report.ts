/** The table (terminal and markdown): each size before and after, the issue's goals with a verdict on "after". */
import * as os from 'os';
import type { Build } from './baseline';
import { CLOCK_TICK_MS } from './cpu';
import type { DecisionResult } from './decision';
import type { EngineResult, PollSample, Sample } from './engine';
import type { PollProfile, ProcessProfile } from './profile';
import { median } from './timing';
import type { WireResult } from './wire';
import { HELM_VALUES_BYTES, HELM_WIRE_MAX_APPS } from './wire';

export interface SizeResult {
    apps: number;
    notFine: number;
    /** One per build, the baseline first when there is one, this checkout last. */
    engines: EngineResult[];
    /** In this process, on the answer "after" reads: the floor of any poll. */
    decision: DecisionResult;
    /** CPU profiles of "after"'s unchanged polls. */
    profile?: PollProfile;
    wire?: WireResult;
    /** This process's VmHWM after this size: cumulative over the run. */
    nodePeakBytes?: number;
}

/** Documents a poll may read beyond one per not-fine app: the constant part of the goal. */
export const DOCUMENTS_CONSTANT = 10;

interface Row {
    measure: string;
    cells: string[];
    target: string;
    verdict: string;
}

const MIB = 1024 * 1024;

function bytes(n: number | undefined): string {
    if (n === undefined) {
        return 'n/a';
    }
    if (n >= MIB) {
        return `${(n / MIB).toFixed(1)} MiB`;
    }
    return n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}

function ms(n: number): string {
    return n >= 100 ? `${n.toFixed(0)} ms` : `${n.toFixed(n >= 10 ? 1 : 2)} ms`;
}

function ratio(n: number): string {
    return Number.isFinite(n) ? `${n.toFixed(n >= 10 ? 1 : 2)}×` : 'n/a';
}

function count(n: number): string {
    return n.toLocaleString('en-US');
}

function range(values: number[]): string {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return lo === hi ? count(lo) : `${count(lo)}–${count(hi)}`;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
export const pollCpuMs = (e: EngineResult): number => mean(e.polls.map((p) => p.cpu.totalMs));
export const bareCpuMs = (e: EngineResult): number => mean(e.bare.map((b) => b.cpu.totalMs));
export const cpuRatio = (e: EngineResult): number => pollCpuMs(e) / bareCpuMs(e);
const after = (r: SizeResult): EngineResult => r.engines[r.engines.length - 1];
const at = (results: SizeResult[], apps: number): SizeResult | undefined => results.find((r) => r.apps === apps);

/** Met when every present size passes; sizes the target names but the run skipped are said. */
function verdict(results: SizeResult[], sizes: number[] | 'all', ok: (r: SizeResult) => boolean): string {
    const judged = sizes === 'all' ? results : sizes.map((n) => at(results, n)).filter((r): r is SizeResult => r !== undefined);
    if (judged.length === 0) {
        return 'not measured';
    }
    const missed = judged.filter((r) => !ok(r)).map((r) => count(r.apps));
    return missed.length === 0 ? 'met' : `missed at ${missed.join(', ')}`;
}

function buildCells(results: SizeResult[], cell: (e: EngineResult, r: SizeResult) => string): string[] {
    return results.flatMap((r) => r.engines.map((e) => cell(e, r)));
}

function sizeCells(results: SizeResult[], cell: (r: SizeResult) => string): string[] {
    return results.flatMap((r) => r.engines.map((_, i) => (i === r.engines.length - 1 ? cell(r) : '')));
}

const section = (results: SizeResult[], title: string): Row => ({ measure: `**${title}**`, cells: buildCells(results, () => ''), target: '', verdict: '' });
const row = (measure: string, cells: string[], target = '', verdictText = ''): Row => ({ measure, cells, target, verdict: verdictText });

const medianOf = (polls: PollSample[], pick: (p: PollSample) => number): number => median(polls.map(pick));
const meanMs = (samples: Sample[]): number => mean(samples.map((s) => s.ms));

function wireRatio(r: SizeResult, e: EngineResult): number | undefined {
    if (!r.wire) {
        return undefined;
    }
    // The app asks Argo CD 3.5+ for the project alone; the baseline asked for the whole spec on every version.
    const asked = e.listPath.includes(encodeURIComponent('items.spec.project')) || e.listPath.includes('items.spec.project') ? r.wire.since35Bytes : r.wire.before35Bytes;
    return r.wire.fullBytes / asked;
}

export function buildRows(results: SizeResult[]): Row[] {
    const documentsOk = (r: SizeResult) => after(r).polls.every((p) => p.documentsRead <= r.notFine + DOCUMENTS_CONSTANT);
    return [
        section(results, 'Goals (issue 16)'),
        row('CPU of an unchanged poll ÷ bare fetch + JSON.parse of the same answer', buildCells(results, (e) => ratio(cpuRatio(e))), '≤ 3× at 100 and 10,000', verdict(results, [100, 10_000], (r) => cpuRatio(after(r)) <= 3)),
        row('state documents read by an unchanged poll', buildCells(results, (e) => range(e.polls.map((p) => p.documentsRead))), `≤ not-fine apps + ${DOCUMENTS_CONSTANT}`, verdict(results, 'all', documentsOk)),
        row('documents read by one autocomplete keystroke', buildCells(results, (e) => count(e.keystroke.documentsRead)), '≤ 2', verdict(results, 'all', (r) => after(r).keystroke.documentsRead <= 2)),
        row('documents read by `/argo status`', buildCells(results, (e) => count(e.status.documentsRead)), `a constant few (≤ ${DOCUMENTS_CONSTANT})`, verdict(results, 'all', (r) => after(r).status.documentsRead <= DOCUMENTS_CONSTANT)),
        row('peak memory of the app\'s Deno process', buildCells(results, (e) => bytes(e.denoPeakBytes)), '≤ 150 MiB at 10,000', verdict(results, [10_000], (r) => (after(r).denoPeakBytes ?? Infinity) <= 150 * MIB)),
        row('first poll (baseline), wall time', buildCells(results, (e) => ms(e.firstPoll.ms)), '≤ 3 s at 10,000', verdict(results, [10_000], (r) => after(r).firstPoll.ms <= 3000)),
        row(
            `wire on Argo CD ≥ 3.5, ${HELM_VALUES_BYTES / 1024} KB of Helm values per spec: full list ÷ the app's answer`,
            buildCells(results, (e, r) => ratio(wireRatio(r, e) ?? Number.NaN)),
            '≥ 30×',
            verdict(results.filter((r) => r.wire), 'all', (r) => (wireRatio(r, after(r)) ?? 0) >= 30),
        ),
        section(results, 'The fleet'),
        row('apps not fine (OutOfSync, Degraded, Missing, Unknown)', sizeCells(results, (r) => count(r.notFine))),
        row('unchanged polls measured (each followed by a bare fetch)', buildCells(results, (e) => count(e.polls.length))),
        section(results, 'CPU per unchanged poll (process tree, means)'),
        row('poll: whole tree', buildCells(results, (e) => ms(pollCpuMs(e)))),
        row('poll: this Node process (Rocket.Chat\'s side, engine)', buildCells(results, (e) => ms(mean(e.polls.map((p) => p.cpu.nodeMs))))),
        row('poll: the app\'s Deno process', buildCells(results, (e) => ms(mean(e.polls.map((p) => p.cpu.denoMs))))),
        row('bare fetch + JSON.parse of the same request', buildCells(results, (e) => ms(bareCpuMs(e)))),
        row('check, by /proc/<pid>/stat clock ticks: poll / bare', buildCells(results, (e) => `${ms(mean(e.polls.map((p) => p.cpu.tickMs)))} / ${ms(mean(e.bare.map((b) => b.cpu.tickMs)))}`)),
        row('wall time: poll / bare', buildCells(results, (e) => `${ms(mean(e.polls.map((p) => p.ms)))} / ${ms(meanMs(e.bare))}`)),
        row('first poll: CPU of the tree', buildCells(results, (e) => ms(e.firstPoll.cpu.totalMs))),
        section(results, 'Where a poll goes (medians)'),
        row('list answer the app asks for', buildCells(results, (e) => bytes(e.listBytes))),
        row('bytes sent to Deno', buildCells(results, (e) => bytes(medianOf(e.polls, (p) => p.spans.bytesToDeno)))),
        row('Deno↔Node round trips', buildCells(results, (e) => range(e.polls.map((p) => p.spans.rpcCalls)))),
        row('persistence read calls', buildCells(results, (e) => range(e.polls.map((p) => p.readCalls)))),
        row('persistence write calls', buildCells(results, (e) => range(e.polls.map((p) => p.writeCalls))), '0'),
        row('messages posted', buildCells(results, (e) => range(e.polls.map((p) => p.messages))), '0'),
        row('HTTP bridge, wall (Node side)', buildCells(results, (e) => ms(medianOf(e.polls, (p) => p.spans.httpMs)))),
        row('msgpack encode to Deno, wall (Node side)', buildCells(results, (e) => ms(medianOf(e.polls, (p) => p.spans.encodeMs)))),
        row('persistence reads, wall (Node side)', buildCells(results, (e) => ms(medianOf(e.polls, (p) => p.spans.persistenceReadMs)))),
        row('in-process `JSON.parse` of "after"\'s answer', sizeCells(results, (r) => ms(r.decision.jsonParseMs))),
        row('in-process parse list + decide (unchanged)', sizeCells(results, (r) => ms(r.decision.decisionMs))),
        section(results, 'Commands and storage'),
        row('autocomplete keystroke: CPU of the tree', buildCells(results, (e) => ms(e.keystroke.cpu.totalMs))),
        row('autocomplete keystroke: suggestions for `pay`', buildCells(results, (e) => count(e.keystroke.suggestions))),
        row('`/argo status`: CPU of the tree', buildCells(results, (e) => ms(e.status.cpu.totalMs))),
        row('`/argo status`: replies / characters', buildCells(results, (e) => `${e.status.replies} / ${count(e.status.chars)}`), 'one message ≤ 5,000'),
        row('stored records of the app', buildCells(results, (e) => count(e.records))),
        section(results, `Wire with ${HELM_VALUES_BYTES / 1024} KB of Helm values per spec (≤ ${count(HELM_WIRE_MAX_APPS)} apps)`),
        row('asked from 3.5: `spec.project`', sizeCells(results, (r) => bytes(r.wire?.since35Bytes))),
        row('asked before 3.5: the whole `spec`', sizeCells(results, (r) => bytes(r.wire?.before35Bytes))),
        row('full list', sizeCells(results, (r) => bytes(r.wire?.fullBytes))),
    ];
}

function header(results: SizeResult[]): string[] {
    return ['measure', ...results.flatMap((r) => r.engines.map((e) => `${count(r.apps)} ${e.build.label}`)), 'target', 'verdict'];
}

export function renderTable(results: SizeResult[]): string {
    const rows = buildRows(results).map((r) => [r.measure.replace(/\*\*|`/g, ''), ...r.cells, r.target.replace(/`/g, ''), r.verdict]);
    const all = [header(results), ...rows];
    const widths = all[0].map((_, i) => Math.max(...all.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
    return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function markdownTable(results: SizeResult[]): string {
    const head = header(results);
    const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
    for (const r of buildRows(results)) {
        lines.push(`| ${[r.measure, ...r.cells, r.target, r.verdict ? `**${r.verdict}**` : ''].join(' | ')} |`);
    }
    return lines.join('\n');
}

function machine(): string {
    const cpus = os.cpus();
    return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function roundTrips(results: SizeResult[]): string {
    const smallest = results[0];
    return (smallest?.engines ?? []).map((e) => {
        const sample = e.polls[e.polls.length - 1];
        const calls = Object.entries(sample?.spans.rpcByMethod ?? {}).sort((a, b) => b[1] - a[1]).map(([method, n]) => `\`${method}\` ×${n}`).join(', ');
        return `- Round trips of one unchanged poll at ${count(smallest.apps)} apps, ${e.build.label}: ${calls}.`;
    }).join('\n');
}

function profileTable(title: string, profile: ProcessProfile, measuredMs: number): string {
    const lines = [`| ${title} | share of sampled time | ≈ CPU per poll |`, '|---|---:|---:|'];
    for (const part of profile.parts) {
        const share = part.ms / profile.busyMs;
        lines.push(`| ${part.name} | ${(share * 100).toFixed(0)}% | ${ms(share * measuredMs)} |`);
    }
    lines.push(`| top functions (self time) | ${profile.top.slice(0, 5).map((f) => `\`${f.name}\` ${((f.ms / profile.busyMs) * 100).toFixed(0)}%`).join(', ')} | |`);
    return lines.join('\n');
}

function profiles(results: SizeResult[]): string {
    return results.filter((r) => r.profile).map((r) => {
        const e = after(r);
        const profile = r.profile as PollProfile;
        const node = mean(e.polls.map((p) => p.cpu.nodeMs));
        const deno = mean(e.polls.map((p) => p.cpu.denoMs));
        return `### ${count(r.apps)} apps: ${ms(pollCpuMs(e))} of CPU per poll against ${ms(bareCpuMs(e))} for the bare fetch + parse

${profileTable(`this Node process (${ms(node)} measured)`, profile.node, node)}

${profileTable(`the app's Deno process (${ms(deno)} measured)`, profile.deno, deno)}

Allocated per poll in the Deno process (peak ${bytes(e.denoPeakBytes)}): ${profile.denoAllocations.slice(0, 6).map((part) => `${part.name} ${part.ms.toFixed(1)} MiB`).join('; ')}.`;
    }).join('\n\n');
}

export function renderMarkdown(results: SizeResult[], run: { date: Date; elapsedS: number; builds: Build[] }): string {
    const builds = run.builds.map((b) => `${b.label}: ${b.commit}`).join(', ');
    return `# Fleet scale: the cost of a poll, before and after

${run.date.toISOString().slice(0, 10)}, ${builds}; on ${machine()}. The whole run took ${run.elapsedS.toFixed(0)} s.

Reproduce: \`npm ci && npm run bench\` (packages the app, packages the baseline from \`git archive\` of
\`BENCH_BASELINE\`, default 80e8cad, then runs \`bench/run.ts\`; this file is rewritten).
\`BENCH_SIZES=100,1000 npm run bench\` runs a subset, \`BENCH_BASELINE=none\` only this checkout.

${markdownTable(results)}

## How it is measured
- Fleets: \`generateFleet(n, { full: true, notFine })\` (whole status.resources, ten history entries and an
  operation per app, one app in a hundred not fine) served by the Argo CD test server (v3.6 shapes) in a
  **process of its own**, so producing an answer is not counted; receiving it is.
- CPU: the process tree below this Node process, less the Argo CD server: this process (the sim's bridges,
  the engine, its messenger: Rocket.Chat's side) and the app's Deno process, read from \`/proc\` before and
  after each operation. \`/proc/<pid>/stat\` gives utime + stime in clock ticks of ${CLOCK_TICK_MS} ms, too coarse for a
  one-millisecond fetch; the figures are the same CPU time in nanoseconds, the sum of
  \`/proc/<pid>/task/<tid>/schedstat\` over each process's threads, and the tick-based means are shown as a check.
  Work the two processes do at once on two cores counts twice, as it costs; waiting counts nothing.
- Side by side: each unchanged poll (\`sim.runJob\`) is followed by a bare Node \`fetch\` + \`JSON.parse\` of the
  very request the app made (its path and \`fields\`, as the test server logged it), measured the same way, so
  both see the same machine state. The ratio is of the means.
- Both builds run in one process, one after the other, against the same server and fleet, each in a fresh
  sim (its own Deno process, empty storage). "before" is packaged from \`git archive\` of its commit with this
  checkout's \`node_modules\`.
- Documents: the sim's \`persistenceDocumentsRead()\` (what Rocket.Chat would fetch from MongoDB and encode to the
  app) over one unchanged poll, one autocomplete request (\`/argo app pay\`, the slash command's preview), and
  one \`/argo status\`.
- Memory: VmHWM of the app's Deno process at the end (a new process per build and size).
- First poll: wall time of the baseline run against empty storage, which writes what the build keeps.
- Wire with Helm values: \`generateFleet(n, { full: true, helmValuesBytes: ${HELM_VALUES_BYTES} })\`; the answer to what
  "after" asks Argo CD 3.5 and later (\`spec.project\`, no labels without a selector matcher), to what every build
  asks an older one (the whole \`spec\`), and the full list. Argo CD repeats the source in comparedTo, the
  history and the operation, so the full list grows by about 14 × the values per app; at 10,000 apps it is about
  half a gigabyte, more than the test server holds as one string, so this runs at ${count(HELM_WIRE_MAX_APPS)} apps and below
  (the ratio is per app).
- Spans (Node side, wall): the sim's HTTP bridge, the engine's msgpack encoding of what goes to Deno, the sim's
  persistence reads, and Deno's requests to Node, by wrapping their prototypes (\`bench/engineSpans.ts\`).
- In-process: \`JSON.parse\`, then \`parseApplicationList\` + \`decide\` on an unchanged fleet, of the answer "after"
  reads, in this process (medians, \`bench/decision.ts\`): what the app's own work costs without the engine.

## Where the CPU of an unchanged poll goes ("after", CPU profiles)
V8 CPU profiles of this Node process (\`node:inspector\`) and of the app's Deno process (\`--inspect\`, over CDP),
sampled every 0.2 ms over ${results.map((r) => r.profile?.polls ?? 0).filter((n) => n > 0).join(' / ')} unchanged polls, in a sim of their own after the
measured runs (the app bundled as the engine does, unminified so its functions keep their names). A part is
the self time of samples under it, as a share of the process's non-idle samples, applied to that process's
measured CPU; a sampled thread that waits inside a blocking pipe read or write counts as busy, so the pipe rows
are mostly waiting. \`BENCH_PROFILE_DIR=<dir>\` keeps the raw \`.cpuprofile\` files.

${profiles(results)}

## Notes from this run
${roundTrips(results)}
- Node process peak (cumulative, includes both builds' sims): ${results.map((r) => `${bytes(r.nodePeakBytes)} after ${count(r.apps)}`).join(', ')}.
`;
}
