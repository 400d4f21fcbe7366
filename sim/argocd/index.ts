export { ArgoCdTestServer } from './ArgoCdTestServer';
export { generateFleet, demoFleet, startDemoTimeline } from './generators';
export type { DemoStep } from './generators';
export { ADMIN_TOKEN, fakeJwt } from './auth';
export { UPSTREAM_FIELD_PATHS, API_MD_FIELD_PATHS, fieldPathsFor } from './fields';
export { RESOLUTION_FAILURES } from './repoServer';
export type { ResolutionFault, ResolutionFailure } from './repoServer';
export { isAutomatedSyncEnabled } from './sources';
export type { FleetApp, FleetResource, FleetResourceResult, FleetSource, FleetRequestedOperation, AutoSyncShape, FleetHistoryEntry, FleetOperation, ServerOptions, TokenInfo, FaultSpec, FaultKind, RecordedRequest, RouteName, SyncOutcome } from './types';
