import type { IHttp, IHttpRequest, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import type { ArgoCdFailure } from '../core/argoFailure';
import { failureFromError, failureFromStatus } from '../core/argoFailure';
import type { ArgoCdConnection, Scope } from '../core/config';
import type { ParsedList } from '../core/parseApplications';
import type { ArgoCdVersion, ListNeeds } from '../core/listFields';
import { argoCdVersionOf, listFieldsFor } from '../core/listFields';
import { parseApplicationList } from '../core/parseApplications';
import { redact } from '../core/redact';
import type { Translate } from '../core/i18n/translate';
import { englishT } from '../core/i18n/translate';
import type { Result } from '../core/result';
import { err, ok } from '../core/result';
import type { AppRef, ArgoCdClient, RollbackRequest, SyncRequest } from '../ports/ArgoCdClient';

/** Argo CD's REST API through the Apps-Engine HTTP accessor (the only network the sandbox allows). */
export class HttpArgoCdClient implements ArgoCdClient {
    constructor(private readonly http: IHttp, private readonly connection: ArgoCdConnection, private readonly t: Translate = englishT) {}

    async listApplications(scope: Scope, needs: ListNeeds = { labels: true }): Promise<Result<ParsedList, ArgoCdFailure>> {
        const version = await this.serverVersion();
        if (!version.ok) {
            return version;
        }
        // Repeated `projects` parameters are what Argo CD expects; the accessor's params object
        // cannot repeat a key, so the query string is built here.
        const query: Array<[string, string]> = scope.projects.map((project) => ['projects', project]);
        if (scope.selector) {
            query.push(['selector', scope.selector]);
        }
        if (scope.appNamespace) {
            query.push(['appNamespace', scope.appNamespace]);
        }
        query.push(['fields', listFieldsFor(version.value, needs)]);
        const answer = await this.call('get', '/api/v1/applications', { query });
        if (!answer.ok) {
            return answer;
        }
        const parsed = parseApplicationList(answer.value);
        return parsed.ok ? parsed : err({ kind: 'garbage', message: this.t('argo.notAList', { reason: parsed.error }) });
    }

    /**
     * GET /api/version, which Argo CD answers without a token (server/version/version.go), so
     * none is sent. Any answer that does not name a version (a proxy that refuses the path, an
     * old server) is an unknown version: the list then asks what every version understands.
     * Only no answer at all fails the run here, so an Argo CD that hangs costs one timeout, not two.
     */
    private async serverVersion(): Promise<Result<ArgoCdVersion | undefined, ArgoCdFailure>> {
        const answer = await this.call('get', '/api/version', { anonymous: true });
        if (answer.ok) {
            return ok(argoCdVersionOf(answer.value));
        }
        return answer.error.status === undefined ? answer : ok(undefined);
    }

    getApplication(ref: AppRef): Promise<Result<unknown, ArgoCdFailure>> {
        return this.call('get', `/api/v1/applications/${encodeURIComponent(ref.name)}`, { query: refQuery(ref, true) });
    }

    resourceTree(ref: AppRef): Promise<Result<unknown, ArgoCdFailure>> {
        return this.call('get', `/api/v1/applications/${encodeURIComponent(ref.name)}/resource-tree`, { query: refQuery(ref, true) });
    }

    revisionMetadata(ref: AppRef, revision: string, sourceIndex?: number): Promise<Result<unknown, ArgoCdFailure>> {
        const path = `/api/v1/applications/${encodeURIComponent(ref.name)}/revisions/${encodeURIComponent(revision)}/metadata`;
        const query = refQuery(ref, true);
        if (sourceIndex !== undefined && sourceIndex > 0) {
            query.push(['sourceIndex', String(sourceIndex)]);
        }
        return this.call('get', path, { query });
    }

    sync(request: SyncRequest): Promise<Result<unknown, ArgoCdFailure>> {
        const body: Record<string, unknown> = { name: request.name, dryRun: request.dryRun === true, prune: request.prune === true };
        if (request.namespace) {
            body.appNamespace = request.namespace;
        }
        if (request.project) {
            body.project = request.project;
        }
        if (request.revision) {
            body.revision = request.revision;
        }
        return this.call('post', `/api/v1/applications/${encodeURIComponent(request.name)}/sync`, { body });
    }

    rollback(request: RollbackRequest): Promise<Result<unknown, ArgoCdFailure>> {
        const body: Record<string, unknown> = { name: request.name, id: request.id, dryRun: request.dryRun === true, prune: request.prune === true };
        if (request.namespace) {
            body.appNamespace = request.namespace;
        }
        return this.call('post', `/api/v1/applications/${encodeURIComponent(request.name)}/rollback`, { body });
    }

    managedResources(ref: AppRef): Promise<Result<unknown, ArgoCdFailure>> {
        return this.call('get', `/api/v1/applications/${encodeURIComponent(ref.name)}/managed-resources`, { query: refQuery(ref, true) });
    }

    private async call(method: 'get' | 'post', path: string, options: { query?: Array<[string, string]>; body?: unknown; anonymous?: boolean }): Promise<Result<unknown, ArgoCdFailure>> {
        const query = (options.query ?? []).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const url = `${this.connection.url}${path}${query ? `?${query}` : ''}`;
        const request: IHttpRequest = {
            headers: options.anonymous ? { Accept: 'application/json' } : { Authorization: `Bearer ${this.connection.token}`, Accept: 'application/json' },
            timeout: this.connection.timeoutMs,
            // Rocket.Chat's bridge reads the rejectUnauthorized flag set to true as "accept any certificate"
            // (apps/meteor/app/apps/server/bridges/http.ts): only `strictSSL: false` is ever sent,
            // and only when the admin turned verification off; otherwise neither, so checking stays on.
            ...(this.connection.skipTlsVerify ? { strictSSL: false } : {}),
            // The raw bytes, once: without it Rocket.Chat's bridge sends the app the text and its
            // own parse of it (`content` and `data`), a list of 10,000 apps twice over.
            encoding: null,
        };
        if (options.body !== undefined) {
            request.headers = { ...request.headers, 'Content-Type': 'application/json' };
            request.content = JSON.stringify(options.body);
        }
        let response: IHttpResponse;
        try {
            response = await (method === 'get' ? this.http.get(url, request) : this.http.post(url, request));
        } catch (error) {
            return err(this.scrub(failureFromError(error, this.t)));
        }
        const text = textOf(response.content);
        const body = bodyOf(response, text);
        if (response.statusCode < 200 || response.statusCode >= 300) {
            const failure = failureFromStatus(response.statusCode, body.ok ? body.value : undefined, text, this.t);
            return err(this.scrub(this.redirectSuspected(method, failure) ?? failure));
        }
        if (!body.ok) {
            return err({ kind: 'garbage', status: response.statusCode, message: this.t('argo.notJson', { reason: this.t(body.error) }) });
        }
        return ok(body.value);
    }

    /**
     * Rocket.Chat follows redirects (node-fetch, packages/server-fetch): across hosts or from
     * http to https it drops the Authorization header, and on 301/302 it turns a POST into a GET.
     * The app never sees the redirect itself, only its traces: Argo CD saying it got no token
     * although one was sent, or a POST route answered as if it did not exist. Either is a wrong
     * Argo CD URL, said as such, with the likely right one.
     */
    private redirectSuspected(method: 'get' | 'post', failure: ArgoCdFailure): ArgoCdFailure | undefined {
        const tokenLost = failure.status === 401 && /^no session information/i.test(failure.detail ?? '');
        const postTurnedGet = method === 'post' && (failure.status === 404 || failure.status === 405) && /^(404 )?(page )?not found|method not allowed/i.test(failure.detail ?? '');
        if (!tokenLost && !postTurnedGet) {
            return undefined;
        }
        const url = this.connection.url;
        const likely = url.startsWith('http://') ? this.t('argo.redirect.likelyHttps', { url: `https://${url.slice('http://'.length)}` }) : '';
        return { ...failure, kind: 'redirected', message: this.t('argo.redirect', { url, likely }) };
    }

    private scrub(failure: ArgoCdFailure): ArgoCdFailure {
        const token = this.connection.token;
        return {
            ...failure,
            message: redact(failure.message, token),
            ...(failure.detail !== undefined ? { detail: redact(failure.detail, token) } : {}),
        };
    }
}

function refQuery(ref: AppRef, withNamespace: boolean): Array<[string, string]> {
    const query: Array<[string, string]> = [];
    if (withNamespace && ref.namespace) {
        query.push(['appNamespace', ref.namespace]);
    }
    if (ref.project) {
        query.push(['project', ref.project]);
    }
    return query;
}

/** The accessor parses JSON only when the content type says so; a proxy may not. */
/** A web platform API of the app's Deno runtime, missing from the Node 14 types the packager wants. */
declare const TextDecoder: new () => { decode(input: Uint8Array): string };

/**
 * The answer's text, whatever shape the bridge gives it: raw bytes for `encoding: null` (a
 * Buffer across the engine's msgpack codec), a byte array as plain JSON would carry a Buffer, or
 * text from a bridge that ignores the option.
 */
function textOf(content: unknown): string {
    if (typeof content === 'string') {
        return content;
    }
    if (content instanceof Uint8Array) {
        return new TextDecoder().decode(content);
    }
    const serialised = content as { type?: unknown; data?: unknown } | null | undefined;
    if (serialised?.type === 'Buffer' && Array.isArray(serialised.data)) {
        return new TextDecoder().decode(Uint8Array.from(serialised.data as number[]));
    }
    return '';
}

function bodyOf(response: IHttpResponse, content: string): Result<unknown, 'argo.notJson.empty' | 'argo.notJson.html' | 'argo.notJson.malformed'> {
    if (response.data !== undefined && response.data !== null && typeof response.data === 'object') {
        return ok(response.data);
    }
    if (content.trim() === '') {
        return err('argo.notJson.empty');
    }
    try {
        return ok(JSON.parse(content));
    } catch {
        return err(/^\s*</.test(content) ? 'argo.notJson.html' : 'argo.notJson.malformed');
    }
}
