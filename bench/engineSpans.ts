/**
 * Node-side spans of a poll in the engine: wall time spent in the HTTP bridge (the request to
 * Argo CD, and Rocket.Chat's JSON.parse of its answer unless the app asked for raw bytes), in the
 * persistence bridge, and encoding what goes to Deno; the round trips Deno makes to Node. Whatever
 * a poll spends outside these spans is the Deno side (the app's own code, its JSON.parse) and the
 * JSON-RPC hops between the two processes.
 */
import { DenoRuntimeSubprocessController } from 'apps-engine-runtime/server/runtime/deno/AppsEngineDenoRuntime';
import { ProcessMessenger } from 'apps-engine-runtime/server/runtime/deno/ProcessMessenger';
import { SimHttpBridge } from '../sim/rocketchat/SimHttpBridge';
import { SimPersistenceBridge } from '../sim/rocketchat/SimPersistenceBridge';
import { nowMs } from './timing';

export interface Spans {
    httpCalls: number;
    httpMs: number;
    persistenceReadMs: number;
    persistenceWriteMs: number;
    /** Requests the app's Deno process made to the Node side (accessor and bridge calls), each a round trip. */
    rpcCalls: number;
    rpcByMethod: Record<string, number>;
    /** Node-side msgpack encoding of the answers sent to Deno, and their size. */
    encodeMs: number;
    bytesToDeno: number;
}

const current: Spans = emptySpans();
let installed = false;

function emptySpans(): Spans {
    return { httpCalls: 0, httpMs: 0, persistenceReadMs: 0, persistenceWriteMs: 0, rpcCalls: 0, rpcByMethod: {}, encodeMs: 0, bytesToDeno: 0 };
}

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

function wrap(proto: object, name: string, after: (ms: number, result: unknown) => void): void {
    const target = proto as Record<string, AnyMethod>;
    const original = target[name];
    target[name] = async function (this: unknown, ...args: unknown[]) {
        const start = nowMs();
        const result = await original.apply(this, args);
        after(nowMs() - start, result);
        return result;
    };
}

/** Patches the sim's bridge classes once, before the sim starts (they are not part of the app). */
export function installSpans(): void {
    if (installed) {
        return;
    }
    installed = true;
    wrap(SimHttpBridge.prototype, 'call', (ms) => {
        current.httpCalls++;
        current.httpMs += ms;
    });
    for (const name of ['readByAssociations', 'readById']) {
        wrap(SimPersistenceBridge.prototype, name, (ms) => {
            current.persistenceReadMs += ms;
        });
    }
    const incoming = DenoRuntimeSubprocessController.prototype as unknown as Record<string, (message: { payload: { method: string } }) => Promise<unknown>>;
    const handle = incoming.handleIncomingMessage;
    incoming.handleIncomingMessage = function (this: unknown, message) {
        const method = message.payload.method;
        if (method.startsWith('accessor:') || method.startsWith('bridges:')) {
            current.rpcCalls++;
            current.rpcByMethod[method] = (current.rpcByMethod[method] ?? 0) + 1;
        }
        return handle.call(this, message);
    };
    // The engine binds strategySend when the Deno process starts; this is its body with a clock around the encoding.
    const messenger = ProcessMessenger.prototype as unknown as Record<string, unknown>;
    messenger.strategySend = function (this: { encoder: { encode(m: unknown): Uint8Array }; deno: { stdin: { write(b: Uint8Array): void } } }, message: unknown) {
        const start = nowMs();
        const encoded = this.encoder.encode(message);
        current.encodeMs += nowMs() - start;
        current.bytesToDeno += encoded.byteLength;
        this.deno.stdin.write(encoded);
    };
    for (const name of ['update', 'updateByAssociations', 'create', 'createWithAssociations', 'remove', 'removeByAssociations']) {
        wrap(SimPersistenceBridge.prototype, name, (ms) => {
            current.persistenceWriteMs += ms;
        });
    }
}

export function takeSpans(): Spans {
    const taken = { ...current, rpcByMethod: { ...current.rpcByMethod } };
    Object.assign(current, emptySpans());
    return taken;
}
