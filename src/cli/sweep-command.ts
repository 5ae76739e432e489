/**
 * `irqstorm sweep <plan>`: read and check the plan and every point (exit 2 before anything runs),
 * say the sweep's size, run what the store lacks on a worker pool, and write the sweep folder
 * (sweep.csv, sweep.html, sweep.json) — or, as shard K of N of an array job, the shard folder
 * that `irqstorm merge` joins. Exit 1 when a run failed (after finishing the others).
 */
import { dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { experimentSpec, experimentUnits, specHash, type ExecuteReport, type ExperimentSpec } from '../experiment/experiment.js';
import { parsePlan, type SweepPlan } from '../experiment/plan.js';
import { resolvePoints, type ResolvedPoint } from '../experiment/points.js';
import { ResultStore, type PointRecord } from '../experiment/result-store.js';
import { resolveSeeds } from '../experiment/seeds.js';
import { parseShard, shardFromEnv, type Shard } from '../experiment/shard.js';
import { shardFolderName, writeShardFolder } from '../experiment/shard-manifest.js';
import { describeCounts, writeSweepFolder } from '../experiment/sweep-output.js';
import { aggregatesJson } from '../experiment/sweep-results.js';
import { COST_NAMES } from '../machine/costs.js';
import { WorkloadError } from '../workload/errors.js';
import { CliError, EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { checkPoints, currentModel, experimentOptions, issuesError, baseTraceReader, readBase, runExperiment, type ExperimentArgs } from './experiment-common.js';
import { prepareOutFolder } from './out-preflight.js';
import { readWorkloadText } from './workload-file.js';
import { withExamples } from './help-examples.js';

export interface SweepArgs extends ExperimentArgs {
  plan: string;
  shard?: Shard;
  shardCount?: number;
  keepRuns: boolean;
}

function parseShardOption(value: unknown): Shard | undefined {
  if (value === undefined) return undefined;
  try {
    return parseShard(String(value));
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

function parseShardCount(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\s*[0-9]+\s*$/.test(String(value)) || !Number.isSafeInteger(n) || n < 1) {
    throw new CliError(`--shard-count: expected a whole number >= 1, got ${JSON.stringify(String(value))}`);
  }
  return n;
}

export function sweepBuilder(y: Argv): Argv<SweepArgs> {
  return withExamples(experimentOptions(y, 'results/sweeps'), [
    ['$0 sweep workloads/sweeps/doorbell-vs-msi-load.yaml', 'the 2019 question: doorbell vs MSI over a rising load'],
    ['$0 sweep plan.yaml --set duration=20ms --seeds 2', 'a quick version of any plan'],
    ['$0 sweep plan.yaml --shard 3/8 --out results/shards', 'shard 3 of 8 (then: irqstorm merge results/shards/*)'],
  ])
    .positional('plan', { type: 'string', demandOption: true, describe: 'sweep plan (.yaml, .yml, .json)' })
    .option('shard', { type: 'string', requiresArg: true, coerce: parseShardOption, describe: 'run only shard K of N (K from 0); default: from the array job (Slurm, Kubernetes, AWS Batch)' })
    .option('shard-count', { type: 'string', requiresArg: true, coerce: parseShardCount, describe: 'N for an array job whose environment gives only the index (Kubernetes)' })
    .option('keep-runs', { type: 'boolean', default: false, describe: "also write every run's directory (the run command's CSV files and kernel views) under <folder>/runs" }) as unknown as Argv<SweepArgs>;
}

async function loadPlan(path: string): Promise<SweepPlan> {
  const text = await readWorkloadText(path, 'plan');
  try {
    return parsePlan(text, path);
  } catch (err) {
    if (err instanceof WorkloadError) throw issuesError(err, `${path}: the plan has problems; nothing was run:`);
    throw err;
  }
}

/** The plan's points resolved against its base workload, or a CliError listing every problem. */
async function loadPoints(plan: SweepPlan, sets: readonly string[], allowOutside: boolean): Promise<ResolvedPoint[]> {
  const base = await readBase(resolve(dirname(plan.file), plan.workload));
  try {
    return await resolvePoints(base, plan.axes, plan.points, plan.set, sets, { costNames: COST_NAMES, readTrace: baseTraceReader(allowOutside), planFile: plan.file });
  } catch (err) {
    if (err instanceof WorkloadError) throw issuesError(err, `${plan.file}: some points are not valid workloads; nothing was run:`);
    throw err;
  }
}

function seedsOf(plan: SweepPlan, points: readonly ResolvedPoint[], args: SweepArgs): number[] {
  try {
    return resolveSeeds(plan.seeds, points[0].workload.seed, { first: args.seed, seeds: args.seeds });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

function shardOf(args: SweepArgs): Shard | null {
  if (args.shard !== undefined) return args.shard;
  try {
    return shardFromEnv(process.env, args.shardCount);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

export async function sweepCommand(args: SweepArgs): Promise<number> {
  const plan = await loadPlan(args.plan);
  const points = await loadPoints(plan, args.set, args.allowOutside);
  const seeds = seedsOf(plan, points, args);
  const eventsPerRun = checkPoints(points);
  const shard = shardOf(args);
  if (shard !== null && args.anyModel) throw new CliError('--any-model cannot be used with a shard: merge accepts results of one model only');
  const model = currentModel();
  const spec = experimentSpec('sweep', plan.name, plan.description, plan.axes, points, seeds, plan.metrics.map((m) => m.text), plan.plots);
  const hash = specHash(spec);
  const outDir = await prepareOutFolder(args.out ?? 'results/sweeps', shard === null ? plan.name : shardFolderName(plan.name, shard.index, shard.count));
  const say = args.quiet || args.json ? (): void => {} : (line: string): void => console.error(line);
  say(`irqstorm: ${plan.file}: ${plan.description.replace(/\s+/g, ' ').trim()}`);

  const report = await runExperiment(spec, points, { args, shard, eventsPerRun, say, keepRunsDir: args.keepRuns ? resolve(outDir, 'runs') : undefined });
  const store = new ResultStore(args.store, model);
  const recordOf = (key: string): PointRecord => {
    const r = store.read(key, report.sourceModel.get(key));
    if (r === null) throw new CliError(`the stored result ${store.fileOf(key, report.sourceModel.get(key))} vanished or is unreadable; rerun`, EXIT_FAILED);
    return r;
  };

  if (shard !== null) return writeShard(outDir, spec, hash, shard, report, recordOf, args);
  if (report.failed.length > 0) {
    say(`irqstorm: ${report.failed.length} of ${report.toRun.length} runs failed (listed above); sweep.csv is not written. The ${report.toRun.length - report.failed.length} that finished are stored: a rerun runs only what is missing.`);
    if (args.json) console.log(JSON.stringify({ outDir, failed: failedJson(spec, report) }, null, 2));
    return EXIT_FAILED;
  }
  const counts = { total: experimentUnits(spec).length, ran: report.toRun.length, reused: report.reused, reusedOther: Object.fromEntries(report.reusedOther) };
  let aggregates;
  try {
    aggregates = await writeSweepFolder(outDir, spec, hash, model, counts, (u) => recordOf(u.key));
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot write the sweep folder ${outDir}: ${(err as Error).message}`, EXIT_FAILED);
  }
  if (args.json) console.log(JSON.stringify({ outDir, runs: counts, points: spec.points, results: aggregatesJson(aggregates) }, null, 2));
  else if (!args.quiet) console.log(`irqstorm: ${describeCounts(counts)}\n  wrote ${outDir}/sweep.csv, sweep.html, sweep.json`);
  return EXIT_OK;
}

function failedJson(spec: ExperimentSpec, report: ExecuteReport): unknown[] {
  return report.failed.map((f) => ({ point: f.unit.point, label: spec.points[f.unit.point].label, seed: f.unit.seed, error: f.error }));
}

async function writeShard(outDir: string, spec: ExperimentSpec, hash: string, shard: Shard, report: ExecuteReport, recordOf: (key: string) => PointRecord, args: SweepArgs): Promise<number> {
  const failedKeys = new Set(report.failed.map((f) => f.unit.index));
  const held = report.units.filter((u) => !failedKeys.has(u.index));
  const model = currentModel();
  const manifest = {
    kind: 'irqstorm-shard' as const,
    format: 1,
    irqstorm: model.version,
    commit: model.commit,
    specHash: hash,
    spec,
    shard: { index: shard.index, count: shard.count },
    units: held.map((u) => ({ point: u.point, seed: u.seed, key: u.key })),
    failed: report.failed.map((f) => ({ point: f.unit.point, seed: f.unit.seed, error: f.error })),
  };
  // Records are read one at a time as they are copied.
  const records = (function* (): Generator<PointRecord> {
    for (const u of held) yield recordOf(u.key);
  })();
  try {
    await writeShardFolder(outDir, manifest, records);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot write the shard folder ${outDir}: ${(err as Error).message}`, EXIT_FAILED);
  }
  if (args.json) console.log(JSON.stringify({ outDir, shard: manifest.shard, runs: held.length, failed: failedJson(spec, report) }, null, 2));
  else if (!args.quiet) console.log(`irqstorm: shard ${shard.index} of ${shard.count}: ${held.length} runs (${report.toRun.length} run, ${report.reused} reused)\n  wrote ${outDir}`);
  return report.failed.length > 0 ? EXIT_FAILED : EXIT_OK;
}
