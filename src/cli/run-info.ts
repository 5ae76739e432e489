/** run.json: what was run (the resolved workload, seed, version, commit) and how it went. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitShortCommitOfRoot } from '../gate/git-commit.js';
import type { RunResult } from '../run.js';
import { packageRoot } from './package-root.js';
import type { LoadedWorkload } from './workload-file.js';

/** This package's version, from its package.json ('unknown' if that cannot be read). */
export function packageVersion(): string {
  const root = packageRoot();
  if (root === null) return 'unknown';
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The commit of the irqstorm checkout that ran (not of the working directory's repository). */
export function irqstormCommit(): string {
  const root = packageRoot();
  return root === null ? 'unknown' : gitShortCommitOfRoot(root);
}

/** What the run was estimated to need and what it used (bytes), for the estimate's own check. */
export interface RunMemory {
  readonly estimatedPeakBytes: number;
  /** The process's peak resident set size so far (getrusage's maxrss). */
  readonly peakRssBytes: number;
}

/** The memory figures of this process now, beside the estimate. */
export function runMemory(estimatedPeakBytes: number): RunMemory {
  return { estimatedPeakBytes: Math.round(estimatedPeakBytes), peakRssBytes: process.resourceUsage().maxRSS * 1024 };
}

/** `traceWritten`: trace.csv was written (--trace or the workload's `trace`). */
export function runInfo(
  loaded: LoadedWorkload,
  result: RunResult,
  wallSeconds: number,
  interrupted: boolean,
  traceWritten: boolean,
  memory?: RunMemory,
): unknown {
  return {
    irqstorm: packageVersion(),
    commit: irqstormCommit(),
    workloadFile: loaded.path,
    workload: loaded.workload,
    seed: loaded.workload.seed,
    simulatedNs: result.simulatedNs,
    interrupted,
    traceWritten,
    wallSeconds,
    counters: result.counters,
    identityViolations: result.snapshot.identityViolations,
    memory,
  };
}
