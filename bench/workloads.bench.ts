/**
 * Whole workloads, short: build, run and close the books of three library workloads. ns/op is
 * per handled interrupt (counted once in setup: the runs are deterministic). Beside them, the
 * bare queue behind the default storm (bench/bare-storm-queue.ts), per item: the yardstick the
 * storm's speed is stated against (README, Benchmarks), measured in the same run.
 */
import { readFileSync } from 'node:fs';
import { COST_NAMES } from '../src/machine/costs.js';
import type { MachineConfig } from '../src/machine/config.js';
import { runSimulation } from '../src/run.js';
import { loadWorkload } from '../src/workload/load.js';
import { toMachineConfig } from '../src/workload/to-machine-config.js';
import { bareQueueOf, runBareStormQueue } from './bare-storm-queue.js';
import type { BenchSuite, BenchTask } from './suite.js';

function config(path: string, sets: string[]): MachineConfig {
  return toMachineConfig(loadWorkload(readFileSync(path, 'utf8'), path, sets, { costNames: COST_NAMES }));
}

function handled(cfg: MachineConfig): number {
  const row = runSimulation(cfg).snapshot.summary.find((r) => r.scope === 'fate' && r.metric === 'handled');
  return row === undefined ? 1 : Math.max(1, row.value);
}

function workloadTask(name: string, path: string, sets: string[]): BenchTask {
  const cfg = config(path, sets);
  // opsPerCall must be known when the task is listed: one run here fixes it (deterministic).
  const ops = handled(cfg);
  return {
    name: `${name} (per handled interrupt)`,
    opsPerCall: ops,
    fn: () => {
      runSimulation(cfg);
    },
  };
}

function bareQueueTask(name: string, path: string, sets: string[]): BenchTask {
  const queue = bareQueueOf(config(path, sets));
  const { items } = runBareStormQueue(queue);
  return {
    name: `${name} (per item)`,
    opsPerCall: items,
    fn: () => {
      if (runBareStormQueue(queue).items !== items) throw new Error('the bare queue is deterministic: its item count changed');
    },
  };
}

export const suite: BenchSuite = {
  name: 'workloads',
  tasks: [
    workloadTask('default-storm 20ms', 'workloads/default-storm.yaml', ['duration=20ms', 'warmup=1ms']),
    bareQueueTask('bare queue behind default-storm 20ms', 'workloads/default-storm.yaml', ['duration=20ms']),
    workloadTask('affinity-move-no-remap 50ms', 'workloads/affinity-move-no-remap.yaml', []),
    workloadTask('doorbell-vs-msi 20ms', 'workloads/doorbell-vs-msi.yaml', [
      'duration=20ms',
      'warmup=1ms',
      'peers[0].arrival.over=20ms',
      'peers[1].arrival.over=20ms',
    ]),
  ],
};
