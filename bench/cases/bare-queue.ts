/**
 * Case "bare-queue": the yardstick (bench/bare-storm-queue.ts) behind a workload, run once over
 * the workload's duration (with --set overrides), printing the items done and their latency
 * percentiles. `node scripts/instructions-per-irq.mjs --case bare-queue` runs it at two lengths
 * under valgrind for the instructions per item.
 * Usage: node dist/bench/cases/bare-queue.js --workload workloads/default-storm.yaml [--set k=v …]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { emitCaseMetrics } from '../../src/gate/case-protocol.js';
import { COST_NAMES } from '../../src/machine/costs.js';
import { loadWorkload } from '../../src/workload/load.js';
import { toMachineConfig } from '../../src/workload/to-machine-config.js';
import { bareQueueOf, runBareStormQueue } from '../bare-storm-queue.js';

const { values } = parseArgs({
  options: { workload: { type: 'string' }, set: { type: 'string', multiple: true, default: [] } },
  strict: true,
});
if (values.workload === undefined) throw new RangeError('--workload: a workload file is required');
const text = readFileSync(values.workload, 'utf8');
const config = toMachineConfig(loadWorkload(text, values.workload, values.set, { costNames: COST_NAMES }));
const r = runBareStormQueue(bareQueueOf(config));
emitCaseMetrics({ items: r.items, 'latency.p50_ns': r.p50Ns, 'latency.p99_ns': r.p99Ns, 'latency.max_ns': r.maxNs });
