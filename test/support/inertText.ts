import { parse } from '@rocket.chat/message-parser';

/**
 * Rocket.Chat's clients render message text through @rocket.chat/message-parser. Text the app
 * writes must never become a mention, a channel link, a link anywhere but Argo CD, or a block
 * that breaks the layout (heading, quote, code block, table, image…), whatever Argo CD sent.
 */
const LAYOUT_BREAKERS = new Set(['HEADING', 'QUOTE', 'BLOCKQUOTE', 'CODE', 'TABLE', 'HORIZONTAL_RULE', 'IMAGE', 'KATEX', 'INLINE_KATEX', 'SPOILER_BLOCK', 'TASKS', 'ORDERED_LIST']);

interface Node {
    type?: string;
    value?: unknown;
    src?: { value?: string };
}

function walk(node: unknown, visit: (node: Node) => void): void {
    if (Array.isArray(node)) {
        node.forEach((child) => walk(child, visit));
        return;
    }
    if (typeof node !== 'object' || node === null) {
        return;
    }
    const typed = node as Node;
    if (typeof typed.type === 'string') {
        visit(typed);
    }
    for (const value of Object.values(node)) {
        walk(value, visit);
    }
}

/** What is wrong with a text as Rocket.Chat would render it; empty when it is inert. */
export function renderingProblems(text: string, allowedLinkPrefixes: readonly string[]): string[] {
    const problems: string[] = [];
    walk(parse(text, { emoticons: true, colors: true }), (node) => {
        if (node.type === 'MENTION_USER' || node.type === 'MENTION_CHANNEL') {
            problems.push(`${node.type} ${JSON.stringify(node.value)}`);
        } else if (node.type === 'LINK') {
            const src = ((node.value as Node)?.src?.value) ?? '';
            if (!allowedLinkPrefixes.some((prefix) => src.startsWith(prefix))) {
                problems.push(`LINK to ${src}`);
            }
        } else if (node.type !== undefined && LAYOUT_BREAKERS.has(node.type)) {
            problems.push(`${node.type} block`);
        }
    });
    return problems;
}

/** Throws, naming every text and what is wrong with it, unless all are inert. */
export function assertInertTexts(texts: Array<{ where: string; text: string }>, allowedLinkPrefixes: readonly string[]): void {
    const bad = texts
        .map(({ where, text }) => ({ where, text, problems: renderingProblems(text, allowedLinkPrefixes) }))
        .filter((entry) => entry.problems.length > 0);
    if (bad.length > 0) {
        throw new Error(`texts Rocket.Chat would not render inert:\n${bad.map((b) => `- ${b.where}: ${b.problems.join('; ')}\n  ${JSON.stringify(b.text)}`).join('\n')}`);
    }
}
