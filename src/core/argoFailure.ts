/** Why a call to Argo CD did not give a usable answer, in words an operator can act on. */
export interface ArgoCdFailure {
    kind: 'unreachable' | 'timeout' | 'unauthorized' | 'forbidden' | 'not-found' | 'refused' | 'server-error' | 'garbage' | 'redirected';
    /** HTTP status when there was one. */
    status?: number;
    /** Argo CD's own error text when it sent one (never the token). */
    detail?: string;
    /** The gRPC code of Argo CD's error body (`{"error","code","message"}`), e.g. 9 FailedPrecondition. */
    grpcCode?: number;
    message: string;
}

import type { Translate } from './i18n/translate';
import { englishT } from './i18n/translate';

interface ArgoErrorBody {
    error?: unknown;
    message?: unknown;
}

/** Argo CD's error bodies are `{"error","code","message"}`; proxies send HTML or plain text. */
export function argoErrorText(body: unknown): string | undefined {
    if (typeof body === 'object' && body !== null) {
        const { message, error } = body as ArgoErrorBody;
        const text = typeof message === 'string' && message !== '' ? message : error;
        return typeof text === 'string' && text !== '' ? text : undefined;
    }
    return undefined;
}

function looksLikeHtml(content: string | undefined): boolean {
    return content !== undefined && /^\s*<(!doctype|html|head|body)/i.test(content);
}

/** Classifies a non-2xx answer, keeping Argo CD's own words where it gave some. */
export function failureFromStatus(status: number, body: unknown, content: string | undefined, t: Translate = englishT): ArgoCdFailure {
    const detail = argoErrorText(body) ?? (content && !looksLikeHtml(content) ? content.trim().slice(0, 200) : undefined);
    const suffix = detail ? `: ${detail}` : '';
    const code = grpcCodeOf(body);
    if (code !== undefined) {
        return { ...classify(status, detail, suffix, content, t), grpcCode: code };
    }
    return classify(status, detail, suffix, content, t);
}

function grpcCodeOf(body: unknown): number | undefined {
    const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
    return typeof code === 'number' ? code : undefined;
}

function classify(status: number, detail: string | undefined, suffix: string, content: string | undefined, t: Translate): ArgoCdFailure {
    if (status === 401) {
        return { kind: 'unauthorized', status, detail, message: t('argo.unauthorized', { detail: suffix }) };
    }
    if (status === 403) {
        return { kind: 'forbidden', status, detail, message: t('argo.forbidden', { detail: suffix }) };
    }
    if (status === 404) {
        return { kind: 'not-found', status, detail, message: t('argo.notFound', { detail: suffix }) };
    }
    if (status >= 500) {
        const html = looksLikeHtml(content) ? t('argo.serverErrorHtml') : '';
        return { kind: 'server-error', status, detail, message: t('argo.serverError', { status, html, detail: suffix }) };
    }
    return { kind: 'refused', status, detail, message: t('argo.refused', { status, detail: suffix }) };
}

/**
 * node-fetch (behind Rocket.Chat's HTTP bridge) says `request to <url> failed, reason: <why>`;
 * the why names the certificate problem (self-signed, expired, wrong host name).
 */
function certificateProblem(text: string): string {
    const reason = /reason: (.+)$/s.exec(text)?.[1] ?? text;
    return reason.trim().slice(0, 160);
}

/** Classifies an error thrown by the HTTP accessor (no answer at all). */
export function failureFromError(error: unknown, t: Translate = englishT): ArgoCdFailure {
    const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
    const text = raw ?? 'unknown error';
    if (/timed? ?out|ETIMEDOUT|ESOCKETTIMEDOUT|aborted/i.test(text)) {
        return { kind: 'timeout', message: t('argo.timeout') };
    }
    if (/ECONNREFUSED/i.test(text)) {
        return { kind: 'unreachable', message: t('argo.connectionRefused') };
    }
    if (/ENOTFOUND|EAI_AGAIN/i.test(text)) {
        return { kind: 'unreachable', message: t('argo.dns') };
    }
    if (/certificate|CERT_|SSL|TLS/i.test(text)) {
        return { kind: 'unreachable', message: t('argo.tls', { reason: certificateProblem(text) }) };
    }
    return { kind: 'unreachable', message: t('argo.unreachable', { error: text.slice(0, 200) }) };
}
