/**
 * Tests for on/off bursts (on-off.ts): exact burst shapes with fixed periods, silence during
 * off periods, and the long-run rate rate·E[on]/(E[on] + E[off]) within a CI from renewal-reward
 * theory.
 */
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../engine/rng.js';
import { createOnOffProcess } from './on-off.js';

const Z = 5;

describe('OnOffProcess', () => {
  it('fires periodic bursts from each burst start, none while off', () => {
    // on 10 us, off 40 us, 1 MHz periodic: 10 arrivals at 0, 1, …, 9 us, then the next burst at 50 us.
    const p = createOnOffProcess(
      { type: 'onoff', on: '10us', off: '40us', rate: 1e6, within: 'periodic' },
      new RandomStream(1, 'a'),
      'a',
      0,
    );
    const times: number[] = [];
    for (let i = 0; i < 20; i++) times.push(p.nextArrivalNs());
    const burst = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => k * 1000);
    expect(times).toEqual([...burst, ...burst.map((t) => t + 50_000)]);
    expect(p.meanRateHz).toBe(200_000); // 10 arrivals per 50 us
  });

  it('counts whole periodic arrivals per fixed burst in the mean rate', () => {
    // on 10.5 us at 1 MHz holds ceil(10.5) = 11 arrivals (0..10 us) per 50.5 us cycle.
    const p = createOnOffProcess({ type: 'onoff', on: 10_500, off: '40us', rate: 1e6, within: 'periodic' }, new RandomStream(1, 'b'), 'b', 0);
    expect(p.meanRateHz).toBeCloseTo((11 / 50_500) * 1e9, 6);
    let n = 0;
    while (p.nextArrivalNs() < 50_500 * 1000) n++;
    expect(n).toBe(11 * 1000);
  });

  it('stays silent during fixed off periods and averages rate·on/(on+off)', () => {
    // Poisson bursts at 1 MHz, on 10 us, off 40 us, from start 5 us: bursts are [5 + 50k, 15 + 50k] us.
    // Rounding to the nearest ns can put an arrival 0.5 ns before a burst's end exactly on it.
    const startNs = 5_000;
    const p = createOnOffProcess({ type: 'onoff', on: '10us', off: '40us', rate: 1e6 }, new RandomStream(2, 'c'), 'c', startNs);
    expect(p.meanRateHz).toBe(200_000);
    let n = 0;
    for (let t = p.nextArrivalNs(); t < startNs + 1e9; t = p.nextArrivalNs()) {
      const phase = (t - startNs) % 50_000;
      if (phase > 10_000) expect.fail(`arrival at ${t} ns falls ${phase - 10_000} ns into an off period`);
      n++;
    }
    // 20_000 bursts, each Poisson(10) independently: N ~ Poisson(2e5), sd √2e5 = 447.
    expect(Math.abs(n - 200_000)).toBeLessThan(Z * Math.sqrt(200_000));
  });

  it('averages rate·E[on]/(E[on]+E[off]) with random on and off periods', () => {
    // on ~ Exp(mean a = 10 us), off ~ Exp(mean b = 40 us), λ = 1 per us (1 MHz):
    // ρ = λa/(a+b) = 0.2 per us = 200 kHz. Renewal–reward variance per cycle of the reward R − ρC
    // (R the burst's arrivals, C = on + off): Var(R − ρ·on) + ρ²Var(off)
    //   = E[Var(R|on)] + (λ−ρ)²Var(on) + ρ²b² = λa + 0.64·100 + 0.04·1600 = 10 + 64 + 64 = 138.
    // Over T = 1 s (1e6 us) there are T/(a+b) = 20_000 cycles: Var N(T) ≈ 20_000·138 = 2.76e6.
    const p = createOnOffProcess(
      { type: 'onoff', on: { type: 'exponential', mean: 10_000 }, off: { type: 'exponential', mean: 40_000 }, rate: 1e6 },
      new RandomStream(3, 'd'),
      'd',
      0,
    );
    expect(p.meanRateHz).toBeCloseTo(200_000, 6);
    let n = 0;
    while (p.nextArrivalNs() < 1e9) n++;
    expect(Math.abs(n - 200_000)).toBeLessThan(Z * Math.sqrt(20_000 * 138));
  });

  it('is always on when off is 0', () => {
    // Back-to-back 1 us bursts of a 1 MHz periodic source: one arrival per us, as if never off.
    const p = createOnOffProcess({ type: 'onoff', on: '1us', off: 0, rate: 1e6, within: 'periodic' }, new RandomStream(4, 'e'), 'e', 0);
    expect([p.nextArrivalNs(), p.nextArrivalNs(), p.nextArrivalNs()]).toEqual([0, 1_000, 2_000]);
    expect(p.meanRateHz).toBe(1e6);
  });
});
