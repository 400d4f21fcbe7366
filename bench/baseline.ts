/**
 * The app as it was at another commit (BENCH_BASELINE, default 80e8cad, before issue 16), packaged
 * from a `git archive` of that commit with this checkout's node_modules, so one run measures before
 * and after on the same machine, fleet and test bed. Kept in build/bench-baseline/ by commit.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const SHIPPED = ['app.json', 'ArgoDriftApp.ts', 'icon.png', 'package.json', 'src', 'i18n', 'scripts/rc-apps-staged.js'];

export const DEFAULT_BASELINE = '80e8cad';

export interface Build {
    label: string;
    commit: string;
    zip: string;
}

function git(args: string[]): string {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** This checkout's package (`npm run bench` packages it first). */
export function currentBuild(): Build {
    const zip = path.join(ROOT, 'dist', 'argo-drift_0.1.0.zip');
    if (!fs.existsSync(zip)) {
        throw new Error(`${zip} not found: run \`npm run package\` first`);
    }
    let commit = 'working tree';
    try {
        commit = git(['rev-parse', '--short', 'HEAD']);
        if (git(['status', '--porcelain', '--', 'src', 'ArgoDriftApp.ts', 'i18n']) !== '') {
            commit += ' with uncommitted changes';
        }
    } catch {
        // Not a git checkout: the label says so.
    }
    return { label: 'after', commit, zip };
}

export function baselineBuild(ref: string): Build {
    const commit = git(['rev-parse', '--verify', `${ref}^{commit}`]);
    const short = commit.slice(0, 7);
    const cached = path.join(ROOT, 'build', 'bench-baseline', `${commit}.zip`);
    if (!fs.existsSync(cached)) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), `argo-drift-${short}-`));
        try {
            const present = SHIPPED.filter((entry) => {
                try {
                    git(['cat-file', '-e', `${commit}:${entry}`]);
                    return true;
                } catch {
                    return false;
                }
            });
            const archive = execFileSync('git', ['archive', '--format=tar', commit, ...present], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
            execFileSync('tar', ['-x', '-C', dir], { input: archive });
            fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
            process.stderr.write(`packaging the baseline ${short}…\n`);
            execFileSync(process.execPath, [path.join(dir, 'scripts', 'rc-apps-staged.js'), 'package'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
            const dist = path.join(dir, 'dist');
            const zip = fs.readdirSync(dist).find((file) => file.endsWith('.zip'));
            if (!zip) {
                throw new Error(`packaging ${short} made no zip`);
            }
            fs.mkdirSync(path.dirname(cached), { recursive: true });
            fs.copyFileSync(path.join(dist, zip), cached);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }
    return { label: 'before', commit: short, zip: cached };
}
