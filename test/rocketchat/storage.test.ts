import type { IAppStorageItem } from 'apps-engine-runtime/server/storage/IAppStorageItem';

import { MemoryMetadataStorage } from '../../sim/rocketchat/storage';

// The apps collection as the engine sees it (Rocket.Chat: apps/meteor/ee/server/apps/storage/AppRealStorage.ts).

function item(status: string): IAppStorageItem {
    return { id: 'app-1', status, settings: {}, info: { id: 'app-1', nameSlug: 'app' } } as unknown as IAppStorageItem;
}

test('create stamps and returns the very item it was given, as Rocket.Chat does', async () => {
    const storage = new MemoryMetadataStorage();
    const given = item('initialized');
    const created = await storage.create(given);
    // Apps-Engine 1.53 keeps this object as the app's and writes its later status through it.
    expect(created).toBe(given);
    expect(given._id).toBe('app-1');
    expect(given.createdAt).toBeInstanceOf(Date);
});

test('update (Apps-Engine 1.53) replaces the stored document by app id and keeps its creation', async () => {
    const storage = new MemoryMetadataStorage();
    const created = await storage.create(item('initialized'));
    const createdAt = created.createdAt;
    const updated = await storage.update({ ...item('auto_enabled'), _id: 'ignored' } as IAppStorageItem);
    expect(updated.status).toBe('auto_enabled');
    expect(updated._id).toBe('app-1');
    expect((await storage.retrieveOne('app-1'))?.status).toBe('auto_enabled');
    expect((await storage.retrieveOne('app-1'))?.createdAt).toBe(createdAt);
    await expect(storage.update({ ...item('x'), id: 'other' } as IAppStorageItem)).rejects.toThrow('not installed');
});
