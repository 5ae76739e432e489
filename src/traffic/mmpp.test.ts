/**
 * Tests for the Markov-modulated Poisson process (mmpp.ts): the stationary distribution of
 * its semi-Markov chain, the long-run rate Σ πᵢ·rateᵢ, over-dispersion against the closed form
 * for two states, and a stationary start.
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../engine/rng.js';
import { meanAndVariance, windowCounts } from './testing/counts.js';
import { createMmppProcess, stationaryTimeFractions } from './mmpp.js';

const Z = 5;


// Two states: 1 MHz for a mean 10 us, 100 kHz for a mean 40 us, cycling (the default).
const TWO_STATE = {
  type: 'mmpp',
  states: [
    { rate: 1e6, meanSojourn: '10us' },
    { rate: 1e5, meanSojourn: '40us' },
  ],
};

describe('stationaryTimeFractions', () => {
  it('weights the jump chain by mean sojourn', () => {
    // Cycle 0→1→2→0: ν = (1/3, 1/3, 1/3); sojourns 1, 2, 3 give π = (1, 2, 3)/6.
    const cycle = Float64Array.from([0, 1, 0, 0, 0, 1, 1, 0, 0]);
    const pi = stationaryTimeFractions(cycle, Float64Array.from([1, 2, 3]));
    expect(Array.from(pi).map((x) => x * 6)).toEqual([1, 2, 3].map((x) => expect.closeTo(x, 12)));
    // Star 0→{1, 2} evenly, 1→0, 2→0: ν = (1/2, 1/4, 1/4); sojourns 10, 20, 40 weigh 5, 5, 10: π = (1/4, 1/4, 1/2).
    const star = Float64Array.from([0, 0.5, 0.5, 1, 0, 0, 1, 0, 0]);
    const pi2 = stationaryTimeFractions(star, Float64Array.from([10, 20, 40]));
    expect(Array.from(pi2)).toEqual([0.25, 0.25, 0.5].map((x) => expect.closeTo(x, 12)));
  });

  it('counts a self-loop as a longer stay', () => {
    // 0 stays with probability 1/2, so it is left after 2 visits on average: ν = (2/3, 1/3); equal
    // sojourns give π = (2/3, 1/3), exactly as a single stay of twice the mean would.
    const p = Float64Array.from([0.5, 0.5, 1, 0]);
    expect(Array.from(stationaryTimeFractions(p, Float64Array.from([1, 1])))).toEqual([
      expect.closeTo(2 / 3, 12),
      expect.closeTo(1 / 3, 12),
    ]);
  });
});

describe('MmppProcess', () => {
  it('has long-run rate Σ πᵢ·rateᵢ and produces it, within a CI from the two-state variance', () => {
    // Leave rates σ1 = 1/10us = 1e5/s, σ2 = 1/40us = 2.5e4/s; π = (σ2, σ1)/(σ1+σ2) = (0.2, 0.8).
    // λ̄ = 0.2·1e6 + 0.8·1e5 = 2.8e5 Hz.
    // Asymptotic index of dispersion (two-state MMPP): 1 + 2σ1σ2(λ1−λ2)²/((σ1+σ2)³λ̄)
    //   = 1 + 2·1e5·2.5e4·(9e5)² / ((1.25e5)³·2.8e5) = 1 + 4.05e21/5.469e20 = 8.406.
    // Over T = 1 s: Var N ≈ 2.8e5·8.406, sd ≈ 1534.
    const p = createMmppProcess(TWO_STATE, new RandomStream(1, 'mmpp'), 'a', 0);
    expect(p.meanRateHz).toBeCloseTo(280_000, 6);
    expect(Array.from(p.stationary)).toEqual([expect.closeTo(0.2, 12), expect.closeTo(0.8, 12)]);
    let n = 0;
    while (p.nextArrivalNs() < 1e9) n++;
    expect(Math.abs(n - 280_000)).toBeLessThan(Z * Math.sqrt(280_000 * 8.406));
  });

  it('is over-dispersed: windowed index of dispersion matches the two-state closed form', () => {
    // IDC(τ) = 1 + 2c/(λ̄s)·(1 − (1 − e^(−sτ))/(sτ)), s = σ1+σ2 = 1.25e5/s, 2c/(λ̄s) = 7.406.
    // For τ = 1 ms: sτ = 125, IDC = 1 + 7.406·(1 − 1/125) = 8.347.
    // Windows of 1 ms are ~125 correlation times long, so their counts are close to independent
    // and near-normal: the sample variance has relative sd √(2/(m−1)) = 0.0447 for m = 1000.
    const windows = 1000;
    const counts = windowCounts(createMmppProcess(TWO_STATE, new RandomStream(2, 'mmpp'), 'a', 0), 1e6, windows);
    const { mean, variance } = meanAndVariance(counts);
    const d = variance / mean;
    const relSd = Math.sqrt(2 / (windows - 1));
    expect(d).toBeGreaterThan(1 + Z * relSd); // rejects Poisson (D = 1 ± Z·relSd)
    expect(Math.abs(d / 8.347 - 1)).toBeLessThan(Z * relSd);
  });

  it('follows a general transition matrix (batch-means CI)', () => {
    // Star chain from stationaryTimeFractions' test: π = (1/4, 1/4, 1/2) with sojourns 10, 20, 40 us.
    // Rates 100, 400, 200 kHz: λ̄ = 25 + 100 + 100 = 225 kHz.
    const spec = {
      type: 'mmpp',
      states: [
        { rate: 1e5, meanSojourn: '10us' },
        { rate: 4e5, meanSojourn: '20us' },
        { rate: 2e5, meanSojourn: '40us' },
      ],
      transitions: [
        [0, 0.5, 0.5],
        [1, 0, 0],
        [1, 0, 0],
      ],
    };
    const p = createMmppProcess(spec, new RandomStream(3, 'mmpp'), 'a', 0);
    expect(p.meanRateHz).toBeCloseTo(225_000, 6);
    // 100 batches of 10 ms, each ~300 mean cycles long, so batch counts are nearly independent:
    // the mean count per batch has se = s/√100.
    const batches = 100;
    const counts = windowCounts(p, 1e7, batches);
    const { mean, variance } = meanAndVariance(counts);
    expect(Math.abs(mean - 2250)).toBeLessThan(Z * Math.sqrt(variance / batches));
  });

  it('supports a silent state (an interrupted Poisson process)', () => {
    // Silent and 1 MHz, 10 us each: λ̄ = 0.5 MHz. No arrival can come from the silent state.
    const spec = {
      type: 'mmpp',
      states: [
        { rate: 0, meanSojourn: '10us' },
        { rate: 1e6, meanSojourn: '10us' },
      ],
    };
    const p = createMmppProcess(spec, new RandomStream(4, 'ipp'), 'a', 0);
    expect(p.meanRateHz).toBeCloseTo(500_000, 6);
    let n = 0;
    for (let t = p.nextArrivalNs(); t < 1e8; t = p.nextArrivalNs()) {
      if (p.state !== 1) expect.fail(`arrival at ${t} ns in silent state ${p.state}`);
      n++;
    }
    // Two-state formula with σ1 = σ2 = 1e5/s, λ = (0, 1e6): IDC∞ = 1 + 2·1e10·1e12/(8e15·5e5) = 6.
    // Over 0.1 s: mean 5e4, sd √(5e4·6) = 548.
    expect(Math.abs(n - 50_000)).toBeLessThan(Z * Math.sqrt(50_000 * 6));
  });

  it('starts in the stationary distribution', () => {
    // π = (0.2, 0.8): out of 4000 independent streams, Binomial(4000, 0.2) start in state 0,
    // mean 800, sd √(4000·0.2·0.8) = 25.3.
    let inFirst = 0;
    for (let i = 0; i < 4000; i++) {
      if (createMmppProcess(TWO_STATE, new RandomStream(5, `s${i}`), 'a', 0).state === 0) inFirst++;
    }
    expect(Math.abs(inFirst - 800)).toBeLessThan(Z * Math.sqrt(4000 * 0.2 * 0.8));
  });
});
