import type { AppStatus } from 'apps-engine-runtime/definition/AppStatus';
import type { IAppInfo } from 'apps-engine-runtime/definition/metadata';
import type { ISetting } from 'apps-engine-runtime/definition/settings';
import type { IMarketplaceInfo } from 'apps-engine-runtime/server/marketplace';
import { AppLogStorage } from 'apps-engine-runtime/server/storage/AppLogStorage';
import { AppMetadataStorage } from 'apps-engine-runtime/server/storage/AppMetadataStorage';
import { AppSourceStorage } from 'apps-engine-runtime/server/storage/AppSourceStorage';
import type { IAppStorageItem } from 'apps-engine-runtime/server/storage/IAppStorageItem';
import type { ILoggerStorageEntry } from 'apps-engine-runtime/server/logging';

// Rocket.Chat keeps these three in MongoDB (apps, apps_logs) and GridFS; here they are maps that
// outlive a manager restart, like the database outlives a server restart.

export class MemoryMetadataStorage extends AppMetadataStorage {
    private readonly items = new Map<string, IAppStorageItem>();

    constructor() {
        super('memory');
    }

    async create(item: IAppStorageItem): Promise<IAppStorageItem> {
        if (this.items.has(item.id)) {
            throw new Error(`app ${item.id} is already installed`);
        }
        // Rocket.Chat stamps and returns the very object it was given; Apps-Engine 1.53 relies on
        // it, keeping that object as the app's and writing its status back through it.
        // Rocket.Chat: apps/meteor/ee/server/apps/storage/AppRealStorage.ts (create)
        item.createdAt = new Date();
        item.updatedAt = new Date();
        item._id = item._id ?? item.id;
        this.items.set(item.id, item);
        return item;
    }

    async retrieveOne(id: string): Promise<IAppStorageItem | null> {
        return this.items.get(id) ?? null;
    }

    async retrieveAll(): Promise<Map<string, IAppStorageItem>> {
        return new Map(this.items);
    }

    async retrieveAllPrivate(): Promise<Map<string, IAppStorageItem>> {
        return new Map([...this.items].filter(([, item]) => item.installationSource === 'private'));
    }

    async remove(id: string): Promise<{ success: boolean }> {
        return { success: this.items.delete(id) };
    }

    async updatePartialAndReturnDocument(item: Partial<IAppStorageItem>): Promise<IAppStorageItem> {
        const id = item.id ?? item._id;
        const existing = id ? this.items.get(id) : undefined;
        if (!existing) {
            throw new Error(`app ${String(id)} is not installed`);
        }
        Object.assign(existing, item, { updatedAt: new Date() });
        return existing;
    }

    /**
     * Apps-Engine 1.53 (Rocket.Chat 7.8) stores every change by handing over the whole document;
     * 1.62 uses the partial updates around this one. Rocket.Chat replaced the document by app id.
     * Rocket.Chat: apps/meteor/ee/server/apps/storage/AppRealStorage.ts (update)
     */
    async update(item: IAppStorageItem): Promise<IAppStorageItem> {
        const existing = this.items.get(item.id);
        if (!existing) {
            throw new Error(`app ${item.id} is not installed`);
        }
        const stored = { ...item, _id: existing._id, createdAt: existing.createdAt, updatedAt: new Date() };
        this.items.set(item.id, stored);
        return stored;
    }

    async updateStatus(id: string, status: AppStatus): Promise<boolean> {
        return this.patch(id, (item) => { item.status = status; });
    }

    async updateSetting(id: string, setting: ISetting): Promise<boolean> {
        return this.patch(id, (item) => { item.settings[setting.id] = setting; });
    }

    async updateAppInfo(id: string, info: IAppInfo): Promise<boolean> {
        return this.patch(id, (item) => { item.info = info; });
    }

    async updateMarketplaceInfo(id: string, marketplaceInfo: IMarketplaceInfo[]): Promise<boolean> {
        return this.patch(id, (item) => { item.marketplaceInfo = marketplaceInfo; });
    }

    private patch(id: string, change: (item: IAppStorageItem) => void): boolean {
        const item = [...this.items.values()].find((candidate) => candidate._id === id || candidate.id === id);
        if (!item) {
            return false;
        }
        change(item);
        item.updatedAt = new Date();
        return true;
    }
}

export class MemorySourceStorage extends AppSourceStorage {
    private readonly zips = new Map<string, Buffer>();

    async store(item: IAppStorageItem, zip: Buffer): Promise<string> {
        this.zips.set(item.id, zip);
        return `memory:${item.id}`;
    }

    async fetch(item: IAppStorageItem): Promise<Buffer> {
        const zip = this.zips.get(item.id);
        if (!zip) {
            throw new Error(`no package stored for app ${item.id}`);
        }
        return zip;
    }

    async update(item: IAppStorageItem, zip: Buffer): Promise<string> {
        return this.store(item, zip);
    }

    async remove(item: IAppStorageItem): Promise<void> {
        this.zips.delete(item.id);
    }
}

export class MemoryLogStorage extends AppLogStorage {
    readonly entries: ILoggerStorageEntry[] = [];

    constructor() {
        super('memory');
    }

    async findPaginated(): Promise<{ logs: ILoggerStorageEntry[]; total: number }> {
        return { logs: [...this.entries], total: this.entries.length };
    }

    /** Apps-Engine 1.53's name for findPaginated. */
    async find(): Promise<{ logs: ILoggerStorageEntry[]; total: number }> {
        return this.findPaginated();
    }

    async storeEntries(entry: ILoggerStorageEntry): Promise<ILoggerStorageEntry> {
        this.entries.push(entry);
        return entry;
    }

    async getEntriesFor(appId: string): Promise<ILoggerStorageEntry[]> {
        return this.entries.filter((entry) => entry.appId === appId);
    }

    async removeEntriesFor(appId: string): Promise<void> {
        for (let i = this.entries.length - 1; i >= 0; i--) {
            if (this.entries[i].appId === appId) {
                this.entries.splice(i, 1);
            }
        }
    }
}
