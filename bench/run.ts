/**
 * `npm run bench`: the cost of a poll at 100, 1,000 and 10,000 applications, before (BENCH_BASELINE,
 * default 80e8cad) and after (this checkout), side by side in one run. CPU is counted over the
 * process tree (this Node process, which runs Rocket.Chat's side and the engine, plus the app's
 * Deno process); the Argo CD test server runs in a process of its own and is not counted. Prints
 * the table and writes bench/RESULTS.md. Needs the packaged app (`npm run bench` packages it first).
 *
 * BENCH_SIZES=100,1000 runs a subset; BENCH_BASELINE=none skips the before column.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TOKEN, watchConfig } from './appSettings';
import { ArgoProcess } from './argoProcess';
import type { Build } from './baseline';
import { baselineBuild, currentBuild, DEFAULT_BASELINE } from './baseline';
import { measureDecision } from './decision';
import type { EngineResult } from './engine';
import { measureEngine } from './engine';
import { peakRssBytes } from './memory';
import { profilePolls } from './profile';
import type { SizeResult } from './report';
import { renderMarkdown, renderTable } from './report';
import { HELM_WIRE_MAX_APPS, measureHelmWire } from './wire';

const ALL_SIZES = [100, 1_000, 10_000];

const SIZES: number[] = process.env.BENCH_SIZES
    ? process.env.BENCH_SIZES.split(',').map(Number).filter((n) => ALL_SIZES.includes(n))
    : ALL_SIZES;

/** One app in a hundred is not fine (at least one): a calm fleet, as most are. */
const notFineOf = (apps: number): number => Math.max(1, Math.round(apps / 100));

/** Unchanged polls per build: enough that the 10 ms clock tick of /proc is a small part of each mean. */
const pollsOf = (apps: number): number => (apps >= 10_000 ? 6 : apps >= 1_000 ? 20 : 60);

async function measureSize(apps: number, builds: Build[]): Promise<SizeResult> {
    const notFine = notFineOf(apps);
    const argo = await ArgoProcess.start(apps, { full: true, notFine });
    const engines: EngineResult[] = [];
    try {
        for (const build of builds) {
            process.stderr.write(`  ${apps} apps: ${build.label} (${build.commit})…\n`);
            engines.push(await measureEngine(build, argo, { polls: pollsOf(apps) }));
        }
        const after = engines[engines.length - 1];
        const response = await fetch(`${argo.url}${after.listPath}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
        const decision = measureDecision(await response.text(), watchConfig(argo.url));
        process.stderr.write(`  ${apps} apps: in-process decision done\n`);
        // After the measured runs, in a sim of its own: the profilers weigh on what they watch.
        const profile = await profilePolls(builds[builds.length - 1], argo, apps >= 10_000 ? 5 : 10);
        process.stderr.write(`  ${apps} apps: profile done\n`);
        const wire = apps <= HELM_WIRE_MAX_APPS ? await measureHelmWire(apps, notFine) : undefined;
        return { apps, notFine, engines, decision, profile, wire, nodePeakBytes: peakRssBytes() };
    } finally {
        await argo.stop();
    }
}

async function main(): Promise<void> {
    const started = Date.now();
    const baselineRef = process.env.BENCH_BASELINE ?? DEFAULT_BASELINE;
    const builds = [...(baselineRef === 'none' ? [] : [baselineBuild(baselineRef)]), currentBuild()];
    const results: SizeResult[] = [];
    for (const apps of SIZES) {
        process.stderr.write(`measuring ${apps} apps…\n`);
        results.push(await measureSize(apps, builds));
    }
    const elapsedS = (Date.now() - started) / 1000;
    if (process.env.BENCH_JSON) {
        fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
    }
    process.stdout.write(`${renderTable(results)}\n`);
    const out = path.join(__dirname, 'RESULTS.md');
    fs.writeFileSync(out, renderMarkdown(results, { date: new Date(), elapsedS, builds }));
    process.stdout.write(`\nwritten to ${path.relative(process.cwd(), out)} (${elapsedS.toFixed(0)} s)\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
});
