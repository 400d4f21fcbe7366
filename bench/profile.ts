/**
 * Where the CPU of an unchanged poll goes: V8 CPU profiles of this Node process (node:inspector)
 * and of the app's Deno process (started with `--inspect`, driven over CDP) during a few polls,
 * in a sim of its own after the measured runs so the profilers do not weigh on the figures.
 * Self time per function, summed into a few named parts.
 */
// The module object itself, whose `spawn` the engine looks up at each call (an import would copy it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import childProcess = require('child_process');
import { execFileSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as path from 'path';
import * as net from 'net';
import * as os from 'os';
import { RocketChatSim } from '../sim/rocketchat/RocketChatSim';
import { JobId } from '../src/jobIds';
import type { ArgoProcess } from './argoProcess';
import { rawSettings } from './appSettings';
import type { Build } from './baseline';
import { CdpClient } from './cdp';

interface CallFrame {
    functionName: string;
    url: string;
}

interface CpuProfile {
    nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
    samples?: number[];
    timeDeltas?: number[];
}

export interface ProfilePart {
    name: string;
    /** Self time per poll. */
    ms: number;
}

export interface ProcessProfile {
    /** Sampled time per poll, idle left out. */
    busyMs: number;
    parts: ProfilePart[];
    top: ProfilePart[];
}

export interface PollProfile {
    polls: number;
    node: ProcessProfile;
    deno: ProcessProfile;
    /** Bytes the app's Deno process allocated per poll, by part (sampled, collected objects included). */
    denoAllocations: ProfilePart[];
}

/** Names a sample by its own frame and its callers (innermost first). */
type Categorise = (stack: CallFrame[]) => string;

const shortUrl = (url: string): string => url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
const has = (stack: CallFrame[], test: (frame: CallFrame) => boolean): boolean => stack.some(test);
const own = (stack: CallFrame[]): CallFrame => stack[0] ?? { functionName: '', url: '' };

/** Rocket.Chat's side: its HTTP bridge, the engine's messenger and msgpack, the sim's storage. */
const nodePart: Categorise = (stack) => {
    const { functionName, url } = own(stack);
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(program)') return 'V8 and native, unattributed';
    if (has(stack, (f) => /SimPersistenceBridge/.test(f.url))) return 'persistence reads (the sim copies records where Rocket.Chat decodes MongoDB documents)';
    if (/msgpack/.test(url)) return 'msgpack: encoding what goes to Deno, decoding what comes back';
    if (has(stack, (f) => /node-fetch|serverFetch|SimHttpBridge|_http_client|_http_common/.test(f.url))) return 'HTTP bridge: the request to Argo CD and its answer';
    if (has(stack, (f) => /stream_base_commons|node:net/.test(f.url)) || functionName === 'writeBuffer') return 'pipe to and from Deno';
    if (has(stack, (f) => /apps-engine|jsonrpc/.test(f.url))) return 'engine: messenger, accessors, logs';
    return 'Node runtime (event loop, promises) and the rest';
};

/** The app's own functions that anchor a part, innermost first (the bundle has no url). */
const APP_PARTS: Array<[RegExp, string]> = [
    [/^(bodyOf|textOf)$/, 'the app: Argo CD\'s answer, bytes → text → JSON.parse'],
    [/^parseApplicationList$/, 'the app: the list → app states'],
    [/^decide$/, 'the app: decide'],
    [/^(load|readAll|loadReadOnly)$/, 'the app: reading stored state (decoding the roster)'],
];

/** The app's process: what arrives decoded by the engine's runtime, the app's code, the runtime. */
const denoPart: Categorise = (stack) => {
    const { functionName } = own(stack);
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(program)') return 'V8 and native, unattributed';
    for (const frame of stack.filter((f) => f.url === '')) {
        const part = APP_PARTS.find(([name]) => name.test(frame.functionName));
        if (part) return part[1];
    }
    if (/^op_(read|write)$/.test(functionName)) return 'pipe reads and writes (mostly waiting)';
    if (has(stack, (f) => /msgpack/.test(f.url))) return 'engine runtime: msgpack stream decoding of what arrives';
    if (has(stack, (f) => /deno-runtime/.test(f.url))) return 'engine runtime: messenger, accessors';
    if (has(stack, (f) => f.url === '' && !f.functionName.startsWith('('))) return 'the app: other (settings, rooms, status)';
    return 'Deno runtime and builtins';
};

interface ProfileNode {
    id: number;
    callFrame: CallFrame;
    children?: number[];
}

function summarise(profile: CpuProfile, polls: number, categorise: Categorise): ProcessProfile {
    const nodes = new Map((profile.nodes as ProfileNode[]).map((node) => [node.id, node]));
    const parents = new Map<number, number>();
    for (const node of nodes.values()) {
        (node.children ?? []).forEach((child) => parents.set(child, node.id));
    }
    const stackOf = (id: number): CallFrame[] => {
        const stack: CallFrame[] = [];
        for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
            const frame = nodes.get(at)?.callFrame;
            if (frame && frame.functionName !== '(root)') stack.push(frame);
        }
        return stack;
    };
    const self = new Map<number, number>();
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    // A sample's time is the gap to the next one.
    for (let i = 0; i < samples.length; i++) {
        self.set(samples[i], (self.get(samples[i]) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
    }
    const parts = new Map<string, number>();
    const functions = new Map<string, number>();
    let busy = 0;
    for (const [id, ms] of self) {
        const stack = stackOf(id);
        const frame = own(stack);
        if (frame.functionName === '(idle)') continue;
        busy += ms;
        const part = categorise(stack);
        parts.set(part, (parts.get(part) ?? 0) + ms);
        const name = `${frame.functionName || '(anonymous)'}${frame.url ? ` (${shortUrl(frame.url)})` : ''}`;
        functions.set(name, (functions.get(name) ?? 0) + ms);
    }
    const perPoll = (entries: Map<string, number>, limit: number): ProfilePart[] => [...entries]
        .sort((a, b) => b[1] - a[1]).slice(0, limit).map(([name, ms]) => ({ name, ms: ms / polls }));
    return { busyMs: busy / polls, parts: perPoll(parts, 20), top: perPoll(functions, 8) };
}

interface HeapNode {
    callFrame: CallFrame;
    selfSize: number;
    children?: HeapNode[];
}

/** A sampling heap profile's allocations per poll, by the same parts as the CPU (in MiB, as `ms`). */
function allocations(head: HeapNode, polls: number, categorise: Categorise): ProfilePart[] {
    const parts = new Map<string, number>();
    const walk = (node: HeapNode, callers: CallFrame[]): void => {
        const stack = node.callFrame.functionName === '(root)' ? callers : [node.callFrame, ...callers];
        if (node.selfSize > 0) {
            const part = categorise(stack);
            parts.set(part, (parts.get(part) ?? 0) + node.selfSize);
        }
        (node.children ?? []).forEach((child) => walk(child, stack));
    };
    walk(head, []);
    return [...parts].sort((a, b) => b[1] - a[1]).map(([name, bytes]) => ({ name, ms: bytes / polls / 1024 / 1024 }));
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.listen(0, '127.0.0.1', () => {
            const port = (server.address() as net.AddressInfo).port;
            server.close(() => resolve(port));
        });
        server.on('error', reject);
    });
}

/**
 * The engine bundles an app of many files with esbuild, minified (server/runtime/deno/bundler.js),
 * which leaves a profile of two-letter names; an app of one file it runs as it is. The profiled sim
 * gets the same bundle without the minification: the same code, its functions named.
 */
async function namedBundle(zip: string): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'argo-drift-profile-'));
    const files = path.join(dir, 'app');
    execFileSync('unzip', ['-q', zip, '-d', files]);
    const entry = path.join(files, 'ArgoDriftApp.js');
    const bundled = await esbuild.build({
        entryPoints: [entry], write: false, bundle: true, minify: false, platform: 'node', target: ['node10'],
        define: { 'global.Promise': 'Promise' }, external: ['@rocket.chat/apps-engine/*'],
    });
    fs.rmSync(path.join(files, 'src'), { recursive: true, force: true });
    fs.writeFileSync(entry, bundled.outputFiles[0].text);
    const out = path.join(dir, 'named.zip');
    execFileSync('zip', ['-qr', out, '.'], { cwd: files });
    return out;
}

/** The next `deno run` the engine spawns listens for an inspector on this port. */
function inspectNextDeno(port: number): () => void {
    const original = childProcess.spawn;
    const patched = ((command: string, args: readonly string[], options: childProcess.SpawnOptions) => {
        const withInspector = command === 'deno' && args[0] === 'run' ? ['run', `--inspect=127.0.0.1:${port}`, ...args.slice(1)] : args;
        return original(command, withInspector, options);
    }) as typeof childProcess.spawn;
    childProcess.spawn = patched;
    return () => {
        childProcess.spawn = original;
    };
}

async function connectWhenListening(port: number): Promise<CdpClient> {
    for (let attempt = 0; ; attempt++) {
        try {
            return await CdpClient.connect(port);
        } catch (error) {
            if (attempt >= 50) throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
}

function post<T>(session: inspector.Session, method: string, params: Record<string, unknown> = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

export async function profilePolls(build: Build, argo: ArgoProcess, polls: number): Promise<PollProfile> {
    const port = await freePort();
    const zip = await namedBundle(build.zip);
    const restoreSpawn = inspectNextDeno(port);
    let sim: RocketChatSim;
    try {
        sim = await RocketChatSim.start({ appZip: zip, settings: rawSettings(argo.url) });
    } finally {
        restoreSpawn();
        fs.rmSync(path.dirname(zip), { recursive: true, force: true });
    }
    const deno = await connectWhenListening(port);
    const node = new inspector.Session();
    node.connect();
    try {
        for (let i = 0; i < 3; i++) {
            await sim.runJob(JobId.Poll);
        }
        // 0.2 ms between samples: a 100-app poll still gets dozens.
        await post(node, 'Profiler.enable');
        await post(node, 'Profiler.setSamplingInterval', { interval: 200 });
        await deno.send('Profiler.enable');
        await deno.send('Profiler.setSamplingInterval', { interval: 200 });
        await deno.send('HeapProfiler.enable');
        await deno.send('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
        await post(node, 'Profiler.start');
        await deno.send('Profiler.start');
        for (let i = 0; i < polls; i++) {
            await sim.runJob(JobId.Poll);
        }
        const denoProfile = (await deno.send<{ profile: CpuProfile }>('Profiler.stop')).profile;
        const nodeProfile = (await post<{ profile: CpuProfile }>(node, 'Profiler.stop')).profile;
        const heap = (await deno.send<{ profile: { head: HeapNode } }>('HeapProfiler.stopSampling')).profile;
        const dir = process.env.BENCH_PROFILE_DIR;
        if (dir) {
            // Raw profiles, to open in Chrome DevTools' Performance panel.
            fs.mkdirSync(dir, { recursive: true });
            fs.writeFileSync(path.join(dir, `${build.label}-${argo.apps}-node.cpuprofile`), JSON.stringify(nodeProfile));
            fs.writeFileSync(path.join(dir, `${build.label}-${argo.apps}-deno.cpuprofile`), JSON.stringify(denoProfile));
        }
        return {
            polls, node: summarise(nodeProfile, polls, nodePart), deno: summarise(denoProfile, polls, denoPart),
            denoAllocations: allocations(heap.head, polls, denoPart),
        };
    } finally {
        node.disconnect();
        deno.close();
        await sim.stop();
    }
}
