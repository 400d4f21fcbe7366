'use strict';
// The Apps-Engine runtimes the test bed can run the packaged app in, shared by
// scripts/setup-engine.js, jest.config.js and the sim (sim/rocketchat/engineEnvironment.ts).
//
// The sim imports the engine as `apps-engine-runtime/...`. The default runtime is the npm package
// installed under that name; another one is installed under its own alias and swapped in for
// `apps-engine-runtime` by jest's moduleNameMapper when ARGO_DRIFT_ENGINE names it. Everything the
// sim imports from the engine must come from one package: the AppManager checks its bridges and
// storages with `instanceof` against its own classes.
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_ENGINE = '1.62.0';

// version → npm alias in package.json, the Rocket.Chat release that ships it, and how that
// engine starts Deno (what our `deno` wrapper has to make up for).
const RUNTIMES = {
    '1.62.0': { alias: 'apps-engine-runtime', rocketChat: '8.4', passesConfig: true },
    // Passes neither --config nor --cached-only, and runs deno-runtime/main.ts from inside
    // node_modules (1.62 links it into tempFilePath first, as Deno 2 requires).
    // Rocket.Chat: packages/apps-engine/src/server/runtime/deno/AppsEngineDenoRuntime.ts (7.8.x)
    '1.53.1': { alias: 'apps-engine-runtime-1.53.1', rocketChat: '7.8', passesConfig: false },
};

function engineVersion(env = process.env) {
    const version = env.ARGO_DRIFT_ENGINE || DEFAULT_ENGINE;
    if (!RUNTIMES[version]) {
        throw new Error(`ARGO_DRIFT_ENGINE=${version}: no such runtime (known: ${Object.keys(RUNTIMES).join(', ')})`);
    }
    return version;
}

/** Where the runtime's package is installed and where its Deno set-up (see setup-engine.js) lives. */
function runtimeLayout(version) {
    const runtime = RUNTIMES[version];
    if (!runtime) {
        throw new Error(`no such Apps-Engine runtime: ${version}`);
    }
    return {
        version,
        ...runtime,
        packageDir: path.join(ROOT, 'node_modules', runtime.alias),
        // The default keeps the `.engine/` it always had; others get a folder of their own inside it.
        engineDir: version === DEFAULT_ENGINE ? path.join(ROOT, '.engine') : path.join(ROOT, '.engine', 'runtimes', version),
    };
}

module.exports = { DEFAULT_ENGINE, RUNTIMES, ROOT, engineVersion, runtimeLayout };
