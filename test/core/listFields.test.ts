import { parseConfig } from '../../src/core/config';
import type { ArgoCdVersion } from '../../src/core/listFields';
import { argoCdVersionOf, labelsNeeded, LIST_FIELDS_BEFORE_3_5, listFieldsFor } from '../../src/core/listFields';
import { SettingId } from '../../src/core/settingIds';

const fieldsOf = (value: string): string[] => value.split(',');

describe('argoCdVersionOf: GET /api/version', () => {
    test.each<[string, unknown, ArgoCdVersion | undefined]>([
        ['a release with its commit', { Version: 'v3.5.1+109ca7c' }, { major: 3, minor: 5 }],
        ['the full answer a logged-in caller gets', { Version: 'v3.6.0+37ee009', BuildDate: '2026-08-22T10:00:00Z', GoVersion: 'go1.25.0' }, { major: 3, minor: 6 }],
        ['a release candidate', { Version: 'v3.5.0-rc1+3e5ccd9' }, { major: 3, minor: 5 }],
        ['without the v', { Version: '2.14.11' }, { major: 2, minor: 14 }],
        ['a two-digit minor', { Version: 'v3.10.2' }, { major: 3, minor: 10 }],
        ['no Version key (a proxy\'s JSON)', { status: 'ok' }, undefined],
        ['a version that is not one', { Version: 'latest' }, undefined],
        ['a number', { Version: 3.5 }, undefined],
        ['not an object', 'v3.5.1', undefined],
        ['null', null, undefined],
    ])('%s', (_name, body, expected) => {
        expect(argoCdVersionOf(body)).toEqual(expected);
    });
});

describe('listFieldsFor', () => {
    const withSpec = fieldsOf(LIST_FIELDS_BEFORE_3_5);

    test.each<[string, ArgoCdVersion | undefined, boolean, { spec: 'whole' | 'project'; labels: boolean }]>([
        ['version unknown (endpoint refused, unreadable answer)', undefined, false, { spec: 'whole', labels: true }],
        ['2.14', { major: 2, minor: 14 }, false, { spec: 'whole', labels: true }],
        ['3.4, the last minor without spec.project', { major: 3, minor: 4 }, true, { spec: 'whole', labels: true }],
        ['3.5, no selector matcher', { major: 3, minor: 5 }, false, { spec: 'project', labels: false }],
        ['3.5, a selector matcher', { major: 3, minor: 5 }, true, { spec: 'project', labels: true }],
        ['3.6', { major: 3, minor: 6 }, false, { spec: 'project', labels: false }],
        ['4.0', { major: 4, minor: 0 }, true, { spec: 'project', labels: true }],
    ])('%s', (_name, version, labels, expected) => {
        const fields = fieldsOf(listFieldsFor(version, { labels }));
        expect(fields.includes('items.spec')).toBe(expected.spec === 'whole');
        expect(fields.includes('items.spec.project')).toBe(expected.spec === 'project');
        expect(fields.includes('items.metadata.labels')).toBe(expected.labels);
        // Never an ancestor together with its descendant: 3.5 fails the whole list for that.
        expect(fields.filter((f) => fields.some((other) => f.startsWith(`${other}.`)))).toEqual([]);
        // Everything else a poll reads, on every version.
        expect(fields.filter((f) => !['items.spec', 'items.spec.project', 'items.metadata.labels'].includes(f)))
            .toEqual(withSpec.filter((f) => !['items.spec', 'items.metadata.labels'].includes(f)));
    });
});

describe('labelsNeeded: only a selector matcher reads labels', () => {
    const configWith = (settings: Record<string, string>) => {
        const { config, problems } = parseConfig({ [SettingId.ArgoCdUrl]: 'https://argocd.example.com', [SettingId.ArgoCdToken]: 'a.b.c', ...settings });
        if (!config) throw new Error(problems.map((p) => p.message).join('; '));
        return config;
    };

    test.each<[string, Record<string, string>, boolean]>([
        ['nothing configured', {}, false],
        ['the list\'s own selector (Argo CD applies it)', { [SettingId.Selector]: 'team=web' }, false],
        ['routes by project and name', { [SettingId.Routes]: 'project:shop -> #shop\nname:pay* -> #payments' }, false],
        ['a route by selector', { [SettingId.Routes]: 'project:shop -> #shop\nselector:team=web -> #web' }, true],
        ['auto-sync by selector', { [SettingId.AutoSyncMatch]: 'selector:autosync=on' }, true],
        ['auto-sync by name', { [SettingId.AutoSyncMatch]: 'name:dev-*' }, false],
        ['the deploy feed by selector', { [SettingId.DeployFeedMatch]: 'selector:env in (prod)' }, true],
        ['the deploy feed by project', { [SettingId.DeployFeedMatch]: 'project:shop' }, false],
    ])('%s', (_name, settings, expected) => {
        expect(labelsNeeded(configWith(settings))).toBe(expected);
    });
});
