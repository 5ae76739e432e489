import { describe, expect, it } from 'vitest';
import { RandomStream } from '../engine/rng.js';
import { BigFixed } from './big-fixed.js';
import {
  md1SojournCdf,
  md1SojournQuantileNs,
  md1WaitingCdfUnits,
  mg1MeanSojournNs,
  mm1MeanSojournNs,
  mm1SojournQuantileNs,
  relaxationTimeNs,
  serviceMoments,
  utilisation,
} from './queueing.js';

describe('Pollaczek–Khinchine mean (M/G/1)', () => {
  it('matches hand-worked values', () => {
    // λ = 800 kHz = 0.0008/ns, E[S] = 1000 ns, ρ = 0.8.
    // M/D/1: E[S²] = 1e6 → 1000 + 0.0008·1e6/(2·0.2) = 1000 + 2000 = 3000 ns.
    expect(mg1MeanSojournNs(800_000, 1000, 1e6)).toBeCloseTo(3000, 9);
    // M/M/1: E[S²] = 2·1000² → 1000 + 1600/0.4 = 5000 ns = 1/(μ − λ) = 1/0.0002.
    expect(mg1MeanSojournNs(800_000, 1000, 2e6)).toBeCloseTo(5000, 9);
    expect(mm1MeanSojournNs(800_000, 1000)).toBeCloseTo(5000, 9);
    // Uniform[0, 2000]: E[S²] = 2000²/3 = 1.3333e6; at ρ = 0.5: 1000 + 0.0005·1.3333e6/1 = 1666.67 ns.
    const u = serviceMoments({ type: 'uniform', min: 0, max: 2000 });
    expect(u.secondMomentNs2).toBeCloseTo(4e6 / 3, 6);
    expect(mg1MeanSojournNs(500_000, u.meanNs, u.secondMomentNs2)).toBeCloseTo(1000 + 2000 / 3, 6);
    // Lognormal σ = 1, mean 1000 (μ = ln 1000 − 1/2): E[S²] = e^(2μ + 2σ²) = 1000²·e = 2.718282e6;
    // at ρ = 0.8: 1000 + 0.0008·2.718282e6/0.4 = 6436.564 ns.
    const ln = serviceMoments({ type: 'lognormal', mu: Math.log(1000) - 0.5, sigma: 1 });
    expect(ln.meanNs).toBeCloseTo(1000, 9);
    expect(mg1MeanSojournNs(800_000, ln.meanNs, ln.secondMomentNs2)).toBeCloseTo(1000 + 2000 * Math.E, 6);
  });

  it('rejects unstable loads and impossible moments', () => {
    expect(() => mg1MeanSojournNs(1_000_000, 1000, 1e6)).toThrow(/unstable.*got 1/);
    expect(() => mg1MeanSojournNs(500_000, 1000, 5e5)).toThrow(/E\[S²\] must be at least/);
    expect(() => utilisation(0, 1000)).toThrow(/arrival rate must be > 0 Hz, got 0/);
  });
});

describe('M/M/1 sojourn quantiles', () => {
  it('are those of Exp(μ − λ)', () => {
    // ρ = 0.8, E[S] = 1 µs: μ − λ = 0.2/µs, mean 5 µs; p50 = 5 ln 2 = 3465.736 ns, p99 = 5 ln 100 = 23025.851 ns.
    expect(mm1SojournQuantileNs(800_000, 1000, 0.5)).toBeCloseTo(3465.7359, 3);
    expect(mm1SojournQuantileNs(800_000, 1000, 0.99)).toBeCloseTo(23025.8509, 3);
    // ρ = 0.5: mean 2 µs, p99 = 2 ln 100 = 9210.340 ns.
    expect(mm1SojournQuantileNs(500_000, 1000, 0.99)).toBeCloseTo(9210.3404, 3);
  });
});

/**
 * Brute force for the M/D/1 waiting-time CDF (units of D, load ρ): the Takács integral
 * equation F(x) = (1 − ρ) + ρ∫_{max(0, x−1)}^{x} F(s) ds, solved on a grid of step h by the
 * trapezoid rule (error O(h²)); each step is explicit in F(x_n). Shares nothing with the series.
 */
function md1CdfByIntegralEquation(rho: number, xMax: number, stepsPerUnit: number): Float64Array {
  const n = Math.round(xMax * stepsPerUnit);
  const h = 1 / stepsPerUnit;
  const f = new Float64Array(n + 1);
  f[0] = 1 - rho;
  let inner = 0; // Σ F_j over lo < j < i
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(0, i - stepsPerUnit);
    // Slide the window (lo, i): add F_{i−1}, drop F_lo once lo moved past 0.
    if (i - 1 > lo) inner += f[i - 1];
    if (i - stepsPerUnit > 0) inner -= f[lo];
    f[i] = (1 - rho + rho * h * (0.5 * f[lo] + inner)) / (1 - (rho * h) / 2);
  }
  return f;
}

describe('M/D/1 waiting-time CDF (Erlang/Crommelin series)', () => {
  it('matches hand-worked values on the first two unit intervals', () => {
    // 0 ≤ x < 1: only k = 0, F = (1 − ρ)e^{ρx}. ρ = 0.5, x = 0.5: 0.5·e^{0.25} = 0.642012708.
    expect(md1WaitingCdfUnits(0.5, 0.5)).toBeCloseTo(0.5 * Math.exp(0.25), 14);
    // 1 ≤ x < 2: F = (1 − ρ)(e^{ρx} − ρ(x − 1)e^{ρ(x−1)}). ρ = 0.5, x = 1.5:
    // 0.5·(e^{0.75} − 0.25·e^{0.25}) = 0.5·(2.117000017 − 0.321006354) = 0.897996831.
    expect(md1WaitingCdfUnits(1.5, 0.5)).toBeCloseTo(0.897996831, 9);
    // The atom: F(0) = 1 − ρ.
    expect(md1WaitingCdfUnits(0, 0.8)).toBeCloseTo(0.2, 15);
  });

  it.each([0.5, 0.8, 0.95])('agrees with the integral equation solved numerically at ρ = %f', (rho) => {
    const perUnit = 1000;
    const xMax = rho === 0.95 ? 60 : 20;
    const f = md1CdfByIntegralEquation(rho, xMax, perUnit);
    for (const x of [0.25, 1, 1.7, 3.3, 7.5, 12, xMax - 0.5]) {
      // Trapezoid error at h = 1e-3 is ~1e-7 here; the series is exact to ~1e-15.
      expect(Math.abs(md1WaitingCdfUnits(x, rho) - f[Math.round(x * perUnit)])).toBeLessThan(2e-6);
    }
  });

  it('keeps its accuracy deep in the tail where the double sum cancels completely', () => {
    // At ρ = 0.95, x = 45 the terms reach ~1e18 and the result is 0.99006…; the same series
    // summed in doubles gives 2.6e7 there. The fixed-point sum must stay a probability that
    // increases with x (the integral-equation test above checks its value up to x = 59.5).
    const a = md1WaitingCdfUnits(44.9, 0.95);
    const b = md1WaitingCdfUnits(45, 0.95);
    expect(a).toBeGreaterThan(0.98);
    expect(b).toBeGreaterThan(a);
    expect(b).toBeLessThan(1);
  });

  it('has mean ρ/(2(1 − ρ)) (Pollaczek–Khinchine for the wait)', () => {
    // E[W] = ∫₀^∞ (1 − F(x)) dx; ρ = 0.5: 0.5/(2·0.5) = 0.5 service times. Simpson per unit
    // interval (F is smooth inside each, kinked at integers); the tail past 25 is below e^{−30}.
    const rho = 0.5;
    let mean = 0;
    const m = 16;
    for (let k = 0; k < 25; k++) {
      let s = 0;
      for (let j = 0; j <= m; j++) {
        const w = j === 0 || j === m ? 1 : j % 2 === 1 ? 4 : 2;
        s += w * (1 - md1WaitingCdfUnits(k + j / m, rho));
      }
      mean += s / (3 * m);
    }
    expect(mean).toBeCloseTo(0.5, 6);
  });

  it('agrees with a Lindley-recursion simulation of M/D/1', () => {
    // W_{n+1} = max(0, W_n + D − A_n), A_n ~ Exp(λ): 400 000 customers at ρ = 0.8 (D = 1). The
    // empirical CDF of correlated waits has sd ≈ √(F(1−F)·(1+2Σρ_k)/n); with an autocorrelation
    // sum of ~50 customers that is ≈ 0.0045 at F = 0.5, so 0.02 is > 4 sd.
    const rng = new RandomStream(3, 'lindley');
    const rho = 0.8;
    const n = 400_000;
    const points = [0, 0.5, 1, 2, 4, 8];
    const below = new Float64Array(points.length);
    let w = 0;
    for (let i = 0; i < n + 10_000; i++) {
      w = Math.max(0, w + 1 + Math.log(rng.nextFloatOpen()) / rho);
      if (i < 10_000) continue;
      for (let p = 0; p < points.length; p++) if (w <= points[p]) below[p]++;
    }
    for (let p = 0; p < points.length; p++) {
      expect(Math.abs(below[p] / n - md1WaitingCdfUnits(points[p], rho))).toBeLessThan(0.02);
    }
  });
});

describe('M/D/1 sojourn quantiles', () => {
  it('sit on the atom when p ≤ 1 − ρ and invert the CDF above it', () => {
    // ρ = 0.5: P(T = D) = 0.5, so the median is D itself.
    expect(md1SojournQuantileNs(500_000, 1000, 0.5)).toBe(1000);
    expect(md1SojournQuantileNs(500_000, 1000, 0.3)).toBe(1000);
    for (const [rate, p] of [
      [800_000, 0.5],
      [800_000, 0.99],
      [950_000, 0.99],
    ] as const) {
      const q = md1SojournQuantileNs(rate, 1000, p);
      expect(md1SojournCdf(q, rate, 1000)).toBeCloseTo(p, 7);
      expect(md1SojournCdf(q - 1, rate, 1000)).toBeLessThan(p);
    }
  });

  it('gives the ρ = 0.8 median on the first unit interval by hand', () => {
    // F(1⁻) = 0.2·e^{0.8} = 0.4451 < 0.5, so the median wait lies in [1, 2), where
    // F(w) = 0.2·(e^{0.8w} − 0.8(w − 1)·e^{0.8(w−1)}). At w = 1.2759399: e^{1.0207519} = 2.7752808 and
    // 0.2207519·e^{0.2207519} = 0.2752807, so F = 0.2·2.5000001 = 0.5000000. Median T = 2275.94 ns.
    expect(md1SojournQuantileNs(800_000, 1000, 0.5)).toBeCloseTo(2275.94, 1);
  });
});

describe('relaxationTimeNs', () => {
  it('is E[S]/(1 − √ρ)² for exponential service', () => {
    // ρ = 0.81: 1 − 0.9 = 0.1, τ = 1000/0.01 = 100 µs; deterministic service halves it.
    expect(relaxationTimeNs(810_000, 1000, 1)).toBeCloseTo(100_000, 6);
    expect(relaxationTimeNs(810_000, 1000, 0)).toBeCloseTo(50_000, 6);
  });
});

describe('BigFixed', () => {
  it('computes exp to far more than double precision', () => {
    const f = new BigFixed(200);
    // e^1 and e^10 against the doubles; e^20·e^−20 via e^20 / e^20 structure: exp(a)·exp(b) = exp(a + b).
    expect(f.toNumber(f.exp(f.one))).toBeCloseTo(Math.E, 15);
    expect(f.toNumber(f.exp(f.fromNumber(10))) / Math.exp(10)).toBeCloseTo(1, 14);
    const a = f.fromNumber(3.25);
    const b = f.fromNumber(7.5);
    const lhs = f.mul(f.exp(a), f.exp(b));
    const rhs = f.exp(a + b);
    // Relative difference below 2^−150.
    const diff = lhs > rhs ? lhs - rhs : rhs - lhs;
    expect(diff * (1n << 150n) < rhs).toBe(true);
  });

  it('converts doubles exactly', () => {
    const f = new BigFixed(100);
    expect(f.toNumber(f.fromNumber(0.95))).toBe(0.95);
    expect(f.toNumber(f.fromNumber(-1234.5))).toBe(-1234.5);
    expect(() => new BigFixed(10)).toThrow(/\[64, 100000\], got 10/);
  });
});
