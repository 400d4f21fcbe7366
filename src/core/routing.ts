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

/**
 * Parses the routes setting: one rule per line, `project:NAME -> #channel`,
 * `selector:team=web -> #channel` or `name:pay* -> #channel`; blank lines and `#` comments are
 * skipped. Every bad line is reported with its number.
 */
export function parseRoutes(text: string, t: Translate = englishT): Result<RouteRule[], string[]> {
    const rules: RouteRule[] = [];
    const problems: string[] = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = index + 1;
        const trimmed = raw.trim();
        if (trimmed === '' || trimmed.startsWith('#')) {
            return;
        }
        const match = RULE.exec(trimmed);
        if (!match) {
            problems.push(t('config.route.syntax', { line, text: trimmed.slice(0, 80) }));
            return;
        }
        const [, kind, value, channel] = match;
        if (kind === 'project') {
            rules.push({ line, channel, match: { kind: 'project', project: value } });
        } else if (kind === 'name') {
            rules.push({ line, channel, match: { kind: 'name', pattern: namePattern(value), source: value } });
        } else {
            const parsed = parseLabelSelector(value);
            if (!parsed.ok) {
                problems.push(t('config.route.selector', { line, problem: t('config.selector', { requirement: parsed.error.requirement }) }));
                return;
            }
            rules.push({ line, channel, match: { kind: 'selector', selector: value, requirements: parsed.value } });
        }
    });
    return problems.length > 0 ? err(problems) : ok(rules);
}

/** The first rule that matches wins; no match: the default channel (undefined). */
export function routeOf(rules: readonly RouteRule[], app: Routable): string | undefined {
    for (const rule of rules) {
        const m = rule.match;
        const hit = m.kind === 'project' ? app.project === m.project
            : m.kind === 'name' ? m.pattern.test(app.name)
                : matchesSelector(m.requirements, app.labels);
        if (hit) {
            return rule.channel;
        }
    }
    return undefined;
}

export function routedChannels(rules: readonly RouteRule[]): string[] {
    return [...new Set(rules.map((r) => r.channel))];
}
