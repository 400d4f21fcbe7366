import { parseArgs, USAGE } from '../../sim/sandbox/args';

function run(argv: string[], env: Record<string, string> = {}) {
    const parsed = parseArgs(argv, env);
    if (parsed.kind !== 'run') {
        throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
    }
    return parsed.options;
}

describe('parseArgs', () => {
    it('defaults to the demo: #deploys, an admin, 5s interval and grace', () => {
        expect(run([])).toEqual({ projects: [], channel: 'deploys', interval: '5s', grace: '5s', settings: {}, username: 'admin', roles: ['admin', 'user'], json: false });
    });

    it('reads every flag, in both --flag value and --flag=value forms', () => {
        const options = run([
            '--argocd-url', 'https://argocd.example.com/', '--token=t0k', '--project', 'payments', '--project=commerce', '--selector', 'env=prod',
            '--channel', '#ops', '--interval', '1s', '--grace=2m', '--polls', '3', '--setting', 'storm_threshold=4', '--setting', 'argocd_skip_tls_verify=true',
            '--setting', 'alert_on=OutOfSync', '--as', 'bob', '--roles', 'user,deployer', '--json',
        ]);
        expect(options).toEqual({
            argocdUrl: 'https://argocd.example.com', token: 't0k', projects: ['payments', 'commerce'], selector: 'env=prod', channel: 'ops',
            interval: '1s', grace: '2m', polls: 3, settings: { storm_threshold: 4, argocd_skip_tls_verify: true, alert_on: 'OutOfSync' },
            username: 'bob', roles: ['user', 'deployer'], json: true,
        });
    });

    it('takes the token from ARGOCD_TOKEN when --token is absent', () => {
        expect(run(['--argocd-url', 'https://a.example'], { ARGOCD_TOKEN: 'from-env' }).token).toBe('from-env');
        expect(run(['--argocd-url', 'https://a.example', '--token', 'flag'], { ARGOCD_TOKEN: 'from-env' }).token).toBe('flag');
    });

    it('keeps a whole number as a string for a setting that is not numeric', () => {
        expect(run(['--setting', 'request_timeout=5']).settings).toEqual({ request_timeout: '5' });
    });

    it('asks for help', () => {
        expect(parseArgs(['--json', '--help'], {})).toEqual({ kind: 'help' });
        expect(USAGE).toContain('--polls N');
    });

    it.each([
        [['--bogus'], 'unknown option --bogus'],
        [['extra'], 'unexpected argument "extra"'],
        [['--interval'], '--interval: needs a value; enter a duration such as 1s'],
        [['--interval', '5x'], '--interval: "5x" has an unknown unit "x"; enter a duration'],
        [['--interval', '500ms'], '--interval: "500ms" is shorter than 1s'],
        [['--grace', 'soon'], '--grace: "soon" is not a duration; enter a duration'],
        [['--polls', '0'], '--polls: "0" is not a whole number of 1 or more'],
        [['--polls', 'three'], '--polls: "three" is not a whole number'],
        [['--setting', 'nope=1'], '--setting: the app has no setting "nope"; enter one of argocd_url'],
        [['--setting', 'channel'], '--setting: "channel" has no "="; enter ID=VALUE'],
        [['--argocd-url', 'argocd.example.com', '--token', 't'], '--argocd-url: "argocd.example.com" is not an http(s) address'],
        [['--argocd-url', 'https://argocd.example.com'], '--argocd-url needs a token: pass --token TOKEN or set ARGOCD_TOKEN'],
        [['--as', 'a b'], '--as: "a b" is not a username'],
        [['--roles', ','], '--roles: names no role'],
        [['--json=yes'], '--json takes no value'],
    ])('%j is refused: %s', (argv, message) => {
        const parsed = parseArgs(argv, {});
        expect(parsed.kind).toBe('error');
        expect(parsed.kind === 'error' && parsed.message).toContain(message);
    });
});

describe('--api-port', () => {
    it('takes a port, 0 included', () => {
        expect(parseArgs(['--api-port', '0'], {})).toMatchObject({ kind: 'run', options: { apiPort: 0 } });
        expect(parseArgs(['--api-port=8181'], {})).toMatchObject({ kind: 'run', options: { apiPort: 8181 } });
        expect(parseArgs([], {})).not.toMatchObject({ options: { apiPort: expect.anything() } });
    });

    it('refuses what is not a port', () => {
        expect(parseArgs(['--api-port', '70000'], {})).toEqual({ kind: 'error', message: '--api-port: "70000" is not a port number; enter a port number from 0 to 65535 (0 picks a free port)' });
        expect(parseArgs(['--api-port', 'x'], {})).toMatchObject({ kind: 'error' });
    });

    it('is documented in --help', () => {
        expect(USAGE).toContain('--api-port N');
        expect(USAGE).toContain('{"event":"listening","url":"http://127.0.0.1:N"}');
    });
});
