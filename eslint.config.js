// @ts-check
const tseslint = require('typescript-eslint');

const NODE_BUILTINS = ['http', 'https', 'net', 'fs', 'child_process', 'node:http', 'node:https', 'node:fs', 'node:net', 'node:child_process']
    .map((name) => ({ name, message: 'The app runs in the Apps-Engine sandbox: use its accessors.' }));
const NO_FETCH = { name: 'fetch', message: 'Use the Apps-Engine HTTP accessor.' };

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
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
        },
    },
    {
        files: ['ArgoDriftApp.ts', 'src/**/*.ts'],
        rules: {
            'no-restricted-imports': ['error', { paths: NODE_BUILTINS }],
            'no-restricted-globals': ['error', NO_FETCH],
        },
    },
    {
        // The pure core: no Rocket.Chat, no I/O, no clock, no randomness. Time and data come in as arguments.
        files: ['src/core/**/*.ts'],
        rules: {
            'no-restricted-imports': ['error', {
                paths: NODE_BUILTINS,
                patterns: [{ group: ['@rocket.chat/*'], message: 'src/core is pure: no Rocket.Chat imports; adapters live in src/adapters.' }],
            }],
            'no-restricted-globals': ['error', NO_FETCH],
            'no-restricted-syntax': ['error',
                { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'src/core has no clock: take the time as an argument.' },
                { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/core has no clock: take the time as an argument.' },
                { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'src/core is deterministic.' },
            ],
        },
    },
);
