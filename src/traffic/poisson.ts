/**
 * Poisson arrivals: independent exponential gaps of mean 1/rate, the memoryless traffic of many
 * unsynchronised senders (a peer's ntb_transport queue fed by many flows). No kernel counterpart.
 */
import type { RandomStream } from '../engine/rng.js';
import { NS_PER_S } from '../engine/time.js';
import { toArrivalNs } from './arrival-clock.js';
import type { ArrivalProcess } from './process.js';
import type { PoissonArrivalSpec } from './arrival-spec.js';
import { checkKnownFields, readRateHz, type Fields } from './spec-fields.js';

export class PoissonProcess implements ArrivalProcess {
  readonly meanRateHz: number;
  /** Mean gap between arrivals (float ns). */
  readonly meanGapNs: number;
  readonly rng: RandomStream;
  // PERF: [exact time of the last arrival (float ns), mean gap]: the clock RandomStream.stepExponential
  // advances in place, so no double is passed or returned on the way (none to box).
  readonly #clock = new Float64Array(2);

  constructor(rateHz: number, rng: RandomStream, startNs: number) {
    this.meanRateHz = rateHz;
    this.meanGapNs = NS_PER_S / rateHz;
    this.#clock[0] = startNs;
    this.#clock[1] = this.meanGapNs;
    this.rng = rng;
  }

  /** Exact time of the last arrival (float ns). */
  get timeNs(): number {
    return this.#clock[0];
  }

  nextArrivalNs(): number {
    // Inverse CDF of the exponential; the uniform excludes 0, so the log is finite.
    this.rng.stepExponential(this.#clock, 0);
    return toArrivalNs(this.#clock[0]);
  }
}

/** Validates a poisson spec (`fields`, already known to be an object) and builds its process. */
export function createPoissonProcess(fields: Fields, rng: RandomStream, path: string, startNs: number): PoissonProcess {
  checkKnownFields(fields, ['type', 'rate'] satisfies (keyof PoissonArrivalSpec)[], path);
  return new PoissonProcess(readRateHz(fields, 'rate', path), rng, startNs);
}
