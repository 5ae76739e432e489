/**
 * Tests for periodic arrivals (periodic.ts): exact times without jitter (no drift even for a
 * period that is not a whole ns), and jitter that displaces each arrival within its bounds
 * without ever letting time run backwards.
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../engine/rng.js';
import { MAX_TIME_NS } from '../engine/time.js';
import { createPeriodicProcess } from './periodic.js';

const rng = (name: string) => new RandomStream(11, name);

describe('PeriodicProcess', () => {
  it('fires at start + k·period, the first one period after the start', () => {
    const p = createPeriodicProcess({ type: 'periodic', rate: 1e6 }, rng('a'), 'a', 0); // period 1000 ns
    expect([p.nextArrivalNs(), p.nextArrivalNs(), p.nextArrivalNs()]).toEqual([1_000, 2_000, 3_000]);
    expect(p.meanRateHz).toBe(1e6);
    const q = createPeriodicProcess({ type: 'periodic', period: '2.5us' }, rng('b'), 'b', 100);
    expect([q.nextArrivalNs(), q.nextArrivalNs()]).toEqual([2_600, 5_100]);
    expect(q.meanRateHz).toBe(400_000); // 1e9 / 2500
  });

  it('does not drift when the period is a fraction of a ns', () => {
    // 3 MHz: period 1000/3 ns. Arrival k is at round(1000k/3) = floor((1000k + 1)/3), in integers
    // (a remainder of 1/3 rounds down, 2/3 up). After 3e6 arrivals the clock must read exactly 1 s.
    const p = createPeriodicProcess({ type: 'periodic', rate: 3e6 }, rng('c'), 'c', 0);
    for (let k = 1; k <= 3_000_000; k++) {
      const t = p.nextArrivalNs();
      if (t !== Math.floor((1000 * k + 1) / 3)) expect.fail(`arrival ${k}: got ${t}, want ${Math.floor((1000 * k + 1) / 3)}`);
    }
    expect(p.timeNs).toBe(1e9);
  });

  it('keeps each jittered arrival within [nominal, nominal + max jitter]', () => {
    // Uniform jitter in [0, 500] with period 1000: the clamp can only lift an arrival to the previous
    // one, itself at most (k−1)·1000 + 500 < k·1000, so arrival k lies in [1000k, 1000k + 500].
    const spec = { type: 'periodic', period: 1000, jitter: { type: 'uniform', min: 0, max: 500 } };
    const p = createPeriodicProcess(spec, rng('d'), 'd', 0);
    const n = 100_000;
    let sumOffset = 0;
    for (let k = 1; k <= n; k++) {
      const offset = p.nextArrivalNs() - 1000 * k;
      if (offset < 0 || offset > 500) expect.fail(`arrival ${k} is ${offset} ns off its nominal time`);
      sumOffset += offset;
    }
    // Mean offset 250, sd 500/√12 = 144.3, se = 144.3/√n = 0.456; rounding adds under 0.5 of bias.
    expect(Math.abs(sumOffset / n - 250)).toBeLessThan(5 * (500 / Math.sqrt(12)) / Math.sqrt(n) + 0.5);
  });

  it('clamps jitter that would reorder arrivals, without losing any or drifting', () => {
    // Normal jitter sd 2 us on a 1 us period reorders neighbours all the time.
    const spec = { type: 'periodic', period: '1us', jitter: { type: 'normal', mean: 0, stddev: 2000 } };
    const p = createPeriodicProcess(spec, rng('e'), 'e', 50_000);
    let last = 50_000;
    let clamped = 0;
    for (let k = 1; k <= 10_000; k++) {
      const t = p.nextArrivalNs();
      if (t < last) expect.fail(`arrival ${k} at ${t} went back before ${last}`);
      if (t === last) clamped++;
      last = t;
    }
    expect(clamped).toBeGreaterThan(0);
    // The last of 10_000 sits at its nominal 50_000 + 1e7 plus the max of a few recent jitters:
    // within 5 sd = 10 us of nominal, so no drift accumulated.
    expect(Math.abs(last - (50_000 + 10_000 * 1000))).toBeLessThan(5 * 2000);
  });

  it('shifts every arrival by a fixed jitter', () => {
    const p = createPeriodicProcess({ type: 'periodic', period: 1000, jitter: '100ns' }, rng('f'), 'f', 0);
    expect([p.nextArrivalNs(), p.nextArrivalNs()]).toEqual([1_100, 2_100]);
  });

  it('reads times past the clock limit as Infinity', () => {
    const p = createPeriodicProcess({ type: 'periodic', period: 100 }, rng('g'), 'g', MAX_TIME_NS - 150);
    expect(p.nextArrivalNs()).toBe(MAX_TIME_NS - 50);
    expect(p.nextArrivalNs()).toBe(Infinity);
    expect(p.nextArrivalNs()).toBe(Infinity);
  });
});
