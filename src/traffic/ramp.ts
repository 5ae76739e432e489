/**
 * Ramp: a non-homogeneous Poisson process whose rate moves linearly from `from` to `to` over
 * `over`, then holds `to` or stops; how a storm builds up (or drains). No kernel counterpart.
 */
import { ParameterError } from '../engine/distributions.js';
import type { RandomStream } from '../engine/rng.js';
import { NS_PER_S } from '../engine/time.js';
import { toArrivalNs } from './arrival-clock.js';
import type { ArrivalProcess } from './process.js';
import type { RampArrivalSpec } from './arrival-spec.js';
import { checkKnownFields, readChoice, readDurationNs, readRateHz, type Fields } from './spec-fields.js';

/**
 * Arrivals by exact inversion of the cumulative rate Λ(x) = from·x + (to−from)·x²/(2·over): the
 * k-th arrival is at Λ⁻¹(E₁ + … + E_k), E unit exponentials. Thinning would also be exact, but it
 * draws and rejects candidates at the peak rate, so its cost and its use of the random stream
 * grow with max/min (without bound for a ramp from 0); inversion costs one draw and a sqrt per
 * arrival whatever the shape, and each arrival consumes exactly one number from the stream.
 */
export class RampProcess implements ArrivalProcess {
  /** `to` when the process holds a non-zero rate forever; otherwise (from + to)/2, the mean over the ramp. */
  readonly meanRateHz: number;
  /** Rate at the start (arrivals per ns). */
  readonly fromPerNs: number;
  /** Rate at the end and after (arrivals per ns). */
  readonly toPerNs: number;
  /** Half the slope: Λ(x) = fromPerNs·x + halfSlope·x² (per ns²). */
  readonly halfSlope: number;
  readonly overNs: number;
  /** Λ(over): expected arrivals during the ramp. */
  readonly rampArea: number;
  readonly hold: boolean;
  readonly startNs: number;
  readonly rng: RandomStream;
  /** Λ at the last arrival: the running sum of unit exponentials. */
  area = 0;
  /** Exact offset of the last arrival from the start (float ns). */
  offsetNs = 0;

  constructor(fromHz: number, toHz: number, overNs: number, hold: boolean, rng: RandomStream, startNs: number) {
    this.fromPerNs = fromHz / NS_PER_S;
    this.toPerNs = toHz / NS_PER_S;
    this.overNs = overNs;
    this.halfSlope = (this.toPerNs - this.fromPerNs) / (2 * overNs);
    this.rampArea = ((this.fromPerNs + this.toPerNs) / 2) * overNs;
    this.hold = hold;
    this.meanRateHz = hold && toHz > 0 ? toHz : (fromHz + toHz) / 2;
    this.rng = rng;
    this.startNs = startNs;
  }

  nextArrivalNs(): number {
    this.area -= Math.log(this.rng.nextFloatOpen());
    const area = this.area;
    let x: number;
    if (area <= this.rampArea) {
      // Root of halfSlope·x² + from·x − area = 0 in the cancellation-free form 2c/(b + √(b²+4ac)).
      // b² + 4·halfSlope·area equals λ(x)², never negative but for float noise near a ramp to 0.
      const disc = this.fromPerNs * this.fromPerNs + 4 * this.halfSlope * area;
      x = (2 * area) / (this.fromPerNs + Math.sqrt(disc > 0 ? disc : 0));
      if (x > this.overNs) x = this.overNs;
    } else if (this.hold && this.toPerNs > 0) {
      x = this.overNs + (area - this.rampArea) / this.toPerNs;
    } else {
      return Infinity;
    }
    // Λ⁻¹ is increasing; guard the last ulp so float noise can never step back.
    if (x < this.offsetNs) x = this.offsetNs;
    this.offsetNs = x;
    return toArrivalNs(this.startNs + x);
  }
}

/** Validates a ramp spec (`fields`, already known to be an object) and builds its process. */
export function createRampProcess(fields: Fields, rng: RandomStream, path: string, startNs: number): RampProcess {
  checkKnownFields(fields, ['type', 'from', 'to', 'over', 'then'] satisfies (keyof RampArrivalSpec)[], path);
  const fromHz = readRateHz(fields, 'from', path, true);
  const toHz = readRateHz(fields, 'to', path, true);
  if (fromHz === 0 && toHz === 0) {
    throw new ParameterError(path, 'a ramp from 0 Hz to 0 Hz never fires; at least one of from and to must be greater than 0');
  }
  const overNs = readDurationNs(fields, 'over', path, true);
  const then = readChoice(fields, 'then', path, ['hold', 'stop'] as const, 'hold');
  return new RampProcess(fromHz, toHz, overNs, then === 'hold', rng, startNs);
}
