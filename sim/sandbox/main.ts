import type * as readline from 'readline';

import { ArgoCdTestServer, demoFleet, fakeJwt, startDemoTimeline } from '../argocd';
import { RocketChatSim } from '../rocketchat/RocketChatSim';
import type { SimEvent } from '../rocketchat/RocketChatSim';
import { SettingId } from '../../src/core/settingIds';
import { JobId } from '../../src/jobIds';
import { ensureAppPackage } from './appPackage';
import type { SandboxOptions } from './args';
import { parseArgs, USAGE } from './args';
import { jsonLineOf, listeningLine } from './jsonEvents';
import { interpretLine, LineQueue, PROMPT_HELP, startPrompt } from './prompt';
import { refuseUnlessGet } from './readOnlyGuard';
import { TerminalOutput } from './terminal';
import { ChannelView, clock } from './view';

/** A command or click stuck on a slow Argo CD must not hold the exit for ever. */
const DRAIN_LIMIT_MS = 30_000;

/** The demo turns the deploy feed on for one project, so its rollouts show up as they go. */
const DEMO_DEPLOY_FEED = 'project:commerce';

function settingsFor(options: SandboxOptions, argocdUrl: string, token: string, demo: boolean): { settings: Record<string, unknown>; interval: unknown } {
    const settings: Record<string, unknown> = {
        ...(demo ? { [SettingId.DeployFeedMatch]: DEMO_DEPLOY_FEED } : {}),
        [SettingId.ArgoCdUrl]: argocdUrl,
        [SettingId.ArgoCdToken]: token,
        [SettingId.Channel]: options.channel,
        [SettingId.Projects]: options.projects.join(', '),
        [SettingId.Selector]: options.selector ?? '',
        [SettingId.GracePeriod]: options.grace,
        ...options.settings,
    };
    // The interval goes last: setting it reschedules the poll (in place, not run at once; the
    // sandbox runs the first poll itself once everything is in place).
    const interval = SettingId.PollInterval in settings ? settings[SettingId.PollInterval] : options.interval;
    delete settings[SettingId.PollInterval];
    return { settings, interval };
}

function headerFor(options: SandboxOptions, argocd: string, apps?: number): string[] {
    const who = `${options.username} (${options.roles.join(', ')})`;
    const lines = [`Argo Drift sandbox · #${options.channel} · typing as ${who} · poll every ${options.interval}, grace ${options.grace}`];
    if (apps !== undefined) {
        lines.push(`Argo CD: built-in demo server at ${argocd}, ${apps} apps; its timeline replays every minute`);
    } else {
        lines.push(`Argo CD: ${argocd} · READ-ONLY: only GET requests are sent; syncs, rollbacks and every other change are refused`);
    }
    lines.push('Type /argo help · !N presses button (N) · !help · Ctrl-C stops');
    return lines;
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((settle) => { resolve = settle; });
    return { promise, resolve };
}

function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

async function main(argv: string[]): Promise<number> {
    const parsed = parseArgs(argv, process.env);
    if (parsed.kind === 'help') {
        process.stdout.write(USAGE);
        return 0;
    }
    if (parsed.kind === 'error') {
        process.stderr.write(`argo-drift sandbox: ${parsed.message}\n`);
        return 2;
    }
    const options = parsed.options;
    const interactive = !options.json && Boolean(process.stdout.isTTY) && Boolean(process.stdin.isTTY);
    const view = new ChannelView();
    let output: TerminalOutput | undefined;

    const say = (text: string, tone: 'info' | 'warn' = 'info'): void => {
        if (options.json || !output) {
            process.stderr.write(`sandbox: ${text}\n`);
            return;
        }
        output.show(view.note(text, tone));
    };

    let sim: RocketChatSim | undefined;
    let argo: ArgoCdTestServer | undefined;
    let stopTimeline: (() => void) | undefined;
    let prompt: readline.Interface | undefined = undefined;
    let configuredAt: Date | undefined;
    let polls = 0;
    let logsSeen = 0;
    let stopping: Promise<void> | undefined;
    let exitCode = 0;
    const keepAlive = setInterval(() => undefined, 60_000);

    const ready = deferred<void>();
    const finished = deferred<void>();

    const onEvent = (event: SimEvent): void => {
        const line = options.json ? jsonLineOf(event, options.username) : undefined;
        if (line) {
            process.stdout.write(`${line}\n`);
        }
        // The view also numbers buttons in --json mode, so `!click N` works there too.
        if (event.event === 'notify') {
            if (event.user === options.username) {
                const mine = sim?.notifications(options.username) ?? [];
                const entry = view.privateReply({ id: mine[mine.length - 1]?.id ?? '', text: event.text, attachments: event.attachments, blocks: event.blocks });
                output?.show(entry);
            }
        } else if (event.room !== options.channel) {
            if (!options.json) {
                say(`posted in #${event.room}: ${event.text.split('\n')[0]}`);
            }
        } else {
            const entry = event.event === 'post' ? view.post(event) : view.update(event);
            output?.show(entry);
        }
    };

    /**
     * The app reports bad settings and an unreachable Argo CD in its logs, as Rocket.Chat shows
     * them to admins. The engine stores a call's logs before the call returns, so after each run
     * or command everything it logged is there. `swallow` skips what runs made before the
     * settings were in place logged about the half-configured app.
     */
    const surfaceAppLogs = (swallow = false): void => {
        const entries = (sim?.logs() ?? []).flatMap((log) => log.entries) as Array<{ severity?: string; args?: unknown[] }>;
        for (const entry of swallow ? [] : entries.slice(logsSeen)) {
            if (entry.severity === 'error' || entry.severity === 'warning') {
                say(`app log (${entry.severity}): ${(entry.args ?? []).map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}`, 'warn');
            }
        }
        logsSeen = entries.length;
    };

    let accepting = true;
    const queue = new LineQueue(ready.promise, async (line) => {
        if (!sim || !accepting) {
            return;
        }
        const typed = interpretLine(line);
        switch (typed.kind) {
            case 'empty':
                return;
            case 'command':
                say(`${options.username}: ${typed.text}`);
                await sim.typeCommand(options.username, options.channel, typed.text).catch((error) => say(`${typed.text.split(' ')[0]} failed: ${messageOf(error)}`, 'warn'));
                break;
            case 'click': {
                const target = view.button(typed.n);
                if (!target) {
                    say(`no button (${typed.n}) in the view`, 'warn');
                    return;
                }
                say(`${options.username} pressed (${typed.n})`);
                await sim.clickButton(options.username, target).catch((error) => say(`pressing (${typed.n}) failed: ${messageOf(error)}`, 'warn'));
                break;
            }
            case 'redraw':
                output?.redraw();
                return;
            case 'help':
                PROMPT_HELP.forEach((text) => say(text));
                return;
            case 'quit':
                void shutdown(0);
                return;
            case 'unknown':
                say(`"${typed.text}" was not sent: the sandbox types only slash commands into the channel (try /argo help; !help lists the rest)`, 'warn');
                return;
        }
        surfaceAppLogs();
    });

    const shutdown = (code: number): Promise<void> => {
        if (stopping) {
            return stopping;
        }
        exitCode = code;
        ready.resolve();
        stopping = (async () => {
            // Lines already typed still run (a piped script's commands are part of its run).
            await Promise.race([queue.drained(), new Promise((resolve) => setTimeout(resolve, DRAIN_LIMIT_MS).unref())]);
            accepting = false;
            stopTimeline?.();
            output?.close();
            prompt?.close();
            try {
                await sim?.stop();
            } finally {
                await argo?.stop().catch(() => undefined);
                clearInterval(keepAlive);
                if (interactive) {
                    process.stdout.write('\nsandbox stopped: the app was unloaded\n');
                }
                finished.resolve();
            }
        })();
        return stopping;
    };
    const onSignal = (): void => {
        if (stopping) {
            process.exit(1);
        }
        void shutdown(0);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    prompt = startPrompt({
        onLine: (line) => queue.push(line),
        onInterrupt: onSignal,
        onEnd: () => {
            if (!stopping) {
                say(`input ended; still watching${options.polls ? ` until ${options.polls} polls` : ' until Ctrl-C'}`);
            }
        },
    }, interactive);

    try {
        ensureAppPackage(say);
        let argocdUrl = options.argocdUrl;
        const demo = argocdUrl ? undefined : demoFleet();
        if (demo) {
            argo = await ArgoCdTestServer.start({ fleet: demo.apps });
            argocdUrl = argo.url;
        }
        if (!argocdUrl) {
            throw new Error('no Argo CD address');
        }
        if (!options.json) {
            output = new TerminalOutput(view, process.stdout, headerFor(options, argocdUrl, demo?.apps.length), interactive);
            if (!interactive) {
                process.stdout.write(`${headerFor(options, argocdUrl, demo?.apps.length).join('\n')}\n`);
            }
        }
        if (!demo) {
            say(`read-only: the sandbox refuses every request to ${argocdUrl} other than GET`);
        }
        say('starting Rocket.Chat and the app…');
        const token = options.token ?? fakeJwt('argo-drift-sandbox');
        const { settings, interval } = settingsFor(options, argocdUrl, token, demo !== undefined);
        const otherRooms = options.channel === 'general' ? [] : ['general'];
        sim = await RocketChatSim.start({
            users: [{ id: `user-${options.username}`, username: options.username, name: options.username, roles: options.roles }],
            rooms: [options.channel, ...otherRooms],
            // In place from the start: the app's start job polls as soon as it is enabled.
            settings: { ...settings, [SettingId.PollInterval]: interval },
            runScheduler: true,
            onEvent,
            onJobRun: (run) => {
                if (run.job !== JobId.Poll || stopping) {
                    return;
                }
                if (!configuredAt || run.startedAt < configuredAt) {
                    surfaceAppLogs(true);
                    return;
                }
                polls++;
                if (run.error) {
                    say(`poll ${polls} failed: ${run.error.message}`, 'warn');
                } else if (options.json) {
                    say(`poll ${polls} done`);
                }
                output?.setStatus(`polls: ${polls}${options.polls ? ` of ${options.polls}` : ''}, last at ${clock(new Date())}`);
                surfaceAppLogs();
                if (polls === 1) {
                    // Commands wait for the first configured read, so /argo status never shows
                    // what the run before the settings were in place recorded.
                    ready.resolve();
                    say('ready: the app has read Argo CD and posts here; type /argo help');
                }
                if (options.polls && polls >= options.polls) {
                    void shutdown(0);
                }
            },
            ...(demo ? {} : {
                httpGuard: (request) => {
                    const refusal = refuseUnlessGet(request);
                    if (refusal) {
                        say(refusal, 'warn');
                    }
                    return refusal;
                },
            }),
        });
        if (stopping) {
            await finished.promise;
            return exitCode;
        }
        await sim.setSettings(settings);
        configuredAt = new Date();
        surfaceAppLogs(true);
        await sim.setSetting(SettingId.PollInterval, interval);
        if (options.apiPort !== undefined && !stopping) {
            const url = await sim.startApiServer(options.apiPort);
            if (options.json) {
                process.stdout.write(`${listeningLine(url)}\n`);
            } else {
                say(`app endpoints at ${url}/api/apps/public/${sim.appId}/<path>`);
            }
        }
        // A changed interval waits one interval before its first run (as on every instance of a
        // cluster); the sandbox wants its first configured read now.
        void sim.runJob(JobId.Poll).catch(() => undefined);
        if (demo && argo && !stopping) {
            const server = argo;
            stopTimeline = startDemoTimeline(server, demo, 1, (step) => say(`Argo CD (demo): ${step.note}`));
        }
        if (prompt && output) {
            output.attachPrompt(prompt);
        }
        say('configured: waiting for the first poll…');
    } catch (error) {
        process.stderr.write(`argo-drift sandbox: could not start: ${messageOf(error)}\n`);
        await shutdown(1).catch(() => undefined);
        return 1;
    }
    await finished.promise;
    return exitCode;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
        process.stderr.write(`argo-drift sandbox: ${messageOf(error)}\n`);
        process.exit(1);
    },
);
