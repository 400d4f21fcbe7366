const VERBS_WITH_APP = new Set(['app', 'history', 'sync', 'rollback', 'mute', 'unmute']);
const MAX_SUGGESTIONS = 10;

/** Completes the app name being typed after a verb that takes one. */
export function suggestApps(args: readonly string[], names: readonly string[]): string[] {
    const [verb, partial = ''] = args;
    if (verb === undefined || !VERBS_WITH_APP.has(verb.toLowerCase()) || args.length > 2) {
        return [];
    }
    const prefix = partial.toLowerCase();
    const unique = [...new Set(names)];
    const starts = unique.filter((n) => n.startsWith(prefix)).sort();
    const contains = unique.filter((n) => !n.startsWith(prefix) && n.includes(prefix)).sort();
    return [...starts, ...contains].slice(0, MAX_SUGGESTIONS);
}
