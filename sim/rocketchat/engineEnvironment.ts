import { execFileSync } from 'child_process';
import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { engineVersion, runtimeLayout } from '../../scripts/engine-runtimes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The runtime the sim runs the app in: the package `apps-engine-runtime` resolves to (see loadedEngine). */
export const ENGINE = runtimeLayout(loadedEngine());
/** The runtime's Deno set-up, made by scripts/setup-engine.js. */
export const ENGINE_DIR = ENGINE.engineDir;
/** Shared by every runtime: one key pair is enough. */
const KEYS_DIR = path.join(REPO_ROOT, '.engine', 'keys');

/**
 * Set before the engine starts a Deno child; a request to the app also times out after it.
 * Rocket.Chat's own value (the engine's default, AppsEngineDenoRuntime.ts getRuntimeTimeout): the
 * app's run deadline is measured against it, and a run the real server would let finish on a slow
 * database or a busy machine must not fail here.
 */
const DEFAULT_RUNTIME_TIMEOUT_MS = 30_000;

/**
 * The sim's every `apps-engine-runtime/…` import resolves to one package: 1.62.0 as installed, or
 * under jest the one ARGO_DRIFT_ENGINE names (jest.config.js maps the alias). Its Deno set-up is
 * chosen from what was actually loaded, and a request jest did not honour (tsx) fails loudly.
 */
function loadedEngine(): string {
    const manifest = require.resolve('apps-engine-runtime/package.json');
    const loaded = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
    const wanted = engineVersion();
    if (loaded !== wanted) {
        throw new Error(`ARGO_DRIFT_ENGINE asks for Apps-Engine ${wanted} but apps-engine-runtime resolves to ${loaded} `
            + '(only jest maps it to another runtime: see jest.config.js)');
    }
    return loaded;
}

/**
 * Points the engine at the Deno set up by scripts/setup-engine.js: our `deno` wrapper first on
 * PATH, our cache as DENO_DIR, and Rocket.Chat's runtime timeout unless the environment sets one.
 * Returns the manager's tempFilePath.
 */
export function prepareEngineEnvironment(): string {
    ensureEngineSetUp();
    const bin = path.join(ENGINE_DIR, 'bin');
    const entries = (process.env.PATH ?? '').split(path.delimiter).filter((entry) => entry && entry !== bin);
    process.env.PATH = [bin, ...entries].join(path.delimiter);
    process.env.DENO_DIR = path.join(ENGINE_DIR, 'deno-dir');
    if (!process.env.APPS_ENGINE_RUNTIME_TIMEOUT) {
        process.env.APPS_ENGINE_RUNTIME_TIMEOUT = String(DEFAULT_RUNTIME_TIMEOUT_MS);
    }
    return path.join(ENGINE_DIR, 'tmp');
}

/**
 * npm install runs scripts/setup-engine.js as postinstall; run it here too when that did not
 * happen (--ignore-scripts) or the checkout moved (the wrapper holds absolute paths).
 */
function ensureEngineSetUp(): void {
    const stamp = path.join(ENGINE_DIR, 'ready.json');
    const ready = fs.existsSync(stamp) && (JSON.parse(fs.readFileSync(stamp, 'utf8')) as { root?: string }).root === REPO_ROOT;
    if (ready) {
        return;
    }
    try {
        execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'setup-engine.js'), ENGINE.version], { stdio: 'pipe' });
    } catch (error) {
        const output = error as { stderr?: Buffer; stdout?: Buffer };
        throw new Error(`setting up ${ENGINE_DIR} failed: ${String(output.stderr ?? '')}${String(output.stdout ?? '')}`);
    }
}

/**
 * The federation key pair the engine signs installed apps with. Generating one costs 100–300 ms,
 * so it is made once and kept under .engine/keys.
 */
export function loadKeyPair(): { privateKey: string; publicKey: string } {
    const dir = KEYS_DIR;
    const privateFile = path.join(dir, 'private.pem');
    const publicFile = path.join(dir, 'public.pem');
    if (fs.existsSync(privateFile) && fs.existsSync(publicFile)) {
        return { privateKey: fs.readFileSync(privateFile, 'utf8'), publicKey: fs.readFileSync(publicFile, 'utf8') };
    }
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    fs.mkdirSync(dir, { recursive: true });
    // Two sims may start at once (jest workers): write beside, then rename into place.
    const suffix = `.${process.pid}.tmp`;
    fs.writeFileSync(privateFile + suffix, privateKey, { mode: 0o600 });
    fs.writeFileSync(publicFile + suffix, publicKey);
    fs.renameSync(privateFile + suffix, privateFile);
    fs.renameSync(publicFile + suffix, publicFile);
    return { privateKey: fs.readFileSync(privateFile, 'utf8'), publicKey: fs.readFileSync(publicFile, 'utf8') };
}

/** dist/<nameSlug>_<version>.zip, the file `npm run package` writes. */
export function defaultAppZip(): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'app.json'), 'utf8')) as { nameSlug: string; version: string };
    return path.join(REPO_ROOT, 'dist', `${manifest.nameSlug}_${manifest.version}.zip`);
}
