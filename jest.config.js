const { DEFAULT_ENGINE, engineVersion, runtimeLayout } = require('./scripts/engine-runtimes');

// ARGO_DRIFT_ENGINE=<version> runs everything that imports `apps-engine-runtime/…` (the sim, its
// bridges' base classes, the AppManager) against that engine's package instead: one package for
// all of them, since the AppManager checks its bridges with `instanceof`. `npm run test:engines`.
const engine = engineVersion();
const moduleNameMapper = engine === DEFAULT_ENGINE
    ? {}
    : { '^apps-engine-runtime/(.*)$': `${runtimeLayout(engine).packageDir}/$1` };

/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: 'node',
    roots: ['<rootDir>/test'],
    testMatch: ['**/*.test.ts'],
    transform: {
        '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }],
        // Rocket.Chat's message parser ships only as an ES module; the tests render every text
        // the app writes with it, so it is compiled to CommonJS for jest.
        '^.+/@rocket\\.chat/message-parser/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2020' }, isolatedModules: true }],
    },
    transformIgnorePatterns: ['/node_modules/(?!@rocket\\.chat/message-parser/)'],
    moduleNameMapper,
    // Engine tests start a Deno child per file; two workers match the 2-core machines.
    maxWorkers: 2,
    testTimeout: 60000,
};
