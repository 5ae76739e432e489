/**
 * What `compare` and `sweep` share: their common options (--out, --store, --seed/--seeds, --set,
 * --jobs, --fresh, --any-model, --quiet, --json, --progress), reading base workloads, checking
 * every point (schema, machine build, size) before anything runs, the up-front size estimate,
 * and running the experiment with a progress bar over all its runs.
 */
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import type { Argv } from 'yargs';
import { experimentUnits, executeExperiment, type ExecuteReport, type ExperimentSpec } from '../experiment/experiment.js';
import type { ModelTag } from '../experiment/point-key.js';
import type { BaseWorkload, ResolvedPoint } from '../experiment/points.js';
import { ResultStore } from '../experiment/result-store.js';
import { parseSeedsOption } from '../experiment/seeds.js';
import type { Shard } from '../experiment/shard.js';
import { Machine } from '../machine/machine.js';
import { WorkloadError, formatIssue } from '../workload/errors.js';
import { parseWorkloadText } from '../workload/parse.js';
import { toMachineConfig } from '../workload/to-machine-config.js';
import { CliError } from './exit-codes.js';
import { estimateRun } from './estimate.js';
import { ALLOW_OUTSIDE_OPTION, SET_OPTION, parseSeedOption } from './options.js';
import { irqstormCommit, packageVersion } from './run-info.js';
import { readWorkloadText, readWorkloadTrace } from './workload-file.js';

export interface ExperimentArgs {
  out?: string;
  store: string;
  seed?: number;
  seeds?: number | number[];
  set: string[];
  jobs: number;
  fresh: boolean;
  anyModel: boolean;
  quiet: boolean;
  json: boolean;
  progress: boolean;
  allowOutside: boolean;
}

/**
 * MODEL: simulated events per wall-second one job handles, for the time estimate only (the
 * default storm does 2–3 M/s on this machine class; the estimate takes the slow end).
 */
const EVENTS_PER_JOB_SECOND = 1.5e6;
/** MODEL: wall time a run costs besides its events (building the machine, the snapshot, storing). */
const SECONDS_PER_RUN = 0.3;
/** Above this estimated wall time an experiment is called large, with advice, before it starts. */
const LARGE_SECONDS = 10 * 60;
/** Most point problems listed before "… and N more". */
const LISTED_ISSUES = 30;

function parseJobs(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || !/^\s*[0-9]+\s*$/.test(String(value))) {
    throw new CliError(`--jobs: expected a whole number of worker threads >= 1, got ${JSON.stringify(String(value))}`);
  }
  return n;
}

function parseSeeds(value: unknown): number | number[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new CliError(`--seeds: given ${value.length} times; give it once`);
  try {
    return parseSeedsOption(String(value));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** The options both commands take. `outDefault` is where their folders go. */
export function experimentOptions<T>(y: Argv<T>, outDefault: string): Argv<T> {
  return y
    .option('out', { type: 'string', default: outDefault, requiresArg: true, describe: 'folder the results folder is created in' })
    .option('store', { type: 'string', default: 'results/store', requiresArg: true, describe: 'result store: finished runs kept and reused across plans' })
    .option('seed', { type: 'string', requiresArg: true, coerce: parseSeedOption, describe: 'first seed (overrides the workload\'s or plan\'s)' })
    .option('seeds', { type: 'string', requiresArg: true, coerce: parseSeeds, describe: 'number of seeds (5) or the seeds (1,2,7)' })
    .option('set', SET_OPTION)
    .option('allow-outside', ALLOW_OUTSIDE_OPTION)
    .option('jobs', { type: 'string', default: String(availableParallelism()), requiresArg: true, coerce: parseJobs, describe: 'worker threads (default: the available cores)' })
    .option('fresh', { type: 'boolean', default: false, describe: 'ignore stored results: run everything again' })
    .option('any-model', { type: 'boolean', default: false, describe: "reuse stored results of other irqstorm versions or commits (default: listed and ignored)" })
    .option('quiet', { type: 'boolean', default: false, alias: 'q', describe: 'print nothing but errors' })
    .option('json', { type: 'boolean', default: false, describe: 'print the results as JSON on stdout' })
    .option('progress', { type: 'boolean', default: true, describe: 'progress bar on a terminal (--no-progress to hide)' }) as unknown as Argv<T>;
}

/** This irqstorm's version and commit: the store keeps results of each apart. */
export function currentModel(): ModelTag {
  return { version: packageVersion(), commit: irqstormCommit() };
}

/** Reads and parses (does not validate) a base workload. Throws CliError. */
export async function readBase(path: string): Promise<BaseWorkload> {
  const text = await readWorkloadText(path);
  try {
    return { file: path, raw: parseWorkloadText(text, path) };
  } catch (err) {
    if (err instanceof WorkloadError) throw new CliError(err.format());
    throw err;
  }
}

/** Reads the trace files a base workload names, inside its folder tree unless `allowOutside`. */
export function baseTraceReader(allowOutside: boolean): (base: BaseWorkload, file: string) => Promise<Float64Array> {
  return (base, file) => readWorkloadTrace(base.file, file, { allowOutside });
}

/** A WorkloadError as a CliError, its issues listed (at most LISTED_ISSUES of them). */
export function issuesError(err: WorkloadError, heading: string): CliError {
  const lines = err.issues.map(formatIssue);
  const shown = lines.length > LISTED_ISSUES ? [...lines.slice(0, LISTED_ISSUES), `… and ${lines.length - LISTED_ISSUES} more`] : lines;
  return new CliError(`${heading}\n${shown.join('\n')}`);
}

/**
 * Builds every point's machine (vector space, window coverage, device limits) and estimates its
 * size, before anything runs; returns each point's estimated events per run. Throws a CliError
 * listing every point that cannot run.
 */
export function checkPoints(points: readonly ResolvedPoint[]): number[] {
  const problems: string[] = [];
  const events: number[] = [];
  for (const p of points) {
    const where = `point ${p.index}${p.label === '' ? '' : ` (${p.label})`}: ${p.base.file}`;
    try {
      const config = toMachineConfig(p.workload, p.traces);
      events.push(estimateRun(config, { trace: false, source: where }).events);
      new Machine(config);
    } catch (err) {
      problems.push(err instanceof CliError ? err.message : `${where}: ${(err as Error).message}`);
      events.push(0);
    }
  }
  if (problems.length > 0) {
    const shown = problems.length > LISTED_ISSUES ? [...problems.slice(0, LISTED_ISSUES), `… and ${problems.length - LISTED_ISSUES} more`] : problems;
    throw new CliError(`${problems.length} point${problems.length === 1 ? '' : 's'} cannot run; nothing was run:\n${shown.join('\n')}`);
  }
  return events;
}

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function models(m: ReadonlyMap<string, number>): string {
  return [...m].map(([model, n]) => `${n} from ${model}`).join(', ');
}

export interface RunExperimentOptions {
  readonly args: ExperimentArgs;
  readonly shard: Shard | null;
  readonly keepRunsDir?: string;
  /** Estimated events of one run of each point (checkPoints). */
  readonly eventsPerRun: readonly number[];
  /** Says a line on stderr (nothing with --quiet or --json). */
  readonly say: (line: string) => void;
}

/**
 * Runs what the store lacks of the experiment, after saying its size: runs in all, stored, to
 * run, the estimated events and wall time on --jobs threads (called large above ten minutes),
 * and what other models hold. A progress bar on a terminal; each failed run reported as it fails.
 */
export async function runExperiment(spec: ExperimentSpec, points: readonly ResolvedPoint[], o: RunExperimentOptions): Promise<ExecuteReport> {
  const { args, say } = o;
  const store = new ResultStore(args.store, currentModel());
  const showBar = args.progress && !args.quiet && !args.json && process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | null = null;
  let failedRuns = 0;
  const report = await executeExperiment(spec, points, {
    store,
    jobs: args.jobs,
    fresh: args.fresh,
    anyModel: args.anyModel,
    shard: o.shard,
    keepRunsDir: o.keepRunsDir,
    onPlan: (plan) => {
      const total = experimentUnits(spec).length;
      const share = o.shard === null ? '' : ` (shard ${o.shard.index} of ${o.shard.count}, from ${o.shard.source}: ${plan.units.length} of ${total} runs)`;
      let events = 0;
      for (const u of plan.toRun) events += o.eventsPerRun[u.point];
      const seconds = (events / EVENTS_PER_JOB_SECOND + plan.toRun.length * SECONDS_PER_RUN) / Math.min(args.jobs, Math.max(1, plan.toRun.length));
      say(`irqstorm: ${spec.points.length} point${spec.points.length === 1 ? '' : 's'} × ${spec.seeds.length} seed${spec.seeds.length === 1 ? '' : 's'} = ${total} runs${share}`);
      const other = plan.reusedOther.size > 0 ? `, ${models(plan.reusedOther)} (--any-model)` : '';
      const work = plan.toRun.length === 0 ? 'nothing to run' : `${plan.toRun.length} to run: about ${(events / 1e6).toFixed(1)} M events, ${duration(seconds)} on ${args.jobs} job${args.jobs === 1 ? '' : 's'}`;
      say(`irqstorm: ${plan.reused} stored and reused${other}; ${work}`);
      if (plan.ignoredOther.size > 0) {
        say(`irqstorm: the store also holds ${models(plan.ignoredOther)} for runs of this plan; results of another model are not mixed in (--any-model to use them)`);
      }
      if (seconds > LARGE_SECONDS) {
        say(`irqstorm: this is large (about ${duration(seconds)}); a quick version: --set duration=20ms, or fewer --seeds; finished runs are kept, so stopping and rerunning loses nothing`);
      }
      if (showBar && plan.toRun.length > 0) {
        bar = new cliProgress.SingleBar(
          { format: 'running |{bar}| {value}/{total} runs | {failed} failed | ETA {eta_formatted}', clearOnComplete: true, stream: process.stderr, etaBuffer: 20 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(plan.toRun.length, 0, { failed: 0 });
      }
    },
    onSettled: (done, _toRun, failed) => {
      if (failed !== null) {
        failedRuns++;
        const p = spec.points[failed.unit.point];
        // On a terminal the bar redraws below the line.
        if (!args.quiet) console.error(`irqstorm: run failed: point ${failed.unit.point}${p.label === '' ? '' : ` (${p.label})`} seed ${failed.unit.seed}: ${failed.error}`);
      }
      (bar as cliProgress.SingleBar | null)?.update(done, { failed: failedRuns });
    },
  });
  (bar as cliProgress.SingleBar | null)?.stop();
  return report;
}
