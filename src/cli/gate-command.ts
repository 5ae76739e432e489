/**
 * `irqstorm gate`: the perf gate. Counts instructions of fixed seeded cases under valgrind
 * (the hard check), compares their simulated metrics exactly with results/baseline, optionally
 * compares calibrated bench CSVs and runs a wall-clock A/B against another checkout. Exit 0
 * pass, 1 regression, 2 bad input (a missing or corrupt baseline is named).
 */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { currentGateEnvironment } from '../gate/baseline.js';
import { formatGateTable, writeStepSummary } from '../gate/format-gate.js';
import { gitShortCommit } from '../gate/git-commit.js';
import { EXIT_BAD_INPUT } from '../gate/gate-error.js';
import { measureCases, runGate } from '../gate/run-gate.js';
import { updateBaseline } from '../gate/update-baseline.js';
import { CliError } from './exit-codes.js';
import { createGateRegistry } from './gate-cases.js';
import { numberOption } from './options.js';
import { withExamples } from './help-examples.js';

export interface GateArgs {
  updateBaseline: boolean;
  only?: string;
  threshold?: number;
  baselineDir: string;
  benchDir?: string;
  abAgainst?: string;
  abRounds: number;
}

export function gateBuilder(y: Argv): Argv<GateArgs> {
  return withExamples(y, [
    ['$0 gate', 'run every case against results/baseline'],
    ['$0 gate --only default-storm --threshold 1', 'one case, a 1 % threshold'],
    ['$0 gate --update-baseline', 'record new baselines on purpose (commit them)'],
  ])
    .option('update-baseline', { type: 'boolean', default: false, describe: 'measure and rewrite the baselines, printing the diff' })
    .option('only', { type: 'string', describe: 'only cases whose name contains this (comma-separated)' })
    .option('threshold', {
      type: 'string',
      requiresArg: true,
      coerce: numberOption('threshold', 'a percentage > 0', (n) => n > 0),
      describe: 'instruction-increase threshold in percent (default 2, or per case)',
    })
    .option('baseline-dir', { type: 'string', default: 'results/baseline', describe: 'folder of baseline *.json files' })
    .option('bench-dir', { type: 'string', describe: 'also compare results/bench CSVs (calibrated) with <baseline-dir>/bench' })
    .option('ab-against', { type: 'string', describe: 'another built checkout: wall-clock A/B of the default-storm case' })
    .option('ab-rounds', {
      type: 'string',
      default: 10,
      requiresArg: true,
      coerce: numberOption('ab-rounds', 'a whole number ≥ 1', (n) => Number.isInteger(n) && n >= 1),
      describe: 'interleaved rounds per side for --ab-against',
    }) as unknown as Argv<GateArgs>;
}

export async function gateCommand(args: GateArgs): Promise<number> {
  const registry = createGateRegistry();
  const baselineDir = resolve(args.baselineDir);
  const onProgress = (line: string): void => console.error(`gate: ${line}`);
  try {
    if (args.updateBaseline) {
      const measurements = await measureCases({ registry, only: args.only, onProgress });
      const { diff } = updateBaseline({ baselineDir, measurements, commit: gitShortCommit(), environment: currentGateEnvironment() });
      console.log(diff);
      return 0;
    }
    const result = await runGate({
      registry,
      baselineDir,
      only: args.only,
      thresholdPct: args.threshold,
      onProgress,
      environment: currentGateEnvironment(),
      bench: args.benchDir === undefined ? undefined : { baselineDir: resolve(baselineDir, 'bench'), currentDir: resolve(args.benchDir) },
      ab:
        args.abAgainst === undefined
          ? undefined
          : [
              {
                baselineCmd: ['node', resolve(args.abAgainst, 'dist/bench/cases/workload.js'), '--workload', 'workloads/default-storm.yaml', '--set', 'duration=20ms'],
                candidateCmd: ['node', 'dist/bench/cases/workload.js', '--workload', 'workloads/default-storm.yaml', '--set', 'duration=20ms'],
                rounds: args.abRounds,
                options: { label: 'default-storm wall clock' },
              },
            ],
    });
    console.log(formatGateTable(result));
    writeStepSummary(result, process.env);
    return result.exitCode;
  } catch (err) {
    if ((err as Error).name === 'GateInputError') throw new CliError((err as Error).message, EXIT_BAD_INPUT);
    throw err;
  }
}
