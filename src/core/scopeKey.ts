import type { ArgoCdConnection, Scope } from './config';

/** Identifies what the snapshot was taken of: another Argo CD or scope means a fresh baseline. */
export function scopeKeyOf(argocd: Pick<ArgoCdConnection, 'url'>, scope: Scope): string {
    return [argocd.url, [...scope.projects].sort().join(','), scope.selector ?? '', scope.appNamespace ?? ''].join('|');
}
