/**
 * The fleets the benchmark runs against: the Argo CD test server with `generateFleet(n, { full: true })`
 * (whole status.resources, history and operationState, as real Applications carry), and the 1%
 * churn applied between polls.
 */
import { ArgoCdTestServer } from '../sim/argocd/ArgoCdTestServer';
import { fakeJwt } from '../sim/argocd/auth';
import { generateFleet } from '../sim/argocd/generators';
import { LIST_FIELDS_BEFORE_3_5 as LIST_FIELDS } from '../src/core/listFields';

const ALL_SIZES = [100, 1_000, 10_000];

/** BENCH_SIZES=100,1000 runs a subset while working on one part; the committed results use all three. */
export const FLEET_SIZES: number[] = process.env.BENCH_SIZES
    ? process.env.BENCH_SIZES.split(',').map(Number).filter((n) => ALL_SIZES.includes(n))
    : ALL_SIZES;

export const TOKEN = fakeJwt('argo-drift-bench');

export async function startArgo(count: number): Promise<ArgoCdTestServer> {
    return ArgoCdTestServer.start({ fleet: generateFleet(count, { full: true }) });
}

/** The list request exactly as the app sends it (HttpArgoCdClient.listApplications with no scope). */
export function listUrl(server: ArgoCdTestServer, trimmed: boolean): string {
    const base = `${server.url}/api/v1/applications`;
    return trimmed ? `${base}?fields=${encodeURIComponent(LIST_FIELDS)}` : base;
}

export const LIST_HEADERS = { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' };

export async function fetchText(url: string): Promise<string> {
    const response = await fetch(url, { headers: LIST_HEADERS });
    if (!response.ok) {
        throw new Error(`${url}: HTTP ${response.status}`);
    }
    return response.text();
}

/**
 * Flips the sync status of 1% of the apps (at least one), a different slice each round so
 * every changing poll sees fresh drift as well as recoveries from earlier rounds.
 */
export function churnOnePercent(server: ArgoCdTestServer, round: number): number {
    const apps = server.apps();
    const step = 100;
    let flipped = 0;
    for (let i = round % step; i < apps.length; i += step) {
        const app = apps[i];
        server.setApp(app.name, { sync: app.sync === 'Synced' ? 'OutOfSync' : 'Synced' });
        flipped++;
    }
    if (flipped === 0 && apps.length > 0) {
        server.setApp(apps[0].name, { sync: apps[0].sync === 'Synced' ? 'OutOfSync' : 'Synced' });
        flipped = 1;
    }
    return flipped;
}
