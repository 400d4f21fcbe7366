import { ArgoCdTestServer } from '../../sim/argocd/ArgoCdTestServer';
import { fakeJwt } from '../../sim/argocd/auth';
import type { FleetApp, ServerOptions } from '../../sim/argocd/types';
import type { RocketChatSimOptions } from '../../sim/rocketchat/RocketChatSim';
import { RocketChatSim } from '../../sim/rocketchat/RocketChatSim';
import { SettingId } from '../../src/core/settingIds';
import { JobId } from '../../src/jobIds';
import { assertInertTexts } from '../support/inertText';

export const TOKEN = fakeJwt('argo-drift');

export interface World {
    argo: ArgoCdTestServer;
    chat: RocketChatSim;
    /**
     * Runs the poll job now, as the scheduler would, and fails the test if it threw. Resolves with
     * the wall-clock time the run ended (the app's clock is the same one).
     */
    poll(): Promise<number>;
    /**
     * Resolves once more than `ms` have passed since the last `poll()` ended, so that whatever that
     * run started (a grace period, a reminder interval, a deadline) has surely run out by the next
     * run. Only ever a lower bound: a slow machine makes it later, never too early.
     */
    pastLastPoll(ms: number): Promise<void>;
    /** Texts posted in a room since the last call (default #deploys). */
    newPosts(room?: string): string[];
    /** The last private reply to a user. */
    lastReply(username: string): string;
    stop(): Promise<void>;
}

export function fleetApp(name: string, patch: Partial<FleetApp> = {}): FleetApp {
    return { name, sync: 'Synced', health: 'Healthy', revision: `${name.length}`.padStart(40, 'c'), ...patch };
}

/** Resolves once the wall clock is past `time` (ms since the epoch). */
export async function clockPast(time: number): Promise<void> {
    while (Date.now() <= time) {
        await new Promise((resolve) => setTimeout(resolve, time - Date.now() + 1));
    }
}

/**
 * The packaged app in the real engine, pointed at an Argo CD test server. The grace period is
 * zero unless a test asks otherwise, so each poll decides at once (the unit tests cover grace).
 */
export async function startWorld(options: { fleet?: FleetApp[]; server?: ServerOptions; settings?: Record<string, unknown>; chat?: RocketChatSimOptions } = {}): Promise<World> {
    const argo = await ArgoCdTestServer.start({ fleet: options.fleet ?? [], ...options.server });
    let chat: RocketChatSim;
    try {
        chat = await RocketChatSim.start({
            ...options.chat,
            settings: {
                [SettingId.ArgoCdUrl]: argo.url,
                [SettingId.ArgoCdToken]: TOKEN,
                [SettingId.Channel]: 'deploys',
                [SettingId.GracePeriod]: '0s',
                [SettingId.RequestTimeout]: '2s',
                ...options.settings,
            },
        });
    } catch (error) {
        await argo.stop();
        throw error;
    }
    const seen = new Map<string, number>();
    let lastPollEnded = Date.now();
    return {
        argo,
        chat,
        async poll() {
            await chat.runJob(JobId.Poll);
            lastPollEnded = Date.now();
            return lastPollEnded;
        },
        pastLastPoll: (ms) => clockPast(lastPollEnded + ms),
        newPosts(room = 'deploys') {
            const all = chat.messages(room);
            const from = seen.get(room) ?? 0;
            seen.set(room, all.length);
            return all.slice(from).map((m) => m.text);
        },
        lastReply(username) {
            const mine = chat.notifications(username);
            return mine[mine.length - 1]?.text ?? '';
        },
        async stop() {
            const texts = [
                ...chat.messages().map((m) => ({ where: `message in ${m.roomName}`, text: m.text })),
                ...chat.notifications().map((n) => ({ where: `private reply to ${n.user}`, text: n.text })),
            ];
            await chat.stop();
            await argo.stop();
            // Every text the app wrote in this world, as Rocket.Chat's client would render it.
            assertInertTexts(texts, [`${argo.url}/`]);
        },
    };
}

/** The value of a button in a message's blocks, found as a client renders it. */
export function buttonValue(blocks: unknown[] | undefined, actionId: string): string {
    type Element = { actionId?: string; value?: string };
    const elements = (blocks ?? []).flatMap((block) => (block as { elements?: Element[] }).elements ?? []);
    const found = elements.find((element) => element.actionId === actionId);
    if (!found?.value) {
        throw new Error(`no ${actionId} button in ${JSON.stringify(blocks)}`);
    }
    return found.value;
}
