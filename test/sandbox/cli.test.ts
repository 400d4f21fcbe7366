import * as fs from 'fs';
import * as path from 'path';

import fetch from 'node-fetch';

import { USAGE } from '../../sim/sandbox/args';
import { ArgoCdTestServer } from '../../sim/argocd/ArgoCdTestServer';
import { fakeJwt } from '../../sim/argocd/auth';
import type { CliRun } from './cli';
import { jsonLines, killAll, runCli, startCli } from './cli';

const QUICK = ['--interval', '1s', '--grace', '1s'];

afterAll(killAll);

describe('npm start --polls 3 --json with /argo help typed', () => {
    let run: CliRun;
    beforeAll(async () => {
        run = await runCli(['--polls', '3', '--json', ...QUICK], { input: '/argo help\n' });
    });

    it('exits 0 after the polls, with only JSON lines on stdout', () => {
        expect(run.code).toBe(0);
        expect(() => jsonLines(run.stdout)).not.toThrow();
        expect(run.stderr).toContain('poll 3 done');
    });

    it('includes the baseline post in #deploys', () => {
        const posts = jsonLines(run.stdout).filter((event) => event.event === 'post');
        expect(posts[0]).toMatchObject({ room: 'deploys', threadId: null, text: expect.stringContaining('Argo Drift is watching 12 apps') });
    });

    it('turns the typed /argo help into a private reply to the user', () => {
        const notes = jsonLines(run.stdout).filter((event) => event.event === 'notify');
        expect(notes).toEqual([expect.objectContaining({ user: 'admin', room: 'deploys', text: expect.stringContaining('/argo status') })]);
    });
});

describe('the command line', () => {
    it('prints the usage for --help and exits 0', async () => {
        const run = await runCli(['--help']);
        expect(run).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    });

    it('refuses a bad flag with exit 2, naming it', async () => {
        const run = await runCli(['--polls', 'many']);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe('argo-drift sandbox: --polls: "many" is not a whole number of 1 or more; enter a whole number of poll runs, 1 or more\n');
    });

    it('keeps polling after the end of input, and stops cleanly on SIGTERM', async () => {
        const started = startCli(['--json', ...QUICK]);
        await Promise.race([started.stderrMatches(/poll 3 done/), started.done]);
        expect(started.child.exitCode).toBeNull();
        started.child.kill('SIGTERM');
        const run = await started.done;
        expect(run.code).toBe(0);
        expect(run.stderr).toContain('input ended; still watching until Ctrl-C');
    });

    it('passes settings through and shows what the app reports about them', async () => {
        const run = await runCli(['--polls', '1', '--json', '--setting', 'alert_on=Sideways', ...QUICK]);
        expect(run.code).toBe(0);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/app log \(error\): Argo Drift is not watching: .*Sideways/);
    });
});

describe('--api-port', () => {
    it('serves the app\'s endpoints: listening event on stdout, then the webhook answers', async () => {
        const appId = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'app.json'), 'utf8')) as { id: string }).id;
        const started = startCli(['--json', '--api-port', '0', '--setting', 'webhook_secret=s3cret-for-cli', ...QUICK]);
        const line = await Promise.race([started.stdoutLine(/"event":"listening"/), started.done.then((run) => {
            throw new Error(`the sandbox exited before listening\n${run.stderr}`);
        })]);
        const event = JSON.parse(line) as { event: string; url: string };
        expect(event).toEqual({ event: 'listening', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
        const hook = `${event.url}/api/apps/public/${appId}/argocd-webhook`;
        const refused = await fetch(hook, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
        expect(refused.status).toBe(401);
        const accepted = await fetch(hook, {
            method: 'POST',
            body: JSON.stringify({ app: 'guestbook', namespace: 'argocd' }),
            headers: { 'Content-Type': 'application/json', 'X-Argo-Drift-Secret': 's3cret-for-cli' },
        });
        expect(accepted.status).toBe(202);
        expect(await accepted.json()).toMatchObject({ accepted: ['argocd/guestbook'] });
        started.child.kill('SIGTERM');
        const run = await started.done;
        expect(run.code).toBe(0);
        expect(jsonLines(run.stdout).filter((entry) => entry.event === 'listening')).toHaveLength(1);
    });
});

describe('against a given Argo CD', () => {
    let argo: ArgoCdTestServer;
    beforeAll(async () => {
        argo = await ArgoCdTestServer.start({ fleet: [{ name: 'guestbook', sync: 'OutOfSync', health: 'Healthy', revision: 'a'.repeat(40) }] });
    });
    afterAll(async () => {
        await argo.stop();
    });

    it('is read-only: a confirmed sync never reaches Argo CD, and the view says so', async () => {
        const run = await runCli(['--argocd-url', argo.url, '--polls', '2', ...QUICK], {
            input: '/argo sync guestbook\n!1\n',
            env: { ARGOCD_TOKEN: fakeJwt('sandbox-test') },
        });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('READ-ONLY');
        expect(run.stdout).toContain('(1)[ Confirm sync ]');
        expect(run.stdout).toContain('refused by the sandbox (read-only): POST');
        expect(run.stdout).not.toContain(fakeJwt('sandbox-test'));
        expect(argo.requests().length).toBeGreaterThan(0);
        expect(argo.requests().filter((request) => request.method !== 'GET')).toEqual([]);
    });
});
