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
  /** Exact time of the last arrival (float ns). */
  timeNs: number;
  readonly rng: RandomStream;

  constructor(rateHz: number, rng: RandomStream, startNs: number) {
    this.meanRateHz = rateHz;
    this.meanGapNs = NS_PER_S / rateHz;
    this.timeNs = startNs;
    this.rng = rng;
  }

  nextArrivalNs(): number {
    // Inverse CDF of the exponential; nextFloatOpen excludes 0, so the log is finite.
    this.timeNs -= this.meanGapNs * Math.log(this.rng.nextFloatOpen());
    return toArrivalNs(this.timeNs);
  }
}

/** Validates a poisson spec (`fields`, already known to be an object) and builds its process. */
export function createPoissonProcess(fields: Fields, rng: RandomStream, path: string, startNs: number): PoissonProcess {
  checkKnownFields(fields, ['type', 'rate'] satisfies (keyof PoissonArrivalSpec)[], path);
  return new PoissonProcess(readRateHz(fields, 'rate', path), rng, startNs);
}
