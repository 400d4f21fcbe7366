/** The error every bridge method the sim does not model throws, so a new app dependency shows up at once. */
export function notImplemented(bridge: string, method: string): Error {
    return new Error(`not implemented: ${bridge}.${method}`);
}

/**
 * A whole bridge the app has no business calling: any `do…` method the engine forwards to it
 * rejects with `not implemented: <Bridge>.<method>`.
 */
export function unimplementedBridge<T>(bridge: string): T {
    return new Proxy({}, {
        get(_target, property) {
            if (typeof property !== 'string' || property === 'then') {
                return undefined;
            }
            return () => Promise.reject(notImplemented(bridge, property));
        },
    }) as T;
}
