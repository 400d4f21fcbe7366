/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: 'node',
    roots: ['<rootDir>/test'],
    testMatch: ['**/*.test.ts'],
    transform: {
        '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }],
    },
    // Engine tests start a Deno child per file; two workers match the 2-core machines.
    maxWorkers: 2,
    testTimeout: 60000,
};
