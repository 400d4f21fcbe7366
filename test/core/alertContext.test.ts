import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

import { PersistenceRevisionCache } from '../../src/adapters/PersistenceRevisionCache';
import type { AppState } from '../../src/core/model';
import type { Notice } from '../../src/core/notices';
import { ok } from '../../src/core/result';
import { fetchAlertContext } from '../../src/jobs/fetchAlertContext';
import type { ArgoCdClient } from '../../src/ports/ArgoCdClient';

// Context fetches are bounded three ways: how many alerts per run, how many at once, and none
// started once the run's time for context is up. Each fetch is held until the test lets it answer,
// so "at once" is counted, not timed.

const NOW = 1_700_000_000_000;

function alert(name: string): Notice {
    const app: AppState = { key: `argocd/${name}`, name, namespace: 'argocd', project: 'default', sync: 'OutOfSync', health: 'Healthy' };
    return { kind: 'alert', app, added: ['OutOfSync'], conditions: ['OutOfSync'], worse: false, undo: {} };
}

/** An Argo CD whose app reads wait until released, counting how many are in flight. */
function heldClient() {
    const waiting: Array<{ name: string; answer: () => void }> = [];
    const started: string[] = [];
    let inFlight = 0;
    let mostAtOnce = 0;
    let onStart: () => void = () => undefined;
    const client = {
        getApplication: (ref: { name: string }) => new Promise((resolve) => {
            started.push(ref.name);
            inFlight++;
            mostAtOnce = Math.max(mostAtOnce, inFlight);
            waiting.push({ name: ref.name, answer: () => { inFlight--; resolve(ok({ metadata: { name: ref.name }, status: {} })); } });
            onStart();
        }),
    } as unknown as ArgoCdClient;
    return {
        client,
        started,
        mostAtOnce: () => mostAtOnce,
        /** Resolves once `n` reads are waiting to be answered. */
        waitingFor: (n: number) => new Promise<void>((resolve) => {
            const check = (): void => {
                if (waiting.length >= n) {
                    resolve();
                }
            };
            onStart = check;
            check();
        }),
        answerAll: () => waiting.splice(0).forEach((w) => w.answer()),
    };
}

const noCache = new PersistenceRevisionCache(
    { readByAssociations: async () => [], readByAssociation: async () => [] } as unknown as IPersistenceRead,
    {} as IPersistence,
);

test('at most the limit per run, three at a time, and only alerts', async () => {
    const argo = heldClient();
    const notices: Notice[] = [...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(alert), { kind: 'shrink', known: 10, missing: 9, sampleMissing: [], undo: {} }];
    const fetching = fetchAlertContext(argo.client, notices, 5, noCache, NOW);
    await argo.waitingFor(3);
    expect(argo.started).toEqual(['a', 'b', 'c']);
    argo.answerAll();
    await argo.waitingFor(2);
    argo.answerAll();
    const details = await fetching;
    expect(argo.started).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(argo.mostAtOnce()).toBe(3);
    expect([...details.keys()]).toEqual(['argocd/a', 'argocd/b', 'argocd/c', 'argocd/d', 'argocd/e']);
});

test('none started once the run\'s time for context is up; those under way finish', async () => {
    const argo = heldClient();
    let timeUp = false;
    const fetching = fetchAlertContext(argo.client, ['a', 'b', 'c', 'd', 'e'].map(alert), 10, noCache, NOW, () => timeUp);
    await argo.waitingFor(3);
    timeUp = true;
    argo.answerAll();
    const details = await fetching;
    expect(argo.started).toEqual(['a', 'b', 'c']);
    expect([...details.keys()]).toEqual(['argocd/a', 'argocd/b', 'argocd/c']);
});

test('a limit of 0 fetches nothing', async () => {
    const argo = heldClient();
    expect((await fetchAlertContext(argo.client, ['a'].map(alert), 0, noCache, NOW)).size).toBe(0);
    expect(argo.started).toEqual([]);
});
