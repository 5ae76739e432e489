/**
 * An experiment (a sweep, or a compare's variants) as runs: every point × seed in plan order,
 * each with its store key. Executing it looks every run up in the store first (reused, unless
 * --fresh), says what other models hold and leaves it alone (unless asked), and runs the rest on
 * the worker pool, each stored as it finishes.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { canonicalJson, runDirName } from '../report/out-dir.js';
import { toMachineConfig } from '../workload/to-machine-config.js';
import type { AxisValue, PlotSpec } from './plan-schema.js';
import { unitKey } from './point-key.js';
import type { PointOutcome, PointTask } from './point-worker.js';
import type { ResolvedPoint } from './points.js';
import { pointWorkerFile, runOnPool } from './pool.js';
import type { ResultStore } from './result-store.js';
import { inShard, type Shard } from './shard.js';

/** What a sweep or compare is, independent of where and how it runs: two shards of one plan have equal specs. */
export interface ExperimentSpec {
  readonly kind: 'sweep' | 'compare';
  readonly name: string;
  readonly description: string;
  readonly axes: readonly { readonly path: string; readonly values: readonly AxisValue[] }[];
  readonly points: readonly {
    readonly index: number;
    readonly values: readonly AxisValue[];
    readonly label: string;
    readonly hash: string;
    readonly workloadFile: string;
  }[];
  readonly seeds: readonly number[];
  /** Metric selectors (their text). */
  readonly metrics: readonly string[];
  readonly plots: readonly PlotSpec[];
}

/** One run: a point with one seed. */
export interface Unit {
  /** Position among the experiment's runs (point-major, then seed): the shard assignment uses it. */
  readonly index: number;
  readonly point: number;
  readonly seed: number;
  readonly key: string;
}

export function experimentSpec(
  kind: ExperimentSpec['kind'],
  name: string,
  description: string,
  axes: ExperimentSpec['axes'],
  points: readonly ResolvedPoint[],
  seeds: readonly number[],
  metrics: readonly string[],
  plots: readonly PlotSpec[],
): ExperimentSpec {
  return {
    kind,
    name,
    description,
    axes: axes.map((a) => ({ path: a.path, values: [...a.values] })),
    points: points.map((p) => ({ index: p.index, values: [...p.values], label: p.label, hash: p.hash, workloadFile: p.base.file })),
    seeds: [...seeds],
    metrics: [...metrics],
    plots: [...plots],
  };
}

/** The spec's identity: SHA-256 of its canonical JSON (16 hex digits). Shards of one plan share it. */
export function specHash(spec: ExperimentSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex').slice(0, 16);
}

/** Every run of the spec, point-major. */
export function experimentUnits(spec: ExperimentSpec): Unit[] {
  const out: Unit[] = [];
  for (let p = 0; p < spec.points.length; p++) {
    for (const seed of spec.seeds) out.push({ index: out.length, point: p, seed, key: unitKey(spec.points[p].hash, seed) });
  }
  return out;
}

/** A unit that did not finish, and why. */
export interface FailedUnit {
  readonly unit: Unit;
  readonly error: string;
}

export interface ExecuteOptions {
  readonly store: ResultStore;
  readonly jobs: number;
  /** Ignore the store: run everything again (and store it over what was there). */
  readonly fresh: boolean;
  /** Use another model's stored result where this model has none. */
  readonly anyModel: boolean;
  /** Only this shard's runs. */
  readonly shard: Shard | null;
  /** Write each run's directory under this folder too (--keep-runs); stored runs without one run again. */
  readonly keepRunsDir?: string;
  /** Called before anything runs, with how the runs split. */
  readonly onPlan?: (plan: ExecutePlan) => void;
  /** Called as each run finishes or fails. */
  readonly onSettled?: (done: number, toRun: number, failed: FailedUnit | null) => void;
  /** The worker module (tests); default the compiled point worker. */
  readonly workerFile?: string;
}

export interface ExecutePlan {
  /** This shard's runs (all of them without a shard). */
  readonly units: readonly Unit[];
  readonly toRun: readonly Unit[];
  /** Reused from this model's results. */
  readonly reused: number;
  /** Reused from another model's (with --any-model), by model. */
  readonly reusedOther: ReadonlyMap<string, number>;
  /** Held by another model but not used, by model. */
  readonly ignoredOther: ReadonlyMap<string, number>;
}

export interface ExecuteReport extends ExecutePlan {
  readonly failed: readonly FailedUnit[];
  /** Model folder of each unit reused from another model, by key. */
  readonly sourceModel: ReadonlyMap<string, string>;
}

/**
 * The run directory of a point with a seed (--keep-runs): the name `irqstorm run` gives the same
 * resolved workload, `<workload>-<seed>-<hash>`.
 */
export function unitRunDir(keepRunsDir: string, point: ResolvedPoint, seed: number): string {
  const name = basename(point.base.file, extname(point.base.file));
  return join(keepRunsDir, runDirName(name, seed, { ...point.workload, seed }));
}

/**
 * Runs what the store lacks of `spec`'s units (this shard's), `points` giving each point's
 * resolved workload. Resolves when every run has finished or failed.
 */
export async function executeExperiment(spec: ExperimentSpec, points: readonly ResolvedPoint[], options: ExecuteOptions): Promise<ExecuteReport> {
  const { store } = options;
  const units = experimentUnits(spec).filter((u) => inShard(u.index, options.shard));
  const toRun: Unit[] = [];
  const sourceModel = new Map<string, string>();
  const others = options.fresh ? [] : store.otherModels();
  const reusedOther = new Map<string, number>();
  const ignoredOther = new Map<string, number>();
  let reused = 0;
  const bump = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (const u of units) {
    const needRunDir = options.keepRunsDir !== undefined && !existsSync(join(unitRunDir(options.keepRunsDir, points[u.point], u.seed), 'run.json'));
    if (!options.fresh && !needRunDir && store.read(u.key) !== null) {
      reused++;
      continue;
    }
    const holder = needRunDir ? undefined : others.find((m) => store.read(u.key, m) !== null);
    if (holder !== undefined && options.anyModel) {
      bump(reusedOther, holder);
      sourceModel.set(u.key, holder);
      continue;
    }
    if (holder !== undefined) bump(ignoredOther, holder);
    toRun.push(u);
  }
  const plan: ExecutePlan = { units, toRun, reused, reusedOther, ignoredOther };
  options.onPlan?.(plan);

  const failed: FailedUnit[] = [];
  let done = 0;
  const taskAt = (i: number): PointTask => {
    const u = toRun[i];
    const point = points[u.point];
    const workload = { ...point.workload, seed: u.seed };
    return {
      config: toMachineConfig(workload, point.traces),
      record: { key: u.key, hash: point.hash, seed: u.seed, irqstorm: store.tag.version, commit: store.tag.commit, workload },
      storeRoot: store.root,
      runDir: options.keepRunsDir === undefined ? undefined : unitRunDir(options.keepRunsDir, points[u.point], u.seed),
      workloadFile: point.base.file,
    };
  };
  await runOnPool<PointTask, PointOutcome>(toRun.length, taskAt, { filename: options.workerFile ?? pointWorkerFile(), jobs: options.jobs }, (s) => {
    done++;
    const f = s.ok ? null : { unit: toRun[s.index], error: s.error };
    if (f !== null) failed.push(f);
    options.onSettled?.(done, toRun.length, f);
  });
  failed.sort((a, b) => a.unit.index - b.unit.index);
  return { ...plan, failed, sourceModel };
}
