import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';

// A plain in-memory app persistence with Rocket.Chat's matching rules (bridges/persistence.ts):
// a read holds every wanted association, in any order; an update matches the exact association
// array and upserts; data is copied in and out as a database would. For the stores' unit tests.

export type Assoc = { model: string; id: string };
export interface MemoryDoc { data: unknown; associations: Assoc[] }

export interface MemoryPersistence {
    docs: MemoryDoc[];
    reader: IPersistenceRead;
    writer: IPersistence;
    /** Documents handed back by reads so far. */
    documentsRead(): number;
    /** Calls that wrote or removed so far. */
    writes(): number;
}

function copy<T>(value: T): T {
    return value === undefined ? value : JSON.parse(JSON.stringify(value)) as T;
}

export function memoryPersistence(): MemoryPersistence {
    const docs: MemoryDoc[] = [];
    let read = 0;
    let written = 0;
    const plain = (a: Assoc[]): Assoc[] => a.map((x) => ({ model: x.model, id: x.id }));
    const holding = (wanted: Assoc[]): MemoryDoc[] => (wanted.length === 0 ? [] : docs.filter((doc) => wanted.every((w) => doc.associations.some((a) => a.model === w.model && a.id === w.id))));
    const exactly = (a: Assoc[], b: Assoc[]): boolean => a.length === b.length && a.every((x, i) => x.model === b[i].model && x.id === b[i].id);
    const readAll = async (wanted: Assoc[]): Promise<unknown[]> => {
        const found = holding(wanted).map((doc) => copy(doc.data));
        read += found.length;
        return found;
    };
    const upsert = async (a: Assoc[], data: unknown, upsertIt: boolean): Promise<void> => {
        written++;
        const found = docs.find((doc) => exactly(doc.associations, a));
        if (found) {
            found.data = copy(data);
        } else if (upsertIt) {
            docs.push({ data: copy(data), associations: plain(a) });
        }
    };
    const remove = async (a: Assoc[]): Promise<unknown[] | undefined> => {
        written++;
        const found = holding(a);
        for (const doc of found) {
            docs.splice(docs.indexOf(doc), 1);
        }
        return found.length > 0 ? found.map((doc) => doc.data) : undefined;
    };
    const reader = {
        readByAssociation: (a: Assoc) => readAll([a]),
        readByAssociations: (a: Assoc[]) => readAll(a),
    } as unknown as IPersistenceRead;
    const writer = {
        createWithAssociations: async (data: unknown, a: Assoc[]) => {
            written++;
            docs.push({ data: copy(data), associations: plain(a) });
            return 'id';
        },
        updateByAssociation: (a: Assoc, data: unknown, upsertIt: boolean) => upsert([a], data, upsertIt),
        updateByAssociations: (a: Assoc[], data: unknown, upsertIt: boolean) => upsert(a, data, upsertIt),
        removeByAssociation: (a: Assoc) => remove([a]),
        removeByAssociations: (a: Assoc[]) => remove(a),
    } as unknown as IPersistence;
    return { docs, reader, writer, documentsRead: () => read, writes: () => written };
}

/** The association ids of a document, for finding records by kind. */
export function idsOf(doc: MemoryDoc): string[] {
    return doc.associations.map((a) => a.id);
}
