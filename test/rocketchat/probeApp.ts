import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import type { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE = path.join(ROOT, 'test', 'fixtures', 'probe-app');
const OUT_DIR = path.join(ROOT, 'build', 'probe-app');

/**
 * The probe app's zip, packaged by the official rc-apps CLI on a staging copy (as
 * scripts/rc-apps-staged.js does for the real app) and rebuilt only when its sources change.
 */
export function probeAppZip(): string {
    const files = fs.readdirSync(SOURCE).sort();
    const hash = createHash('sha256');
    for (const file of files) {
        hash.update(file).update(fs.readFileSync(path.join(SOURCE, file)));
    }
    const digest = hash.digest('hex').slice(0, 16);
    const zip = path.join(OUT_DIR, `sim-probe-${digest}.zip`);
    if (fs.existsSync(zip)) {
        return zip;
    }
    const stage = path.join(OUT_DIR, `stage-${process.pid}`);
    fs.rmSync(stage, { recursive: true, force: true });
    fs.mkdirSync(stage, { recursive: true });
    for (const file of files) {
        fs.copyFileSync(path.join(SOURCE, file), path.join(stage, file));
    }
    // rc-apps resolves TypeScript and the engine definitions from the app folder.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    const cli = path.join(ROOT, 'node_modules', '@rocket.chat', 'apps-cli', 'bin', 'run');
    const result = spawnSync(process.execPath, [cli, 'package'], { cwd: stage, encoding: 'utf8' });
    const built = path.join(stage, 'dist', 'sim-probe_0.0.1.zip');
    if (result.status !== 0 || !fs.existsSync(built)) {
        throw new Error(`packaging the probe app failed (${String(result.status)}):\n${result.stdout}\n${result.stderr}`);
    }
    // Another jest worker may be building the same zip: rename is atomic, last one wins.
    fs.renameSync(built, zip);
    fs.rmSync(stage, { recursive: true, force: true });
    return zip;
}

/** Runs a probe command as alice in a room and returns what the app told her. */
export async function runProbe(sim: RocketChatSim, room: string, command: string): Promise<string> {
    await sim.typeCommand('alice', room, `/probe ${command}`);
    const mine = sim.notifications('alice');
    return mine[mine.length - 1]?.text ?? '';
}
