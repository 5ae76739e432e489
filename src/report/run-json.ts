/** run.json: what was run (the resolved workload, seed, version, commit) and how it went. */
import type { RunResult } from '../run.js';

/** Which irqstorm ran which workload file. */
export interface RunOrigin {
  /** Package version. */
  readonly irqstorm: string;
  /** Short commit of the checkout that ran, or "unknown". */
  readonly commit: string;
  readonly workloadFile: string;
}

/**
 * The run.json object of a run directory. `workload` is the resolved workload (seed included);
 * `traceWritten`: trace.csv is this run's.
 */
export function runJson(
  origin: RunOrigin,
  workload: { readonly seed: number },
  result: Pick<RunResult, 'simulatedNs' | 'counters' | 'snapshot'>,
  wallSeconds: number,
  interrupted: boolean,
  traceWritten: boolean,
): unknown {
  return {
    irqstorm: origin.irqstorm,
    commit: origin.commit,
    workloadFile: origin.workloadFile,
    workload,
    seed: workload.seed,
    simulatedNs: result.simulatedNs,
    interrupted,
    traceWritten,
    wallSeconds,
    counters: result.counters,
    identityViolations: result.snapshot.identityViolations,
  };
}
