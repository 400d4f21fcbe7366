import * as path from 'path';

import type { SimLogLevel } from './types';

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];
// Whichever runtime package `apps-engine-runtime` resolves to (under jest it may be another alias).
const ENGINE_PATH = `${path.dirname(require.resolve('apps-engine-runtime/package.json'))}${path.sep}`;

let installed = 0;
let originals: Partial<Record<ConsoleMethod, (...args: unknown[]) => void>> = {};

/**
 * The engine prints to the console on its own (an app error is logged before it is rethrown,
 * warnings on missing handlers…). In 'silent' mode drop what the engine's own files print, and
 * nothing else; the app's logs stay available through logs(). Returns the undo.
 */
export function quietEngineConsole(level: SimLogLevel): () => void {
    if (level === 'debug') {
        // The engine logs through the `debug` package under these namespaces.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('debug').enable('appsEngine:*');
    }
    if (level !== 'silent') {
        return () => undefined;
    }
    if (installed++ === 0) {
        originals = {};
        for (const method of METHODS) {
            const original = console[method].bind(console);
            originals[method] = original;
            console[method] = (...args: unknown[]) => {
                if (!calledFromEngine()) {
                    original(...args);
                }
            };
        }
    }
    let undone = false;
    return () => {
        if (undone) {
            return;
        }
        undone = true;
        if (--installed === 0) {
            for (const method of METHODS) {
                const original = originals[method];
                if (original) {
                    console[method] = original;
                }
            }
        }
    };
}

function calledFromEngine(): boolean {
    const frames = (new Error().stack ?? '').split('\n').slice(3, 6);
    return frames.some((frame) => frame.includes(ENGINE_PATH));
}
