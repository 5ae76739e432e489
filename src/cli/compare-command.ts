/**
 * `irqstorm compare <workload> --vary FIELD=A,B[,C…]` (or `compare A.yaml B.yaml`): every
 * variant over the same seeds on the worker pool, then the side-by-side table (mean ± 95 % CI
 * across seeds, the paired difference from the first variant and its paired t-test), and
 * compare.csv, compare.html and compare.json in the compare's folder. Exit 1 when a run failed.
 */
import { basename, extname, join } from 'node:path';
import type { Argv } from 'yargs';
import { axisValueText } from '../experiment/axis-values.js';
import { compareHtml } from '../experiment/compare-html.js';
import { COMPARE_METRICS, compareVariants } from '../experiment/compare-results.js';
import { formatCompareTable } from '../experiment/compare-table.js';
import { experimentSpec, experimentUnits, specHash } from '../experiment/experiment.js';
import { cartesianPoints, type Axis } from '../experiment/plan.js';
import type { AxisValue } from '../experiment/plan-schema.js';
import { resolveFilePoints, resolvePoints, type ResolvedPoint } from '../experiment/points.js';
import { ResultStore } from '../experiment/result-store.js';
import { resolveSeeds } from '../experiment/seeds.js';
import { writeTidyCsv } from '../experiment/tidy-csv.js';
import { COST_NAMES } from '../machine/costs.js';
import { writeFileAtomic } from '../report/atomic-write.js';
import { WorkloadError } from '../workload/errors.js';
import { parseOverride } from '../workload/overrides.js';
import { CliError, EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { checkPoints, currentModel, experimentOptions, issuesError, baseTraceReader, readBase, runExperiment, type ExperimentArgs } from './experiment-common.js';
import { prepareOutFolder } from './out-preflight.js';
import { withExamples } from './help-examples.js';

/** Seeds per variant when neither --seeds nor a plan says. */
export const DEFAULT_COMPARE_SEEDS = 5;

export interface CompareArgs extends ExperimentArgs {
  workloads: string[];
  vary: string[];
}

export function compareBuilder(y: Argv): Argv<CompareArgs> {
  return withExamples(experimentOptions(y, 'results/compare'), [
    ['$0 compare workloads/default-storm.yaml --vary machine.remapping=off,remapped,posted', 'does remapping hurt under the default storm?'],
    ['$0 compare workloads/default-storm.yaml --vary ntb.design=virtual-msix,ntb-domain --set duration=50ms', "today's virtual MSI-X entries vs the NTB MSI domain"],
    ['$0 compare mine.yaml theirs.yaml --seeds 10', 'two whole workload files'],
  ])
    .positional('workloads', { type: 'string', array: true, demandOption: true, describe: 'a workload and --vary, or two or more workload files' })
    .option('vary', { type: 'string', array: true, nargs: 1, default: [], describe: 'FIELD=A,B[,C…]: the variants (repeat for every combination)' }) as unknown as Argv<CompareArgs>;
}

/** Parses one --vary into an axis: the field's path and at least two values. */
function parseVary(text: string): Axis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new CliError(`--vary: expected FIELD=A,B (a field path and the values to compare), got ${JSON.stringify(text)}`);
  const path = text.slice(0, eq).trim();
  const values: AxisValue[] = [];
  for (const part of text.slice(eq + 1).split(',')) {
    let value: unknown;
    try {
      value = parseOverride(`${path}=${part.trim()}`).value;
    } catch (err) {
      if (err instanceof WorkloadError) throw new CliError(`--vary ${text}: ${err.issues[0].message}`);
      throw err;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new CliError(`--vary ${text}: each value must be a number, a string or true/false, got ${JSON.stringify(part.trim())}`);
    }
    values.push(value);
  }
  if (values.length < 2) throw new CliError(`--vary ${text}: give at least two values to compare (FIELD=A,B)`);
  if (new Set(values.map(String)).size !== values.length) throw new CliError(`--vary ${text}: a value is given twice`);
  return { path, values };
}

interface Variants {
  readonly name: string;
  readonly axes: readonly Axis[];
  readonly points: readonly ResolvedPoint[];
  /** Column headers, one per point. */
  readonly names: readonly string[];
}

async function loadVariants(args: CompareArgs): Promise<Variants> {
  const options = { costNames: COST_NAMES, readTrace: baseTraceReader(args.allowOutside) };
  try {
    if (args.vary.length > 0) {
      if (args.workloads.length !== 1) throw new CliError(`--vary compares variants of one workload; got ${args.workloads.length} workload files`);
      const axes = args.vary.map(parseVary);
      const base = await readBase(args.workloads[0]);
      const points = await resolvePoints(base, axes, cartesianPoints(axes), [], args.set, options);
      const names = points.map((p) => (axes.length === 1 ? axisValueText(p.values[0]) : p.label));
      const stem = basename(base.file, extname(base.file));
      return { name: `${stem}-vary-${axes.map((a) => a.path).join('+')}`.replace(/[^A-Za-z0-9._+-]/g, '_'), axes, points, names };
    }
    if (args.workloads.length < 2) throw new CliError('name what to compare: a workload and --vary FIELD=A,B, or two or more workload files');
    const bases = [];
    for (const file of args.workloads) bases.push(await readBase(file));
    const points = await resolveFilePoints(bases, args.set, options);
    const stems = args.workloads.map((f) => basename(f, extname(f)));
    const names = new Set(stems).size === stems.length ? stems : args.workloads;
    return { name: stems.join('-vs-').replace(/[^A-Za-z0-9._+-]/g, '_'), axes: [{ path: 'workload', values: args.workloads }], points, names };
  } catch (err) {
    if (err instanceof WorkloadError) throw issuesError(err, 'some variants are not valid workloads; nothing was run:');
    throw err;
  }
}

export async function compareCommand(args: CompareArgs): Promise<number> {
  const v = await loadVariants(args);
  let seeds: number[];
  try {
    seeds = resolveSeeds(DEFAULT_COMPARE_SEEDS, v.points[0].workload.seed, { first: args.seed, seeds: args.seeds });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (seeds.length < 2) throw new CliError(`--seeds: a compare needs at least 2 seeds for a confidence interval, got ${seeds.length}`);
  const eventsPerRun = checkPoints(v.points);
  const model = currentModel();
  const description = `${v.names.join(' vs ')} (${v.axes.map((a) => a.path).join(', ')})`;
  const spec = experimentSpec('compare', v.name, description, v.axes, v.points, seeds, COMPARE_METRICS, []);
  const outDir = await prepareOutFolder(args.out ?? 'results/compare', v.name);
  const say = args.quiet || args.json ? (): void => {} : (line: string): void => console.error(line);
  say(`irqstorm: compare ${description}`);

  const report = await runExperiment(spec, v.points, { args, shard: null, eventsPerRun, say });
  if (report.failed.length > 0) {
    say(`irqstorm: ${report.failed.length} of ${report.toRun.length} runs failed (listed above); nothing is compared. The runs that finished are stored: a rerun runs only what is missing.`);
    return EXIT_FAILED;
  }
  const store = new ResultStore(args.store, model);
  const units = experimentUnits(spec);
  const rowsOf = units.map((u) => {
    const r = store.read(u.key, report.sourceModel.get(u.key));
    if (r === null) throw new CliError(`the stored result ${store.fileOf(u.key)} vanished or is unreadable; rerun`, EXIT_FAILED);
    return r.rows;
  });
  const runs = v.points.map((_, p) => seeds.map((_s, s) => rowsOf[p * seeds.length + s]));
  const result = compareVariants(runs);
  try {
    await writeTidyCsv(join(outDir, 'compare.csv'), ['variant', 'seed'], units.length, (i) => [v.names[units[i].point], units[i].seed], (i) => rowsOf[i]);
    const title = `irqstorm compare: ${description}`;
    const lead = [`${v.points[0].base.file}: ${v.points[0].workload.description.replace(/\s+/g, ' ').trim()}`, ...v.points.map((p, i) => `${v.names[i]}: ${p.label}`)];
    await writeFileAtomic(join(outDir, 'compare.html'), await compareHtml(v.names, seeds, result, { title, lead, irqstorm: model.version, commit: model.commit }));
    const json = { kind: 'irqstorm-compare', format: 1, irqstorm: model.version, commit: model.commit, specHash: specHash(spec), spec, variants: v.names, ...result };
    await writeFileAtomic(join(outDir, 'compare.json'), `${JSON.stringify(json, null, 2)}\n`);
  } catch (err) {
    throw new CliError(`cannot write the compare folder ${outDir}: ${(err as Error).message}`, EXIT_FAILED);
  }
  if (args.json) {
    console.log(JSON.stringify({ outDir, variants: v.names, seeds, rows: result.rows, hiddenZero: result.hiddenZero, identical: result.identical }, null, 2));
  } else if (!args.quiet) {
    console.log(formatCompareTable(v.names, seeds, result));
    console.log(`\n  wrote ${outDir}/compare.csv, compare.html, compare.json`);
  }
  return EXIT_OK;
}
