#!/usr/bin/env node
'use strict';
// Runs the official `rc-apps` CLI (package, deploy, …) on a staging copy that holds only what
// ships inside Rocket.Chat. rc-apps compiles and zips every file under its folder, so running it
// at the repository root would put the tests, the sandbox and the scripts into the app bundle.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const stage = path.join(root, 'build', 'app');
const shipped = ['app.json', 'ArgoDriftApp.ts', 'icon.png', 'package.json', 'src', 'i18n'];

fs.rmSync(stage, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });
for (const entry of shipped) {
    const from = path.join(root, entry);
    if (fs.existsSync(from)) {
        fs.cpSync(from, path.join(stage, entry), { recursive: true });
    }
}
// rc-apps resolves TypeScript and the engine definitions from the app folder.
fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');

const cli = path.join(root, 'node_modules', '@rocket.chat', 'apps-cli', 'bin', 'run');
const args = process.argv.slice(2);
const result = spawnSync(process.execPath, [cli, ...args], { cwd: stage, stdio: 'inherit' });
if (result.status !== 0) {
    process.exit(result.status === null ? 1 : result.status);
}

// rc-apps rewrites app.json's "implements" list; keep the repository's manifest in step.
fs.copyFileSync(path.join(stage, 'app.json'), path.join(root, 'app.json'));
const stagedDist = path.join(stage, 'dist');
if (fs.existsSync(stagedDist)) {
    fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
    for (const file of fs.readdirSync(stagedDist)) {
        fs.copyFileSync(path.join(stagedDist, file), path.join(root, 'dist', file));
        console.log(`dist/${file}`);
    }
}
