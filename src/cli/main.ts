/**
 * src/cli/: the commands (no kernel counterpart).
 *
 * The irqstorm command line: one yargs command per file, the only reader of argv and the
 * environment. Exit codes: 0 ok, 1 run failed (or a regression found), 2 bad input.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CliError, EXIT_BAD_INPUT, EXIT_FAILED } from './exit-codes.js';
import { gateBuilder, gateCommand, type GateArgs } from './gate-command.js';
import { compareBuilder, compareCommand, type CompareArgs } from './compare-command.js';
import { listBuilder, listCommand, type ListArgs } from './list-command.js';
import { mergeBuilder, mergeCommand, type MergeArgs } from './merge-command.js';
import { runBuilder, runCommand, type RunArgs } from './run-command.js';
import { sweepBuilder, sweepCommand, type SweepArgs } from './sweep-command.js';
import { validateBuilder, validateCommand, type ValidateArgs } from './validate-command.js';
import { withExamples } from './help-examples.js';

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const parser = withExamples(yargs(argv), [
    ['$0 run workloads/default-storm.yaml', 'the default storm: summary on the terminal, CSVs under results/runs'],
    ['$0 validate my-storm.yaml', 'check a workload without running it'],
    ['$0 list', 'the workload library, with what each one asks'],
    ['$0 compare workloads/default-storm.yaml --vary machine.remapping=off,remapped,posted', 'three variants over 5 seeds, with confidence intervals'],
    ['$0 sweep workloads/sweeps/doorbell-vs-msi-load.yaml', 'a sweep plan: sweep.csv and sweep.html with the curves'],
  ])
    .scriptName('irqstorm')
    .usage('$0 <command> [options]\n\nSimulate interrupt storms on Linux hosts joined by NTB links.')
    .command<RunArgs>('run <workload>', 'run a workload; write its CSV files, kernel views and report.html', runBuilder, async (a) => {
      code = await runCommand(a);
    })
    .command<ValidateArgs>('validate <workload>', 'check a workload without running it', validateBuilder, async (a) => {
      code = await validateCommand(a);
    })
    .command<ListArgs>('list', 'list the workload library', listBuilder, async (a) => {
      code = await listCommand(a);
    })
    .command<CompareArgs>('compare <workloads..>', 'compare variants over seeds: mean ± CI, paired differences, compare.csv and compare.html', compareBuilder, async (a) => {
      code = await compareCommand(a);
    })
    .command<SweepArgs>('sweep <plan>', 'run a sweep plan: points × seeds on a worker pool, sweep.csv and sweep.html', sweepBuilder, async (a) => {
      code = await sweepCommand(a);
    })
    .command<MergeArgs>('merge <shards..>', "join a sweep's shard folders into one sweep", mergeBuilder, async (a) => {
      code = await mergeCommand(a);
    })
    .command<GateArgs>('gate', 'the perf gate: compare against results/baseline', gateBuilder, async (a) => {
      code = await gateCommand(a);
    })
    .demandCommand(1, 'name a command: run, validate, list, compare, sweep, merge or gate')
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .epilogue('\nExit codes: 0 ok, 1 run failed or regression, 2 bad input. See README.md.')
    .fail((msg, err) => {
      throw err ?? new CliError(msg);
    });
  await parser.parseAsync();
  return code;
}

try {
  process.exitCode = await main(hideBin(process.argv));
} catch (err) {
  if (err instanceof CliError) {
    console.error(`irqstorm: ${err.message}`);
    process.exitCode = err.exitCode;
  } else if (err instanceof Error && err.name === 'YError') {
    // yargs' own argument errors inside a command (a flag missing its value, a coerce check).
    console.error(`irqstorm: ${err.message}`);
    process.exitCode = EXIT_BAD_INPUT;
  } else {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = err instanceof Error && err.name === 'GateInputError' ? EXIT_BAD_INPUT : EXIT_FAILED;
  }
}
