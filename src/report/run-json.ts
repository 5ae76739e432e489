/** run.json: what was run (the resolved workload, seed, version, commit) and how it went. */
import type { MetricsSnapshot } from '../metrics/metrics.js';

/** What run.json takes of a run's result (src/run.ts's RunResult has these and more). */
export interface RunOutcome {
  readonly simulatedNs: number;
  /** The machine's counters, written as they are. */
  readonly counters: object;
  readonly snapshot: Pick<MetricsSnapshot, 'identityViolations'>;
}

/** Which irqstorm ran which workload file. */
export interface RunOrigin {
  /** Package version. */
  readonly irqstorm: string;
  /** Short commit of the checkout that ran, or "unknown". */
  readonly commit: string;
  readonly workloadFile: string;
}

/** What the run was estimated to need and what it used (bytes), for the estimate's own check. */
export interface RunMemory {
  readonly estimatedPeakBytes: number;
  /** The process's peak resident set size so far (getrusage's maxrss). */
  readonly peakRssBytes: number;
}

/**
 * The run.json object of a run directory. `workload` is the resolved workload (seed included);
 * `traceWritten`: trace.csv is this run's; `memory` (a CLI run's) the estimate beside the peak.
 */
export function runJson(
  origin: RunOrigin,
  workload: { readonly seed: number },
  result: RunOutcome,
  wallSeconds: number,
  interrupted: boolean,
  traceWritten: boolean,
  memory?: RunMemory,
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
    memory,
  };
}
