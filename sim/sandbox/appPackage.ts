import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { defaultAppZip, REPO_ROOT } from '../rocketchat/engineEnvironment';

const SOURCES = ['ArgoDriftApp.ts', 'app.json', 'src', 'i18n'];

function newestMtime(entry: string): number {
    if (!fs.existsSync(entry)) {
        return 0;
    }
    const stat = fs.statSync(entry);
    if (!stat.isDirectory()) {
        return stat.mtimeMs;
    }
    return Math.max(0, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/**
 * The sim loads the packaged zip, as Rocket.Chat would. A first run builds it; afterwards a
 * zip older than the source is only pointed out, since rebuilding takes a while and the user may
 * want the package they have. The build's own output goes to stderr so --json stdout stays clean.
 */
export function ensureAppPackage(say: (line: string) => void): string {
    const zip = defaultAppZip();
    if (!fs.existsSync(zip)) {
        say(`building the app package ${path.relative(REPO_ROOT, zip)} (npm run package)…`);
        const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'rc-apps-staged.js'), 'package'], {
            cwd: REPO_ROOT, stdio: ['ignore', process.stderr, process.stderr],
        });
        if (built.status !== 0 || !fs.existsSync(zip)) {
            throw new Error(`building the app package failed (exit ${String(built.status)}): run \`npm run package\` and fix what it reports`);
        }
        return zip;
    }
    const zipTime = fs.statSync(zip).mtimeMs;
    if (SOURCES.some((entry) => newestMtime(path.join(REPO_ROOT, entry)) > zipTime)) {
        say(`note: ${path.relative(REPO_ROOT, zip)} is older than the app's source; run \`npm run package\` to try your changes`);
    }
    return zip;
}
