/**
 * On/off bursts: a peer that alternates between sending (on) and silence (off), the shape of a
 * bulk transfer over ntb_transport that pauses between messages. The first on period starts at
 * the start time; while on, arrivals come at `rate`, as a Poisson process or periodically from
 * the burst's first instant. No kernel counterpart.
 */
import { ParameterError, type Sampler } from '../engine/distributions.js';
import type { RandomStream } from '../engine/rng.js';
import { MAX_TIME_NS, NS_PER_S } from '../engine/time.js';
import { toArrivalNs } from './arrival-clock.js';
import type { ArrivalProcess } from './process.js';
import type { OnOffArrivalSpec } from './arrival-spec.js';
import { checkKnownFields, readChoice, readCost, readRateHz, type Fields } from './spec-fields.js';

export class OnOffProcess implements ArrivalProcess {
  readonly meanRateHz: number;
  readonly onNs: Sampler;
  readonly offNs: Sampler;
  /** Mean gap while on (float ns). */
  readonly gapNs: number;
  /** false: Poisson within bursts; true: one arrival every gapNs from the burst's start. */
  readonly periodic: boolean;
  readonly rng: RandomStream;
  /** Current burst: [onStartNs, onEndNs), exact float ns. */
  onStartNs: number;
  onEndNs: number;
  /** Arrivals so far in the current burst (periodic mode). */
  burstIndex = 0;
  /** Exact time of the last arrival, or the burst start before its first (float ns). */
  timeNs: number;

  constructor(onNs: Sampler, offNs: Sampler, rateHz: number, periodic: boolean, rng: RandomStream, startNs: number) {
    this.onNs = onNs;
    this.offNs = offNs;
    this.gapNs = NS_PER_S / rateHz;
    this.periodic = periodic;
    this.rng = rng;
    this.onStartNs = startNs;
    this.onEndNs = startNs + nonNegative(onNs.sample(rng));
    this.timeNs = startNs;
    // MODEL: a periodic burst of length L holds ceil(L·rate) arrivals, so rate·E[on] is exact
    // only for Poisson bursts or when a fixed on length is a multiple of the period. For a fixed
    // on length we count exactly; for a random one we take rate·E[on] (short by < 1 per burst).
    const perBurst =
      periodic && onNs.variance === 0 ? Math.ceil((onNs.mean * rateHz) / NS_PER_S) : (onNs.mean * rateHz) / NS_PER_S;
    this.meanRateHz = (perBurst * NS_PER_S) / (onNs.mean + offNs.mean);
  }

  nextArrivalNs(): number {
    for (;;) {
      const t = this.periodic
        ? this.onStartNs + this.burstIndex * this.gapNs
        : this.timeNs - this.gapNs * Math.log(this.rng.nextFloatOpen());
      if (t < this.onEndNs) {
        this.burstIndex++;
        this.timeNs = t;
        return toArrivalNs(t);
      }
      // The burst is over: skip the off period. A Poisson draw that overshot the burst is
      // simply dropped; by memorylessness the next burst restarts the clock at its start.
      if (this.onEndNs > MAX_TIME_NS) return Infinity;
      this.onStartNs = this.onEndNs + nonNegative(this.offNs.sample(this.rng));
      this.onEndNs = this.onStartNs + nonNegative(this.onNs.sample(this.rng));
      this.timeNs = this.onStartNs;
      this.burstIndex = 0;
    }
  }
}

// MODEL: a normal on/off length can come out negative; such a period is taken as 0.
function nonNegative(ns: number): number {
  return ns > 0 ? ns : 0;
}

/** Validates an onoff spec (`fields`, already known to be an object) and builds its process. */
export function createOnOffProcess(fields: Fields, rng: RandomStream, path: string, startNs: number): OnOffProcess {
  checkKnownFields(fields, ['type', 'on', 'off', 'rate', 'within'] satisfies (keyof OnOffArrivalSpec)[], path);
  const on = readCost(fields, 'on', path);
  if (!(on.mean > 0) || !Number.isFinite(on.mean)) {
    throw new ParameterError(`${path}.on`, `mean on-period must be finite and greater than 0 ns, got ${on.mean}`);
  }
  const off = readCost(fields, 'off', path);
  if (!(off.mean >= 0) || !Number.isFinite(off.mean)) {
    throw new ParameterError(`${path}.off`, `mean off-period must be finite and at least 0 ns, got ${off.mean}`);
  }
  const rateHz = readRateHz(fields, 'rate', path);
  const within = readChoice(fields, 'within', path, ['poisson', 'periodic'] as const, 'poisson');
  return new OnOffProcess(on, off, rateHz, within === 'periodic', rng, startNs);
}
