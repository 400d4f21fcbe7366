import { ADMIN_TOKEN, ArgoCdTestServer, FleetApp } from '../../sim/argocd';
import { matches, parseSelector } from '../../sim/argocd/selector';
import { call } from './http';

describe('label selector parsing', () => {
    const labels = { env: 'prod', team: 'pay', tier: '3' };
    const cases: Array<[string, boolean]> = [
        ['', true],
        ['env=prod', true],
        ['env==prod', true],
        ['env=dev', false],
        ['env!=dev', true],
        ['missing!=x', true],
        ['env in (dev,prod)', true],
        ['env in (dev, qa)', false],
        ['env notin (dev,qa)', true],
        ['missing notin (dev)', true],
        ['team', true],
        ['missing', false],
        ['!missing', true],
        ['!team', false],
        ['env=prod,team=pay', true],
        ['env=prod,team=web', false],
        ['tier>2', true],
        ['tier<2', false],
        [' env = prod , team ', true],
        ['app.kubernetes.io/part-of', false],
    ];
    test.each(cases)('%p matches %p', (selector, expected) => {
        expect(matches(parseSelector(selector), labels)).toBe(expected);
    });

    test.each(['env=(', 'env in prod', 'env in (a,', ',', 'env=prod,', 'env=a b', 'tier>x', '=x', 'env in ()', 'bad key!=x', 'env=-bad-'])(
        '%p is rejected',
        (selector) => {
            expect(() => parseSelector(selector)).toThrow();
        },
    );
});

describe('selector on the list', () => {
    let server: ArgoCdTestServer;
    const apps: FleetApp[] = [
        { name: 'a', sync: 'Synced', health: 'Healthy', labels: { env: 'prod', team: 'pay' } },
        { name: 'b', sync: 'Synced', health: 'Healthy', labels: { env: 'dev', team: 'pay' } },
        { name: 'c', sync: 'Synced', health: 'Healthy' },
    ];
    beforeAll(async () => {
        server = await ArgoCdTestServer.start({ fleet: apps });
    });
    afterAll(() => server.stop());

    const names = async (selector: string): Promise<string[]> => {
        const r = await call(`${server.url}/api/v1/applications?selector=${encodeURIComponent(selector)}`, { token: ADMIN_TOKEN });
        expect(r.status).toBe(200);
        return r.json().items.map((i: { metadata: { name: string } }) => i.metadata.name);
    };

    test('filters by labels', async () => {
        expect(await names('env=prod')).toEqual(['a']);
        expect(await names('env!=prod')).toEqual(['b', 'c']);
        expect(await names('team in (pay),env notin (prod)')).toEqual(['b']);
        expect(await names('!team')).toEqual(['c']);
        expect(await names('team')).toEqual(['a', 'b']);
    });

    test('a malformed selector is a 500 with the Argo CD error body', async () => {
        const r = await call(`${server.url}/api/v1/applications?selector=${encodeURIComponent('env in prod')}`, { token: ADMIN_TOKEN });
        expect(r.status).toBe(500);
        const body = r.json();
        expect(body.code).toBe(2);
        expect(body.error).toMatch(/^error parsing the selector: unable to parse requirement: /);
        expect(body.message).toBe(body.error);
    });
});
