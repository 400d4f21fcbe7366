/**
 * The Argo CD version the server claims (ServerOptions.version), compared by minor release:
 * several shapes depend on it (the `fields` table from 3.5, app health `Missing` from 3.4).
 */

export const DEFAULT_VERSION = 'v3.6.0+37ee009';

/** [major, minor] of 'v3.6.0+37ee009'; an unreadable version counts as the default. */
function majorMinor(version: string): [number, number] {
    const m = /^v?(\d+)\.(\d+)/.exec(version) ?? /^v?(\d+)\.(\d+)/.exec(DEFAULT_VERSION);
    return m ? [Number(m[1]), Number(m[2])] : [3, 6];
}

export function atLeast(version: string, major: number, minor: number): boolean {
    const [ma, mi] = majorMinor(version);
    return ma > major || (ma === major && mi >= minor);
}
