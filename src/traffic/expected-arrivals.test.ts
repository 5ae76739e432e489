import { describe, expect, it } from 'vitest';
import { RandomStream } from '../engine/rng.js';
import { createArrivalProcess } from './arrival-process.js';
import type { ArrivalSpec } from './arrival-spec.js';
import { expectedArrivals } from './expected-arrivals.js';

function expected(spec: ArrivalSpec, untilNs: number): number {
  return expectedArrivals(createArrivalProcess(spec, new RandomStream(1, 'x'), 'a'), untilNs);
}

// Counts the process's own draws up to `untilNs` (the truth the estimate approximates).
function drawn(spec: ArrivalSpec, untilNs: number, seed: number): number {
  const p = createArrivalProcess(spec, new RandomStream(seed, 'x'), 'a');
  let n = 0;
  while (p.nextArrivalNs() <= untilNs) n++;
  return n;
}

describe('expectedArrivals', () => {
  it('integrates a ramp: 0 → 1 MHz over 200 ms is 100,000 in 200 ms, then 1 MHz held or nothing', () => {
    const ramp = { type: 'ramp', from: 0, to: 1e6, over: '200ms' } as ArrivalSpec;
    expect(expected(ramp, 200e6)).toBeCloseTo(100_000, 6);
    expect(expected(ramp, 100e6)).toBeCloseTo(25_000, 6); // ½ · 0.5 MHz · 100 ms
    expect(expected(ramp, 300e6)).toBeCloseTo(200_000, 6);
    expect(expected({ ...ramp, then: 'stop' } as ArrivalSpec, 300e6)).toBeCloseTo(100_000, 6);
    // The process's own draws agree within a few standard deviations (√25,000 ≈ 158).
    expect(Math.abs(drawn(ramp, 100e6, 3) - 25_000)).toBeLessThan(800);
  });

  it('counts trace rows exactly, loops included', () => {
    const trace = { type: 'trace', timestamps: [0, 10, 20, 30] } as ArrivalSpec;
    expect(expected(trace, 25)).toBe(3);
    expect(expected(trace, 1e9)).toBe(4);
    // Looped: one cycle is 40 ns (span 30 · 4/3): 100 ns = 2 laps (8) + rows ≤ 20 (3).
    const looped = { ...trace, loop: true } as ArrivalSpec;
    expect(expected(looped, 100)).toBe(11);
    expect(drawn(looped, 100, 1)).toBe(11);
  });

  it('is rate × time for a stationary process', () => {
    expect(expected({ type: 'poisson', rate: 2e5 }, 1e9)).toBeCloseTo(2e5, 6);
    expect(expected({ type: 'periodic', rate: 1000 }, 5e6)).toBeCloseTo(5, 9);
  });
});
