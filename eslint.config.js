// @ts-check
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
    { ignores: ['node_modules/**', 'dist/**', 'build/**', '.engine/**', 'coverage/**', '**/*.js'] },
    ...tseslint.configs.recommended,
    {
        files: ['**/*.ts'],
        languageOptions: {
            parserOptions: { project: ['./tsconfig.tools.json'], tsconfigRootDir: __dirname },
        },
        rules: {
            '@typescript-eslint/no-floating-promises': 'error',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
        },
    },
    {
        files: ['src/core/**/*.ts'],
        rules: {
            'no-restricted-imports': ['error', {
                patterns: [{ group: ['@rocket.chat/*'], message: 'src/core is pure: no Rocket.Chat imports; adapters live in src/adapters.' }],
            }],
            'no-restricted-globals': ['error',
                { name: 'Date', message: 'src/core has no clock: take the time as an argument.' },
                { name: 'fetch', message: 'src/core does no I/O.' }],
        },
    },
    {
        files: ['ArgoDriftApp.ts', 'src/**/*.ts'],
        rules: {
            'no-restricted-imports': ['error', {
                paths: ['http', 'https', 'net', 'fs', 'child_process', 'node:http', 'node:https', 'node:fs', 'node:net', 'node:child_process']
                    .map((name) => ({ name, message: 'The app runs in the Apps-Engine sandbox: use its accessors.' })),
            }],
            'no-restricted-globals': ['error', { name: 'fetch', message: 'Use the Apps-Engine HTTP accessor.' }],
        },
    },
);
