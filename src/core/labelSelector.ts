import type { Result } from './result';
import { err, ok } from './result';

/** One requirement of a Kubernetes label selector. */
export type Requirement =
    | { op: 'exists'; key: string }
    | { op: 'notexists'; key: string }
    | { op: 'eq'; key: string; value: string }
    | { op: 'ne'; key: string; value: string }
    | { op: 'in'; key: string; values: string[] }
    | { op: 'notin'; key: string; values: string[] };

const KEY = '[A-Za-z0-9][-A-Za-z0-9_./]*';
const VALUE = '[-A-Za-z0-9_.]*';
const FORMS: Array<[RegExp, (m: RegExpExecArray) => Requirement]> = [
    [new RegExp(`^(${KEY})\\s*(==?)\\s*(${VALUE})$`), (m) => ({ op: 'eq', key: m[1], value: m[3] })],
    [new RegExp(`^(${KEY})\\s*!=\\s*(${VALUE})$`), (m) => ({ op: 'ne', key: m[1], value: m[2] })],
    [new RegExp(`^(${KEY})\\s+(in|notin)\\s+\\(([-A-Za-z0-9_.,\\s]*)\\)$`), (m) => ({
        op: m[2] === 'in' ? 'in' : 'notin', key: m[1], values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== ''),
    } as Requirement)],
    [new RegExp(`^!(${KEY})$`), (m) => ({ op: 'notexists', key: m[1] })],
    [new RegExp(`^(${KEY})$`), (m) => ({ op: 'exists', key: m[1] })],
];

/**
 * Parses a label selector as Kubernetes writes them (`team=web,env!=dev,tier in (a,b),!legacy`).
 * The error names the requirement that did not parse.
 */
export function parseLabelSelector(selector: string): Result<Requirement[], { requirement: string }> {
    // Commas inside `in (a,b)` do not separate requirements.
    const parts = selector.split(/,(?![^(]*\))/).map((p) => p.trim());
    const requirements: Requirement[] = [];
    for (const part of parts) {
        const form = FORMS.map(([pattern, build]) => {
            const match = pattern.exec(part);
            return match ? build(match) : undefined;
        }).find((r) => r !== undefined);
        if (!form) {
            return err({ requirement: part });
        }
        requirements.push(form);
    }
    return ok(requirements);
}

export function matchesSelector(requirements: readonly Requirement[], labels: Record<string, string> | undefined): boolean {
    const get = (key: string): string | undefined => labels?.[key];
    return requirements.every((r) => {
        const value = get(r.key);
        switch (r.op) {
            case 'exists': return value !== undefined;
            case 'notexists': return value === undefined;
            case 'eq': return value === r.value;
            case 'ne': return value !== r.value;
            case 'in': return value !== undefined && r.values.includes(value);
            case 'notin': return value === undefined || !r.values.includes(value);
        }
    });
}
