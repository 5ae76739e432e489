/**
 * Tests for Poisson arrivals (poisson.ts): counts, dispersion and gaps against the theory of a
 * homogeneous Poisson process. Every bound is z = 5 standard errors computed from the rate and
 * the sample size (a false failure has probability below 1e-6; the seeds are fixed anyway).
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../engine/rng.js';
import { meanAndVariance, windowCounts } from './testing/counts.js';
import { PoissonProcess, createPoissonProcess } from './poisson.js';

const Z = 5;


describe('PoissonProcess', () => {
  it('reports its rate as the mean rate', () => {
    const p = createPoissonProcess({ type: 'poisson', rate: 250_000 }, new RandomStream(1, 'q'), 'a', 0);
    expect(p.meanRateHz).toBe(250_000);
    expect(p.meanGapNs).toBe(4_000); // 1e9 / 2.5e5
  });

  it('puts rate·T arrivals in a long window, within a Poisson CI, and disperses them like a Poisson process', () => {
    // rate 1 MHz over 1 s: N ~ Poisson(1e6), sd = √1e6 = 1000.
    const windows = 2_000; // of 500 us, each ~ Poisson(500)
    const counts = windowCounts(new PoissonProcess(1e6, new RandomStream(7, 'poisson'), 0), 500_000, windows);
    let total = 0;
    for (let i = 0; i < windows; i++) total += counts[i];
    expect(Math.abs(total - 1e6)).toBeLessThan(Z * 1000);
    // Index of dispersion D = s²/x̄: (m−1)·D ~ χ²(m−1), so sd(D) ≈ √(2/(m−1)) = 0.0316 for m = 2000.
    const { mean, variance } = meanAndVariance(counts);
    expect(Math.abs(variance / mean - 1)).toBeLessThan(Z * Math.sqrt(2 / (windows - 1)));
  });

  it('draws exponential gaps: mean 1/rate, sd = mean, and the exponential CDF (Kolmogorov–Smirnov)', () => {
    // rate 100 kHz: mean gap 10 us = 10_000 ns. n = 100_000 gaps: se(mean) = 10_000/√n = 31.6 ns.
    const n = 100_000;
    const p = new PoissonProcess(1e5, new RandomStream(3, 'gaps'), 0);
    const gaps = new Float64Array(n);
    let last = 0;
    for (let i = 0; i < n; i++) {
      const t = p.nextArrivalNs();
      gaps[i] = t - last;
      last = t;
    }
    const { mean, variance } = meanAndVariance(gaps);
    expect(Math.abs(mean - 10_000)).toBeLessThan(Z * (10_000 / Math.sqrt(n)));
    // Var(sample sd) of an exponential: sd(s) ≈ σ·√((κ−1)/(4n)) with kurtosis κ = 9, i.e. σ·√(2/n) = 44.7 ns.
    expect(Math.abs(Math.sqrt(variance) - 10_000)).toBeLessThan(Z * 10_000 * Math.sqrt(2 / n));
    // KS statistic against F(x) = 1 − e^(−x/10000); the 0.1% critical value is 1.95/√n = 0.0062.
    // Rounding to whole ns moves F by at most 0.5/10000 = 5e-5, far inside that.
    gaps.sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = 1 - Math.exp(-gaps[i] / 10_000);
      d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
    }
    expect(d).toBeLessThan(1.95 / Math.sqrt(n));
  });

  it('returns whole ns, non-decreasing, never before startNs', () => {
    // 1 GHz (the maximum) with gaps of ~1 ns: rounding must still never step back.
    const p = new PoissonProcess(1e9, new RandomStream(5, 'fast'), 123_456);
    let last = 123_456;
    let ties = 0;
    for (let i = 0; i < 100_000; i++) {
      const t = p.nextArrivalNs();
      if (!Number.isInteger(t) || t < last) expect.fail(`arrival ${i}: got ${t} after ${last}`);
      if (t === last) ties++;
      last = t;
    }
    // Sanity on the model itself: at one arrival per ns some arrivals share a ns.
    expect(ties).toBeGreaterThan(0);
  });
});
