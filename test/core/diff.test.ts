import { diffLink, renderDiff } from '../../src/core/commands/diffView';
import { base64, diffManagedResources } from '../../src/core/diff';

const j = (value: unknown): string => JSON.stringify(value);

function item(kind: string, name: string, live: unknown, desired: unknown, extra: Record<string, unknown> = {}) {
    return { kind, namespace: 'shop', name, normalizedLiveState: j(live), targetState: j(desired), ...extra };
}

const deployment = (replicas: number, image: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop', labels: { app: 'api' } },
    spec: { replicas, template: { spec: { containers: [{ name: 'api', image }, { name: 'proxy', image: 'envoy:1.29' }] } }, ...extra },
});

describe('the diff of managed resources', () => {
    it('nested objects and lists matched by name: path: live → desired', () => {
        const live = { ...deployment(5, 'reg/api:1'), status: { replicas: 5 } };
        (live.metadata as Record<string, unknown>).resourceVersion = '991';
        (live.metadata as Record<string, unknown>).managedFields = [{ manager: 'kubectl' }];
        const desired = deployment(3, 'reg/api:2');
        // The proxy container comes first in Git: matched by name, not by position.
        desired.spec.template.spec.containers.reverse();
        const diff = diffManagedResources({ items: [item('Deployment', 'api', live, desired, { group: 'apps' })] });
        expect(diff.resources).toEqual([expect.objectContaining({ kind: 'Deployment', state: 'changed', changes: [
            { path: 'spec.replicas', live: '5', desired: '3' },
            { path: 'spec.template.spec.containers[api].image', live: 'reg/api:1', desired: 'reg/api:2' },
        ] })]);
    });

    it('a key Git adds is drift; a field only the server defaulted is not (against targetState)', () => {
        const live = { ...deployment(2, 'a'), spec: { ...deployment(2, 'a').spec, progressDeadlineSeconds: 600 } };
        const desired = deployment(2, 'a', { paused: true });
        const diff = diffManagedResources({ items: [item('Deployment', 'api', live, desired)] });
        expect(diff.resources[0].changes).toEqual([{ path: 'spec.paused', live: '∅', desired: 'true' }]);
    });

    it('against predictedLiveState (which carries the defaults) a key removed from Git is drift too', () => {
        const live = { ...deployment(2, 'a'), metadata: { name: 'api', labels: { app: 'api', tier: 'old' } } };
        const predicted = { ...deployment(2, 'a'), metadata: { name: 'api', labels: { app: 'api' } } };
        const diff = diffManagedResources({ items: [{ kind: 'Deployment', name: 'api', normalizedLiveState: j(live), predictedLiveState: j(predicted), targetState: j({ kind: 'Deployment' }) }] });
        expect(diff.resources[0].changes).toEqual([{ path: 'metadata.labels.tier', live: 'old', desired: '∅' }]);
    });

    it('arrays of scalars compare whole; lists of unnamed objects by position', () => {
        const live = { kind: 'X', spec: { args: ['--a'], rules: [{ host: 'a.example.com' }] } };
        const desired = { kind: 'X', spec: { args: ['--a', '--b'], rules: [{ host: 'b.example.com' }] } };
        expect(diffManagedResources({ items: [item('X', 'x', live, desired)] }).resources[0].changes).toEqual([
            { path: 'spec.args', live: '["--a"]', desired: '["--a","--b"]' },
            { path: 'spec.rules[0].host', live: 'a.example.com', desired: 'b.example.com' },
        ]);
    });

    it('"null" states: a resource on one side only says so; both null or equal is no drift', () => {
        const cm = { kind: 'ConfigMap', data: { a: '1' } };
        const diff = diffManagedResources({ items: [
            { kind: 'ConfigMap', name: 'old', normalizedLiveState: j(cm), targetState: 'null', predictedLiveState: 'null' },
            { kind: 'Service', name: 'new', normalizedLiveState: 'null', targetState: j({ kind: 'Service' }) },
            { kind: 'Service', name: 'gone', liveState: 'null', targetState: 'null' },
            item('ConfigMap', 'same', cm, cm),
            { kind: 'ConfigMap', name: 'broken', normalizedLiveState: '{nope', targetState: j(cm) },
            // No diff made: the normalized state is empty and the raw live state speaks.
            { kind: 'ConfigMap', name: 'raw', normalizedLiveState: '', predictedLiveState: '', liveState: j(cm), targetState: j(cm) },
        ] });
        expect(diff.total).toBe(6);
        expect(diff.resources.map((r) => [r.name, r.state])).toEqual([['old', 'live-only'], ['new', 'desired-only'], ['broken', 'unreadable']]);
    });

    it('a Secret says only which keys changed, never a value, however it is sent', () => {
        const live = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}' } }, data: { password: 'aHVudGVyMg==', user: 'YWRtaW4=', token: '++++++++' } };
        const desired = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { user: 'YWRtaW4=', token: '+++++++++++' }, stringData: { password: 'correct-horse' }, type: 'Opaque' };
        const diff = diffManagedResources({ items: [item('Secret', 'db', live, desired)] });
        const text = renderDiff({ name: 'shop', namespace: 'argocd' }, diff, 'https://argocd.example.com');
        expect(diff.resources[0].changes).toEqual([
            { path: 'type', live: '∅', desired: 'Opaque' },
            { path: 'data.password', secret: 'changed' },
            { path: 'data.token', secret: 'changed' },
            { path: 'data.user', secret: 'unchanged' },
        ]);
        for (const secret of ['aHVudGVyMg', 'hunter2', 'YWRtaW4', 'admin', 'correct-horse', '+++']) {
            expect(text).not.toContain(secret);
        }
        expect(text).toContain('`data.password` changed (Secret values are never shown)');
    });

    it('stringData in Git equal to the cluster\'s base64 data is unchanged', () => {
        for (const text of ['', 'a', 'ab', 'abc', 'hunter2', 'pässwörd ✓ 🔑']) {
            expect(base64(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
        }
        const live = { kind: 'Secret', metadata: { name: 'db' }, data: { password: Buffer.from('pässwörd').toString('base64') } };
        const desired = { kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'pässwörd' } };
        expect(diffManagedResources({ items: [item('Secret', 'db', live, desired)] }).resources).toEqual([]);
    });

    it('renders one message within the budget, with a link to Argo CD\'s own diff tab', () => {
        const items = Array.from({ length: 200 }, (_, i) => item('ConfigMap', `cm-${i}`, { kind: 'ConfigMap', data: { k: 'x'.repeat(60) } }, { kind: 'ConfigMap', data: { k: 'y'.repeat(60) } }));
        const text = renderDiff({ name: 'shop', namespace: 'apps' }, diffManagedResources({ items }), 'https://h/argocd');
        expect(text.length).toBeLessThanOrEqual(5000);
        expect(text).toMatch(/^\*Diff of `shop`\* \(cluster → Git\): 200 of 200 resources differ\n• `ConfigMap` `shop\/cm-0`\n {2}`data.k`: `x{60}` → `y{60}`/);
        expect(text).toMatch(/…and \d+ more resources: see Argo CD\n\[Open the diff in Argo CD\]\(https:\/\/h\/argocd\/applications\/apps\/shop\?node=argoproj\.io\/Application\/apps\/shop\/0&tab=diff\)$/);
        expect(diffLink('https://h', { namespace: 'a', name: 'b' })).toBe('https://h/applications/a/b?node=argoproj.io/Application/a/b/0&tab=diff');
    });
});
