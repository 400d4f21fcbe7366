#!/usr/bin/env node
'use strict';
// Runs the end-to-end suite on every Apps-Engine runtime the app's manifest admits, besides the
// default one `npm test` already covers, and fails when the oldest engine the manifest admits is
// one the test bed cannot run: app.json must not promise Rocket.Chat versions nobody tested.
// Usage: test-engines.js [extra jest arguments…]. Expects `npm run package` to have run.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { DEFAULT_ENGINE, ROOT, RUNTIMES } = require('./engine-runtimes');
const { admittedRuntimes, lowerBound } = require('./engine-range');

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'));
const range = manifest.requiredApiVersion;
const oldest = lowerBound(range);
if (!RUNTIMES[oldest]) {
    console.error(`test-engines: app.json requiredApiVersion ${range} admits Apps-Engine ${oldest}, `
        + `but the test bed runs only ${Object.keys(RUNTIMES).join(', ')}: raise requiredApiVersion or add that runtime `
        + '(scripts/engine-runtimes.js)');
    process.exit(1);
}

const runtimes = admittedRuntimes(range, Object.keys(RUNTIMES)).filter((version) => version !== DEFAULT_ENGINE);
if (runtimes.length === 0) {
    console.log(`test-engines: requiredApiVersion ${range} admits no runtime but ${DEFAULT_ENGINE}, which \`npm test\` covers`);
    process.exit(0);
}

const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
let failed = false;
for (const version of runtimes) {
    const started = Date.now();
    console.log(`== end-to-end suite on Apps-Engine ${version} (Rocket.Chat ${RUNTIMES[version].rocketChat})`);
    // One file at a time: each starts a Deno child, and the machines have two cores.
    const result = spawnSync(process.execPath, [jest, 'test/e2e', '--runInBand', ...process.argv.slice(2)], {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, ARGO_DRIFT_ENGINE: version },
    });
    console.log(`== Apps-Engine ${version}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    failed = failed || result.status !== 0;
}
process.exit(failed ? 1 : 0);
