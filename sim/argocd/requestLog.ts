/** Every request the server saw, in arrival order, for tests to assert on what a client sent. */
import type { RecordedRequest } from './types';

export class RequestLog {
    private entries: RecordedRequest[] = [];

    record(entry: RecordedRequest): RecordedRequest {
        this.entries.push(entry);
        return entry;
    }

    all(): RecordedRequest[] {
        return [...this.entries];
    }

    clear(): void {
        this.entries = [];
    }
}
