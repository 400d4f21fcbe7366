/**
 * Argo CD revisions are Git commits for Git sources, but a chart version (`1.4.2`) for a Helm
 * repository and a digest (`sha256:…`) for an OCI source. Commit metadata exists only for a
 * commit: Argo CD answers `…/revisions/{rev}/metadata` with 500 "must be resolved" for anything
 * else (reposerver/repository/repository.go), so nothing else is ever looked up.
 */
const COMMIT_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const DIGEST = /^(sha256|sha512):([0-9a-f]+)$/i;

export function isCommitSha(revision: string | undefined): boolean {
    return revision !== undefined && COMMIT_SHA.test(revision);
}

/** How a revision is shown: a commit by its first 7 characters, a digest by 12, a version as it is. */
export function shortRevision(revision: string | undefined): string | undefined {
    if (!revision) {
        return undefined;
    }
    if (isCommitSha(revision)) {
        return revision.slice(0, 7);
    }
    const digest = DIGEST.exec(revision);
    if (digest) {
        return `${digest[1]}:${digest[2].slice(0, 12)}`;
    }
    return revision.length > 40 ? `${revision.slice(0, 39)}…` : revision;
}
