/**
 * The --workload FILE [--set k=v …] arguments the workload-driven gate cases share, read into
 * the machine config they run.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { COST_NAMES } from '../../src/machine/costs.js';
import type { MachineConfig } from '../../src/machine/config.js';
import { loadWorkload } from '../../src/workload/load.js';
import { toMachineConfig } from '../../src/workload/to-machine-config.js';

/** The workload this process was given on its command line, with its --set overrides applied. */
export function workloadFromArgs(): MachineConfig {
  const { values } = parseArgs({
    options: { workload: { type: 'string' }, set: { type: 'string', multiple: true, default: [] } },
    strict: true,
  });
  if (values.workload === undefined) throw new RangeError('--workload: a workload file is required');
  const text = readFileSync(values.workload, 'utf8');
  return toMachineConfig(loadWorkload(text, values.workload, values.set, { costNames: COST_NAMES }));
}
