export { ArgoCdTestServer } from './ArgoCdTestServer';
export { generateFleet, demoFleet, startDemoTimeline } from './generators';
export type { DemoStep } from './generators';
export { ADMIN_TOKEN, fakeJwt } from './auth';
export { UPSTREAM_FIELD_PATHS, API_MD_FIELD_PATHS } from './fields';
export type { FleetApp, FleetResource, FleetHistoryEntry, FleetOperation, ServerOptions, TokenInfo, FaultSpec, FaultKind, RecordedRequest, RouteName, SyncOutcome } from './types';
