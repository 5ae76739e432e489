/**
 * The worker thread's side of the pool: run one point (one resolved workload and seed) through
 * runSimulation, turn its metrics into tidy rows, and store them atomically under the point's
 * key (plus its run directory when asked). Only a small status goes back to the parent, so the
 * parent's memory does not grow with the sweep. An accounting identity that breaks fails the
 * point; nothing is stored for it.
 */
import { writeRunDirectory } from '../report/atomic-write.js';
import { csvRunFile } from '../report/csv.js';
import { runJson } from '../report/run-json.js';
import { buildTables } from '../report/tables.js';
import { runSimulation, type RunResult } from '../run.js';
import { pointRows } from './point-rows.js';
import { RECORD_FORMAT, ResultStore, type PointRecord } from './result-store.js';

/** What the parent sends for one point. */
export interface PointTask {
  readonly config: RunResult['config'];
  /** The record's identity; rows, times and format are added here. */
  readonly record: Omit<PointRecord, 'rows' | 'wallSeconds' | 'simulatedNs' | 'format'>;
  readonly storeRoot: string;
  /** Also write a run directory here (--keep-runs). */
  readonly runDir?: string;
  /** The base workload's file, for run.json. */
  readonly workloadFile: string;
}

/** What comes back. */
export interface PointOutcome {
  readonly wallSeconds: number;
  readonly events: number;
}

/** Runs and stores one point; throws when it fails (the pool reports the point). */
export async function runPointTask(task: PointTask): Promise<PointOutcome> {
  const started = performance.now();
  const result = runSimulation(task.config);
  const wallSeconds = (performance.now() - started) / 1000;
  const violations = result.snapshot.identityViolations;
  if (violations.length > 0) {
    throw new Error(`the accounting identity does not hold: ${violations.map((v) => v.message).join('; ')}`);
  }
  const record: PointRecord = { format: RECORD_FORMAT, ...task.record, simulatedNs: result.simulatedNs, wallSeconds, rows: pointRows(result) };
  const store = new ResultStore(task.storeRoot, { version: task.record.irqstorm, commit: task.record.commit });
  if (task.runDir !== undefined) {
    const files = await Promise.all(buildTables(result.snapshot).map((t) => csvRunFile(t)));
    const origin = { irqstorm: task.record.irqstorm, commit: task.record.commit, workloadFile: task.workloadFile };
    await writeRunDirectory(task.runDir, files, runJson(origin, task.record.workload, result, wallSeconds, false, false), ['trace.csv']);
  }
  await store.write(record);
  return { wallSeconds, events: result.counters.eventsDispatched };
}

/** Piscina calls the module's default export with each task. */
export default runPointTask;
