/**
 * Bytes on the wire per poll for a fleet whose specs carry Helm values (3 KB each, as real ones
 * do): what the app asks on Argo CD 3.5 and later (`spec.project`), what it asks an older one (the
 * whole `spec`), and the full list. Argo CD repeats the source, values and all, in comparedTo, each
 * history entry and the operation, so the full list grows about 14 × 3 KB per app.
 */
import { LIST_FIELDS_BEFORE_3_5, listFieldsFor } from '../src/core/listFields';
import { TOKEN } from './appSettings';
import { ArgoProcess } from './argoProcess';

export const HELM_VALUES_BYTES = 3 * 1024;
/** The full list of 10,000 such apps is about half a gigabyte: over what the test server holds as one string. */
export const HELM_WIRE_MAX_APPS = 1_000;

export interface WireResult {
    apps: number;
    /** From 3.5, no selector matcher: the project alone. */
    since35Bytes: number;
    /** Before 3.5 (or an unknown version): the whole spec. */
    before35Bytes: number;
    fullBytes: number;
}

async function bytesOf(url: string): Promise<number> {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' } });
    if (!response.ok) {
        throw new Error(`${url}: HTTP ${response.status}`);
    }
    return (await response.arrayBuffer()).byteLength;
}

export async function measureHelmWire(apps: number, notFine: number): Promise<WireResult> {
    const argo = await ArgoProcess.start(apps, { full: true, helmValuesBytes: HELM_VALUES_BYTES, notFine });
    try {
        const list = `${argo.url}/api/v1/applications`;
        const withFields = (fields: string) => `${list}?fields=${encodeURIComponent(fields)}`;
        return {
            apps,
            since35Bytes: await bytesOf(withFields(listFieldsFor({ major: 3, minor: 5 }, { labels: false }))),
            before35Bytes: await bytesOf(withFields(LIST_FIELDS_BEFORE_3_5)),
            fullBytes: await bytesOf(list),
        };
    } finally {
        await argo.stop();
    }
}
