import { SettingType } from '@rocket.chat/apps-engine/definition/settings';

import { parseDuration } from '../../src/core/duration';
import { SettingId } from '../../src/core/settingIds';
import { SETTINGS } from '../../src/settings';

export interface SandboxOptions {
    /** undefined: the built-in demo Argo CD and its timeline. */
    argocdUrl?: string;
    token?: string;
    projects: string[];
    selector?: string;
    channel: string;
    interval: string;
    grace: string;
    polls?: number;
    /** Raw --setting values, applied after the settings the other flags make. */
    settings: Record<string, string | number | boolean>;
    username: string;
    roles: string[];
    json: boolean;
    /** Serve the app's API endpoints on 127.0.0.1 at this port (0: a free one); undefined: not served. */
    apiPort?: number;
}

export type ParsedArgs =
    | { kind: 'run'; options: SandboxOptions }
    | { kind: 'help' }
    | { kind: 'error'; message: string };

function wrapList(items: string[], indent: number, width: number): string {
    const lines: string[] = [];
    let line = '';
    for (const item of items.map((name, i) => (i < items.length - 1 ? `${name},` : name))) {
        if (line && indent + line.length + 1 + item.length > width) {
            lines.push(line);
            line = item;
        } else {
            line = line ? `${line} ${item}` : item;
        }
    }
    return [...lines, line].map((text) => ' '.repeat(indent) + text).join('\n');
}

export const USAGE = `Usage: npm start -- [options]
       npx tsx sim/sandbox/main.ts [options]

Runs Argo Drift in an in-memory Rocket.Chat and shows its channel in the terminal, with a prompt
where you type /argo commands. Without --argocd-url it watches a built-in Argo CD test server
whose apps drift, degrade, fail to sync and recover over about a minute.

Argo CD
  --argocd-url URL      watch a real Argo CD, read-only: every request the app makes other
                        than GET is refused, so nothing is changed in Argo CD
                        (default: the built-in demo server)
  --token TOKEN         Argo CD API token (default: $ARGOCD_TOKEN; needed with --argocd-url)
  --project NAME        watch only this project (repeatable)
  --selector EXPR       watch only apps matching this label selector, e.g. env=prod,team!=data

Chat
  --channel NAME        the channel the app posts to, created in the sandbox (default: deploys)
  --as USERNAME         who types the commands, created in the sandbox (default: admin)
  --roles R1,R2         that user's roles (default: admin,user)

Watch loop
  --interval DURATION   poll interval, e.g. 1s, 30s, 2m (default: 5s)
  --grace DURATION      how long a problem must last before it is posted (default: 5s)
  --setting ID=VALUE    set any app setting by its id (repeatable; applied after the flags
                        above). Ids:
${wrapList(Object.values(SettingId), 24, 96)}
                        true/false become booleans, whole numbers become numbers for numeric
                        settings; the app reports values it does not accept

App endpoints
  --api-port N          serve the app's API endpoints over HTTP on 127.0.0.1:N, as Rocket.Chat
                        does, at /api/apps/public/<appId>/<path> (e.g. the Argo CD webhook at
                        .../argocd-webhook); 0 picks a free port. The address is shown once it
                        listens; with --json as {"event":"listening","url":"http://127.0.0.1:N"}

Output and exit
  --polls N             exit 0 after N completed poll runs (default: run until Ctrl-C)
  --json                print one JSON object per line instead of the view: every post and
                        update in any room ({"event":"post"|"update","room","id","threadId",
                        "text","attachments","blocks"}) and every private reply to the user
                        ({"event":"notify","user","room","text","attachments","blocks"});
                        diagnostics go to stderr
  --help                print this help

Typing (at the prompt, or each line of standard input)
  /argo ...             runs the slash command as that user in the channel (try /argo help)
  !click N, or !N       presses the button shown as (N)[ Label ]
  !redraw               draws the view again
  !help                 lists these
  !quit                 stops, like Ctrl-C
Private replies are shown prefixed "only you can see this". End of input does not stop the
watch: only --polls, !quit, Ctrl-C or SIGTERM do.
`;

const HINTS: Record<string, string> = {
    '--argocd-url': 'an http(s) address such as https://argocd.example.com',
    '--token': 'an Argo CD API token',
    '--project': 'an Argo CD project name',
    '--selector': 'a label selector such as env=prod',
    '--channel': 'a channel name such as deploys',
    '--as': 'a username such as admin',
    '--roles': 'a comma-separated list of roles such as admin,user',
    '--interval': 'a duration such as 1s, 30s or 2m',
    '--grace': 'a duration such as 0s, 5s or 2m',
    '--polls': 'a whole number of poll runs, 1 or more',
    '--setting': 'ID=VALUE, e.g. alert_on=OutOfSync,Degraded',
    '--api-port': 'a port number from 0 to 65535 (0 picks a free port)',
};
const FLAGS_WITHOUT_VALUE = new Set(['--json', '--help', '-h']);
const SETTING_TYPES = new Map(SETTINGS.map((setting) => [setting.id, setting.type]));

function problem(flag: string, what: string): ParsedArgs {
    return { kind: 'error', message: `${flag}: ${what}; enter ${HINTS[flag]}` };
}

/** Settings values as the admin UI would store them: booleans and numbers where they make sense. */
export function parseSettingValue(id: string, raw: string): string | number | boolean {
    if (raw === 'true' || raw === 'false') {
        return raw === 'true';
    }
    if (SETTING_TYPES.get(id) === SettingType.NUMBER && /^-?\d+$/.test(raw)) {
        return Number(raw);
    }
    return raw;
}

/**
 * The sandbox's command line. Both `--flag value` and `--flag=value` are accepted. Values that
 * only the app can judge (selectors, setting values) pass through for the app to report.
 */
export function parseArgs(argv: string[], env: Record<string, string | undefined>): ParsedArgs {
    const options: SandboxOptions = {
        projects: [], channel: 'deploys', interval: '5s', grace: '5s', settings: {}, username: 'admin', roles: ['admin', 'user'], json: false,
    };
    let token: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith('-')) {
            return { kind: 'error', message: `unexpected argument "${arg}": options start with --; see --help` };
        }
        const eq = arg.indexOf('=');
        const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
        if (FLAGS_WITHOUT_VALUE.has(flag)) {
            if (flag !== arg) {
                return { kind: 'error', message: `${flag} takes no value; see --help` };
            }
            if (flag === '--json') {
                options.json = true;
                continue;
            }
            return { kind: 'help' };
        }
        if (!(flag in HINTS)) {
            return { kind: 'error', message: `unknown option ${flag}; see --help for the options` };
        }
        let value: string;
        if (flag !== arg) {
            value = arg.slice(eq + 1);
        } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
            value = argv[++i];
        } else {
            return problem(flag, 'needs a value');
        }
        if (value.trim() === '') {
            return problem(flag, 'is empty');
        }
        switch (flag) {
            case '--argocd-url':
                if (!/^https?:\/\/[^/\s]+/i.test(value)) {
                    return problem(flag, `"${value}" is not an http(s) address`);
                }
                options.argocdUrl = value.replace(/\/+$/, '');
                break;
            case '--token':
                token = value;
                break;
            case '--project':
                options.projects.push(value.trim());
                break;
            case '--selector':
                options.selector = value.trim();
                break;
            case '--channel': {
                const channel = value.trim().replace(/^#/, '');
                if (!/^[\w.-]+$/.test(channel)) {
                    return problem(flag, `"${value}" is not a channel name (letters, digits, . _ -)`);
                }
                options.channel = channel;
                break;
            }
            case '--as':
                if (!/^[\w.-]+$/.test(value)) {
                    return problem(flag, `"${value}" is not a username (letters, digits, . _ -)`);
                }
                options.username = value;
                break;
            case '--roles': {
                const roles = value.split(',').map((role) => role.trim()).filter((role) => role !== '');
                if (roles.length === 0) {
                    return problem(flag, 'names no role');
                }
                options.roles = roles;
                break;
            }
            case '--interval':
            case '--grace': {
                const parsed = parseDuration(value);
                if (!parsed.ok) {
                    return problem(flag, parsed.error.replace(/: enter a duration.*$/, ''));
                }
                if (flag === '--interval' && parsed.value < 1000) {
                    return problem(flag, `"${value}" is shorter than 1s, the shortest interval the scheduler runs`);
                }
                options[flag === '--interval' ? 'interval' : 'grace'] = value.trim();
                break;
            }
            case '--polls':
                if (!/^\d+$/.test(value) || Number(value) < 1) {
                    return problem(flag, `"${value}" is not a whole number of 1 or more`);
                }
                options.polls = Number(value);
                break;
            case '--api-port':
                if (!/^\d+$/.test(value) || Number(value) > 65535) {
                    return problem(flag, `"${value}" is not a port number`);
                }
                options.apiPort = Number(value);
                break;
            case '--setting': {
                const at = value.indexOf('=');
                if (at <= 0) {
                    return problem(flag, `"${value}" has no "="`);
                }
                const id = value.slice(0, at).trim();
                if (!SETTING_TYPES.has(id)) {
                    return { kind: 'error', message: `--setting: the app has no setting "${id}"; enter one of ${Object.values(SettingId).join(', ')}` };
                }
                options.settings[id] = parseSettingValue(id, value.slice(at + 1));
                break;
            }
        }
    }
    token = token ?? (env.ARGOCD_TOKEN?.trim() || undefined);
    if (options.argocdUrl && !token && options.settings[SettingId.ArgoCdToken] === undefined) {
        return { kind: 'error', message: '--argocd-url needs a token: pass --token TOKEN or set ARGOCD_TOKEN in the environment' };
    }
    return { kind: 'run', options: { ...options, ...(token ? { token } : {}) } };
}
