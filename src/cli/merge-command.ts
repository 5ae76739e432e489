/**
 * `irqstorm merge <shard folders…>`: join the folders of a sweep's shards into one sweep folder
 * (sweep.csv, sweep.html, sweep.json), equal to the sweep run in one piece. Refuses (exit 2,
 * nothing written) folders of different plans or irqstorm versions, and any run missing or
 * held twice, naming each. The shards' results are also copied into the store.
 */
import type { Argv } from 'yargs';
import { experimentUnits } from '../experiment/experiment.js';
import { ResultStore, type PointRecord } from '../experiment/result-store.js';
import { checkMerge, readShardFolder, readShardRecord, type LoadedShard } from '../experiment/shard-manifest.js';
import { describeCounts, writeSweepFolder } from '../experiment/sweep-output.js';
import { aggregatesJson } from '../experiment/sweep-results.js';
import { CliError, EXIT_FAILED, EXIT_OK } from './exit-codes.js';
import { prepareOutFolder } from './out-preflight.js';
import { withExamples } from './help-examples.js';

export interface MergeArgs {
  shards: string[];
  out: string;
  store: string;
  quiet: boolean;
  json: boolean;
}

export function mergeBuilder(y: Argv): Argv<MergeArgs> {
  return withExamples(y, [
    ['$0 merge results/shards/*-shard-*', 'join every shard of a plan'],
  ])
    .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'the shard folders (each holds shard.json)' })
    .option('out', { type: 'string', default: 'results/sweeps', requiresArg: true, describe: 'folder the merged sweep folder is created in' })
    .option('store', { type: 'string', default: 'results/store', requiresArg: true, describe: 'result store the shards\' results are copied into' })
    .option('quiet', { type: 'boolean', default: false, alias: 'q', describe: 'print nothing but errors' })
    .option('json', { type: 'boolean', default: false, describe: 'print the results as JSON on stdout' }) as unknown as Argv<MergeArgs>;
}

export async function mergeCommand(args: MergeArgs): Promise<number> {
  const shards: LoadedShard[] = [];
  const unreadable: string[] = [];
  for (const dir of args.shards) {
    try {
      shards.push(readShardFolder(dir));
    } catch (err) {
      unreadable.push((err as Error).message);
    }
  }
  if (unreadable.length > 0) throw new CliError(`merge: nothing was written:\n${unreadable.join('\n')}`);
  const check = checkMerge(shards);
  if (!check.ok) throw new CliError(`merge: nothing was written:\n${check.problems.join('\n')}`);
  const { spec } = check;
  const outDir = await prepareOutFolder(args.out, spec.name);
  const model = { version: check.irqstorm, commit: check.commit };
  const store = new ResultStore(args.store, model);
  const recordOf = (index: number, key: string): PointRecord => {
    const r = readShardRecord((check.holder.get(index) as LoadedShard).dir, key);
    if (r === null) throw new CliError(`merge: the result ${key} vanished from its shard folder while merging`, EXIT_FAILED);
    return r;
  };
  const counts = { total: experimentUnits(spec).length, ran: experimentUnits(spec).length, reused: 0, reusedOther: {}, shards: shards.length };
  let aggregates;
  try {
    aggregates = await writeSweepFolder(outDir, spec, check.specHash, model, counts, (u) => recordOf(u.index, u.key));
    for (const u of experimentUnits(spec)) if (!store.has(u.key)) await store.write(recordOf(u.index, u.key));
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`merge: cannot write ${outDir}: ${(err as Error).message}`, EXIT_FAILED);
  }
  if (args.json) console.log(JSON.stringify({ outDir, runs: counts, points: spec.points, results: aggregatesJson(aggregates) }, null, 2));
  else if (!args.quiet) console.log(`irqstorm: merged ${describeCounts(counts)}\n  wrote ${outDir}/sweep.csv, sweep.html, sweep.json`);
  return EXIT_OK;
}
