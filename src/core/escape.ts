/**
 * Text that comes from Argo CD (app names, operation and commit messages) is data. It is shown
 * as inline code, where Rocket.Chat parses neither markdown, links nor mentions, and is also
 * defused on its own terms so that copying it out of the code span cannot mention anyone.
 */
const ZERO_WIDTH_SPACE = '\u200b';
const MAX_INLINE = 300;

/** Removes control characters and line breaks that would break a one-line layout. */
function flatten(text: string): string {
    return text
        .replace(/\r\n|\r|\n/g, ' ⏎ ')
        .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
        .trim();
}

function defuseMentions(text: string): string {
    return text.replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
}

export function truncate(text: string, max: number): string {
    const chars = Array.from(text);
    return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** An untrusted value as inline code: no markdown, no links, no mentions, one line. */
export function code(text: string, max = MAX_INLINE): string {
    // A backtick would close the code span; the modifier letter looks the same and cannot.
    const safe = defuseMentions(truncate(flatten(text), max)).replace(/`/g, 'ˋ');
    return safe === '' ? '`-`' : `\`${safe}\``;
}

/** Encodes one URL path segment, including the parentheses markdown links end on. */
export function pathSegment(value: string): string {
    return encodeURIComponent(value).replace(/[()']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
