/**
 * `irqstorm validate <workload>`: everything `run` checks before simulating (the file, every
 * field, trace files, and the machine build: vector space, window coverage, device limits),
 * without running. Exit 0 and one line when valid; exit 2 and every problem otherwise.
 */
import type { Argv } from 'yargs';
import { checkMachineBuilds } from './build-check.js';
import { describeWorkload } from '../workload/load.js';
import { EXIT_OK } from './exit-codes.js';
import { estimateRun } from './estimate.js';
import { ALLOW_OUTSIDE_OPTION, SET_OPTION } from './options.js';
import { loadWorkloadFile } from './workload-file.js';

export interface ValidateArgs {
  workload: string;
  set: string[];
  allowOutside: boolean;
}

export function validateBuilder(y: Argv): Argv<ValidateArgs> {
  return y
    .positional('workload', { type: 'string', demandOption: true, describe: 'workload file (.json, .yaml, .yml)' })
    .option('set', SET_OPTION)
    .option('allow-outside', ALLOW_OUTSIDE_OPTION)
    .example('$0 validate workloads/default-storm.yaml', 'check a workload')
    .example('$0 validate my.yaml --set ntb.device=idt', 'check it with an override') as unknown as Argv<ValidateArgs>;
}

export async function validateCommand(args: ValidateArgs): Promise<number> {
  const loaded = await loadWorkloadFile(args.workload, args.set, { allowOutside: args.allowOutside });
  const estimate = estimateRun(loaded.machine, { trace: loaded.workload.trace, source: args.workload });
  checkMachineBuilds(loaded.machine, args.workload);
  console.log(`${args.workload}: valid: ${describeWorkload(loaded.workload)}; about ${estimate.summary}`);
  return EXIT_OK;
}
