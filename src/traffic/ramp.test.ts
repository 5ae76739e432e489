/**
 * Tests for the linear-rate ramp (ramp.ts): counts over the ramp and its halves against the
 * cumulative rate Λ, the hold and stop endings, ramps from and to 0, and the exactness of the
 * inversion Λ(x_k) = E₁ + … + E_k.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../engine/rng.js';
import { createRampProcess, type RampProcess } from './ramp.js';

const Z = 5;

function countBefore(p: RampProcess, endNs: number): { n: number; next: number } {
  let n = 0;
  let t = p.nextArrivalNs();
  for (; t < endNs; t = p.nextArrivalNs()) n++;
  return { n, next: t };
}

describe('RampProcess', () => {
  it('puts (from+to)/2·over arrivals in the ramp, Λ(over/2) in its first half, then stops', () => {
    // 100 kHz → 1 MHz over 1 s: Λ(1 s) = (1e5 + 1e6)/2 = 550_000 (sd √550000 = 742).
    // Λ(0.5 s) = 1e5·0.5 + 9e5·0.5²/2 = 50_000 + 112_500 = 162_500 (sd 403).
    const p = createRampProcess({ type: 'ramp', from: 1e5, to: 1e6, over: '1s', then: 'stop' }, new RandomStream(1, 'r'), 'a', 0);
    expect(p.meanRateHz).toBe(550_000);
    const first = countBefore(p, 5e8);
    const second = countBefore(p, 1e9 + 1);
    const n1 = first.n;
    const total = n1 + 1 + second.n; // + 1: the arrival that ended the first count
    expect(Math.abs(n1 - 162_500)).toBeLessThan(Z * Math.sqrt(162_500));
    expect(Math.abs(total - 550_000)).toBeLessThan(Z * Math.sqrt(550_000));
    expect(second.next).toBe(Infinity);
    expect(p.nextArrivalNs()).toBe(Infinity);
  });

  it('holds the final rate after the ramp', () => {
    // 0 → 100 kHz over 10 ms (Λ = 500), then 100 kHz: 100_000 more in the next second (sd 316).
    const p = createRampProcess({ type: 'ramp', from: 0, to: 1e5, over: '10ms' }, new RandomStream(2, 'r'), 'a', 1_000);
    expect(p.meanRateHz).toBe(1e5);
    const ramp = countBefore(p, 1_000 + 1e7);
    expect(Math.abs(ramp.n - 500)).toBeLessThan(Z * Math.sqrt(500));
    const held = countBefore(p, 1_000 + 1e7 + 1e9);
    expect(Math.abs(held.n + 1 - 100_000)).toBeLessThan(Z * Math.sqrt(100_000));
  });

  it('ramps down to 0 and then has nothing left, whether it holds or stops', () => {
    // 2 MHz → 0 over 10 ms: Λ = 1e6·0.01 = 10_000 (sd 100); the rate held afterwards is 0.
    for (const then of ['hold', 'stop'] as const) {
      const p = createRampProcess({ type: 'ramp', from: 2e6, to: 0, over: '10ms', then }, new RandomStream(3, then), 'a', 0);
      expect(p.meanRateHz).toBe(1e6);
      const { n, next } = countBefore(p, Infinity);
      expect(next).toBe(Infinity);
      expect(Math.abs(n - 10_000)).toBeLessThan(Z * 100);
      expect(p.offsetNs).toBeLessThanOrEqual(1e7);
    }
  });

  it('inverts the cumulative rate exactly: Λ(offset) equals the running sum of exponentials', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e7 }),
        fc.integer({ min: 0, max: 1e7 }),
        fc.integer({ min: 1, max: 1e9 }),
        fc.nat(),
        (fromHz, toHz, overNs, seed) => {
          fc.pre(fromHz + toHz > 0);
          const p = createRampProcess({ type: 'ramp', from: fromHz, to: toHz, over: overNs, then: 'stop' }, new RandomStream(seed, 'p'), 'a', 0);
          let last = 0;
          for (let i = 0; i < 200; i++) {
            const t = p.nextArrivalNs();
            if (t === Infinity) {
              return p.area > p.rampArea; // exhausted only once the sum passes Λ(over)
            }
            if (t < last) return false;
            last = t;
            const x = p.offsetNs;
            const lambda = p.fromPerNs * x + p.halfSlope * x * x;
            if (Math.abs(lambda - p.area) > 1e-9 * Math.max(1, p.area)) return false;
          }
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });
});
