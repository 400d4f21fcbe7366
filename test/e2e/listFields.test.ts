import { SettingId } from '../../src/core/settingIds';
import type { RecordedRequest } from '../../sim/argocd/types';
import { fleetApp, startWorld } from './world';
import type { World } from './world';

// What a poll asks of Argo CD by its version: from 3.5 the project alone instead of the whole spec
// (Helm values and all), the labels only when a selector matcher reads them; an older or unknown
// version gets the selection every version reads the same way. The test server answers /api/version
// and applies `fields` with the table of the version it claims (forwarder_overwrite.go).

/** A fresh fleet per world: the server holds apps by reference and setApp changes them. */
const fleet = () => [
    fleetApp('storefront', { project: 'shop', labels: { team: 'web' } }),
    fleetApp('ledger', { project: 'finance', labels: { team: 'money' } }),
];

function fieldsOf(request: RecordedRequest | undefined): string[] {
    return (request?.query.fields?.[0] ?? '').split(',');
}

function pollRequests(world: World): string[] {
    return world.argo.requests().map((r) => `${r.method} ${r.path}`);
}

function lastList(world: World): RecordedRequest | undefined {
    return world.argo.requests().filter((r) => r.route === 'list').pop();
}

describe('Argo CD 3.5', () => {
    let world: World;

    beforeAll(async () => {
        world = await startWorld({ fleet: fleet(), server: { version: 'v3.5.1+109ca7c' }, settings: { [SettingId.Routes]: 'project:shop -> #shop' } });
        world.chat.createRoom('shop');
        world.chat.createRoom('web');
        await world.poll();
        world.newPosts();
        world.newPosts('shop');
    });

    afterAll(async () => {
        await world?.stop();
    });

    test('a poll asks the version without the token, then the project alone and no labels', async () => {
        world.argo.clearRequests();
        await world.poll();
        expect(pollRequests(world)).toEqual(['GET /api/version', 'GET /api/v1/applications']);
        const [version, list] = world.argo.requests();
        expect(version.headers.authorization).toBeUndefined();
        expect(list.status).toBe(200);
        expect(fieldsOf(list)).toContain('items.spec.project');
        expect(fieldsOf(list)).not.toContain('items.spec');
        expect(fieldsOf(list)).not.toContain('items.metadata.labels');
    });

    test('the project read that way routes the alert', async () => {
        world.argo.setApp('storefront', { sync: 'OutOfSync' });
        await world.poll();
        expect(world.newPosts('shop')).toEqual([expect.stringMatching(/^:large_orange_diamond: `storefront` \(project `shop`\) is OutOfSync/)]);
        expect(world.newPosts()).toEqual([]);
    });

    test('a selector route: the labels are asked for too, and route the alert', async () => {
        await world.chat.setSetting(SettingId.Routes, 'selector:team=money -> #web\nproject:shop -> #shop');
        world.argo.clearRequests();
        world.argo.setApp('ledger', { sync: 'OutOfSync' });
        await world.poll();
        expect(fieldsOf(lastList(world))).toEqual(expect.arrayContaining(['items.metadata.labels', 'items.spec.project']));
        expect(world.newPosts('web')).toEqual([expect.stringMatching(/^:large_orange_diamond: `ledger` \(project `finance`\) is OutOfSync/)]);
    });

    test('a version endpoint that is refused: the selection every version reads, and the poll goes on', async () => {
        world.argo.injectFault({ kind: 'html', status: 404, route: 'version' });
        try {
            world.argo.clearRequests();
            world.argo.setApp('ledger', { sync: 'Synced' });
            await world.poll();
            expect(pollRequests(world)).toEqual(['GET /api/version', 'GET /api/v1/applications']);
            expect(world.argo.requests()[0].status).toBe(404);
            expect(lastList(world)?.status).toBe(200);
            expect(fieldsOf(lastList(world))).toEqual(expect.arrayContaining(['items.spec', 'items.metadata.labels']));
            expect(fieldsOf(lastList(world))).not.toContain('items.spec.project');
            expect(world.newPosts('web')).toEqual([expect.stringMatching(/^:white_check_mark: `ledger` \(project `finance`\) is Synced and Healthy again/)]);
        } finally {
            world.argo.clearFaults();
        }
    });
});

describe('Argo CD 3.4', () => {
    let world: World;

    beforeAll(async () => {
        world = await startWorld({ fleet: fleet(), server: { version: 'v3.4.7+1b3e4ad' }, settings: { [SettingId.Routes]: 'project:shop -> #shop' } });
        world.chat.createRoom('shop');
        await world.poll();
        world.newPosts();
        world.newPosts('shop');
    });

    afterAll(async () => {
        await world?.stop();
    });

    test('the whole spec (the only way to the project before 3.5) and the labels', async () => {
        world.argo.clearRequests();
        world.argo.setApp('storefront', { sync: 'OutOfSync' });
        await world.poll();
        expect(pollRequests(world).slice(0, 2)).toEqual(['GET /api/version', 'GET /api/v1/applications']);
        expect(fieldsOf(lastList(world))).toEqual(expect.arrayContaining(['items.spec', 'items.metadata.labels']));
        expect(fieldsOf(lastList(world))).not.toContain('items.spec.project');
        expect(world.newPosts('shop')).toEqual([expect.stringMatching(/^:large_orange_diamond: `storefront` \(project `shop`\) is OutOfSync/)]);
    });
});
