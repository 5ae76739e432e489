import { describe, expect, it } from 'vitest';
import { RandomStream } from '../engine/rng.js';
import { batchMeansInterval, groupBatches, lag1Correlation, replicationInterval } from './batch-means.js';

describe('batchMeansInterval', () => {
  it('is the textbook batch-means interval when every batch holds one item', () => {
    // Batch means 1..5: mean 3, s² = (4 + 1 + 0 + 1 + 4)/4 = 2.5, s/√5 = 0.707107;
    // t(0.975, 4) = 2.776445, so the half-width is 1.963243.
    const ci = batchMeansInterval([1, 2, 3, 4, 5], [1, 1, 1, 1, 1], 0.95);
    expect(ci.estimate).toBe(3);
    expect(ci.halfWidth).toBeCloseTo(2.776445 * Math.sqrt(0.5), 5);
    expect(ci.low).toBeCloseTo(3 - 1.963243, 5);
    expect(ci.dof).toBe(4);
    expect(ci.samples).toBe(5);
  });

  it('weights batches by their item counts (ratio estimator)', () => {
    // sums 10, 30 over counts 2, 4: R = 40/6 = 6.6667 (not the mean of batch means, 6.25).
    // Residuals 10 − 2R = −3.3333 and 30 − 4R = 3.3333; Σd² = 22.222; Var = 22.222/(2·1)/3² = 1.2346,
    // se = 1.1111; t(0.975, 1) = 12.706205, half-width 14.11800.
    const ci = batchMeansInterval([10, 30], [2, 4], 0.95);
    expect(ci.estimate).toBeCloseTo(40 / 6, 12);
    expect(ci.halfWidth).toBeCloseTo(12.706205 * (10 / 9), 4);
  });

  it('rejects empty batches and mismatched arrays', () => {
    expect(() => batchMeansInterval([1, 2], [1, 0], 0.95)).toThrow(/batch 1 holds no items/);
    expect(() => batchMeansInterval([1, 2], [1], 0.95)).toThrow(/differ in length: 2 vs 1/);
    expect(() => batchMeansInterval([1], [1], 0.95)).toThrow(/at least 2 batches, got 1/);
  });

  it('covers the mean of an AR(1) process at about the nominal rate, where an iid interval does not', () => {
    // X_t = μ + φ(X_{t−1} − μ) + ε_t, ε ~ N(0, 1), φ = 0.9: the integrated autocorrelation time is
    // (1 + φ)/(1 − φ) = 19 samples, so batches of 1000 are nearly independent (lag-1 correlation of
    // batch means ≈ φ/(1 − φ)² / 1000 / 19 ≈ 0.005). Over 400 independent runs of 20 batches the
    // 95 % interval should cover μ in 95 % of runs: binomial sd √(0.95·0.05/400) = 0.011, so a
    // correct interval lands in [0.925, 0.975] with probability ≈ 0.98 (fixed seed: it does or
    // it does not, every time). Treating the 20 000 samples as iid (batches of one) underestimates
    // the variance 19-fold: its 95 % interval is ±1.96/√19 = ±0.45 true standard errors wide and
    // covers about 35 % of the time.
    const rng = new RandomStream(7, 'ar1');
    const mu = 5;
    const phi = 0.9;
    const runs = 400;
    const batches = 20;
    const perBatch = 1000;
    let covered = 0;
    let coveredIid = 0;
    const sums = new Float64Array(batches);
    const counts = new Float64Array(batches).fill(perBatch);
    const all = new Float64Array(batches * perBatch);
    const ones = new Float64Array(batches * perBatch).fill(1);
    for (let r = 0; r < runs; r++) {
      // Start in the stationary law N(μ, 1/(1 − φ²)) so there is no warm-up bias.
      let x = mu + normal(rng) / Math.sqrt(1 - phi * phi);
      sums.fill(0);
      for (let i = 0; i < batches * perBatch; i++) {
        x = mu + phi * (x - mu) + normal(rng);
        sums[Math.floor(i / perBatch)] += x;
        all[i] = x;
      }
      const ci = batchMeansInterval(sums, counts, 0.95);
      if (ci.low <= mu && mu <= ci.high) covered++;
      const iid = batchMeansInterval(all, ones, 0.95);
      if (iid.low <= mu && mu <= iid.high) coveredIid++;
    }
    expect(covered / runs).toBeGreaterThanOrEqual(0.925);
    expect(covered / runs).toBeLessThanOrEqual(0.975);
    expect(coveredIid / runs).toBeLessThan(0.5);
  });
});

describe('replicationInterval', () => {
  it('is mean ± t·s/√K', () => {
    // 2, 4, 6: mean 4, s = 2, s/√3 = 1.154701; t(0.975, 2) = 4.302653, half-width 4.968275.
    const ci = replicationInterval([2, 4, 6], 0.95);
    expect(ci.estimate).toBe(4);
    expect(ci.halfWidth).toBeCloseTo(4.968275, 5);
    expect(ci.dof).toBe(2);
  });

  it('needs two replications', () => {
    expect(() => replicationInterval([3], 0.95)).toThrow(/at least 2 replications, got 1/);
  });
});

describe('groupBatches and lag1Correlation', () => {
  it('sums consecutive intervals after the first', () => {
    // Intervals 0..6, skip 1, batches of 2: (1+2), (3+4), (5+6).
    const g = groupBatches([0, 1, 2, 3, 4, 5, 6], [9, 1, 1, 1, 1, 1, 1], 1, 2, 3);
    expect([...g.sums]).toEqual([3, 7, 11]);
    expect([...g.counts]).toEqual([2, 2, 2]);
    expect(() => groupBatches([1, 2, 3], [1, 1, 1], 1, 2, 2)).toThrow(/do not fit in a series of 3 intervals/);
  });

  it('measures the lag-1 correlation of batch means', () => {
    // Means 1, 2, 3, 4: deviations −1.5, −0.5, 0.5, 1.5; Σd² = 5;
    // Σ d_i·d_{i−1} = 0.75 − 0.25 + 0.75 = 1.25, r₁ = 0.25.
    expect(lag1Correlation([2, 4, 6, 8], [2, 2, 2, 2])).toBeCloseTo(0.25, 12);
  });
});

function normal(rng: RandomStream): number {
  // Box–Muller; one of the pair is enough here.
  return Math.sqrt(-2 * Math.log(rng.nextFloatOpen())) * Math.cos(2 * Math.PI * rng.nextFloat());
}
