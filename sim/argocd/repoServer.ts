/**
 * The repo-server as the API server sees it when a sync resolves its revision
 * (server/application/application.go resolveRevision → reposerver ResolveRevision). Its
 * failures pass: a restart, a Git host that times out, credentials that expired. Tests script
 * the next N resolutions to fail.
 */

/** What the API server answers (wrapped in FailedPrecondition) for common repo-server failures. */
export const RESOLUTION_FAILURES = {
    /** The repo-server is restarting: the gRPC dial fails. */
    'repo-server-down':
        'error resolving repo revision: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.96.0.12:8081: connect: connection refused"',
    /** go-git's ls-remote without valid credentials (util/git/client.go LsRemote). */
    'git-auth': 'error resolving repo revision: rpc error: code = Unknown desc = failed to list refs: authentication required',
    /** The Git host cannot be reached. */
    'git-network':
        'error resolving repo revision: rpc error: code = Unknown desc = failed to list refs: Get "https://github.com/example-org/gitops-manifests.git/info/refs?service=git-upload-pack": dial tcp: lookup github.com: i/o timeout',
} as const;

export type ResolutionFailure = keyof typeof RESOLUTION_FAILURES;

export interface ResolutionFault {
    /** A preset, or the full message the API server answers. */
    reason: ResolutionFailure | string;
    /** How many resolutions fail; default 1. */
    times?: number;
}

export class RepoServer {
    private failures: string[] = [];

    failResolutions(fault: ResolutionFault): void {
        const message = (RESOLUTION_FAILURES as Record<string, string>)[fault.reason] ?? fault.reason;
        for (let i = 0; i < (fault.times ?? 1); i++) this.failures.push(message);
    }

    /** The message of the next failing resolution, if one is scripted. */
    takeResolutionFailure(): string | undefined {
        return this.failures.shift();
    }

    clear(): void {
        this.failures = [];
    }
}
