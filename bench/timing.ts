/** Wall-clock helpers: medians of repeated runs, so one GC pause or scheduler hiccup does not decide a verdict. */

export function nowMs(): number {
    return Number(process.hrtime.bigint()) / 1e6;
}

export function median(values: readonly number[]): number {
    if (values.length === 0) {
        return Number.NaN;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
    const start = nowMs();
    const value = await work();
    return { ms: nowMs() - start, value };
}

/**
 * Runs `work` repeatedly for about `budgetMs` (within the iteration bounds) after a warm-up, so
 * small fleets get many samples and the 10,000-app fleet still finishes in seconds.
 */
export function sampleSync(work: () => void, options: { budgetMs: number; min: number; max: number; warmup: number }): number[] {
    for (let i = 0; i < options.warmup; i++) {
        work();
    }
    const samples: number[] = [];
    const deadline = nowMs() + options.budgetMs;
    while (samples.length < options.max && (samples.length < options.min || nowMs() < deadline)) {
        const start = nowMs();
        work();
        samples.push(nowMs() - start);
    }
    return samples;
}
