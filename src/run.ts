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

/** How far a run has got, at a progress step. */
export interface RunProgress {
  readonly eventsDispatched: number;
  /** Triggers that reached the host so far (the fates' "triggered", whole run). */
  readonly triggered: number;
}

export interface RunOptions {
  /**
   * Called at each progress step with the simulated time reached (for a progress bar): every
   * `progressEveryNs`, after a few shorter first steps (progressSteps says why).
   */
  readonly onProgress?: (nowNs: number, progress: RunProgress) => void;
  readonly progressEveryNs?: number;
  /** runSimulationAsync only: awaited after each progress step (a question to the user may pause the run there). */
  readonly onStep?: () => Promise<void>;
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
    if (options.onStep !== undefined) await options.onStep();
    step = steps.next();
  }
  return finishRun(machine, config, step.value);
}

/** The first progress step is this fraction of `progressEveryNs`; each next one doubles until it is the full step. */
const FIRST_STEP_FRACTION = 1 / 1024;

/**
 * One progress step per iteration (none without progressEveryNs); returns where the run ends.
 * The first steps are short and double in length, so a caller hears from a long run within a
 * second or so of wall time (its wall-time estimate, a signal) and not only after a whole step.
 * Where the steps fall changes nothing in the results.
 */
function* progressSteps(machine: Machine, config: MachineConfig, options: RunOptions): Generator<void, number> {
  const every = options.progressEveryNs ?? 0;
  if (every <= 0) return config.durationNs;
  let step = Math.max(1, Math.floor(every * FIRST_STEP_FRACTION));
  for (let t = step; t < config.durationNs; t += step) {
    machine.runUntil(t);
    if (options.onProgress !== undefined) options.onProgress(t, progressOf(machine));
    yield;
    if (options.shouldStop?.()) return t;
    if (step < every) step = Math.min(every, step * 2);
  }
  return config.durationNs;
}

function progressOf(machine: Machine): RunProgress {
  let triggered = 0;
  const t = machine.metrics.irqFate.triggered;
  for (let i = 0; i < t.length; i++) triggered += t[i];
  return { eventsDispatched: machine.sim.dispatched, triggered };
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
