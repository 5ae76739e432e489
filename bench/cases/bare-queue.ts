/**
 * Case "bare-queue": the yardstick (bench/bare-storm-queue.ts) behind a workload, run once over
 * the workload's duration (with --set overrides), printing the items done and their latency
 * percentiles. `node scripts/instructions-per-irq.mjs --case bare-queue` runs it at two lengths
 * under valgrind for the instructions per item.
 * Usage: node dist/bench/cases/bare-queue.js --workload workloads/default-storm.yaml [--set k=v …]
 */
import { emitCaseMetrics } from '../../src/gate/case-protocol.js';
import { bareQueueOf, runBareStormQueue } from '../bare-storm-queue.js';
import { workloadFromArgs } from './workload-args.js';

const config = workloadFromArgs();
const r = runBareStormQueue(bareQueueOf(config));
emitCaseMetrics({ items: r.items, 'latency.p50_ns': r.p50Ns, 'latency.p99_ns': r.p99Ns, 'latency.max_ns': r.maxNs });
