/**
 * The "already notified" record kept on each Application.
 * notifications-engine: pkg/controller/state.go (StateItemKey, SetAlreadyNotified, truncate, Persist),
 * pkg/triggers/service.go (the condition key "[i].<base64url sha1 of the when text>").
 */
import { createHash } from 'crypto';
import type { Destination } from './config';

// pkg/subscriptions: AnnotationPrefix "notifications.argoproj.io".
export const NOTIFIED_ANNOTATION = 'notified.notifications.argoproj.io';
const MAX_ITEMS = 100;

export function conditionKey(index: number, when: string): string {
    return `[${index}].${createHash('sha1').update(when).digest('base64url')}`;
}

export function stateItemKey(trigger: string, condKey: string, oncePer: string, dest: Destination): string {
    const key = `${trigger}:${condKey}:${dest.service}:${dest.recipient}`;
    return oncePer ? `${oncePer}:${key}` : key;
}

export class NotificationsState {
    private constructor(private readonly items: Map<string, number>) {}

    /** A value that does not parse is an empty state, as NewState does. */
    static parse(annotation: string | undefined): NotificationsState {
        const items = new Map<string, number>();
        if (annotation) {
            try {
                for (const [k, v] of Object.entries(JSON.parse(annotation) as Record<string, number>)) items.set(k, v);
            } catch {
                items.clear();
            }
        }
        return new NotificationsState(items);
    }

    has(key: string): boolean {
        return this.items.has(key);
    }

    /**
     * Returns whether the state changed. Clearing a key made with oncePer never happens: such a
     * key stays until truncated, so the same oncePer value never notifies twice.
     */
    setAlreadyNotified(key: string, oncePer: string, notified: boolean, nowSeconds: number): boolean {
        if (this.items.has(key) === notified) return false;
        if (notified) this.items.set(key, nowSeconds);
        else {
            if (oncePer) return false;
            this.items.delete(key);
        }
        return true;
    }

    /** The annotation value, or null to remove it; keeps the newest 100 items. */
    persist(): string | null {
        if (this.items.size > MAX_ITEMS) {
            const oldest = [...this.items.entries()].sort((a, b) => a[1] - b[1]).slice(0, this.items.size - MAX_ITEMS);
            for (const [k] of oldest) this.items.delete(k);
        }
        if (this.items.size === 0) return null;
        // encoding/json writes map keys sorted.
        const sorted: Record<string, number> = {};
        for (const k of [...this.items.keys()].sort()) sorted[k] = this.items.get(k) as number;
        return JSON.stringify(sorted);
    }
}
