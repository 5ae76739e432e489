/**
 * The one entry point for the CLI, benchmarks and tests: build a machine from a config, run
 * it, close the books, and hand back the metrics snapshot with the machine's own counters.
 */
import { Machine, type EventTracer, type MachineCounters } from './machine/machine.js';
import type { MachineConfig } from './machine/config.js';
import type { MetricsSnapshot } from './metrics/metrics.js';
import type { SpanSink } from './metrics/span-sink.js';

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
  /** Receives the CPUs' spans and the triggers' instants (timelines; src/metrics/span-sink.ts). */
  readonly spans?: SpanSink;
}

/** Builds and runs one machine. Deterministic: the same config gives the same result. */
export function runSimulation(config: MachineConfig, options: RunOptions = {}): RunResult {
  const machine = new Machine(config, { trace: options.trace, spans: options.spans });
  const steps = progressSteps(machine, config, options);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return finishRun(machine, config, step.value);
}

/**
 * runSimulation() that gives the event loop a turn after every progress step, so a signal
 * handler (Ctrl-C) or a progress bar can run while a long simulation goes on. Same results.
 */
export async function runSimulationAsync(config: MachineConfig, options: RunOptions = {}): Promise<RunResult> {
  const machine = new Machine(config, { trace: options.trace, spans: options.spans });
  const steps = progressSteps(machine, config, options);
  let step = steps.next();
  while (!step.done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  return finishRun(machine, config, step.value);
}

// One progress step per iteration (none without progressEveryNs); returns where the run ends.
function* progressSteps(machine: Machine, config: MachineConfig, options: RunOptions): Generator<void, number> {
  const every = options.progressEveryNs ?? 0;
  if (every <= 0) return config.durationNs;
  for (let t = every; t < config.durationNs; t += every) {
    machine.runUntil(t);
    options.onProgress?.(t);
    yield;
    if (options.shouldStop?.()) return t;
  }
  return config.durationNs;
}

function finishRun(machine: Machine, config: MachineConfig, endNs: number): RunResult {
  if (endNs === config.durationNs) machine.finish();
  else machine.stopAt(endNs);
  return {
    config,
    snapshot: machine.metrics.snapshot(endNs),
    counters: machine.counters(),
    simulatedNs: endNs,
  };
}
