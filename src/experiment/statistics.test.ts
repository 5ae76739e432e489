import { describe, expect, it } from 'vitest';
import { RunningStats, estimate, pairedDifference } from './statistics.js';

describe('estimate (mean ± 95 % CI across seeds)', () => {
  it('matches a hand computation: 1..5 → 3 ± t(0.975, 4)·√2.5/√5', () => {
    const e = estimate([1, 2, 3, 4, 5]);
    expect(e.n).toBe(5);
    expect(e.mean).toBe(3);
    expect(e.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    // t(0.975, 4) = 2.7764451052 (tables); 2.7764451052 · 1.5811388301 / 2.2360679775 = 1.9632432…
    expect(e.halfWidth).toBeCloseTo(1.963243161, 8);
  });

  it('has no interval for one replication and leaves NaNs out', () => {
    expect(estimate([7])).toMatchObject({ n: 1, mean: 7 });
    expect(Number.isNaN(estimate([7]).halfWidth)).toBe(true);
    expect(estimate([1, NaN, 3]).mean).toBe(2);
    expect(estimate([]).n).toBe(0);
  });

  it('streams to the same numbers as a two-pass computation', () => {
    const xs = [1e9 + 1, 1e9 + 4, 1e9 + 7, 1e9 + 13];
    const s = new RunningStats();
    for (const x of xs) s.add(x);
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
    expect(s.estimate().mean).toBe(mean);
    expect(s.estimate().sd).toBeCloseTo(sd, 9); // no cancellation at 1e9 offsets
  });
});

describe('pairedDifference (paired t-test on per-seed differences)', () => {
  it('matches a hand computation', () => {
    // d = [1, 2, 1, 2]: mean 1.5, sd √(1/3), t = 1.5 / (√(1/3)/2) = 3√3 = 5.196, 3 degrees of freedom.
    // P(|T3| ≤ t) = (2/π)(θ + sinθ·cosθ) with tanθ = t/√3 = 3: (2/π)(atan 3 + 0.3); p = 1 − that.
    const d = pairedDifference([10, 12, 11, 13], [11, 14, 12, 15]);
    expect(d.mean).toBe(1.5);
    expect(d.t).toBeCloseTo(3 * Math.sqrt(3), 12);
    expect(d.p).toBeCloseTo(1 - (2 / Math.PI) * (Math.atan(3) + 0.3), 12);
    expect(d.p).toBeCloseTo(0.01384, 4);
    expect(d.significant).toBe(true);
    // t(0.975, 3) = 3.1824463053; · √(1/3)/2
    expect(d.halfWidth).toBeCloseTo((3.1824463053 * Math.sqrt(1 / 3)) / 2, 8);
  });

  it('pairs: a shift shared by every seed is significant however noisy the seeds are', () => {
    const a = [100, 5000, 20, 777, 31];
    const b = a.map((x) => x + 1);
    const d = pairedDifference(a, b);
    expect(d).toMatchObject({ mean: 1, sd: 0, p: 0, significant: true });
    expect(pairedDifference(a, a)).toMatchObject({ mean: 0, p: 1, significant: false });
  });

  it('is not significant for differences that straddle zero', () => {
    const d = pairedDifference([1, 2, 3, 4], [2, 1, 4, 3]);
    expect(d.mean).toBe(0);
    expect(d.significant).toBe(false);
    expect(d.p).toBeCloseTo(1, 12);
  });

  it('refuses samples of unequal length', () => {
    expect(() => pairedDifference([1], [1, 2])).toThrow(/equal length/);
  });
});
