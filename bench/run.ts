/**
 * `npm run bench`: the cost of a poll at 100, 1,000 and 10,000 applications. Prints the table and
 * writes bench/RESULTS.md. Needs the packaged app (`npm run package`, which `npm run bench` does first).
 */
import * as fs from 'fs';
import * as path from 'path';
import { watchConfig } from './appSettings';
import { measureDecision } from './decision';
import { measureEngine } from './engine';
import { FLEET_SIZES, startArgo } from './fleet';
import { peakRssBytes } from './memory';
import { renderMarkdown, renderTable } from './report';
import type { SizeResult } from './results';
import { measureWire } from './wire';

async function measureSize(apps: number): Promise<SizeResult> {
    const server = await startArgo(apps);
    try {
        const wire = await measureWire(server);
        process.stderr.write(`  ${apps} apps: wire done\n`);
        const decision = measureDecision(wire.fieldsBody, watchConfig(server));
        process.stderr.write(`  ${apps} apps: decision done\n`);
        // Small fleets poll in tens of ms and jitter decides their ratio: more samples. At 10,000 apps each poll costs
        // about a second and the baseline alone writes 10,000 records: a few.
        const engine = await measureEngine(server, apps >= 10_000 ? { steadyPolls: 3, churnPolls: 2 } : { steadyPolls: 15, churnPolls: 3 });
        process.stderr.write(`  ${apps} apps: engine done\n`);
        return { apps, fieldsBytes: wire.fieldsBytes, fullBytes: wire.fullBytes, decision, engine, nodePeakBytes: peakRssBytes() };
    } finally {
        await server.stop();
    }
}

async function main(): Promise<void> {
    const started = Date.now();
    const results: SizeResult[] = [];
    for (const apps of FLEET_SIZES) {
        process.stderr.write(`measuring ${apps} apps…\n`);
        results.push(await measureSize(apps));
    }
    const elapsedS = (Date.now() - started) / 1000;
    if (process.env.BENCH_JSON) {
        fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
    }
    process.stdout.write(`${renderTable(results)}\n`);
    const out = path.join(__dirname, 'RESULTS.md');
    fs.writeFileSync(out, renderMarkdown(results, { date: new Date(), elapsedS }));
    process.stdout.write(`\nwritten to ${path.relative(process.cwd(), out)} (${elapsedS.toFixed(0)} s)\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
});
