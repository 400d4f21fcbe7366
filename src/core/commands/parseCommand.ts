import { parseDuration } from '../duration';
import type { MuteTarget } from '../mutes';
import type { Result } from '../result';
import { err, ok } from '../result';

export type Command =
    | { name: 'help' }
    | { name: 'status'; filter?: string }
    | { name: 'app'; app: AppArg }
    | { name: 'history'; app: AppArg }
    | { name: 'sync'; app: AppArg; dryRun: boolean; prune: boolean }
    | { name: 'rollback'; app: AppArg; historyId?: number }
    | { name: 'mute'; target: MuteTarget; durationMs: number; reason?: string }
    | { name: 'unmute'; target: MuteTarget }
    | { name: 'mutes' };

/** An app as typed: `name` or `namespace/name`. */
export interface AppArg {
    name: string;
    namespace?: string;
}

export const DEFAULT_MUTE_MS = 60 * 60 * 1000;
const MAX_MUTE_MS = 30 * 24 * 3600 * 1000;
const MAX_ARGUMENT_LENGTH = 253;
const MAX_REASON_LENGTH = 200;

/** Kubernetes object names: DNS-1123 subdomains. Anything else cannot be an Argo CD app. */
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export const USAGE = [
    '*/argo* commands:',
    '• `/argo status [filter]`: the fleet at a glance (filter by name pattern, `project:NAME` or a state such as `Degraded`)',
    '• `/argo app <name>`: one app in detail',
    '• `/argo history <name>`: its deployments',
    '• `/argo sync <name> [--dry-run] [--prune]`: sync it (allowed roles only, confirmed first)',
    '• `/argo rollback <name> [history-id]`: roll it back (allowed roles only, confirmed first)',
    '• `/argo mute <app | project:NAME | all> [duration, default 1h] [reason]`, `/argo unmute <…>`, `/argo mutes`',
].join('\n');

function describe(arg: string): string {
    const shown = Array.from(arg).slice(0, 40).join('');
    return JSON.stringify(shown.length < arg.length ? `${shown}…` : shown);
}

export function parseAppArg(arg: string | undefined, verb: string): Result<AppArg> {
    if (arg === undefined || arg === '') {
        return err(`\`/argo ${verb}\` needs an app name, e.g. \`/argo ${verb} guestbook\``);
    }
    if (arg.length > MAX_ARGUMENT_LENGTH) {
        return err(`the app name is ${arg.length} characters long; Argo CD app names have at most ${MAX_ARGUMENT_LENGTH}`);
    }
    const parts = arg.split('/');
    const [namespace, name] = parts.length === 2 ? parts : [undefined, parts[0]];
    if (parts.length > 2 || !NAME.test(name) || (namespace !== undefined && !NAME.test(namespace))) {
        return err(`${describe(arg)} is not an app name: names use lower-case letters, digits, "-" and "." (optionally \`namespace/name\`)`);
    }
    return ok(namespace !== undefined ? { name, namespace } : { name });
}

function parseMuteTarget(arg: string | undefined, verb: string): Result<MuteTarget> {
    if (arg === undefined) {
        return err(`\`/argo ${verb}\` needs a target: an app name, \`project:NAME\` or \`all\``);
    }
    if (arg === 'all') {
        return ok({ kind: 'all' });
    }
    if (arg.startsWith('project:')) {
        const project = arg.slice('project:'.length);
        return NAME.test(project) ? ok({ kind: 'project', project }) : err(`${describe(project)} is not a project name`);
    }
    const app = parseAppArg(arg, verb);
    return app.ok ? ok({ kind: 'app', name: app.value.name }) : app;
}

function parseMute(args: string[]): Result<Command> {
    const target = parseMuteTarget(args[0], 'mute');
    if (!target.ok) {
        return target;
    }
    let durationMs = DEFAULT_MUTE_MS;
    let rest = args.slice(1);
    if (rest.length > 0 && /^\d/.test(rest[0])) {
        const parsed = parseDuration(rest[0]);
        if (!parsed.ok) {
            return err(`mute duration: ${parsed.error}`);
        }
        if (parsed.value <= 0 || parsed.value > MAX_MUTE_MS) {
            return err('a mute lasts from 1s to 30d; for longer, narrow the scope in the app settings');
        }
        durationMs = parsed.value;
        rest = rest.slice(1);
    }
    const reason = rest.join(' ').trim();
    if (Array.from(reason).length > MAX_REASON_LENGTH) {
        return err(`the reason is too long (at most ${MAX_REASON_LENGTH} characters)`);
    }
    return ok({ name: 'mute', target: target.value, durationMs, ...(reason !== '' ? { reason } : {}) });
}

function parseSync(args: string[]): Result<Command> {
    const flags = args.filter((a) => a.startsWith('--'));
    const positional = args.filter((a) => !a.startsWith('--'));
    const unknown = flags.find((f) => f !== '--dry-run' && f !== '--prune');
    if (unknown !== undefined) {
        return err(`unknown option ${describe(unknown)} for \`/argo sync\`: use --dry-run and/or --prune`);
    }
    if (positional.length > 1) {
        return err('`/argo sync` takes one app name, e.g. `/argo sync guestbook --prune`');
    }
    const app = parseAppArg(positional[0], 'sync');
    return app.ok ? ok({ name: 'sync', app: app.value, dryRun: flags.includes('--dry-run'), prune: flags.includes('--prune') }) : app;
}

function parseRollback(args: string[]): Result<Command> {
    const app = parseAppArg(args[0], 'rollback');
    if (!app.ok) {
        return app;
    }
    if (args.length > 2) {
        return err('`/argo rollback` takes an app name and optionally a history id, e.g. `/argo rollback guestbook 3`');
    }
    if (args[1] === undefined) {
        return ok({ name: 'rollback', app: app.value });
    }
    if (!/^\d{1,9}$/.test(args[1])) {
        return err(`${describe(args[1])} is not a history id: use a number from \`/argo history ${app.value.name}\``);
    }
    return ok({ name: 'rollback', app: app.value, historyId: Number(args[1]) });
}

/** Parses what follows `/argo`; a bad input names what was wrong and what to type instead. */
export function parseCommand(args: readonly string[]): Result<Command> {
    const [verb, ...rest] = args.map((a) => a.trim()).filter((a) => a !== '');
    switch ((verb ?? 'help').toLowerCase()) {
        case 'help':
            return ok({ name: 'help' });
        case 'status': {
            const filter = rest.join(' ').trim();
            if (filter.length > 100) {
                return err('the status filter is too long (at most 100 characters)');
            }
            return ok(filter !== '' ? { name: 'status', filter } : { name: 'status' });
        }
        case 'app':
        case 'history': {
            const name = verb.toLowerCase() as 'app' | 'history';
            if (rest.length > 1) {
                return err(`\`/argo ${name}\` takes one app name`);
            }
            const app = parseAppArg(rest[0], name);
            return app.ok ? ok({ name, app: app.value }) : app;
        }
        case 'sync':
            return parseSync(rest);
        case 'rollback':
            return parseRollback(rest);
        case 'mute':
            return parseMute(rest);
        case 'unmute': {
            const target = parseMuteTarget(rest[0], 'unmute');
            return target.ok ? ok({ name: 'unmute', target: target.value }) : target;
        }
        case 'mutes':
            return ok({ name: 'mutes' });
        default:
            return err(`unknown command ${describe(verb)}.\n${USAGE}`);
    }
}
