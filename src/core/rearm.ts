import type { AlertNotice, Notice, RecoveryNotice } from './notices';
import type { Snapshot } from './snapshot';

function rearmAlert(snapshot: Snapshot, alert: AlertNotice, changed: string[]): void {
    const record = snapshot.apps[alert.app.key];
    if (!record) {
        return;
    }
    const next = { ...record, notified: record.notified.filter((c) => !alert.added.includes(c)) };
    if (alert.openedIncident) {
        delete next.openedAt;
    }
    snapshot.apps[alert.app.key] = next;
    changed.push(alert.app.key);
}

function rearmRecovery(snapshot: Snapshot, recovery: RecoveryNotice, changed: string[]): void {
    snapshot.apps[recovery.app.key] = recovery.previous;
    changed.push(recovery.app.key);
}

/**
 * Undoes what a notice marked as told when its post failed, so the next run decides to post it
 * again: a failed post is retried, never lost, and never doubled once it went out.
 */
export function rearm(snapshot: Snapshot, notice: Notice): { changed: string[] } {
    const changed: string[] = [];
    const setMeta = (patch: Partial<Snapshot['meta']>): void => {
        snapshot.meta = { ...snapshot.meta, ...patch };
    };
    switch (notice.kind) {
        case 'alert':
            rearmAlert(snapshot, notice, changed);
            break;
        case 'storm':
            notice.alerts.forEach((alert) => rearmAlert(snapshot, alert, changed));
            break;
        case 'recovery':
            rearmRecovery(snapshot, notice, changed);
            break;
        case 'recovery-group':
            notice.recoveries.forEach((recovery) => rearmRecovery(snapshot, recovery, changed));
            break;
        case 'gone':
            snapshot.apps[notice.key] = notice.record;
            changed.push(notice.key);
            break;
        case 'baseline':
            setMeta({ baselinePending: true });
            break;
        case 'shrink':
            setMeta({ shrinkWarned: undefined });
            break;
        case 'argo-down':
            setMeta({ argoOutageNotified: undefined });
            break;
        case 'state-reset':
            setMeta({ resetPending: notice.reason });
            break;
        case 'reminder': {
            const record = snapshot.apps[notice.app.key];
            if (record) {
                const restored = { ...record };
                if (notice.previousRemindedAt !== undefined) {
                    restored.remindedAt = notice.previousRemindedAt;
                } else {
                    delete restored.remindedAt;
                }
                snapshot.apps[notice.app.key] = restored;
                changed.push(notice.app.key);
            }
            break;
        }
        case 'flapping':
        case 'flap-end':
            snapshot.apps[notice.app.key] = notice.previous;
            changed.push(notice.app.key);
            break;
        case 'argo-up':
            setMeta({ argoRecoveryPending: { downForMs: notice.downForMs } });
            break;
    }
    return { changed };
}
