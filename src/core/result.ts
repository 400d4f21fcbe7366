/** Errors are values at boundaries: a failure carries a message a person can act on. */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
    return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
    return { ok: false, error };
}
