/**
 * Statistics across seeds: each seed is one independent replication, so a metric's mean over
 * R seeds has a Student-t confidence interval with R − 1 degrees of freedom. Two variants run
 * with the same seeds see the same arrival draws (common random numbers), so their difference
 * is judged by a paired t-test on the per-seed differences: valid whatever the correlation
 * between the variants, and sharper than Welch's unpaired test when they are correlated, as
 * common random numbers make them.
 */
import { studentTTwoSided, tCritical } from '../metrics/student-t.js';

/** The confidence level of every interval and test (two-sided). */
export const CONFIDENCE = 0.95;

export interface Estimate {
  /** Replications with a value (NaNs are left out). */
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); NaN for n < 2. */
  readonly sd: number;
  /** Half-width of the CONFIDENCE interval of the mean; NaN for n < 2. */
  readonly halfWidth: number;
}

/** Welford's running mean and variance: one pass, numerically stable, O(1) memory. */
export class RunningStats {
  n = 0;
  mean = 0;
  #m2 = 0;

  add(x: number): void {
    if (Number.isNaN(x)) return;
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.#m2 += d * (x - this.mean);
  }

  estimate(level: number = CONFIDENCE): Estimate {
    if (this.n === 0) return { n: 0, mean: NaN, sd: NaN, halfWidth: NaN };
    if (this.n === 1) return { n: 1, mean: this.mean, sd: NaN, halfWidth: NaN };
    const sd = Math.sqrt(this.#m2 / (this.n - 1));
    return { n: this.n, mean: this.mean, sd, halfWidth: (tCritical(level, this.n - 1) * sd) / Math.sqrt(this.n) };
  }
}

/** Mean and confidence interval of `values` (NaNs left out). */
export function estimate(values: readonly number[], level: number = CONFIDENCE): Estimate {
  const s = new RunningStats();
  for (const v of values) s.add(v);
  return s.estimate(level);
}

export interface PairedDifference extends Estimate {
  /** t = mean / (sd / √n); ±Infinity when every difference is the same non-zero value. */
  readonly t: number;
  /** Two-sided p-value of "no difference"; NaN for n < 2. */
  readonly p: number;
  /** p < 1 − level. */
  readonly significant: boolean;
}

/**
 * The paired t-test of `b − a` over replications (pairs where either is NaN are left out):
 * the mean difference with its confidence interval and the two-sided p-value.
 */
export function pairedDifference(a: readonly number[], b: readonly number[], level: number = CONFIDENCE): PairedDifference {
  if (a.length !== b.length) throw new RangeError(`paired samples must have equal length, got ${a.length} and ${b.length}`);
  const diffs: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) diffs.push(b[i] - a[i]);
  const e = estimate(diffs, level);
  if (e.n < 2) return { ...e, t: NaN, p: NaN, significant: false };
  if (e.sd === 0) {
    // Every seed moved by exactly the same amount: no spread to weigh it against.
    const same = e.mean === 0;
    return { ...e, t: same ? 0 : Math.sign(e.mean) * Infinity, p: same ? 1 : 0, significant: !same };
  }
  const t = e.mean / (e.sd / Math.sqrt(e.n));
  const p = 1 - studentTTwoSided(Math.abs(t), e.n - 1);
  return { ...e, t, p, significant: p < 1 - level };
}
