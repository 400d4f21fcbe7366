/** Bytes on the wire per poll: the app's `fields` selection against the whole list. */
import type { ArgoCdTestServer } from '../sim/argocd/ArgoCdTestServer';
import { fetchText, listUrl } from './fleet';

export interface WireResult {
    fieldsBytes: number;
    fullBytes: number;
    /** The trimmed answer itself, reused by the decision measurement. */
    fieldsBody: string;
}

export async function measureWire(server: ArgoCdTestServer): Promise<WireResult> {
    const fieldsBody = await fetchText(listUrl(server, true));
    // The full list of 10,000 apps is ~100 MB: count it and let it go before anything else runs.
    const fullBytes = Buffer.byteLength(await fetchText(listUrl(server, false)));
    return { fieldsBytes: Buffer.byteLength(fieldsBody), fullBytes, fieldsBody };
}
