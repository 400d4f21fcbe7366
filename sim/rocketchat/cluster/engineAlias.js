'use strict';
// Preloaded into each instance's process: `apps-engine-runtime/…` resolves to the runtime
// ARGO_DRIFT_ENGINE names, as jest.config.js maps it for the test's own process, so the instances
// run the same engine as the tests that start them (scripts/test-engines.js).
const Module = require('module');
const { DEFAULT_ENGINE, engineVersion, runtimeLayout } = require('../../../scripts/engine-runtimes');

const engine = engineVersion();
if (engine !== DEFAULT_ENGINE) {
    const packageDir = runtimeLayout(engine).packageDir;
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function resolveEngine(request, ...rest) {
        const aliased = request === 'apps-engine-runtime' || request.startsWith('apps-engine-runtime/')
            ? packageDir + request.slice('apps-engine-runtime'.length)
            : request;
        return resolve.call(this, aliased, ...rest);
    };
}
