/**
 * Gate case "workload": runs one workload file (with --set overrides, e.g. a shorter duration)
 * and prints its modelled metrics: per-stage p50/p99, throughput and the fate totals. The same
 * seed gives the same numbers, so the gate compares them exactly; under valgrind the run's
 * instruction count measures the simulator's own speed.
 * Usage: node dist/bench/cases/workload.js --workload workloads/default-storm.yaml [--set k=v …]
 */
import { emitCaseMetrics } from '../../src/gate/case-protocol.js';
import { runSimulation } from '../../src/run.js';
import { workloadFromArgs } from './workload-args.js';

const config = workloadFromArgs();
const result = runSimulation(config);
const metrics: Record<string, number> = {};
for (const l of result.snapshot.latency) {
  if (l.scope !== 'all' || l.count === 0) continue;
  metrics[`${l.stage}.p50_ns`] = l.p50Ns;
  metrics[`${l.stage}.p99_ns`] = l.p99Ns;
}
for (const row of result.snapshot.summary) {
  if (row.scope === 'run' || row.scope === 'fate') metrics[`${row.scope}.${row.metric}`] = row.value;
}
metrics['events'] = result.counters.eventsDispatched;
metrics['identity_violations'] = result.snapshot.identityViolations.length;
emitCaseMetrics(metrics);
