import type { RpcChannel } from './rpc';

type AnyConstructor = abstract new (...args: never[]) => object;

/**
 * An instance of the engine's base class `Base` whose methods named after those of `Shape` run in
 * the shared database's process instead (`target` there). The engine's own checks in `Base`
 * (permissions) still run here, in the instance, as in Rocket.Chat; only the data work crosses.
 */
export function forwarding<T extends object>(Base: AnyConstructor, Shape: { prototype: object }, target: string, rpc: RpcChannel, ...constructorArgs: unknown[]): T {
    const Forwarding = class extends (Base as unknown as new (...args: unknown[]) => object) {};
    for (const method of Object.getOwnPropertyNames(Shape.prototype)) {
        if (method === 'constructor') {
            continue;
        }
        Object.defineProperty(Forwarding.prototype, method, {
            value: (...args: unknown[]) => rpc.call(target, method, args),
            writable: true,
            configurable: true,
        });
    }
    return new Forwarding(...constructorArgs) as T;
}
