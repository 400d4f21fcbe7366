import type { Snapshot, ThreadRef } from './snapshot';

/**
 * Remembers the thread an incident's first message started, so later news about it becomes a
 * reply there, across runs, restarts and instances. Returns the app records that changed.
 */
export function attachThread(snapshot: Snapshot, keys: readonly string[], thread: ThreadRef): string[] {
    const changed: string[] = [];
    for (const key of keys) {
        const record = snapshot.apps[key];
        if (record && record.openedAt !== undefined) {
            snapshot.apps[key] = { ...record, thread };
            changed.push(key);
        }
    }
    return changed;
}

/** Splits lines into messages that each stay under Rocket.Chat's size limit. */
export function chunkLines(lines: readonly string[], budget: number): string[] {
    const chunks: string[] = [];
    let current = '';
    for (const line of lines) {
        if (current !== '' && current.length + line.length + 1 > budget) {
            chunks.push(current);
            current = '';
        }
        current = current === '' ? line : `${current}\n${line}`;
    }
    if (current !== '') {
        chunks.push(current);
    }
    return chunks;
}
