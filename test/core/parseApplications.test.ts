import { parseApplicationList } from '../../src/core/parseApplications';

const fullItem = {
    metadata: { name: 'guestbook', namespace: 'argocd', uid: 'u1', labels: { team: 'web' } },
    spec: { project: 'shop', source: { repoURL: 'https://git.example.com/gitops.git', path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' } },
    status: {
        sync: { status: 'OutOfSync', revision: '0123456789abcdef0123456789abcdef01234567', comparedTo: { source: {} } },
        health: { status: 'Degraded', message: 'Deployment has minimum availability' },
        operationState: { phase: 'Failed', message: 'one or more objects failed to apply', startedAt: '2024-03-05T07:33:04Z', finishedAt: '2024-03-05T07:33:09Z' },
        resources: [{ kind: 'Deployment', name: 'guestbook-ui', status: 'OutOfSync' }],
        history: [{ id: 1, revision: 'abc', deployedAt: '2024-03-05T07:00:00Z' }],
    },
};

describe('parseApplicationList', () => {
    it('reads full objects (a server that ignores fields)', () => {
        const result = parseApplicationList({ metadata: { resourceVersion: '1' }, items: [fullItem] });
        expect(result).toEqual({ ok: true, value: { skipped: 0, unreadable: [], apps: [{
            key: 'argocd/guestbook', name: 'guestbook', namespace: 'argocd', project: 'shop', sync: 'OutOfSync', health: 'Degraded',
            revision: '0123456789abcdef0123456789abcdef01234567', operationPhase: 'Failed', operationFinishedAt: '2024-03-05T07:33:09Z', labels: { team: 'web' },
            operationStartedAt: '2024-03-05T07:33:04Z', healthMessage: 'Deployment has minimum availability',
        }] } });
    });

    it('reads trimmed objects where Go omitted every empty field', () => {
        const result = parseApplicationList({ items: [{ metadata: { name: 'bare' }, status: { sync: { status: 'Synced' }, health: {} } }] });
        expect(result.ok && result.value.apps[0]).toEqual({ key: 'argocd/bare', name: 'bare', namespace: 'argocd', project: 'default', sync: 'Synced', health: 'Unknown' });
    });

    it('an item named but without any status is unreadable, not Unknown: its previous state stands', () => {
        const result = parseApplicationList({ items: [{ metadata: { name: 'bare' } }, { metadata: { name: 'empty' }, status: {} }] });
        expect(result.ok && result.value).toEqual({ apps: [], unreadable: ['argocd/bare', 'argocd/empty'], skipped: 0 });
    });

    it.each([
        ['null items', { metadata: {}, items: null }],
        ['empty items', { metadata: {}, items: [] }],
        ['no items key, as Go omits an empty list', { metadata: { resourceVersion: '5' } }],
    ])('an empty fleet: %s', (_name, body) => {
        expect(parseApplicationList(body)).toEqual({ ok: true, value: { apps: [], unreadable: [], skipped: 0 } });
    });

    it('unknown enum values read as Unknown and an unknown phase is not a failure', () => {
        const result = parseApplicationList({ items: [{ metadata: { name: 'x' }, status: { sync: { status: 'Drifting' }, health: { status: 'Exploded' }, operationState: { phase: 'Pondering' } } }] });
        expect(result.ok && result.value.unreadable).toEqual([]);
        expect(result.ok && result.value.apps[0]).toMatchObject({ sync: 'Unknown', health: 'Unknown' });
        expect(result.ok && result.value.apps[0].operationPhase).toBeUndefined();
    });

    it('counts items without a name instead of guessing', () => {
        const result = parseApplicationList({ items: [{ metadata: {} }, 'junk', { metadata: { name: 'ok' }, status: { sync: { status: 'Synced' } } }] });
        expect(result.ok && result.value).toMatchObject({ skipped: 2, apps: [{ name: 'ok' }] });
    });

    it.each([
        ['an HTML page that was parsed as a string', '<html>502</html>'],
        ['an array', []],
        ['an error body', { error: 'boom', code: 2, message: 'boom' }],
        ['items that are not a list', { items: { a: 1 } }],
        ['null', null],
    ])('refuses %s rather than reading it as an empty fleet', (_name, body) => {
        expect(parseApplicationList(body).ok).toBe(false);
    });
});
