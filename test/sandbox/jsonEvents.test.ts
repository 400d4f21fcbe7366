import { jsonLineOf } from '../../sim/sandbox/jsonEvents';
import { refuseUnlessGet } from '../../sim/sandbox/readOnlyGuard';

describe('jsonLineOf', () => {
    it('writes posts and updates with every key, null where absent', () => {
        expect(JSON.parse(jsonLineOf({ event: 'post', room: 'deploys', id: 'm1', text: 'hi' }, 'admin') ?? '')).toEqual({
            event: 'post', room: 'deploys', id: 'm1', threadId: null, text: 'hi', attachments: null, blocks: null,
        });
        expect(JSON.parse(jsonLineOf({ event: 'update', room: 'deploys', id: 'm2', threadId: 'm1', text: 'x', blocks: [{ type: 'divider' }] }, 'admin') ?? '')).toEqual({
            event: 'update', room: 'deploys', id: 'm2', threadId: 'm1', text: 'x', attachments: null, blocks: [{ type: 'divider' }],
        });
    });

    it('writes private replies to the sandbox user only', () => {
        expect(JSON.parse(jsonLineOf({ event: 'notify', user: 'admin', room: 'deploys', text: 'only you' }, 'admin') ?? '')).toEqual({
            event: 'notify', user: 'admin', room: 'deploys', text: 'only you', attachments: null, blocks: null,
        });
        expect(jsonLineOf({ event: 'notify', user: 'alice', room: 'deploys', text: 'not yours' }, 'admin')).toBeUndefined();
    });
});

describe('refuseUnlessGet', () => {
    it('lets GET through and refuses everything else, naming the request', () => {
        expect(refuseUnlessGet({ method: 'GET', url: 'https://a.example/api/v1/applications' })).toBeUndefined();
        for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']) {
            expect(refuseUnlessGet({ method, url: 'https://a.example/api/v1/applications/x/sync' })).toContain(`read-only): ${method} https://a.example/api/v1/applications/x/sync was not sent`);
        }
    });
});
