import { SettingId } from '../../src/core/settingIds';
import { fleetApp, startWorld, Tally } from './harness';
import type { World } from './harness';

// 10,000 apps with 500 transitions every run. Each run, one block of apps goes bad and the block
// that went bad the run before recovers, so every run carries alerts and recoveries at once and
// every transition can be accounted for against what was posted.

const FLEET = 10_000;
const BLOCK = 250;
const STORM_THRESHOLD = 10;
const RUNS = 50;
const MAX_MESSAGES_PER_RUN = 10;

const tally = new Tally(__filename);
let world: World;

const name = (i: number): string => `svc-${String(i).padStart(5, '0')}`;
const block = (b: number): string[] => Array.from({ length: BLOCK }, (_, i) => name(((b * BLOCK) + i) % FLEET));

beforeAll(async () => {
    const fleet = Array.from({ length: FLEET }, (_, i) => fleetApp(name(i)));
    world = await startWorld({ fleet, settings: { [SettingId.StormThreshold]: STORM_THRESHOLD } });
    // Block 0 is bad at the baseline, so the first run already has recoveries to make.
    block(0).forEach((app) => world.argo.setApp(app, { health: 'Degraded' }));
    await world.poll();
    tally.messages += newMessages().length;
}, 300_000);

afterAll(async () => {
    tally.write();
    await world?.stop();
});

/** The count a grouped message leads with, after its emoji (":red_circle: 250 apps …"). */
function groupedCount(text: string): number {
    const match = /^\S+ (\d+) apps\b/.exec(text);
    return match ? Number(match[1]) : 0;
}

let seen = 0;
function newMessages(): Array<{ text: string; threadId?: string }> {
    const all = world.chat.messages('deploys');
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
}

test(`${RUNS} runs of ${2 * BLOCK} transitions in ${FLEET} apps: every transition accounted for, messages bounded`, async () => {
    tally.fault(`load: ${FLEET} apps, ${2 * BLOCK} flips per run, ${RUNS} runs`);
    let alerted = 0;
    let recovered = 0;
    let messages = 0;
    const started = Date.now();
    for (let run = 1; run <= RUNS; run++) {
        block(run).forEach((app) => world.argo.setApp(app, { health: 'Degraded' }));
        block(run - 1).forEach((app) => world.argo.setApp(app, { health: 'Healthy' }));
        await world.poll();
        const posts = newMessages();
        messages += posts.length;
        // Grouping keeps a run to one top-level message per direction however many apps move;
        // replies in their threads (a full list, say) stay a handful, not one per app.
        const topLevel = posts.filter((m) => m.threadId === undefined);
        expect(topLevel).toHaveLength(2);
        expect(posts.length).toBeLessThanOrEqual(MAX_MESSAGES_PER_RUN);
        for (const { text } of topLevel) {
            if (/Synced and Healthy again/.test(text)) {
                recovered += groupedCount(text);
            } else {
                alerted += groupedCount(text);
            }
        }
    }
    const seconds = (Date.now() - started) / 1000;
    tally.messages += messages;
    tally.lostAlerts += Math.max(0, RUNS * BLOCK - alerted) + Math.max(0, RUNS * BLOCK - recovered);
    tally.falseAlerts += Math.max(0, alerted - RUNS * BLOCK) + Math.max(0, recovered - RUNS * BLOCK);
    process.stdout.write(`load: ${RUNS} runs, ${FLEET} apps, ${seconds.toFixed(1)}s, ${messages} messages\n`);
    expect({ alerted, recovered }).toEqual({ alerted: RUNS * BLOCK, recovered: RUNS * BLOCK });
    expect(messages).toBeLessThanOrEqual(MAX_MESSAGES_PER_RUN * RUNS);
}, 900_000);
