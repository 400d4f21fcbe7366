import type { Notice } from './notices';
import type { Snapshot } from './snapshot';

/** The object with these fields put back; a field given as undefined is removed. */
function withFields<T extends object>(target: T, fields: Partial<T>): T {
    const next = { ...target };
    for (const [key, value] of Object.entries(fields) as Array<[keyof T, T[keyof T] | undefined]>) {
        if (value === undefined) {
            delete next[key];
        } else {
            next[key] = value;
        }
    }
    return next;
}

/**
 * Undoes what a notice marked as told when its post failed (or was left for the next run), as
 * the decision said in its `undo`, so the next run decides to post it again. Returns the app
 * records that changed.
 */
export function rearm(snapshot: Snapshot, notice: Notice): { changed: string[] } {
    const changed: string[] = [];
    for (const { key, record } of notice.undo.records ?? []) {
        snapshot.apps[key] = record;
        changed.push(key);
    }
    for (const { key, fields } of notice.undo.fields ?? []) {
        const record = snapshot.apps[key];
        if (record) {
            snapshot.apps[key] = withFields(record, fields);
            changed.push(key);
        }
    }
    if (notice.undo.meta) {
        snapshot.meta = withFields(snapshot.meta, notice.undo.meta);
    }
    return { changed };
}
