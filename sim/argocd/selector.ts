/**
 * Kubernetes label selectors (k8s.io/apimachinery labels.Parse), as Argo CD applies them to the
 * application list: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`;
 * a comma means AND. Parse errors carry the apimachinery wording, so a bad selector answers the
 * same 500 body a real server would.
 */

export type Requirement =
    | { key: string; op: 'in' | 'notin'; values: string[] }
    | { key: string; op: 'exists' | '!exists' }
    | { key: string; op: 'gt' | 'lt'; value: number };

export type Selector = Requirement[];

export class SelectorError extends Error {}

type Token =
    | { t: 'id'; v: string }
    | { t: 'op'; v: '=' | '==' | '!=' | '!' | '>' | '<' }
    | { t: '(' | ')' | ',' | 'end' };

const SPECIAL = '=!(),<>';

function lex(input: string): Token[] {
    const out: Token[] = [];
    let i = 0;
    while (i < input.length) {
        const c = input[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === '(' || c === ')' || c === ',') {
            out.push({ t: c });
            i++;
        } else if (c === '=' || c === '!') {
            if (input[i + 1] === '=') {
                out.push({ t: 'op', v: c === '=' ? '==' : '!=' });
                i += 2;
            } else {
                out.push({ t: 'op', v: c });
                i++;
            }
        } else if (c === '<' || c === '>') {
            out.push({ t: 'op', v: c });
            i++;
        } else {
            let j = i;
            while (j < input.length && !SPECIAL.includes(input[j]) && !/\s/.test(input[j])) j++;
            out.push({ t: 'id', v: input.slice(i, j) });
            i = j;
        }
    }
    out.push({ t: 'end' });
    return out;
}

const show = (tok: Token): string => (tok.t === 'id' || tok.t === 'op' ? tok.v : tok.t === 'end' ? '' : tok.t);

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateKey(key: string): void {
    const slash = key.indexOf('/');
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const okName = name.length > 0 && name.length <= 63 && NAME_PART.test(name);
    const okPrefix = prefix === undefined || (prefix.length > 0 && prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
    if (!okName || !okPrefix) {
        throw new SelectorError(
            `unable to parse requirement: key: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
        );
    }
}

function validateValue(key: string, value: string, index: number): void {
    if (value.length > 63 || !LABEL_VALUE.test(value)) {
        throw new SelectorError(
            `unable to parse requirement: values[${index}][${key}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
        );
    }
}

export function parseSelector(input: string): Selector {
    const toks = lex(input);
    let p = 0;
    const peek = (): Token => toks[p];
    const next = (): Token => toks[p++];
    const reqs: Selector = [];
    if (peek().t === 'end') return reqs;

    for (;;) {
        reqs.push(parseRequirement());
        const tok = next();
        if (tok.t === 'end') return reqs;
        if (tok.t !== ',') {
            throw new SelectorError(`found '${show(tok)}', expected: ',' or 'end of string'`);
        }
    }

    function parseRequirement(): Requirement {
        let tok = next();
        if (tok.t === 'op' && tok.v === '!') {
            const key = next();
            if (key.t !== 'id') throw new SelectorError(`unable to parse requirement: found '${show(key)}', expected: identifier after '!'`);
            validateKey(key.v);
            return { key: key.v, op: '!exists' };
        }
        if (tok.t !== 'id') {
            throw new SelectorError(`unable to parse requirement: found '${show(tok)}', expected: !, identifier, or 'end of string'`);
        }
        const key = tok.v;
        validateKey(key);
        const after = peek();
        if (after.t === ',' || after.t === 'end') return { key, op: 'exists' };
        tok = next();
        if (tok.t === 'op' && (tok.v === '=' || tok.v === '==' || tok.v === '!=')) {
            const v = peek();
            // `a=` is a valid selector for the empty value.
            const value = v.t === 'id' ? (next() as { v: string }).v : '';
            if (v.t !== 'id' && v.t !== ',' && v.t !== 'end') {
                throw new SelectorError(`unable to parse requirement: found '${show(v)}', expected: identifier`);
            }
            validateValue(key, value, 0);
            return { key, op: tok.v === '!=' ? 'notin' : 'in', values: [value] };
        }
        if (tok.t === 'op' && (tok.v === '>' || tok.v === '<')) {
            const v = next();
            if (v.t !== 'id') throw new SelectorError(`unable to parse requirement: found '${show(v)}', expected: identifier`);
            if (!/^-?\d+$/.test(v.v)) {
                throw new SelectorError(
                    `unable to parse requirement: values[0]: Invalid value: "${v.v}": for 'Gt', 'Lt' operators, the value must be an integer`,
                );
            }
            return { key, op: tok.v === '>' ? 'gt' : 'lt', value: Number(v.v) };
        }
        if (tok.t === 'id' && (tok.v === 'in' || tok.v === 'notin')) {
            const open = next();
            if (open.t !== '(') throw new SelectorError(`unable to parse requirement: found '${show(open)}', expected: '('`);
            const values: string[] = [];
            for (;;) {
                const v = next();
                if (v.t === 'id') {
                    values.push(v.v);
                    const sep = next();
                    if (sep.t === ')') break;
                    if (sep.t !== ',') throw new SelectorError(`unable to parse requirement: found '${show(sep)}', expected: ',' or ')'`);
                } else if (v.t === ')' && values.length === 0) {
                    break;
                } else {
                    throw new SelectorError(`unable to parse requirement: found '${show(v)}', expected: ',', ')' or identifier`);
                }
            }
            if (values.length === 0) {
                throw new SelectorError(`unable to parse requirement: values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`);
            }
            values.forEach((v, i) => validateValue(key, v, i));
            return { key, op: tok.v, values };
        }
        throw new SelectorError(`unable to parse requirement: found '${show(tok)}', expected: in, notin, =, ==, !=, gt, lt`);
    }
}

export function matches(selector: Selector, labels: Record<string, string> | undefined): boolean {
    const l = labels ?? {};
    return selector.every((r) => {
        const has = Object.prototype.hasOwnProperty.call(l, r.key);
        switch (r.op) {
            case 'exists':
                return has;
            case '!exists':
                return !has;
            case 'in':
                return has && r.values.includes(l[r.key]);
            case 'notin':
                return !has || !r.values.includes(l[r.key]);
            case 'gt':
            case 'lt': {
                if (!has || !/^-?\d+$/.test(l[r.key])) return false;
                const n = Number(l[r.key]);
                return r.op === 'gt' ? n > r.value : n < r.value;
            }
        }
    });
}
