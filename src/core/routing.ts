import type { Translate } from './i18n/translate';
import { englishT } from './i18n/translate';
import type { Requirement } from './labelSelector';
import { matchesSelector, parseLabelSelector } from './labelSelector';
import type { Result } from './result';
import { err, ok } from './result';

/** One routing rule: apps it matches go to `channel`. */
export interface RouteRule {
    line: number;
    channel: string;
    match: { kind: 'project'; project: string } | { kind: 'selector'; selector: string; requirements: Requirement[] } | { kind: 'name'; pattern: RegExp; source: string };
}

export interface Routable {
    name: string;
    project: string;
    labels?: Record<string, string>;
}

function namePattern(glob: string): RegExp {
    return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

const RULE = /^(project|selector|name)\s*:\s*(.+?)\s*->\s*#?([^\s#]+)$/;
const MATCHER = /^(project|selector|name)\s*:\s*(.+?)\s*$/;

/** The match part of a rule: `project:NAME`, `selector:EXPR` or `name:GLOB`. */
function parseMatch(kind: string, value: string): RouteRule['match'] | { problem: string } {
    if (kind === 'project') {
        return { kind: 'project', project: value };
    }
    if (kind === 'name') {
        return { kind: 'name', pattern: namePattern(value), source: value };
    }
    const parsed = parseLabelSelector(value);
    return parsed.ok ? { kind: 'selector', selector: value, requirements: parsed.value } : { problem: parsed.error.requirement };
}

type RuleMessages = {
    syntax: 'config.route.syntax' | 'config.autosync.syntax' | 'config.deployfeed.syntax';
    selector: 'config.route.selector' | 'config.autosync.selector' | 'config.deployfeed.selector';
};

/**
 * One rule per line, blank lines and `#` comments skipped; `pattern` captures the kind, the value
 * and (for routes) the channel. Every bad line is reported with its number and what to write.
 */
function parseRuleLines(text: string, pattern: RegExp, messages: RuleMessages, t: Translate): Result<RouteRule[], string[]> {
    const rules: RouteRule[] = [];
    const problems: string[] = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = index + 1;
        const trimmed = raw.trim();
        if (trimmed === '' || trimmed.startsWith('#')) {
            return;
        }
        const match = pattern.exec(trimmed);
        if (!match) {
            problems.push(t(messages.syntax, { line, text: trimmed.slice(0, 80) }));
            return;
        }
        const parsed = parseMatch(match[1], match[2]);
        if ('problem' in parsed) {
            problems.push(t(messages.selector, { line, problem: t('config.selector', { requirement: parsed.problem }) }));
            return;
        }
        rules.push({ line, channel: match[3] ?? '', match: parsed });
    });
    return problems.length > 0 ? err(problems) : ok(rules);
}

/** The auto-sync and deploy-feed settings: `project:NAME`, `selector:EXPR` or `name:GLOB` per line. */
export function parseAppMatchers(text: string, t: Translate = englishT, setting: 'autosync' | 'deployfeed' = 'autosync'): Result<RouteRule[], string[]> {
    return parseRuleLines(text, MATCHER, { syntax: `config.${setting}.syntax`, selector: `config.${setting}.selector` }, t);
}

/** The routes setting: `project:NAME -> #channel`, `selector:team=web -> #channel` or `name:pay* -> #channel` per line. */
export function parseRoutes(text: string, t: Translate = englishT): Result<RouteRule[], string[]> {
    return parseRuleLines(text, RULE, { syntax: 'config.route.syntax', selector: 'config.route.selector' }, t);
}

export function ruleMatches(rule: RouteRule, app: Routable): boolean {
    const m = rule.match;
    return m.kind === 'project' ? app.project === m.project
        : m.kind === 'name' ? m.pattern.test(app.name)
            : matchesSelector(m.requirements, app.labels);
}

/** The first rule that matches wins; no match: the default channel (undefined). */
export function routeOf(rules: readonly RouteRule[], app: Routable): string | undefined {
    return rules.find((rule) => ruleMatches(rule, app))?.channel;
}

export function routedChannels(rules: readonly RouteRule[]): string[] {
    return [...new Set(rules.map((r) => r.channel))];
}
