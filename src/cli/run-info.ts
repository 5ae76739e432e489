/** run.json: what was run (the resolved workload, seed, version, commit) and how it went. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitShortCommitOfRoot } from '../gate/git-commit.js';
import { runJson, type RunMemory } from '../report/run-json.js';
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

let commitAtStart: string | null = null;

/**
 * The commit of the irqstorm checkout that ran (not of the working directory's repository), read
 * once per process: a commit made while a sweep runs must not give its later points another
 * store key than its first ones (the code running is the code it started with).
 */
export function irqstormCommit(): string {
  if (commitAtStart === null) {
    const root = packageRoot();
    commitAtStart = root === null ? 'unknown' : gitShortCommitOfRoot(root);
  }
  return commitAtStart;
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
  const origin = { irqstorm: packageVersion(), commit: irqstormCommit(), workloadFile: loaded.path };
  return runJson(origin, loaded.workload, result, wallSeconds, interrupted, traceWritten, memory);
}
