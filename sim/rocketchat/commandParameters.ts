// Rocket.Chat: apps/meteor/lib/utils/parseParameters.ts, called by
// apps/meteor/app/apps/server/bridges/commands.ts before a slash command reaches an app.
//
// What the server does to the text after the command name:
// - parameters are split on every space, tab, CR and LF, and empty pieces are dropped, so runs of
//   whitespace count as one separator;
// - a quoted stretch ("..." or '...') keeps its whitespace and loses its outer quotes; inside it a
//   backslash protects the next character, so \" does not end it;
// - two quoted stretches written back to back ("a""b") become two parameters; a quoted stretch
//   glued to a word (a"b c"d) stays part of that word;
// - an unmatched quote is kept as a plain character;
// - finally every \" becomes " (other backslashes stay).

const WHITESPACE = /[ \n\r\t]/;

/** The closing quote's index for a quoted stretch opened at `start`, or -1 when there is none. */
function closingQuote(text: string, start: number): number {
    const quote = text[start];
    for (let i = start + 1; i < text.length; i++) {
        if (text[i] === '\\' && i + 1 < text.length) {
            i++;
            continue;
        }
        if (text[i] === quote) {
            return i;
        }
    }
    return -1;
}

export function parseCommandParameters(text: string): string[] {
    const params: string[] = [];
    let current = '';
    let started = false;
    const finish = (): void => {
        if (started) {
            params.push(current);
        }
        current = '';
        started = false;
    };
    let i = 0;
    while (i < text.length) {
        const char = text[i];
        if (char === '"' || char === "'") {
            const end = closingQuote(text, i);
            if (end !== -1) {
                current += text.slice(i + 1, end);
                started = true;
                i = end + 1;
                // Back-to-back quoted stretches are separate parameters.
                if (text[i] === '"' || text[i] === "'") {
                    if (closingQuote(text, i) !== -1) {
                        finish();
                    }
                }
                continue;
            }
        }
        if (WHITESPACE.test(char)) {
            finish();
        } else {
            current += char;
            started = true;
        }
        i++;
    }
    finish();
    return params.map((param) => param.replace(/\\"/g, '"'));
}
