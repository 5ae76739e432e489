/**
 * The wall-time side of a run's estimate, measured on the run itself: nothing is sampled twice.
 * The run starts at once; after WARM_MS of wall time (the JIT has compiled the hot path by then:
 * a cold start runs 10-50× slower for its first few hundred ms) its speed over the last
 * WINDOW_MS gives the events per wall-second, and the events per trigger so far turn the
 * estimate's triggers into events: the time left is the events left ÷ that speed. Runs estimated
 * past an hour then pause there and ask (on a terminal) or stop without writing anything unless
 * --yes was given. A run that ends before WARM_MS needs no estimate.
 */
import { createInterface } from 'node:readline/promises';
import { CliError, EXIT_SIGINT } from './exit-codes.js';

/** Wall time before the run's speed is taken (ms): the JIT's warm-up. */
export const WARM_MS = 600;
/** The speed is taken over at least this much of the latest wall time (ms). */
export const WINDOW_MS = 200;
/** Runs estimated longer than this (s) need --yes or a confirmation. */
export const CONFIRM_ABOVE_S = 3600;

/** What the run's own speed says of its wall time. */
export interface WallEstimate {
  /** Events dispatched per wall-second over the latest window. */
  readonly eventsPerSecond: number;
  /** The whole run's wall time (s): what has passed plus the events left at that speed. */
  readonly totalSeconds: number;
  readonly leftSeconds: number;
}

/**
 * Watches a running simulation's progress (wall ms, events, triggers) and, once it is warm,
 * estimates its wall time. `expectedTriggers` is the run's estimate (estimate.ts).
 */
export class WallClockWatch {
  readonly #expectedTriggers: number;
  readonly #startMs: number;
  /** The observation the window starts from: the latest one at least WINDOW_MS before now. */
  #fromMs = -1;
  #fromEvents = 0;
  /** Observations since then, oldest first (a few per window). */
  readonly #pendingMs: number[] = [];
  readonly #pendingEvents: number[] = [];
  #estimate: WallEstimate | null = null;

  constructor(expectedTriggers: number, startMs: number) {
    this.#expectedTriggers = expectedTriggers;
    this.#startMs = startMs;
  }

  /** One progress step: the wall time now and the run's counts so far. */
  observe(nowMs: number, events: number, triggered: number): void {
    const elapsedMs = nowMs - this.#startMs;
    if (elapsedMs < WARM_MS - WINDOW_MS) return;
    // Slide the window's start to the latest observation at least WINDOW_MS old.
    this.#pendingMs.push(nowMs);
    this.#pendingEvents.push(events);
    while (this.#pendingMs.length > 0 && nowMs - this.#pendingMs[0] >= WINDOW_MS) {
      this.#fromMs = this.#pendingMs.shift() as number;
      this.#fromEvents = this.#pendingEvents.shift() as number;
    }
    if (elapsedMs < WARM_MS || this.#fromMs < 0 || nowMs <= this.#fromMs) return;
    const eventsPerSecond = ((events - this.#fromEvents) * 1000) / (nowMs - this.#fromMs);
    if (!(eventsPerSecond > 0)) return;
    const perTrigger = triggered > 0 ? events / triggered : 1;
    const eventsLeft = Math.max(0, this.#expectedTriggers * perTrigger - events);
    const leftSeconds = eventsLeft / eventsPerSecond;
    this.#estimate = { eventsPerSecond, leftSeconds, totalSeconds: elapsedMs / 1000 + leftSeconds };
  }

  /** The latest estimate, or null while the run is not yet warm. */
  get estimate(): WallEstimate | null {
    return this.#estimate;
  }
}

/** "45 s", "12 min", "3.2 h". */
export function formatWallSeconds(s: number): string {
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** The estimate as the run prints it. */
export function formatWallEstimate(e: WallEstimate): string {
  const rate = e.eventsPerSecond >= 1e6 ? `${(e.eventsPerSecond / 1e6).toFixed(2)} M` : `${(e.eventsPerSecond / 1e3).toFixed(0)} k`;
  return `about ${formatWallSeconds(e.totalSeconds)} of wall time in all at ${rate} events/s (measured on this run)`;
}

/** Where the confirmation is asked: the terminal, or a test's streams flagged as one. */
export interface PromptStreams {
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly output: NodeJS.WritableStream & { readonly isTTY?: boolean };
}

/**
 * Asks before going on with a run estimated past CONFIRM_ABOVE_S: with --yes it goes on; on a
 * terminal the user answers y; otherwise (a script, CI) it is a CliError (exit 2) naming --yes.
 */
export async function confirmLongRun(
  wallSeconds: number,
  yes: boolean,
  what: string,
  io: PromptStreams = { input: process.stdin, output: process.stderr },
): Promise<void> {
  if (wallSeconds <= CONFIRM_ABOVE_S || yes) return;
  const question = `${what}: this run is estimated at about ${formatWallSeconds(wallSeconds)} of wall time`;
  if (io.input.isTTY !== true || io.output.isTTY !== true) {
    throw new CliError(`${question}, over an hour; pass --yes to run it anyway, or shorten duration`);
  }
  const rl = createInterface({ input: io.input, output: io.output, terminal: true });
  try {
    let answer: string;
    try {
      answer = await rl.question(`${question}. Run it? [y/N] `);
    } catch (err) {
      // Ctrl-C at the prompt (readline rejects with an AbortError): nothing ran, as for a signal.
      if ((err as NodeJS.ErrnoException).code === 'ABORT_ERR') throw new CliError(`${what}: not run (Ctrl-C at the prompt)`, EXIT_SIGINT);
      throw err;
    }
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError(`${what}: not run (answered ${JSON.stringify(answer.trim().slice(0, 20))})`);
  } finally {
    rl.close();
  }
}
