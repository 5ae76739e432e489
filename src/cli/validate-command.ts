/**
 * `irqstorm validate <workload>`: everything `run` checks before simulating (the file, every
 * field, trace files, and the machine build: vector space, window coverage, device limits),
 * without running. Exit 0 and one line when valid; exit 2 and every problem otherwise.
 */
import type { Argv } from 'yargs';
import { checkMachineBuilds } from './build-check.js';
import { describeWorkload, whatIfNote } from '../workload/load.js';
import { EXIT_OK } from './exit-codes.js';
import { estimateRun } from './estimate.js';
import { ALLOW_OUTSIDE_OPTION, SET_OPTION } from './options.js';
import { loadWorkloadFile } from './workload-file.js';
import { withExamples } from './help-examples.js';

export interface ValidateArgs {
  workload: string;
  set: string[];
  allowOutside: boolean;
}

export function validateBuilder(y: Argv): Argv<ValidateArgs> {
  return withExamples(y, [
    ['$0 validate workloads/default-storm.yaml', 'check a workload'],
    ['$0 validate my.yaml --set ntb.device=idt', 'check it with an override'],
  ])
    .positional('workload', { type: 'string', demandOption: true, describe: 'workload file (.json, .yaml, .yml)' })
    .option('set', SET_OPTION)
    .option('allow-outside', ALLOW_OUTSIDE_OPTION) as unknown as Argv<ValidateArgs>;
}

export async function validateCommand(args: ValidateArgs): Promise<number> {
  const loaded = await loadWorkloadFile(args.workload, args.set, { allowOutside: args.allowOutside });
  const estimate = estimateRun(loaded.machine, { trace: loaded.workload.trace, source: args.workload });
  checkMachineBuilds(loaded.machine, args.workload);
  for (const w of loaded.warnings) console.error(`irqstorm: warning: ${w}`);
  console.log(`${args.workload}: valid: ${describeWorkload(loaded.workload)}; about ${estimate.summary}`);
  const note = whatIfNote(loaded.workload);
  if (note !== null) console.log(`${args.workload}: ${note}`);
  return EXIT_OK;
}
