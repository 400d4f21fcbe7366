/**
 * The test server's clock for the times it writes into Applications. Argo CD's times are whole
 * seconds (metav1.Time marshals RFC 3339 without fractions), and a real controller's operations
 * of one app are seconds apart; a test drives them faster. So an app's next operation may start
 * a second later than the wall clock says (two operations never share a startedAt), and from
 * then on every time this server writes is at least that late: its clock never runs backwards,
 * so a health change written after a sync finished is never stamped before it.
 */
let latest = 0;

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Now, in whole seconds, never before a time this clock has already written. */
export function nowIso(): string {
    latest = Math.max(latest, Math.floor(Date.now() / 1000) * 1000);
    return iso(latest);
}

/** Now, or a second after `previous` when now is not later than it. */
export function secondAfter(previous: string | undefined): string {
    const now = Date.parse(nowIso());
    if (previous !== undefined && now <= Date.parse(previous)) {
        latest = Date.parse(previous) + 1000;
    }
    return iso(latest);
}
