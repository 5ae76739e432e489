/**
 * The one entry point for the CLI, benchmarks and tests: build a machine from a config, run
 * it, close the books, and hand back the metrics snapshot with the machine's own counters.
 */
import { Machine, type EventTracer, type MachineCounters } from './machine/machine.js';
import type { MachineConfig } from './machine/config.js';
import type { MetricsSnapshot } from './metrics/metrics.js';

export interface RunResult {
  readonly config: MachineConfig;
  readonly snapshot: MetricsSnapshot;
  readonly counters: MachineCounters;
  /** Simulated ns the run covered. */
  readonly simulatedNs: number;
}

export interface RunOptions {
  /** Called every `progressEveryNs` of simulated time with the time reached (for a progress bar). */
  readonly onProgress?: (nowNs: number) => void;
  readonly progressEveryNs?: number;
  /** Polled at each progress step; returning true stops the run early (Ctrl-C). */
  readonly shouldStop?: () => boolean;
  /** Receives every dispatched event (the trace CSV, golden logs). */
  readonly trace?: EventTracer;
}

/** Builds and runs one machine. Deterministic: the same config gives the same result. */
export function runSimulation(config: MachineConfig, options: RunOptions = {}): RunResult {
  const machine = new Machine(config, { trace: options.trace });
  const step = options.progressEveryNs ?? 0;
  let endNs = config.durationNs;
  if (step > 0) {
    for (let t = step; t < config.durationNs; t += step) {
      machine.runUntil(t);
      options.onProgress?.(t);
      if (options.shouldStop?.()) {
        endNs = t;
        break;
      }
    }
  }
  if (endNs === config.durationNs) machine.finish();
  else machine.stopAt(endNs);
  return {
    config,
    snapshot: machine.metrics.snapshot(endNs),
    counters: machine.counters(),
    simulatedNs: endNs,
  };
}
