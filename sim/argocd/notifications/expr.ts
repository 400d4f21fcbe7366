/**
 * The part of expr-lang (github.com/expr-lang/expr, formerly antonmedv/expr) that our trigger
 * conditions use, with expr-lang's runtime semantics on an unstructured object (maps of maps,
 * where a missing key is nil). Anything outside that part is refused at compile time, naming
 * the construct, so a condition that would behave differently in Argo CD cannot pass here.
 */

export type Value = unknown;

type Node =
    | { kind: 'lit'; value: Value }
    | { kind: 'name'; name: string }
    | { kind: 'member'; object: Node; property: string }
    | { kind: 'list'; items: Node[] }
    | { kind: 'not'; operand: Node }
    | { kind: 'binary'; op: '==' | '!=' | 'in' | 'and' | 'or'; left: Node; right: Node };

export class ExprSyntaxError extends Error {}
/** A failure while running, as expr-lang's runtime panics (e.g. "cannot fetch phase from <nil>"). */
export class ExprRuntimeError extends Error {}

interface Token {
    type: 'ident' | 'string' | 'punct';
    text: string;
    value?: string;
    pos: number;
}

const PUNCT = ['==', '!=', '&&', '||', '.', '(', ')', '[', ']', ',', '!'];
// Operators expr-lang has but our subset refuses, longest first so '?.' is not read as '?'.
const REFUSED = ['?.', '??', '<=', '>=', '**', '..', '|', '<', '>', '+', '-', '*', '/', '%', '^', '?', ':', '#', '{', '}', '='];

function tokenize(src: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < src.length) {
        const c = src[i];
        if (/\s/.test(c)) {
            i++;
            continue;
        }
        if (/[A-Za-z_$]/.test(c)) {
            const m = /^[A-Za-z_$][\w$]*/.exec(src.slice(i)) as RegExpExecArray;
            tokens.push({ type: 'ident', text: m[0], pos: i });
            i += m[0].length;
            continue;
        }
        if (c === "'" || c === '"') {
            let j = i + 1;
            let value = '';
            while (j < src.length && src[j] !== c) {
                if (src[j] === '\\') {
                    const e = src[j + 1];
                    const map: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"' };
                    if (!(e in map)) throw new ExprSyntaxError(`unsupported construct: escape \\${e} at ${j + 1}`);
                    value += map[e];
                    j += 2;
                } else value += src[j++];
            }
            if (j >= src.length) throw new ExprSyntaxError(`unterminated string at ${i + 1}`);
            tokens.push({ type: 'string', text: src.slice(i, j + 1), value, pos: i });
            i = j + 1;
            continue;
        }
        if (c === '`') throw new ExprSyntaxError(`unsupported construct: raw string at ${i + 1}`);
        if (/[0-9]/.test(c)) throw new ExprSyntaxError(`unsupported construct: number literal at ${i + 1}`);
        const refused = REFUSED.find((r) => src.startsWith(r, i));
        const punct = PUNCT.find((p) => src.startsWith(p, i));
        if (punct && !(refused && refused.length > punct.length)) {
            tokens.push({ type: 'punct', text: punct, pos: i });
            i += punct.length;
            continue;
        }
        throw new ExprSyntaxError(`unsupported construct: operator '${refused ?? c}' at ${i + 1}`);
    }
    return tokens;
}

const WORD_OPERATORS = new Set(['and', 'or', 'not', 'in']);
const REFUSED_WORDS = new Set(['matches', 'contains', 'startsWith', 'endsWith', 'let', 'if', 'else']);

class Parser {
    private i = 0;
    constructor(private readonly tokens: Token[], private readonly src: string) {}

    parse(): Node {
        if (this.tokens.length === 0) throw new ExprSyntaxError('empty expression');
        const node = this.or();
        const rest = this.peek();
        if (rest) throw this.unexpected(rest);
        return node;
    }

    private peek(): Token | undefined {
        return this.tokens[this.i];
    }

    private is(text: string): boolean {
        const t = this.peek();
        return !!t && t.type !== 'string' && t.text === text;
    }

    private unexpected(t: Token): ExprSyntaxError {
        if (t.type === 'ident' && REFUSED_WORDS.has(t.text)) return new ExprSyntaxError(`unsupported construct: operator '${t.text}' at ${t.pos + 1}`);
        return new ExprSyntaxError(`unsupported construct: unexpected '${t.text}' at ${t.pos + 1} in: ${this.src}`);
    }

    // expr-lang precedences: or 10, and 15, == != in 20, unary not/! 50 (binds tighter than ==).
    private or(): Node {
        let left = this.and();
        while (this.is('or') || this.is('||')) {
            this.i++;
            left = { kind: 'binary', op: 'or', left, right: this.and() };
        }
        return left;
    }

    private and(): Node {
        let left = this.comparison();
        while (this.is('and') || this.is('&&')) {
            this.i++;
            left = { kind: 'binary', op: 'and', left, right: this.comparison() };
        }
        return left;
    }

    private comparison(): Node {
        let left = this.unary();
        for (;;) {
            if (this.is('==') || this.is('!=') || this.is('in')) {
                const op = (this.tokens[this.i++].text) as '==' | '!=' | 'in';
                left = { kind: 'binary', op, left, right: this.unary() };
            } else if (this.is('not') && this.tokens[this.i + 1]?.text === 'in') {
                throw new ExprSyntaxError(`unsupported construct: operator 'not in' at ${(this.peek() as Token).pos + 1}`);
            } else return left;
        }
    }

    private unary(): Node {
        if (this.is('not') || this.is('!')) {
            this.i++;
            return { kind: 'not', operand: this.unary() };
        }
        return this.postfix();
    }

    private postfix(): Node {
        let node = this.primary();
        for (;;) {
            if (this.is('.')) {
                this.i++;
                const t = this.peek();
                if (!t || t.type !== 'ident') throw new ExprSyntaxError(`expected a field name after '.' at ${(t?.pos ?? this.src.length) + 1}`);
                this.i++;
                node = { kind: 'member', object: node, property: t.text };
            } else if (this.is('[')) {
                throw new ExprSyntaxError(`unsupported construct: index access at ${(this.peek() as Token).pos + 1}`);
            } else if (this.is('(')) {
                throw new ExprSyntaxError(`unsupported construct: function call at ${(this.peek() as Token).pos + 1}`);
            } else return node;
        }
    }

    private primary(): Node {
        const t = this.peek();
        if (!t) throw new ExprSyntaxError(`unexpected end of expression: ${this.src}`);
        this.i++;
        if (t.type === 'string') return { kind: 'lit', value: t.value };
        if (t.type === 'ident') {
            if (t.text === 'nil') return { kind: 'lit', value: null };
            if (t.text === 'true' || t.text === 'false') return { kind: 'lit', value: t.text === 'true' };
            if (WORD_OPERATORS.has(t.text) || REFUSED_WORDS.has(t.text)) throw this.unexpected(t);
            return { kind: 'name', name: t.text };
        }
        if (t.text === '(') {
            const inner = this.or();
            if (!this.is(')')) throw new ExprSyntaxError(`expected ')' at ${(this.peek()?.pos ?? this.src.length) + 1}`);
            this.i++;
            return inner;
        }
        if (t.text === '[') {
            const items: Node[] = [];
            while (!this.is(']')) {
                items.push(this.or());
                if (this.is(',')) this.i++;
                else if (!this.is(']')) throw new ExprSyntaxError(`expected ',' or ']' at ${(this.peek()?.pos ?? this.src.length) + 1}`);
            }
            this.i++;
            return { kind: 'list', items };
        }
        throw this.unexpected(t);
    }
}

/** Go's %T of a value decoded from JSON into unstructured (what expr-lang names in its errors). */
function goTypeName(v: Value): string {
    if (v === null || v === undefined) return '<nil>';
    if (typeof v === 'string') return 'string';
    if (typeof v === 'boolean') return 'bool';
    if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
    if (Array.isArray(v)) return '[]interface {}';
    return 'map[string]interface {}';
}

function isMap(v: Value): v is Record<string, Value> {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// expr-lang: vm/runtime/runtime.go (Fetch): a missing map key is the map's zero value (nil); fetching from nil panics.
function fetch(from: Value, property: string): Value {
    if (isMap(from)) return Object.prototype.hasOwnProperty.call(from, property) ? from[property] : null;
    throw new ExprRuntimeError(`cannot fetch ${property} from ${goTypeName(from)}`);
}

function equal(a: Value, b: Value): boolean {
    const na = a === undefined ? null : a;
    const nb = b === undefined ? null : b;
    if (na === null || nb === null) return na === nb;
    if (typeof na !== 'object' && typeof nb !== 'object') return na === nb;
    return JSON.stringify(na) === JSON.stringify(nb);
}

function asBool(v: Value, op: string): boolean {
    if (typeof v !== 'boolean') throw new ExprRuntimeError(`invalid operation: ${op} of ${goTypeName(v)}`);
    return v;
}

function run(node: Node, env: Record<string, Value>): Value {
    switch (node.kind) {
        case 'lit':
            return node.value;
        case 'name':
            return Object.prototype.hasOwnProperty.call(env, node.name) ? env[node.name] : null;
        case 'member':
            return fetch(run(node.object, env), node.property);
        case 'list':
            return node.items.map((n) => run(n, env));
        case 'not':
            return !asBool(run(node.operand, env), 'not');
        case 'binary': {
            if (node.op === 'and') return asBool(run(node.left, env), 'and') && asBool(run(node.right, env), 'and');
            if (node.op === 'or') return asBool(run(node.left, env), 'or') || asBool(run(node.right, env), 'or');
            const left = run(node.left, env);
            const right = run(node.right, env);
            if (node.op === '==') return equal(left, right);
            if (node.op === '!=') return !equal(left, right);
            if (!Array.isArray(right)) throw new ExprRuntimeError(`operator "in" not defined on ${goTypeName(right)}`);
            return right.some((item) => equal(left, item));
        }
    }
}

export interface Program {
    source: string;
    run(env: Record<string, Value>): Value;
}

/** Like expr.Compile: refuses what it cannot run; the program then runs against any env. */
export function compile(source: string): Program {
    const ast = new Parser(tokenize(source), source).parse();
    return { source, run: (env) => run(ast, env) };
}
