#!/usr/bin/env node
'use strict';
// Makes the Apps-Engine's Deno runtime runnable from this checkout (see shared ENGINE.md).
//
// The engine spawns `deno run … deno-runtime/main.ts` with the `deno` found on PATH; 1.62 adds
// `--cached-only --config=<its own deno.jsonc>`. The shipped config cannot work here: it imports
// jsr: modules (jsr is not reachable) and maps `@rocket.chat/apps-engine/` to a `src/` folder the
// npm package lacks. So for each runtime (scripts/engine-runtimes.js) we build a folder
// (`.engine/` for the default one, `.engine/runtimes/<version>/` for the others) holding:
//   bin/deno          a wrapper the sim puts first on PATH: uses our config, lets the runtime read
//                     the folder (stand-ins, shims), and pins DENO_DIR to our pre-filled cache
//   deno.jsonc        the corrected config; std/ and shims/ hold the small modules it maps to
//   apps-engine       symlink to the runtime's package (its require shim only finds engine files
//                     in a folder literally named `apps-engine`)
//   tmp/              the manager's tempFilePath (Deno 2 will not run scripts in node_modules)
//   deno-dir/         DENO_DIR, filled once by `deno install` from the npm registry
// and, in `.engine/keys/`, one RSA key pair for the federation bridge (written by the sim).
// Usage: setup-engine.js [version…]; no version: every known runtime that is installed.
// Idempotent: a stamp of the inputs lets a second run return in milliseconds.
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { RUNTIMES, ROOT: root, runtimeLayout } = require('./engine-runtimes');

// Bump when the layout written below changes, so existing checkouts rebuild.
const LAYOUT_VERSION = 2;

function findDenoBinary() {
    // npm 11 may skip the `deno` package's own postinstall; the platform package ships the binary.
    const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
    const candidates = process.platform === 'linux'
        ? [`@deno/linux-${arch}-glibc/deno`, `@deno/linux-${arch}-musl/deno`]
        : process.platform === 'darwin'
            ? [`@deno/darwin-${arch}/deno`]
            : [`@deno/win32-${arch}/deno.exe`];
    for (const candidate of candidates) {
        const file = path.join(root, 'node_modules', candidate);
        if (fs.existsSync(file)) {
            return file;
        }
    }
    throw new Error(`setup-engine: no Deno binary found (looked for ${candidates.join(', ')} under node_modules)`);
}

function readVersion(pkgDir) {
    return JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
}

function inputsFingerprint(layout, denoBinary) {
    const shippedConfig = fs.readFileSync(path.join(layout.packageDir, 'deno-runtime', 'deno.jsonc'), 'utf8');
    return crypto.createHash('sha256')
        .update(JSON.stringify({
            layout: LAYOUT_VERSION,
            root,
            denoBinary,
            denoVersion: readVersion(path.dirname(denoBinary)),
            engineVersion: readVersion(layout.packageDir),
            passesConfig: layout.passesConfig,
            shippedConfig,
        }))
        .digest('hex');
}

// The shipped deno.jsonc has no comments today, but strip them so a future one still parses.
function parseJsonc(text) {
    return JSON.parse(text.replace(/^\s*\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, ''));
}

const STD_PARSE_ARGS = `// Stand-in for jsr:@std/cli/parse-args: the subset the runtime's CLI flags need
// (--key value, --key=value, bare --flag, numeric strings become numbers).
export type Args = { _: string[]; [key: string]: unknown };

function coerce(value: string): unknown {
\treturn value !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
}

export function parseArgs(args: string[]): Args {
\tconst parsed: Args = { _: [] };
\tfor (let i = 0; i < args.length; i++) {
\t\tconst arg = args[i];
\t\tif (!arg.startsWith('--')) {
\t\t\tparsed._.push(arg);
\t\t\tcontinue;
\t\t}
\t\tconst eq = arg.indexOf('=');
\t\tif (eq !== -1) {
\t\t\tparsed[arg.slice(2, eq)] = coerce(arg.slice(eq + 1));
\t\t} else if (i + 1 < args.length && !args[i + 1].startsWith('--')) {
\t\t\tparsed[arg.slice(2)] = coerce(args[++i]);
\t\t} else {
\t\t\tparsed[arg.slice(2)] = true;
\t\t}
\t}
\treturn parsed;
}
`;

const STD_WRITE_ALL = `// Stand-in for jsr:@std/io writeAll: a writer may accept fewer bytes than offered.
export async function writeAll(writer: { write(p: Uint8Array): Promise<number> }, data: Uint8Array): Promise<void> {
\tlet written = 0;
\twhile (written < data.length) {
\t\twritten += await writer.write(data.subarray(written));
\t}
}
`;

const STD_TO_ARRAY_BUFFER = `// Stand-in for jsr:@std/streams toArrayBuffer.
export async function toArrayBuffer(readable: ReadableStream<Uint8Array>): Promise<ArrayBuffer> {
\tconst chunks: Uint8Array[] = [];
\tlet length = 0;
\tfor await (const chunk of readable) {
\t\tchunks.push(chunk);
\t\tlength += chunk.length;
\t}
\tconst out = new Uint8Array(length);
\tlet offset = 0;
\tfor (const chunk of chunks) {
\t\tout.set(chunk, offset);
\t\toffset += chunk.length;
\t}
\treturn out.buffer;
}
`;

// The one value (not type) import the runtime makes from the engine's sources; the package ships
// it only compiled, as CommonJS.
const SHIM_APPS_ENGINE_EXCEPTION = `import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const compiled = require('../apps-engine/definition/exceptions/AppsEngineException.js');

export const AppsEngineException = compiled.AppsEngineException;
`;

function writeConfig(layout) {
    const shipped = parseJsonc(fs.readFileSync(path.join(layout.packageDir, 'deno-runtime', 'deno.jsonc'), 'utf8'));
    const imports = { ...shipped.imports };
    for (const key of Object.keys(imports)) {
        if (String(imports[key]).startsWith('jsr:')) {
            delete imports[key];
        }
    }
    Object.assign(imports, {
        '@std/cli': './std/parse_args.ts',
        '@std/cli/parse-args': './std/parse_args.ts',
        '@std/io': './std/write_all.ts',
        '@std/streams': './std/to_array_buffer.ts',
        // 1.53's messenger imports writeAll by URL from deno.land, which is not reachable either.
        'https://deno.land/std@0.216.0/io/write_all.ts': './std/write_all.ts',
        // Type imports vanish at run time; the require shim resolves through this prefix, so it
        // must land on the compiled package, reached via the `apps-engine` symlink.
        '@rocket.chat/apps-engine/': './apps-engine/',
        '@rocket.chat/apps-engine/definition/exceptions/AppsEngineException.ts': './shims/AppsEngineException.ts',
    });
    const config = {
        imports,
        unstable: shipped.unstable || ['detect-cjs'],
        // The repository's package.json is an ancestor: keep Deno from treating node_modules as its own.
        nodeModulesDir: 'none',
    };
    write(path.join(layout.engineDir, 'deno.jsonc'), `${JSON.stringify(config, null, 4)}\n`);
}

function writeWrapper(layout, denoBinary) {
    // An engine that passes no --config (1.53) leaves Deno to find one from its working directory,
    // which is the repository here; it also runs main.ts straight from node_modules, which Deno 2
    // refuses. Both are fixed on the way through: our config (with --cached-only, since jsr and
    // the engine's own cache step are not available) and the copy of main.ts reached via tmp/.
    const addConfig = layout.passesConfig ? '' : `
    run) set -- "$@" run "--config=$ENGINE_DIR/deno.jsonc" --cached-only ;;
    */deno-runtime/main.ts) set -- "$@" "$ENGINE_DIR/tmp/deno-runtime/main.ts" ;;`;
    const wrapper = `#!/bin/sh
# Written by scripts/setup-engine.js for Apps-Engine ${layout.version}. The engine runs
# \`deno run … deno-runtime/main.ts\`; use the corrected config, let the runtime read this folder
# (stand-ins, shims), use our cache.
ENGINE_DIR='${layout.engineDir}'
DENO_DIR="$ENGINE_DIR/deno-dir"
export DENO_DIR
for arg in "$@"; do
  shift
  case "$arg" in
    --config=*) set -- "$@" "--config=$ENGINE_DIR/deno.jsonc" ;;
    --allow-read=*) set -- "$@" "$arg,$ENGINE_DIR" ;;${addConfig}
    *) set -- "$@" "$arg" ;;
  esac
done
exec '${denoBinary}' "$@"
`;
    write(path.join(layout.engineDir, 'bin', 'deno'), wrapper, 0o755);
}

function write(file, content, mode) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    if (mode) {
        fs.chmodSync(file, mode);
    }
}

function symlink(target, link) {
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync(target, link, 'dir');
}

function precache(engineDir) {
    const wrapper = path.join(engineDir, 'bin', 'deno');
    const entry = path.join(engineDir, 'tmp', 'deno-runtime', 'main.ts');
    const env = { ...process.env };
    // Reach the registry the way npm does here: its registry, and a TLS store that includes
    // the machine's own CAs (Deno's default bundle alone rejects intercepting proxies).
    const registry = process.env.npm_config_registry || process.env.NPM_CONFIG_REGISTRY;
    if (registry) {
        env.NPM_CONFIG_REGISTRY = registry;
    }
    env.DENO_TLS_CA_STORE = process.env.DENO_TLS_CA_STORE || 'system,mozilla';
    const caFile = process.env.DENO_CERT || process.env.npm_config_cafile || process.env.NODE_EXTRA_CA_CERTS;
    if (caFile && fs.existsSync(caFile)) {
        env.DENO_CERT = caFile;
    }
    env.NO_COLOR = '1';
    const result = spawnSync(wrapper, ['install', '--config=unused', '--entrypoint', entry], {
        cwd: engineDir,
        encoding: 'utf8',
        env,
    });
    if (result.status !== 0) {
        throw new Error(`setup-engine: deno install failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
}

function setUp(layout, denoBinary) {
    const { engineDir, packageDir } = layout;
    const stampFile = path.join(engineDir, 'ready.json');
    const fingerprint = inputsFingerprint(layout, denoBinary);
    if (fs.existsSync(stampFile) && JSON.parse(fs.readFileSync(stampFile, 'utf8')).fingerprint === fingerprint) {
        return;
    }
    const started = Date.now();
    fs.rmSync(path.join(engineDir, 'deno-dir'), { recursive: true, force: true });
    fs.rmSync(path.join(engineDir, 'deno.lock'), { force: true });
    write(path.join(engineDir, 'std', 'parse_args.ts'), STD_PARSE_ARGS);
    write(path.join(engineDir, 'std', 'write_all.ts'), STD_WRITE_ALL);
    write(path.join(engineDir, 'std', 'to_array_buffer.ts'), STD_TO_ARRAY_BUFFER);
    write(path.join(engineDir, 'shims', 'AppsEngineException.ts'), SHIM_APPS_ENGINE_EXCEPTION);
    writeConfig(layout);
    writeWrapper(layout, denoBinary);
    symlink(path.relative(engineDir, packageDir), path.join(engineDir, 'apps-engine'));
    fs.mkdirSync(path.join(engineDir, 'tmp'), { recursive: true });
    // The same link 1.62 makes on start (it tolerates EEXIST); needed now to pre-cache, and by
    // the wrapper for engines that do not make it.
    symlink(path.join(packageDir, 'deno-runtime'), path.join(engineDir, 'tmp', 'deno-runtime'));
    precache(engineDir);
    // `root` lets the sim notice a moved checkout and run this script again.
    write(stampFile, `${JSON.stringify({ fingerprint, root }, null, 4)}\n`);
    console.log(`setup-engine: ${path.relative(root, engineDir)}/ (Apps-Engine ${layout.version}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function main(versions) {
    const requested = versions.length > 0 ? versions : Object.keys(RUNTIMES);
    const layouts = requested.map(runtimeLayout);
    const installed = layouts.filter((layout) => fs.existsSync(layout.packageDir));
    for (const layout of layouts.filter((candidate) => !installed.includes(candidate))) {
        // A production-only install has no devDependencies and no use for the sandbox engine.
        console.log(`setup-engine: ${layout.alias} not installed, skipping`);
    }
    if (installed.length === 0) {
        return;
    }
    const denoBinary = findDenoBinary();
    fs.chmodSync(denoBinary, 0o755);
    for (const layout of installed) {
        setUp(layout, denoBinary);
    }
}

try {
    main(process.argv.slice(2));
} catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
}
