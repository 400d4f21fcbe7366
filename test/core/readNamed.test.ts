import { parseApplicationList } from '../../src/core/parseApplications';
import { namedRead } from '../../src/core/readNamed';

// A webhook's read of a few named apps goes through the same item parser as the poll's list.

const scope = { projects: [] };
const item = (name: string, status?: unknown) => ({ metadata: { name, namespace: 'argocd' }, spec: { project: 'default' }, ...(status ? { status } : {}) });
const ok = (value: unknown) => ({ ok: true as const, value });
const failed = (kind: string) => ({ ok: false as const, error: { kind, message: `${kind} happened` } });

describe('one parser for list items and single apps', () => {
    it('a single app reads exactly as the same object in a list', () => {
        const body = item('orders', { sync: { status: 'OutOfSync' }, health: { status: 'Degraded' } });
        const listed = parseApplicationList({ items: [body] });
        expect(namedRead([{ name: 'orders' }], [ok(body)], scope)).toEqual({ ok: true, partial: true, apps: listed.ok ? listed.value.apps : [], unreadable: [] });
    });

    it('a status-less single app is unreadable (its state stands), not Unknown/Unknown', () => {
        const read = namedRead([{ name: 'orders' }], [ok(item('orders'))], scope);
        expect(read).toEqual({ ok: true, partial: true, apps: [], unreadable: ['argocd/orders'] });
    });

    it('one app that cannot be read is an unreadable entry for that app, not an outage; the others are read', () => {
        const read = namedRead(
            [{ name: 'orders' }, { name: 'catalog' }],
            [failed('http'), ok(item('catalog', { sync: { status: 'Synced' }, health: { status: 'Healthy' } }))],
            scope,
        );
        expect(read.ok).toBe(true);
        expect(read.ok && read.unreadable).toEqual(['argocd/orders']);
        expect(read.ok && read.apps.map((a) => a.key)).toEqual(['argocd/catalog']);
    });

    it('gone or hidden apps are left to the poll; apps not asked (no time left) are simply not read', () => {
        const read = namedRead([{ name: 'a' }, { name: 'b' }, { name: 'c' }], [failed('not-found'), failed('forbidden')], scope);
        expect(read).toEqual({ ok: true, partial: true, apps: [], unreadable: [] });
    });

    it('out-of-scope apps are dropped', () => {
        const read = namedRead([{ name: 'x' }], [ok(item('x', { sync: { status: 'Synced' } }))], { projects: ['shop'] });
        expect(read.ok && read.apps).toEqual([]);
    });
});
