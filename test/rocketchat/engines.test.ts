import * as fs from 'fs';
import * as path from 'path';

import { admittedRuntimes, lowerBound, satisfies } from '../../scripts/engine-range';
import { DEFAULT_ENGINE, RUNTIMES } from '../../scripts/engine-runtimes';

// app.json's requiredApiVersion promises Rocket.Chat versions; the test bed must run the oldest
// engine it admits. Rocket.Chat installs an app when semver.satisfies(<engine>, requiredApiVersion).
// Rocket.Chat: packages/apps-engine/src/server/compiler/AppPackageParser.ts

const ROOT = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as { requiredApiVersion: string };
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

test('the oldest engine app.json admits is one the end-to-end suite runs on', () => {
    expect(Object.keys(RUNTIMES)).toContain(lowerBound(manifest.requiredApiVersion));
    expect(admittedRuntimes(manifest.requiredApiVersion, Object.keys(RUNTIMES))).toContain(DEFAULT_ENGINE);
});

test('the apps-engine devDependency is the lower bound, so rc-apps leaves requiredApiVersion alone', () => {
    expect(pkg.devDependencies['@rocket.chat/apps-engine']).toBe(lowerBound(manifest.requiredApiVersion));
});

test('requiredApiVersion is read as semver reads a caret range', () => {
    expect(satisfies('1.62.0', '^1.53.1')).toBe(true);
    expect(satisfies('1.53.1', '^1.53.1')).toBe(true);
    expect(satisfies('1.42.1', '^1.53.1')).toBe(false);
    expect(satisfies('2.0.0', '^1.53.1')).toBe(false);
    expect(satisfies('1.53.1', '^1.62.0')).toBe(false);
    expect(satisfies('1.62.0', '1.62.0')).toBe(true);
});
