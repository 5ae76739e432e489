// Shared by the measuring scripts that run a workload in their own process on the built tree
// (dist/): import a module of dist/src, and turn the workload file plus --set overrides into
// the machine config the model runs. `npm run build` first.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);

/** A module of the built tree, by its path under dist/src (e.g. 'run.js'). */
export const dist = (p) => import(resolve(root, 'dist/src', p));

/** `workload` (relative to the repository) as a function of its --set overrides → MachineConfig. */
export async function workloadConfig(workload) {
  const { loadWorkload } = await dist('workload/load.js');
  const { toMachineConfig } = await dist('workload/to-machine-config.js');
  const { COST_NAMES } = await dist('machine/costs.js');
  const path = resolve(root, workload);
  const text = readFileSync(path, 'utf8');
  return (sets) => toMachineConfig(loadWorkload(text, path, sets, { costNames: COST_NAMES }));
}
