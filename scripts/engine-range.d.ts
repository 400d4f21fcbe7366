// Types for engine-range.js, which plain-Node scripts also load.
export function admittedRuntimes(range: string, versions: string[]): string[];
export function compare(a: string, b: string): number;
export function lowerBound(range: string): string;
export function satisfies(version: string, range: string): boolean;
