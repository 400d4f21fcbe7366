/** Everything one run measured, per fleet size: what report.ts turns into the table. */
import type { DecisionResult } from './decision';
import type { EngineResult } from './engine';

export interface SizeResult {
    apps: number;
    fieldsBytes: number;
    fullBytes: number;
    decision: DecisionResult;
    engine: EngineResult;
    /** This process's VmHWM after this size: cumulative, it includes the test server and every earlier size. */
    nodePeakBytes?: number;
}
