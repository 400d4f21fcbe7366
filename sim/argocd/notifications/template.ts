/**
 * The part of Go's text/template that webhook bodies and paths here use: literal text and
 * `{{.a.b.c}}` field paths. notifications-engine: pkg/services/webhook.go parses body and path
 * with text/template and executes them with {app: <unstructured app>, ...}.
 */

export class TemplateSyntaxError extends Error {}

type Part = { text: string } | { path: string[] };

const FIELD_PATH = /^\s*((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*$/;

function goPrint(v: unknown): string {
    // Go text/template/exec.go: a missing map entry (at any depth) prints as "<no value>".
    if (v === undefined || v === null) return '<no value>';
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new TemplateSyntaxError('unsupported: printing a map or list (Go would print its fmt form)');
}

export interface Template {
    execute(vars: Record<string, unknown>): string;
}

export function parseTemplate(source: string): Template {
    const parts: Part[] = [];
    let rest = source;
    for (;;) {
        const open = rest.indexOf('{{');
        if (open < 0) {
            parts.push({ text: rest });
            break;
        }
        parts.push({ text: rest.slice(0, open) });
        const close = rest.indexOf('}}', open);
        if (close < 0) throw new TemplateSyntaxError(`unclosed action in: ${source}`);
        const action = rest.slice(open + 2, close);
        const m = FIELD_PATH.exec(action);
        if (!m) throw new TemplateSyntaxError(`unsupported template construct {{${action}}}: only {{.field.path}} is supported`);
        parts.push({ path: m[1].slice(1).split('.') });
        rest = rest.slice(close + 2);
    }
    return {
        execute(vars) {
            return parts
                .map((p) => {
                    if ('text' in p) return p.text;
                    let v: unknown = vars;
                    for (const key of p.path) {
                        // A missing key, or a key of a missing value, gives no value rather than an error.
                        v = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
                    }
                    return goPrint(v);
                })
                .join('');
        },
    };
}
