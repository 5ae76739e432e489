/**
 * Confidence intervals for the output of one simulation: the mean by non-overlapping batch
 * means (Law, "Simulation Modeling and Analysis", 5th ed., §9.5.3), in ratio form because a
 * batch holds a random number of latencies, and any statistic (quantiles included) by a
 * t-interval over independent replications (ibid. §9.4.1). No kernel counterpart.
 *
 * Why quantile intervals come from replications and not from order statistics: the classical
 * distribution-free interval for a quantile (the binomial argument on the order statistics)
 * assumes iid samples. Successive sojourn times in a queue are strongly positively correlated
 * (a customer behind a long queue is followed by others behind the same queue; at ρ = 0.95 the
 * correlation of the M/M/1 sojourn sequence lasts thousands of customers), so an order-statistic
 * interval built from n correlated samples would be far too narrow. Independent replications
 * (different seeds, each with its own warm-up) give independent quantile estimates, each close to
 * normal for long runs, so a t-interval over them is valid whatever the correlation inside a run.
 */
import { tCritical } from '../metrics/student-t.js';

/** A two-sided confidence interval around a point estimate. */
export interface ConfidenceInterval {
  /** Point estimate. */
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  /** (high − low) / 2. */
  readonly halfWidth: number;
  /** Confidence level, e.g. 0.95. */
  readonly level: number;
  /** Degrees of freedom of the t multiplier (batches − 1, or replications − 1). */
  readonly dof: number;
  /** Batches or replications used. */
  readonly samples: number;
}

/**
 * Batch-means interval for a mean of per-item values when batch i holds sum `sums[i]` over
 * `counts[i]` items (e.g. the end-to-end latency series of one statistics interval).
 *
 * The estimate is the ratio R = Σ sums / Σ counts, i.e. the plain mean over all items. Its
 * variance is estimated by the delta method for a ratio estimator (Cochran, "Sampling
 * Techniques", 3rd ed., §6.3): Var(R) ≈ Σ (sums[i] − R·counts[i])² / (B(B − 1)·c̄²), with B
 * batches and c̄ their mean count. This treats batches as independent, which holds when a batch
 * is much longer than the output's correlation time (the caller's responsibility; see
 * `lag1Correlation`). With every count 1 it is the textbook batch-means interval
 * mean ± t·s/√B. Averaging the batches' own means instead would weight a quiet batch like a
 * busy one and, in a queue, bias the mean low (busy batches hold more and longer latencies).
 */
export function batchMeansInterval(sums: ArrayLike<number>, counts: ArrayLike<number>, level: number): ConfidenceInterval {
  const b = sums.length;
  if (counts.length !== b) throw new RangeError(`batch sums and counts differ in length: ${b} vs ${counts.length}`);
  if (b < 2) throw new RangeError(`batch means need at least 2 batches, got ${b}`);
  let sumTotal = 0;
  let countTotal = 0;
  for (let i = 0; i < b; i++) {
    if (!(counts[i] > 0)) throw new RangeError(`batch ${i} holds no items (count ${counts[i]}); use longer batches`);
    sumTotal += sums[i];
    countTotal += counts[i];
  }
  const ratio = sumTotal / countTotal;
  const meanCount = countTotal / b;
  let ss = 0;
  for (let i = 0; i < b; i++) {
    const d = sums[i] - ratio * counts[i];
    ss += d * d;
  }
  const se = Math.sqrt(ss / (b * (b - 1))) / meanCount;
  return interval(ratio, se, level, b - 1, b);
}

/**
 * t-interval over K independent replications' values of one statistic (a mean, a quantile, a
 * fraction): mean ± t(K − 1)·s/√K.
 */
export function replicationInterval(values: ArrayLike<number>, level: number): ConfidenceInterval {
  const k = values.length;
  if (k < 2) throw new RangeError(`a replication interval needs at least 2 replications, got ${k}`);
  let sum = 0;
  for (let i = 0; i < k; i++) sum += values[i];
  const mean = sum / k;
  let ss = 0;
  for (let i = 0; i < k; i++) ss += (values[i] - mean) * (values[i] - mean);
  const se = Math.sqrt(ss / (k - 1) / k);
  return interval(mean, se, level, k - 1, k);
}

/**
 * Groups consecutive series intervals into batches: batch j sums intervals
 * first + j·per … first + (j+1)·per − 1 of `sums`/`counts`. Returns fresh arrays of length `batches`.
 */
export function groupBatches(
  sums: ArrayLike<number>,
  counts: ArrayLike<number>,
  first: number,
  per: number,
  batches: number,
): { sums: Float64Array; counts: Float64Array } {
  if (!Number.isInteger(per) || per < 1) throw new RangeError(`intervals per batch must be an integer >= 1, got ${per}`);
  if (!Number.isInteger(first) || first < 0 || first + per * batches > sums.length) {
    throw new RangeError(
      `batches ${first} + ${per}·${batches} do not fit in a series of ${sums.length} intervals`,
    );
  }
  const outSums = new Float64Array(batches);
  const outCounts = new Float64Array(batches);
  for (let j = 0; j < batches; j++) {
    for (let i = first + j * per; i < first + (j + 1) * per; i++) {
      outSums[j] += sums[i];
      outCounts[j] += counts[i];
    }
  }
  return { sums: outSums, counts: outCounts };
}

/**
 * Lag-1 autocorrelation of the batch means sums[i]/counts[i]: a diagnostic that batches are long
 * enough to be treated as independent (|r₁| small next to 2/√B).
 */
export function lag1Correlation(sums: ArrayLike<number>, counts: ArrayLike<number>): number {
  const b = sums.length;
  if (b < 3) return Number.NaN;
  let mean = 0;
  for (let i = 0; i < b; i++) mean += sums[i] / counts[i];
  mean /= b;
  let num = 0;
  let den = 0;
  for (let i = 0; i < b; i++) {
    const d = sums[i] / counts[i] - mean;
    den += d * d;
    if (i > 0) num += d * (sums[i - 1] / counts[i - 1] - mean);
  }
  return den > 0 ? num / den : 0;
}

function interval(estimate: number, se: number, level: number, dof: number, samples: number): ConfidenceInterval {
  const halfWidth = tCritical(level, dof) * se;
  return { estimate, low: estimate - halfWidth, high: estimate + halfWidth, halfWidth, level, dof, samples };
}
