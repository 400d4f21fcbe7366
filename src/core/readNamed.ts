import type { ReadOutcome } from './decide';
import type { AppState } from './model';
import { appKey } from './model';
import { parseApplicationItem } from './parseApplications';
import type { Result } from './result';
import type { Scope } from './config';
import { inScope } from './scope';

export interface NamedApp {
    name: string;
    namespace?: string;
}

/** What Argo CD answered for one named app, as the port gives it. */
export type NamedAnswer = Result<unknown, { kind: string; message: string }>;

/**
 * Turns the answers for a few named apps into a partial read, item by item exactly as the list
 * is read. An app that cannot be read (a failed call, an answer without a status) is an
 * unreadable entry for that app alone: its state stands, and it is not an outage of Argo CD —
 * only the full poll says whether Argo CD as a whole can be read. Gone or hidden apps are left
 * out: the poll decides about apps that disappear. `answers` holds the ones that were asked.
 */
export function namedRead(refs: NamedApp[], answers: Array<NamedAnswer | undefined>, scope: Scope): ReadOutcome {
    const apps: AppState[] = [];
    const unreadable: string[] = [];
    refs.forEach((ref, i) => {
        const answer = answers[i];
        const namespace = ref.namespace ?? scope.appNamespace ?? 'argocd';
        if (answer === undefined) {
            return;
        }
        if (!answer.ok) {
            if (answer.error.kind !== 'forbidden' && answer.error.kind !== 'not-found') {
                unreadable.push(appKey(namespace, ref.name));
            }
            return;
        }
        const parsed = parseApplicationItem(answer.value, namespace);
        if (parsed.kind === 'app') {
            if (inScope(parsed.app, scope)) {
                apps.push(parsed.app);
            }
        } else {
            unreadable.push(parsed.kind === 'unreadable' ? parsed.key : appKey(namespace, ref.name));
        }
    });
    return { ok: true, partial: true, apps, unreadable };
}
