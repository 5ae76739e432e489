/**
 * The gate's canonical cases: the engine hold model, and short seeded runs of three library
 * workloads (their metrics are compared exactly, their instructions against a threshold).
 */
import { CaseRegistry, HOLD_MODEL_CASE } from '../gate/case-registry.js';

const WORKLOAD_CASE_SCRIPT = 'dist/bench/cases/workload.js';
/**
 * The workload cases still move by up to 1.5 % between runs under valgrind here (measured over
 * four fresh-clone gate runs; the hold model moves by 0.01 %), so they fail above 3 %, not 2 %:
 * a threshold inside the noise would cry wolf. The residual spread comes from V8, not the model
 * (their simulated metrics are identical every run).
 */
const WORKLOAD_THRESHOLD_PCT = 3;

export function createGateRegistry(): CaseRegistry {
  return new CaseRegistry()
    .register(HOLD_MODEL_CASE)
    .register({
      name: 'default-storm',
      script: WORKLOAD_CASE_SCRIPT,
      args: ['--workload', 'workloads/default-storm.yaml', '--set', 'duration=20ms', '--set', 'warmup=1ms'],
      description: 'the default storm, 20 ms simulated: MSI through the window, remapped, 16 peers',
      thresholdPct: WORKLOAD_THRESHOLD_PCT,
    })
    .register({
      name: 'affinity-move-no-remap',
      script: WORKLOAD_CASE_SCRIPT,
      args: ['--workload', 'workloads/affinity-move-no-remap.yaml'],
      description: 'deferred moves, descriptor republish and stale-descriptor losses without remapping',
      thresholdPct: WORKLOAD_THRESHOLD_PCT,
    })
    .register({
      name: 'doorbell-vs-msi',
      script: WORKLOAD_CASE_SCRIPT,
      args: ['--workload', 'workloads/doorbell-vs-msi.yaml', '--set', 'duration=20ms', '--set', 'warmup=1ms', '--set', 'peers[0].arrival.over=20ms', '--set', 'peers[1].arrival.over=20ms'],
      description: 'ring clients on doorbells vs MSI, rising load, 20 ms simulated',
      thresholdPct: WORKLOAD_THRESHOLD_PCT,
    });
}
