/** run.json: what was run (the resolved workload, seed, version, commit) and how it went. */
import { readFileSync } from 'node:fs';
import { gitShortCommit } from '../gate/git-commit.js';
import type { RunResult } from '../run.js';
import type { LoadedWorkload } from './workload-file.js';

/** This package's version, read once from package.json beside dist/. */
export function packageVersion(): string {
  try {
    const url = new URL('../../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function runInfo(loaded: LoadedWorkload, result: RunResult, wallSeconds: number, interrupted: boolean): unknown {
  return {
    irqstorm: packageVersion(),
    commit: gitShortCommit(),
    workloadFile: loaded.path,
    workload: loaded.workload,
    seed: loaded.workload.seed,
    simulatedNs: result.simulatedNs,
    interrupted,
    wallSeconds,
    counters: result.counters,
    identityViolations: result.snapshot.identityViolations,
  };
}
