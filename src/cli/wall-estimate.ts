/**
 * The wall-time side of a run's estimate, measured on this machine for this workload: a short
 * sample of the run itself (the same machine, seed and tracer cost, for a quarter of a second of
 * wall time, up to 3 s when the run might be long enough to need confirming) gives events per wall-second and events per trigger; the estimate is
 * the run's triggers × events per trigger ÷ that speed. A quarter second is mostly the JIT
 * warming up, so short runs come out overstated; the longer sample of a possibly long run is
 * warm. It is there to catch runs of hours, not to time seconds. Runs estimated past an hour ask first
 * (on a terminal) or need --yes. The sample's results are thrown away; the run starts afresh.
 */
import { createInterface } from 'node:readline/promises';
import { EVENT_NAMES } from '../events.js';
import { Machine } from '../machine/machine.js';
import type { MachineConfig } from '../machine/config.js';
import { CliError, EXIT_FAILED } from './exit-codes.js';
import { estimateRun, type RunEstimate } from './estimate.js';

/** Wall time the sample takes (ms), building the machine excluded … */
export const SAMPLE_BUDGET_MS = 250;
/** … or up to this long while the run still looks like it could pass CONFIRM_ABOVE_S / 4. */
export const SAMPLE_EXTENDED_MS = 3000;
/** The sample's speed is its best window of this length (ms). */
const WINDOW_MS = 25;
/** Runs estimated longer than this (s) need --yes or a confirmation. */
export const CONFIRM_ABOVE_S = 3600;

export interface SpeedSample {
  /**
   * Events dispatched per wall-second in the sample's best WINDOW_MS window: the speed once the
   * JIT has compiled the hot path, with the CPU to itself (a cold start runs 10-50× slower for
   * the first 100-300 ms, and a shared machine stalls it at random).
   */
  readonly eventsPerSecond: number;
  /** Events per trigger seen in the sample; NaN when nothing triggered. */
  readonly eventsPerTrigger: number;
  /** Bytes of trace.csv per event (formatted as the writer does); 0 without a trace. */
  readonly traceBytesPerEvent: number;
  /** Simulated ns the sample covered, and whether that was the whole run. */
  readonly simulatedNs: number;
  readonly complete: boolean;
}

/**
 * Runs `config` for about SAMPLE_BUDGET_MS of wall time in small steps. `trace` adds a tracer
 * that formats every event as trace.csv would and throws the text away (its cost, not its disk).
 */
export function sampleSpeed(config: MachineConfig, trace: boolean, expectedTriggers: number): SpeedSample {
  let traceBytes = 0;
  const machine = new Machine(config, {
    trace: trace
      ? (t, kind, a0, a1) => {
          traceBytes += `${t},${EVENT_NAMES[kind] ?? kind},${a0},${a1}\n`.length;
        }
      : undefined,
  });
  const stepNs = Math.max(1000, Math.floor(config.durationNs / 10_000));
  const start = performance.now();
  let windowAt = start;
  let windowEvents = 0;
  let best = 0;
  let t = 0;
  let now = start;
  // A cold start (the JIT compiling, slower still on a busy machine) can look 20× slower than
  // the run will be; when that could make the difference to the confirmation, look longer.
  const looksLong = (): boolean => {
    if (best <= 0) return true;
    let triggers = 0;
    for (const n of machine.metrics.irqFate.triggered) triggers += n;
    const perTrigger = triggers > 0 ? machine.counters().eventsDispatched / triggers : 3;
    return (expectedTriggers * perTrigger) / best > CONFIRM_ABOVE_S / 4;
  };
  while (t < config.durationNs && (now - start < SAMPLE_BUDGET_MS || (now - start < SAMPLE_EXTENDED_MS && looksLong()))) {
    t = Math.min(config.durationNs, t + stepNs);
    machine.runUntil(t);
    now = performance.now();
    if (now - windowAt >= WINDOW_MS) {
      const events = machine.counters().eventsDispatched;
      best = Math.max(best, ((events - windowEvents) * 1000) / (now - windowAt));
      windowAt = now;
      windowEvents = events;
    }
  }
  const events = machine.counters().eventsDispatched;
  let triggers = 0;
  for (const n of machine.metrics.irqFate.triggered) triggers += n;
  const eventsPerSecond = best > 0 ? best : (events * 1000) / Math.max(now - start, 1);
  return {
    eventsPerSecond,
    eventsPerTrigger: triggers > 0 ? events / triggers : NaN,
    traceBytesPerEvent: events > 0 ? traceBytes / events : 0,
    simulatedNs: t,
    complete: t >= config.durationNs,
  };
}

/** "45 s", "12 min", "3.2 h". */
export function formatWallSeconds(s: number): string {
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/**
 * Asks before a run estimated past CONFIRM_ABOVE_S: with --yes it goes on; on a terminal the
 * user answers y; otherwise (a script, CI) it is a CliError (exit 2) naming --yes.
 */
export async function confirmLongRun(wallSeconds: number, yes: boolean, what: string): Promise<void> {
  if (wallSeconds <= CONFIRM_ABOVE_S || yes) return;
  const question = `${what}: this run is estimated at about ${formatWallSeconds(wallSeconds)} of wall time`;
  if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) {
    throw new CliError(`${question}, over an hour; pass --yes to run it anyway, or shorten duration`);
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question}. Run it? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError(`${what}: not run (answered ${JSON.stringify(answer.trim().slice(0, 20))})`);
  } finally {
    rl.close();
  }
}

export interface EstimateAndConfirmOptions {
  readonly trace: boolean;
  /** The workload file, naming it in messages. */
  readonly source: string;
  /** --yes: no confirmation past an hour. */
  readonly yes: boolean;
  /** The estimate without a sample (already checked against the memory limits). */
  readonly estimate: RunEstimate;
  readonly say: (line: string) => void;
}

/**
 * Samples the run, re-estimates it with the measured events per trigger and trace bytes per
 * event, says the estimate with its wall time, and asks (or needs --yes) past an hour.
 */
export async function estimateAndConfirm(config: MachineConfig, o: EstimateAndConfirmOptions): Promise<RunEstimate> {
  let speed: SpeedSample;
  try {
    speed = sampleSpeed(config, o.trace, o.estimate.triggers);
  } catch (err) {
    // The sample is the run's own start: a model limit it hits, the run would hit too.
    if (err instanceof RangeError) throw new CliError(`${o.source}: the run failed: ${err.message}`, EXIT_FAILED);
    throw err;
  }
  const estimate = estimateRun(config, {
    trace: o.trace,
    source: o.source,
    eventsPerTrigger: speed.eventsPerTrigger,
    traceBytesPerEvent: speed.traceBytesPerEvent > 0 ? speed.traceBytesPerEvent : undefined,
  });
  const wallS = estimate.events / speed.eventsPerSecond;
  o.say(`irqstorm: about ${estimate.summary}; ${formatWallSeconds(wallS)} of wall time at ${(speed.eventsPerSecond / 1e6).toFixed(2)} M events/s (measured here)`);
  await confirmLongRun(wallS, o.yes, o.source);
  return estimate;
}
