/**
 * Arrival specs: plain data (from a workload file's `peers[].arrival`) saying when an NTB peer
 * triggers interrupts. There is no kernel counterpart: this is the remote side's workload, what
 * an ntb_transport client or a tool such as ntb_perf would generate. Rates are in Hz; durations
 * are whole ns or duration strings ("1.5us"); a "cost" may also be a DistributionSpec of ns.
 */
import type { DistributionSpec } from '../engine/distributions.js';

/** A duration: a whole number of ns, or a string such as "250ns", "1.5us", "10ms", "2s". */
export type DurationInput = number | string;

/** A random duration: a fixed duration, or a DistributionSpec whose values are ns. */
export type CostInput = DurationInput | DistributionSpec;

/** The highest rate accepted anywhere (Hz): one arrival per ns, the clock's resolution. */
export const MAX_RATE_HZ = 1e9;

/** Memoryless arrivals: exponential gaps of mean 1/rate. */
export interface PoissonArrivalSpec {
  type: 'poisson';
  /** Hz, in (0, MAX_RATE_HZ]. */
  rate: number;
}

/**
 * One arrival per period, the first one period after the start. Give exactly one of rate or
 * period. Jitter is added to each nominal time k·period (it does not accumulate); a time that
 * would fall before the previous arrival (or the start) is clamped to it.
 */
export interface PeriodicArrivalSpec<D = DurationInput, C = CostInput> {
  type: 'periodic';
  /** Hz, in (0, MAX_RATE_HZ]. */
  rate?: number;
  /** > 0. */
  period?: D;
  /** Displacement of each arrival (ns); a DistributionSpec may be negative (e.g. normal). */
  jitter?: C;
}

/**
 * Bursts: alternating on and off periods, starting with an on period at the start time.
 * Arrivals happen only while on, at `rate`, either as a Poisson process or periodically from
 * the burst's first instant.
 */
export interface OnOffArrivalSpec<C = CostInput> {
  type: 'onoff';
  /** Length of each on period; its mean must be > 0. */
  on: C;
  /** Length of each off period; its mean must be >= 0. */
  off: C;
  /** Hz while on, in (0, MAX_RATE_HZ]. */
  rate: number;
  /** @defaultValue 'poisson' */
  within?: 'poisson' | 'periodic';
}

/** One state of a Markov-modulated Poisson process. */
export interface MmppStateSpec<D = DurationInput> {
  /** Hz while in this state, in [0, MAX_RATE_HZ]; 0 makes a silent state. */
  rate: number;
  /** Mean of the exponential time spent in the state per visit; > 0. */
  meanSojourn: D;
}

/**
 * Markov-modulated Poisson process: a continuous-time Markov chain over `states`, Poisson
 * arrivals at the current state's rate. `transitions[i][j]` is the probability that the chain,
 * leaving state i, goes to state j (row-stochastic, irreducible); by default state i goes to
 * state (i + 1) mod n. The chain starts in its stationary distribution.
 */
export interface MmppArrivalSpec<D = DurationInput> {
  type: 'mmpp';
  /** At least 2; at least one with rate > 0. */
  states: MmppStateSpec<D>[];
  transitions?: number[][];
}

/**
 * A Poisson process whose rate moves linearly from `from` to `to` over `over`, then holds `to`
 * (default) or stops. Either end may be 0 (a ramp up from silence, or down to it), not both.
 */
export interface RampArrivalSpec<D = DurationInput> {
  type: 'ramp';
  /** Hz at the start, in [0, MAX_RATE_HZ]. */
  from: number;
  /** Hz at the end, in [0, MAX_RATE_HZ]. */
  to: number;
  /** > 0. */
  over: D;
  /** @defaultValue 'hold' */
  then?: 'hold' | 'stop';
}

/**
 * Replays recorded arrival times (ns after the start; whole, non-decreasing). The workload file
 * names a CSV (`file`); the loader reads it (workload/trace-file.ts) into `timestamps`.
 * A looped trace repeats with cycle span·n/(n−1) (its span plus one mean gap), so [0, 10, 20]
 * loops as 0, 10, 20, 30, 40, 50, …
 */
export interface TraceArrivalSpec {
  type: 'trace';
  timestamps: Float64Array | readonly number[];
  /** @defaultValue false */
  loop?: boolean;
  /** The CSV the timestamps came from; informational only (ignored by the process). */
  file?: string;
}

/**
 * Every arrival spec, discriminated on `type`. `D` and `C` are what a duration and a cost are
 * written as: anything the readers accept by default, ns and DistributionSpecs once a workload
 * has been validated (workload/arrival-schema.ts).
 */
export type ArrivalSpec<D = DurationInput, C = CostInput> =
  | PoissonArrivalSpec
  | PeriodicArrivalSpec<D, C>
  | OnOffArrivalSpec<C>
  | MmppArrivalSpec<D>
  | RampArrivalSpec<D>
  | TraceArrivalSpec;

export type ArrivalType = ArrivalSpec['type'];

export const ARRIVAL_TYPES: readonly ArrivalType[] = ['poisson', 'periodic', 'onoff', 'mmpp', 'ramp', 'trace'];
