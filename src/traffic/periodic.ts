/**
 * Periodic arrivals with optional jitter: a peer driven by a timer (a polling loop, a fixed-rate
 * doorbell from ntb_perf-like tools). Arrival k (k = 1, 2, …) is due at start + k·period plus a
 * fresh jitter sample; jitter displaces each arrival without shifting the ones after it.
 * No kernel counterpart.
 */
import { ParameterError, type Sampler } from '../engine/distributions.js';
import type { RandomStream } from '../engine/rng.js';
import { NS_PER_S } from '../engine/time.js';
import { toArrivalNs } from './arrival-clock.js';
import type { ArrivalProcess } from './process.js';
import type { PeriodicArrivalSpec } from './arrival-spec.js';
import { checkKnownFields, readCost, readDurationNs, readRateHz, type Fields } from './spec-fields.js';

export class PeriodicProcess implements ArrivalProcess {
  readonly meanRateHz: number;
  /** Float ns; may be fractional when given as a rate. */
  readonly periodNs: number;
  readonly startNs: number;
  /** Null when there is no jitter, so the common case draws nothing. */
  readonly jitter: Sampler | null;
  readonly rng: RandomStream;
  /** Index of the last arrival (1-based). */
  index = 0;
  /** Exact time of the last arrival (float ns). */
  timeNs: number;

  constructor(periodNs: number, jitter: Sampler | null, rng: RandomStream, startNs: number) {
    this.periodNs = periodNs;
    this.meanRateHz = NS_PER_S / periodNs;
    this.jitter = jitter;
    this.rng = rng;
    this.startNs = startNs;
    this.timeNs = startNs;
  }

  nextArrivalNs(): number {
    this.index++;
    // start + k·period, not a running sum: float error stays at one rounding whatever k is.
    let t = this.startNs + this.index * this.periodNs;
    if (this.jitter !== null) {
      t += this.jitter.sample(this.rng);
      // Jitter may reorder neighbours; arrivals of one source must not go back in time.
      if (t < this.timeNs) t = this.timeNs;
    }
    this.timeNs = t;
    return toArrivalNs(t);
  }
}

/** Validates a periodic spec (`fields`, already known to be an object) and builds its process. */
export function createPeriodicProcess(
  fields: Fields,
  rng: RandomStream,
  path: string,
  startNs: number,
): PeriodicProcess {
  checkKnownFields(fields, ['type', 'rate', 'period', 'jitter'] satisfies (keyof PeriodicArrivalSpec)[], path);
  const hasRate = fields.rate !== undefined;
  const hasPeriod = fields.period !== undefined;
  if (hasRate === hasPeriod) {
    throw new ParameterError(
      path,
      hasRate
        ? 'give either rate (Hz) or period, not both'
        : 'needs a rate (Hz) or a period (a duration such as "10us")',
    );
  }
  const periodNs = hasRate ? NS_PER_S / readRateHz(fields, 'rate', path) : readDurationNs(fields, 'period', path, true);
  const jitter = fields.jitter === undefined ? null : readCost(fields, 'jitter', path);
  return new PeriodicProcess(periodNs, jitter, rng, startNs);
}
