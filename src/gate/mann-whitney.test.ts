import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { erfc, mannWhitneyU, minTwoSidedP, normalUpperTail } from './mann-whitney.js';

describe('normal tail', () => {
  it('matches table values of the standard normal', () => {
    // Φ(1.96) = 0.975002, Φ(2.5758) = 0.995000, Φ(0) = 0.5
    expect(normalUpperTail(1.96)).toBeCloseTo(0.024998, 5);
    expect(normalUpperTail(2.5758)).toBeCloseTo(0.005, 5);
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(-1.96)).toBeCloseTo(0.975002, 5);
    // erfc(1) = 0.157299207; relative accuracy holds in the far tail: erfc(4) = 1.541725790e-8
    expect(erfc(1)).toBeCloseTo(0.157299207, 7);
    expect(erfc(4) / 1.54172579e-8).toBeCloseTo(1, 5);
  });
});

describe('mannWhitneyU', () => {
  it('separated samples of 3: U = 0, p = 0.0809 (hand-worked)', () => {
    // Ranks of x = 1, 2, 3 → R1 = 6, U1 = 6 − 3·4/2 = 0, U2 = 9.
    // μ = 9/2 = 4.5, σ² = 3·3·7/12 = 5.25, σ = 2.29129.
    // z = (0 − 4.5 + 0.5)/2.29129 = −1.74574 → p = 2·(1 − Φ(1.74574)) = 0.08086.
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(r.u1).toBe(0);
    expect(r.u2).toBe(9);
    expect(r.sigma).toBeCloseTo(2.29129, 5);
    expect(r.z).toBeCloseTo(-1.74574, 4);
    expect(r.pTwoSided).toBeCloseTo(0.080856, 5);
    // One-sided "x less than y": half the two-sided here, 0.04043 (scipy alternative='less').
    expect(r.pLess).toBeCloseTo(0.040428, 5);
    expect(r.pGreater).toBeGreaterThan(0.95);
  });

  it('ties: average ranks and the tie-corrected variance (hand-worked)', () => {
    // Sorted: 1x 2x 2x 2y 3x 3y 4y → ranks 1, (2+3+4)/3 = 3 ×3, (5+6)/2 = 5.5 ×2, 7.
    // R1 = 1 + 3 + 3 + 5.5 = 12.5, U1 = 12.5 − 4·5/2 = 2.5 (pair count: 0 + 0.5 + 0.5 + 1.5).
    // Ties t = 3 and 2 → Σ(t³ − t) = 24 + 6 = 30. N = 7.
    // σ² = (4·3/12)·(8 − 30/(7·6)) = 7.285714, σ = 2.699206. μ = 6.
    // z = (2.5 − 6 + 0.5)/2.699206 = −1.111438 → p = 0.266380.
    const r = mannWhitneyU([1, 2, 2, 3], [2, 3, 4]);
    expect(r.rankSumX).toBe(12.5);
    expect(r.u1).toBe(2.5);
    expect(r.u2).toBe(9.5);
    expect(r.sigma).toBeCloseTo(2.699206, 5);
    expect(r.z).toBeCloseTo(-1.111438, 5);
    expect(r.pTwoSided).toBeCloseTo(0.26638, 5);
  });

  it('agrees with the exact table at n1 = n2 = 10: critical U = 23 for two-sided α = 0.05', () => {
    // Published Mann–Whitney table: n1 = n2 = 10, two-sided α = 0.05 → reject iff U ≤ 23.
    // x = 1..10; y = 4.5..13.5 gives U = 6+5+…+1 = 21; moving y's first value to 2.5 adds 2 wins
    // (x = 3, 4 now beat it) → U = 23; to 1.5 adds one more (x = 2) → U = 24.
    // σ = √(10·10·21/12) = 13.22876. U = 23: z = −26.5/13.22876 = −2.00321, p = 0.04516.
    // U = 24: z = −25.5/13.22876 = −1.92761, p = 0.05390.
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const rest = [5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5];
    const at23 = mannWhitneyU(x, [2.5, ...rest]);
    const at24 = mannWhitneyU(x, [1.5, ...rest]);
    expect(at23.u1).toBe(23);
    expect(at24.u1).toBe(24);
    expect(at23.pTwoSided).toBeCloseTo(0.045155, 5);
    expect(at24.pTwoSided).toBeCloseTo(0.053903, 5);
    expect(at23.pTwoSided).toBeLessThan(0.05);
    expect(at24.pTwoSided).toBeGreaterThan(0.05);
  });

  it('gives p = 1 when every value is equal, and rejects empty or non-finite samples', () => {
    const r = mannWhitneyU([5, 5, 5], [5, 5]);
    expect(r.sigma).toBe(0);
    expect(r.pTwoSided).toBe(1);
    expect(() => mannWhitneyU([], [1])).toThrow(/sample x is empty/);
    expect(() => mannWhitneyU([1], [Number.NaN])).toThrow(/sample y holds NaN/);
  });

  it('minTwoSidedP: 5 a side cannot reach 0.01, 6 a side can', () => {
    // n = 5: σ = √(25·11/12) = 4.78714, z = 12/4.78714 = 2.50672, p = 0.01219.
    // n = 6: σ = √(36·13/12) = 6.24500, z = 17.5/6.245 = 2.80224, p = 0.005075.
    expect(minTwoSidedP(5, 5)).toBeCloseTo(0.01219, 4);
    expect(minTwoSidedP(6, 6)).toBeCloseTo(0.005075, 4);
  });

  it('properties: U1 + U2 = n1·n2, swapping samples swaps U, p in (0, 1]', () => {
    const sample = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const a = mannWhitneyU(x, y);
        const b = mannWhitneyU(y, x);
        expect(a.u1 + a.u2).toBe(x.length * y.length);
        expect(b.u1).toBe(a.u2);
        expect(b.pTwoSided).toBeCloseTo(a.pTwoSided, 12);
        expect(a.pTwoSided).toBeGreaterThan(0);
        expect(a.pTwoSided).toBeLessThanOrEqual(1);
        // U1 is the pair count with ties as 1/2.
        let pairs = 0;
        for (const xi of x) for (const yj of y) pairs += xi > yj ? 1 : xi === yj ? 0.5 : 0;
        expect(a.u1).toBe(pairs);
      }),
      { numRuns: 200 },
    );
  });
});
