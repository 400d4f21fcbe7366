/**
 * Sources of an app: one (spec.source) or several (spec.sources), Git, Helm-repository or OCI.
 * Their revisions differ in kind: Git has 40-hex commits, a Helm chart has its chart version
 * (e.g. 1.4.2), an OCI artifact has a digest (sha256:…). Argo CD only resolves commit SHAs to
 * metadata (reposerver/repository/repository.go GetRevisionMetadata).
 */
import { createHash } from 'crypto';
import type { AutoSyncShape, FleetApp, FleetSource } from './types';
import { atLeast, DEFAULT_VERSION } from './version';

type Json = Record<string, unknown>;

export const hexOf = (seed: string, len = 40): string => {
    let out = '';
    for (let i = 0; out.length < len; i++) out += createHash('sha1').update(`${seed}#${i}`).digest('hex');
    return out.slice(0, len);
};

const DEFAULT_REPO = 'https://github.com/example-org/gitops-manifests.git';
const DEFAULT_CHART_VERSION = '1.0.0';

export const isMultiSource = (a: FleetApp): boolean => !!a.sources?.length;

/** The app's sources as FleetSources; a single-source app has one. */
export function sourcesOf(a: FleetApp): FleetSource[] {
    if (a.sources?.length) return a.sources;
    const repoURL = a.repoURL ?? DEFAULT_REPO;
    const helm = a.helmValues ? { helmValues: a.helmValues } : {};
    if (a.chart) return [{ repoURL, chart: a.chart, targetRevision: a.targetRevision ?? DEFAULT_CHART_VERSION, ...helm }];
    return [{ repoURL, path: a.path ?? `apps/${a.name}`, targetRevision: a.targetRevision ?? 'HEAD', ...helm }];
}

/** ApplicationSource in Go field order (repoURL, path, targetRevision, helm, …, chart, ref). */
export function sourceJson(s: FleetSource): Json {
    return {
        repoURL: s.repoURL,
        path: s.path || undefined,
        targetRevision: s.targetRevision || undefined,
        helm: s.helmValues ? { values: s.helmValues } : undefined,
        chart: s.chart || undefined,
        ref: s.ref || undefined,
    };
}

/** ApplicationSource.IsHelm: a chart name makes it a Helm (or Helm-OCI) source. */
export const isHelmSource = (s: FleetSource): boolean => !!s.chart;
export const isOciSource = (s: FleetSource): boolean => s.repoURL.startsWith('oci://');

/** The resolved revision of source i: a commit, a chart version or an OCI digest. */
export function derivedRevision(a: FleetApp, i: number): string {
    const s = sourcesOf(a)[i];
    const seed = `rev:${a.namespace ?? 'argocd'}/${a.name}${i ? `#${i}` : ''}`;
    if (isHelmSource(s)) return s.targetRevision || DEFAULT_CHART_VERSION;
    if (isOciSource(s)) return `sha256:${hexOf(seed, 64)}`;
    return hexOf(seed);
}

/** status.sync.revisions of a multi-source app. */
export function revisionsOf(a: FleetApp): string[] {
    return sourcesOf(a).map((_, i) => a.revisions?.[i] ?? derivedRevision(a, i));
}

/** git.IsCommitSHA || git.IsTruncatedCommitSHA (argo-cd util/git/git.go). */
export const isCommitSha = (rev: string): boolean => /^[0-9A-Fa-f]{7,}$/.test(rev);
/** git.IsCommitSHA: only a full SHA skips the repo-server when a sync resolves its revision. */
export const isFullCommitSha = (rev: string): boolean => /^[0-9A-Fa-f]{40}$/.test(rev);

/**
 * spec.syncPolicy.automated as written for each AutoSyncShape (omitempty fields left out).
 * `enabled` exists from 3.1; an older CRD prunes the unknown field, so 'disabled' is then on.
 */
export function automatedJson(shape: AutoSyncShape | undefined, version = DEFAULT_VERSION): Json | undefined {
    switch (shape) {
        case true:
            return { prune: true, selfHeal: true };
        case 'empty':
            return {};
        case 'selfHeal':
            return { selfHeal: true };
        case 'disabled':
            return atLeast(version, 3, 1) ? { prune: true, selfHeal: true, enabled: false } : { prune: true, selfHeal: true };
        default:
            return undefined;
    }
}

/**
 * SyncPolicy.IsAutomatedSyncEnabled (argo-cd pkg/apis/application/v1alpha1/types.go, 3.1+): on
 * when `automated` is present and `enabled` is absent or true, so `automated: {}` is on. Before
 * 3.1 the presence of `automated` alone decided.
 */
export function isAutomatedSyncEnabled(a: FleetApp, version = DEFAULT_VERSION): boolean {
    const automated = automatedJson(a.autoSync, version);
    return !!automated && (automated.enabled === undefined || automated.enabled === true);
}
