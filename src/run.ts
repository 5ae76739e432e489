/**
 * The one entry point for the CLI, benchmarks and tests: build a machine from a config, run
 * it, close the books, and hand back the metrics snapshot with the machine's own counters.
 */
import { readKernelView } from './machine/kernel-view.js';
import { Machine, type EventTracer, type MachineCounters, type MachineOptions } from './machine/machine.js';
import type { MachineConfig } from './machine/config.js';
import { iecSummaryRows } from './metrics/iec-rows.js';
import type { KernelView } from './metrics/kernel-view.js';
import type { MetricsSnapshot } from './metrics/metrics.js';
import type { SpanSink } from './metrics/span-sink.js';

export interface RunResult {
  readonly config: MachineConfig;
  readonly snapshot: MetricsSnapshot;
  readonly counters: MachineCounters;
  /** The kernel's own views at the end: /proc/interrupts counts, each irq's hierarchy and placement (read when first asked for). */
  readonly kernelView: KernelView;
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
  /** Irqs (virqs) and peers whose fates get per-interval series (MachineOptions.seriesFocus); default none. */
  readonly seriesFocus?: MachineOptions['seriesFocus'];
  /** Receives the CPUs' spans and the triggers' instants (timelines; src/metrics/span-sink.ts). */
  readonly spans?: SpanSink;
}

/** Builds and runs one machine. Deterministic: the same config gives the same result. */
export function runSimulation(config: MachineConfig, options: RunOptions = {}): RunResult {
  const machine = new Machine(config, { trace: options.trace, spans: options.spans, seriesFocus: options.seriesFocus });
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
  const machine = new Machine(config, { trace: options.trace, spans: options.spans, seriesFocus: options.seriesFocus });
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
  const snapshot = machine.metrics.snapshot(endNs);
  const remap = machine.remapper === null ? null : machine.remapper.counters();
  const iec = remap === null ? null : { hits: remap.cacheHits, misses: remap.cacheMisses };
  let kernelView: KernelView | undefined;
  return {
    config,
    // The IEC's counters sit in the remapping hardware, not in Metrics: their rows join the summary here.
    snapshot: { ...snapshot, summary: [...snapshot.summary, ...iecSummaryRows(iec)] },
    counters: machine.counters(),
    // Read on first use: a caller that writes no views (the gate, a sweep's points) pays nothing for them.
    get kernelView(): KernelView {
      kernelView ??= readKernelView(machine);
      return kernelView;
    },
    simulatedNs: endNs,
  };
}
