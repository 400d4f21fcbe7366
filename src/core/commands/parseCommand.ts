import { parseDuration } from '../duration';
import { code } from '../escape';
import type { MuteTarget } from '../mutes';
import type { Translate } from '../i18n/translate';
import { englishT } from '../i18n/translate';
import type { Result } from '../result';
import { err, ok } from '../result';

export type Command =
    | { name: 'help' }
    | { name: 'status'; filter?: string }
    | { name: 'app'; app: AppArg }
    | { name: 'history'; app: AppArg }
    | { name: 'diff'; app: AppArg }
    | { name: 'ack'; app: AppArg; note?: string }
    | { name: 'sync'; app: AppArg; dryRun: boolean; prune: boolean }
    | { name: 'rollback'; app: AppArg; historyId?: number }
    | { name: 'mute'; target: MuteTarget; durationMs: number; reason?: string }
    | { name: 'unmute'; target: MuteTarget }
    | { name: 'mutes' }
    | { name: 'deploys'; app?: AppArg; project?: string };

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

/** What the user typed, shortened and shown as inert inline code. */
function describe(arg: string): string {
    return code(arg, 40);
}

export function parseAppArg(arg: string | undefined, verb: string, t: Translate = englishT): Result<AppArg> {
    if (arg === undefined || arg === '') {
        return err(t('cmd.needsApp', { verb }));
    }
    if (arg.length > MAX_ARGUMENT_LENGTH) {
        return err(t('cmd.nameTooLong', { length: arg.length, max: MAX_ARGUMENT_LENGTH }));
    }
    const parts = arg.split('/');
    const [namespace, name] = parts.length === 2 ? parts : [undefined, parts[0]];
    if (parts.length > 2 || !NAME.test(name) || (namespace !== undefined && !NAME.test(namespace))) {
        return err(t('cmd.badName', { value: describe(arg) }));
    }
    return ok(namespace !== undefined ? { name, namespace } : { name });
}

function parseMuteTarget(arg: string | undefined, verb: string, t: Translate): Result<MuteTarget> {
    if (arg === undefined) {
        return err(t('cmd.needsTarget', { verb }));
    }
    if (arg === 'all') {
        return ok({ kind: 'all' });
    }
    if (arg.startsWith('project:')) {
        const project = arg.slice('project:'.length);
        return NAME.test(project) ? ok({ kind: 'project', project }) : err(t('cmd.badProject', { value: describe(project) }));
    }
    const app = parseAppArg(arg, verb, t);
    return app.ok ? ok({ kind: 'app', name: app.value.name }) : app;
}

function parseMute(args: string[], t: Translate): Result<Command> {
    const target = parseMuteTarget(args[0], 'mute', t);
    if (!target.ok) {
        return target;
    }
    let durationMs = DEFAULT_MUTE_MS;
    let rest = args.slice(1);
    if (rest.length > 0 && /^\d/.test(rest[0])) {
        const parsed = parseDuration(rest[0], t);
        if (!parsed.ok) {
            return err(t('cmd.muteDuration', { problem: parsed.error }));
        }
        if (parsed.value <= 0 || parsed.value > MAX_MUTE_MS) {
            return err(t('cmd.muteRange'));
        }
        durationMs = parsed.value;
        rest = rest.slice(1);
    }
    const reason = rest.join(' ').trim();
    if (Array.from(reason).length > MAX_REASON_LENGTH) {
        return err(t('cmd.reasonTooLong', { max: MAX_REASON_LENGTH }));
    }
    return ok({ name: 'mute', target: target.value, durationMs, ...(reason !== '' ? { reason } : {}) });
}

function parseSync(args: string[], t: Translate): Result<Command> {
    const flags = args.filter((a) => a.startsWith('--'));
    const positional = args.filter((a) => !a.startsWith('--'));
    const unknown = flags.find((f) => f !== '--dry-run' && f !== '--prune');
    if (unknown !== undefined) {
        return err(t('cmd.syncOption', { option: describe(unknown) }));
    }
    if (positional.length > 1) {
        return err(t('cmd.syncOneApp'));
    }
    const app = parseAppArg(positional[0], 'sync', t);
    return app.ok ? ok({ name: 'sync', app: app.value, dryRun: flags.includes('--dry-run'), prune: flags.includes('--prune') }) : app;
}

function parseRollback(args: string[], t: Translate): Result<Command> {
    const app = parseAppArg(args[0], 'rollback', t);
    if (!app.ok) {
        return app;
    }
    if (args.length > 2) {
        return err(t('cmd.rollbackArgs'));
    }
    if (args[1] === undefined) {
        return ok({ name: 'rollback', app: app.value });
    }
    if (!/^\d{1,9}$/.test(args[1])) {
        return err(t('cmd.badHistoryId', { value: describe(args[1]), name: app.value.name }));
    }
    return ok({ name: 'rollback', app: app.value, historyId: Number(args[1]) });
}

function parseAck(args: string[], t: Translate): Result<Command> {
    const app = parseAppArg(args[0], 'ack', t);
    if (!app.ok) {
        return app;
    }
    const note = args.slice(1).join(' ').trim();
    if (Array.from(note).length > MAX_REASON_LENGTH) {
        return err(t('cmd.reasonTooLong', { max: MAX_REASON_LENGTH }));
    }
    return ok({ name: 'ack', app: app.value, ...(note !== '' ? { note } : {}) });
}

/** `/argo deploys [app | namespace/app | project:NAME]`. */
function parseDeploys(args: readonly string[], t: Translate): Result<Command> {
    if (args.length > 1) {
        return err(t('cmd.oneApp', { verb: 'deploys' }));
    }
    const [arg] = args;
    if (arg === undefined) {
        return ok({ name: 'deploys' });
    }
    if (arg.startsWith('project:')) {
        const project = arg.slice('project:'.length);
        return NAME.test(project) ? ok({ name: 'deploys', project }) : err(t('cmd.badName', { value: describe(arg) }));
    }
    const app = parseAppArg(arg, 'deploys', t);
    return app.ok ? ok({ name: 'deploys', app: app.value }) : app;
}

/** Parses what follows `/argo`; a bad input names what was wrong and what to type instead. */
export function parseCommand(args: readonly string[], t: Translate = englishT): Result<Command> {
    const [verb, ...rest] = args.map((a) => a.trim()).filter((a) => a !== '');
    switch ((verb ?? 'help').toLowerCase()) {
        case 'help':
            return ok({ name: 'help' });
        case 'status': {
            const filter = rest.join(' ').trim();
            if (filter.length > 100) {
                return err(t('cmd.filterTooLong'));
            }
            return ok(filter !== '' ? { name: 'status', filter } : { name: 'status' });
        }
        case 'app':
        case 'history':
        case 'diff': {
            const name = verb.toLowerCase() as 'app' | 'history' | 'diff';
            if (rest.length > 1) {
                return err(t('cmd.oneApp', { verb: name }));
            }
            const app = parseAppArg(rest[0], name, t);
            return app.ok ? ok({ name, app: app.value }) : app;
        }
        case 'ack':
            return parseAck(rest, t);
        case 'sync':
            return parseSync(rest, t);
        case 'rollback':
            return parseRollback(rest, t);
        case 'mute':
            return parseMute(rest, t);
        case 'unmute': {
            const target = parseMuteTarget(rest[0], 'unmute', t);
            return target.ok ? ok({ name: 'unmute', target: target.value }) : target;
        }
        case 'mutes':
            return ok({ name: 'mutes' });
        case 'deploys':
            return parseDeploys(rest, t);
        default:
            return err(t('cmd.unknown', { command: describe(verb), usage: t('usage') }));
    }
}
