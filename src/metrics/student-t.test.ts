import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { studentTCdf, studentTQuantile, studentTTwoSided, tCritical } from './student-t.js';

describe('studentTQuantile', () => {
  // Printed t tables (e.g. the NIST/SEMATECH e-Handbook's table of t critical values) give three
  // decimals: 12.706, 4.303, 2.571, 2.262, 2.093, 2.042, 3.250, 63.657, 2.132, 1.372. The values
  // below are the same quantiles to 7 decimals (as R's qt prints them), each rounding to the table's.
  it.each([
    [0.975, 1, 12.7062047],
    [0.975, 2, 4.3026527],
    [0.975, 5, 2.5705818],
    [0.975, 9, 2.2621572],
    [0.975, 19, 2.0930241],
    [0.975, 30, 2.0422725],
    [0.995, 9, 3.2498355],
    [0.995, 1, 63.6567412],
    [0.95, 4, 2.1318468],
    [0.9, 10, 1.3721836],
  ])('p = %f, ν = %i is %f', (p, dof, expected) => {
    expect(studentTQuantile(p, dof)).toBeCloseTo(expected, 5);
  });

  it('matches the closed forms for ν = 1 and ν = 2', () => {
    // ν = 1 (Cauchy): F(t) = 1/2 + atan(t)/π, so t_p = tan(π(p − 1/2)).
    // ν = 2: F(t) = 1/2 + t/(2√(2 + t²)), so t_p = (2p − 1)/√(2p(1 − p)).
    for (const p of [0.6, 0.9, 0.975, 0.999, 0.99999]) {
      const cauchy = Math.tan(Math.PI * (p - 0.5));
      const two = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
      expect(Math.abs(studentTQuantile(p, 1) / cauchy - 1)).toBeLessThan(1e-10);
      expect(Math.abs(studentTQuantile(p, 2) / two - 1)).toBeLessThan(1e-10);
    }
  });

  it('tends to the normal quantile for large ν', () => {
    // z_0.975 = 1.959964; at ν = 10⁵ the difference is about z(1 + z²)/(4ν) ≈ 2.4e-5.
    expect(studentTQuantile(0.975, 100_000)).toBeCloseTo(1.959964, 4);
  });

  it('is odd around p = 1/2 and inverts the CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 300 }), (p, dof) => {
        const t = studentTQuantile(p, dof);
        expect(studentTQuantile(1 - p, dof)).toBeCloseTo(-t, 8);
        expect(studentTCdf(t, dof)).toBeCloseTo(p, 10);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the two-sided multiplier', () => {
    expect(tCritical(0.95, 9)).toBeCloseTo(2.2621572, 6);
    expect(tCritical(0.99, 9)).toBeCloseTo(3.2498355, 6);
  });

  it('rejects bad arguments with what was expected', () => {
    expect(() => studentTQuantile(1, 5)).toThrow(/in \(0, 1\), got 1/);
    expect(() => studentTQuantile(0.5, 0)).toThrow(/integer >= 1, got 0/);
    expect(() => studentTQuantile(0.5, 2.5)).toThrow(/integer >= 1, got 2.5/);
    expect(() => tCritical(1.2, 3)).toThrow(/confidence level/);
  });
});

describe('studentTTwoSided', () => {
  it('matches hand-worked values', () => {
    // ν = 3, t = √3: θ = atan(1) = π/4, sinθ·cosθ = 1/2, so A = (2/π)(π/4 + 1/2) = 1/2 + 1/π.
    expect(studentTTwoSided(Math.sqrt(3), 3)).toBeCloseTo(0.5 + 1 / Math.PI, 14);
    // ν = 4, t = 2: θ = atan(1) = π/4, sinθ = 1/√2, cos²θ = 1/2, A = (1/√2)(1 + 1/4) = 0.883883…
    expect(studentTTwoSided(2, 4)).toBeCloseTo(1.25 / Math.SQRT2, 14);
    expect(studentTTwoSided(0, 7)).toBe(0);
    expect(studentTTwoSided(Infinity, 7)).toBe(1);
  });
});
