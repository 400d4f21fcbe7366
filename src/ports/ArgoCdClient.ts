export type { ArgoCdFailure };
import type { Scope } from '../core/config';
import type { ListNeeds } from '../core/listFields';
import type { ParsedList } from '../core/parseApplications';
import type { ArgoCdFailure } from '../core/argoFailure';
import type { Result } from '../core/result';

export interface SyncRequest {
    name: string;
    namespace?: string;
    project?: string;
    dryRun?: boolean;
    prune?: boolean;
    revision?: string;
}

export interface RollbackRequest {
    name: string;
    namespace?: string;
    id: number;
    dryRun?: boolean;
    prune?: boolean;
}

export interface AppRef {
    name: string;
    namespace?: string;
    project?: string;
}

/** The Argo CD REST calls this app makes; objects are returned as Argo CD sent them. */
export interface ArgoCdClient {
    /** The scoped list, with what `needs` says the run reads from each item (see core/listFields). */
    listApplications(scope: Scope, needs?: ListNeeds): Promise<Result<ParsedList, ArgoCdFailure>>;
    getApplication(ref: AppRef): Promise<Result<unknown, ArgoCdFailure>>;
    resourceTree(ref: AppRef): Promise<Result<unknown, ArgoCdFailure>>;
    /** `sourceIndex`: which source of a multi-source app the revision belongs to (Argo CD assumes 0). */
    revisionMetadata(ref: AppRef, revision: string, sourceIndex?: number): Promise<Result<unknown, ArgoCdFailure>>;
    sync(request: SyncRequest): Promise<Result<unknown, ArgoCdFailure>>;
    rollback(request: RollbackRequest): Promise<Result<unknown, ArgoCdFailure>>;

    /** `…/managed-resources`: each resource's live and desired states as JSON strings (RBAC: applications, get). */
    managedResources(ref: AppRef): Promise<Result<unknown, ArgoCdFailure>>;
}
