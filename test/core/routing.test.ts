import { matchesSelector, parseLabelSelector } from '../../src/core/labelSelector';
import { parseRoutes, routeOf } from '../../src/core/routing';
import { decodeRecord } from '../../src/core/recordCodec';
import { decodePerAppRecord, metaCodec } from '../../src/core/snapshotCodec';
import { attachThread, chunkLines } from '../../src/core/threads';

describe('label selectors', () => {
    it.each([
        ['team=web', { team: 'web' }, true],
        ['team==web', { team: 'api' }, false],
        ['team!=web', {}, true],
        ['tier in (api, ui)', { tier: 'ui' }, true],
        ['tier notin (api,ui)', { tier: 'ui' }, false],
        ['legacy', { legacy: 'yes' }, true],
        ['!legacy', { legacy: 'yes' }, false],
        ['team=web,env!=dev', { team: 'web', env: 'prod' }, true],
        ['team=web,env!=dev', { team: 'web', env: 'dev' }, false],
        ['app.kubernetes.io/part-of=shop', { 'app.kubernetes.io/part-of': 'shop' }, true],
    ])('%s matches %p: %p', (selector, labels, expected) => {
        const parsed = parseLabelSelector(selector);
        expect(parsed.ok && matchesSelector(parsed.value, labels)).toBe(expected);
    });

    it.each(['=web', 'tier in api', 'a b', 'team=web,', 'x=(y)'])('%p is refused, naming the requirement', (selector) => {
        const parsed = parseLabelSelector(selector);
        expect(parsed.ok).toBe(false);
    });
});

describe('routes', () => {
    const rules = parseRoutes('# team routes\nproject:shop -> #shop-alerts\n\nselector:team=web -> web-alerts\nname:pay* -> #payments');

    it('parse one rule per line, skipping blanks and comments', () => {
        expect(rules.ok && rules.value.map((r) => `${r.line}:${r.match.kind}->${r.channel}`)).toEqual(['2:project->shop-alerts', '4:selector->web-alerts', '5:name->payments']);
    });

    it.each([
        [{ name: 'cart', project: 'shop' }, 'shop-alerts'],
        [{ name: 'payments-api', project: 'shop' }, 'shop-alerts'],
        [{ name: 'search', project: 'default', labels: { team: 'web' } }, 'web-alerts'],
        [{ name: 'payments-api', project: 'default' }, 'payments'],
        [{ name: 'ledger', project: 'default' }, undefined],
    ])('the first match wins: %p → %p', (app, channel) => {
        expect(rules.ok && routeOf(rules.value, app)).toBe(channel);
    });

    it('every bad line is reported with its number and what to write', () => {
        const parsed = parseRoutes('project:shop -> #a\nsomething else\nselector:=x -> #b');
        expect(!parsed.ok && parsed.error).toEqual([
            expect.stringMatching(/^Routes, line 2: "something else" is not a rule; write one per line as `project:NAME -> #channel`/),
            expect.stringMatching(/^Routes, line 3: Label selector: "=x" is not a valid requirement/),
        ]);
    });
});

describe('threads and stored records', () => {
    const base = { name: 'a', namespace: 'argocd', project: 'default', sync: 'OutOfSync', health: 'Healthy', since: { OutOfSync: 1 }, notified: ['OutOfSync'], openedAt: 1 };

    it('attaches a thread only to apps whose incident is still open', () => {
        const snapshot = { meta: { schema: 2, scopeKey: 'x' }, apps: { 'argocd/a': { ...base }, 'argocd/b': { ...base, name: 'b', openedAt: undefined } } } as never;
        expect(attachThread(snapshot, ['argocd/a', 'argocd/b', 'argocd/c'], { rootId: 'm1', roomId: 'r1' })).toEqual(['argocd/a']);
    });

    it('splits long lists under the message budget without losing a line', () => {
        const lines = Array.from({ length: 300 }, (_, i) => `• app-${i} is Degraded`);
        const chunks = chunkLines(lines, 1000);
        expect(chunks.every((c) => c.length <= 1000)).toBe(true);
        expect(chunks.join('\n').split('\n')).toEqual(lines);
    });

    it('reads back flips, a flapping state and the conditions set by their own rules (Stuck, Deleting)', () => {
        const record = { ...base, since: { Stuck: 1, Deleting: 2 }, notified: ['Stuck', 'Deleting'], flips: [1, 2], flapping: { since: 3, flips: 4, firstFlipAt: 1, bad: true, changedAt: 3 } };
        expect(decodePerAppRecord({ v: 2, key: 'argocd/a', ...record })).toEqual({ ok: true, value: { key: 'argocd/a', ...record } });
    });

    it('reads per-app records of schema 1 as schema 2, and the watch record of schema 1 and 2 as schema 3', () => {
        expect(decodePerAppRecord({ v: 1, key: 'argocd/a', ...base })).toEqual({ ok: true, value: { key: 'argocd/a', ...base } });
        expect(decodeRecord(metaCodec, { schema: 1, scopeKey: 'x', baselineAt: 5 })).toEqual({ ok: true, value: { schema: 3, scopeKey: 'x', baselineAt: 5 } });
        expect(decodeRecord(metaCodec, { schema: 2, scopeKey: 'x', revision: 7, claim: { runId: 'old' } })).toEqual({ ok: true, value: { schema: 3, scopeKey: 'x', revision: 7 } });
    });

    it.each([
        ['a later schema (apps are in the roster from schema 3)', { v: 3, key: 'argocd/a', ...base }],
        ['an unknown state', { v: 2, key: 'argocd/a', ...base, sync: 'Sideways' }],
        ['a broken thread', { v: 2, key: 'argocd/a', ...base, thread: { rootId: 5 } }],
        ['broken flips', { v: 2, key: 'argocd/a', ...base, flips: ['soon'] }],
        ['a broken flapping state', { v: 2, key: 'argocd/a', ...base, flapping: { since: 1 } }],
        ['junk', 'garbage'],
    ])('refuses %s instead of guessing', (_name, data) => {
        expect(decodePerAppRecord(data).ok).toBe(false);
    });
});
