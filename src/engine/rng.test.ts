/**
 * Tests for seeded randomness (rng.ts): one reproducible stream per (seed, consumer name),
 * streams independent of each other, and the ranges and uniformity of each draw.
 */
import { describe, expect, it } from 'vitest';
import { RandomStream, RngFactory } from './rng.js';

function draws(stream: RandomStream, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(stream.nextUint32());
  return out;
}

describe('RngFactory', () => {
  it('gives the same stream for the same (seed, name)', () => {
    const a = new RngFactory(42).stream('peer3');
    const b = new RngFactory(42).stream('peer3');
    expect(draws(a, 100)).toEqual(draws(b, 100));
    expect(new RandomStream(42, 'peer3').nextFloat()).toBe(new RngFactory(42).stream('peer3').nextFloat());
  });

  it('pins the first draws of seed 42, so a change to stream derivation is noticed', () => {
    // Committed baselines depend on these; if this changes on purpose, regenerate results/.
    const s = new RngFactory(42).stream('traffic');
    expect(draws(s, 3)).toEqual(GOLDEN_SEED42_TRAFFIC);
  });

  it('gives different streams for different names and for different seeds', () => {
    const f = new RngFactory(42);
    const base = draws(f.stream('peer0'), 20);
    expect(draws(f.stream('peer1'), 20)).not.toEqual(base);
    expect(draws(f.stream('peer00'), 20)).not.toEqual(base);
    expect(draws(f.stream(''), 20)).not.toEqual(base);
    expect(draws(new RngFactory(43).stream('peer0'), 20)).not.toEqual(base);
    expect(draws(new RngFactory(0).stream('peer0'), 20)).not.toEqual(base);
    expect(draws(new RngFactory(2 ** 40 + 42).stream('peer0'), 20)).not.toEqual(base);
  });

  it("does not change a stream's draws when other streams are added or drawn from", () => {
    const alone = draws(new RngFactory(9).stream('irq'), 50);
    const f = new RngFactory(9);
    const before = f.stream('before');
    draws(before, 17);
    const irq = f.stream('irq');
    const after = f.stream('after');
    const mixed: number[] = [];
    for (let i = 0; i < 50; i++) {
      mixed.push(irq.nextUint32());
      after.nextFloat(); // interleaved draws elsewhere
    }
    expect(mixed).toEqual(alone);
  });

  it('refuses to hand one name out twice', () => {
    const f = new RngFactory(1);
    f.stream('peer0');
    expect(() => f.stream('peer0')).toThrow('random stream "peer0" was already taken by another consumer');
    expect(() => new RngFactory(1).stream('peer0')).not.toThrow(); // per factory, not global
  });

  it.each([-1, 1.5, 2 ** 53, NaN])('rejects seed %d', (seed) => {
    expect(() => new RngFactory(seed)).toThrow(`seed must be a non-negative safe integer, got ${seed}`);
    expect(() => new RandomStream(seed, 'x')).toThrow(RangeError);
  });

  // Regression (was a bug at rng.ts:92-97, fixed): the 53-bit seed is folded to 32 bits before mixing (seedLo ^ fmix32(seedHi ^ c)),
  // so for every seed below 2^32 another seed at or above 2^32 gives the very same streams.
  it('gives different streams for seeds that differ only above bit 32', () => {
    // fmix32 is a bijection; seedHi = 1 with seedLo = 5 ^ H0 ^ H1 folds to the same word as seed 5,
    // where Hk = fmix32(k ^ 0x6a09e667).
    const h0 = fmix32(0x6a09e667);
    const h1 = fmix32(1 ^ 0x6a09e667);
    const twin = 2 ** 32 + ((5 ^ h0 ^ h1) >>> 0);
    expect(draws(new RngFactory(twin).stream('peer0'), 8)).not.toEqual(draws(new RngFactory(5).stream('peer0'), 8));
  });
});

describe('RandomStream draws', () => {
  const N = 100_000;

  it('nextFloat lies in [0, 1) on a 2^-53 grid with mean 1/2 and variance 1/12', () => {
    const s = new RngFactory(3).stream('float');
    let sum = 0;
    let sumSq = 0;
    let offGrid = 0;
    for (let i = 0; i < N; i++) {
      const u = s.nextFloat();
      if (!(u >= 0 && u < 1)) throw new Error(`nextFloat gave ${u}`);
      if (!Number.isInteger(u * 2 ** 53)) offGrid++;
      sum += u;
      sumSq += u * u;
    }
    const mean = sum / N;
    const variance = sumSq / N - mean * mean;
    expect(offGrid).toBe(0);
    // sd of the mean = sqrt(1/12 / N) ≈ 9.1e-4; allow 4 of them.
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
    // Var(u²-estimate) for U(0,1): (μ4 − σ⁴)/N with μ4 = 1/80, σ⁴ = 1/144.
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / N));
  });

  it('nextFloatOpen never returns 0, drawing again instead', () => {
    // A stream whose underlying float is 0 twice, then 0.25.
    class ZeroFirst extends RandomStream {
      queue = [0, 0, 0.25];
      override nextFloat(): number {
        return this.queue.shift() ?? 0.5;
      }
    }
    const s = new ZeroFirst(1, 'zero');
    expect(s.nextFloatOpen()).toBe(0.25);
    expect(s.queue).toEqual([]);
    const real = new RngFactory(4).stream('open');
    for (let i = 0; i < 10_000; i++) {
      const u = real.nextFloatOpen();
      if (!(u > 0 && u < 1)) throw new Error(`nextFloatOpen gave ${u}`);
    }
  });

  it('stepExponential advances a clock exactly as t -= mean * ln(nextFloatOpen()) on a twin stream', () => {
    // Bit-identical, so moving a traffic source onto it leaves every run's CSV unchanged.
    const a = new RandomStream(9, 'twin');
    const b = new RandomStream(9, 'twin');
    const clock = new Float64Array([123_456.5, 3_333.3]);
    let t = 123_456.5;
    for (let i = 0; i < 20_000; i++) {
      a.stepExponential(clock, 0);
      t -= 3_333.3 * Math.log(b.nextFloatOpen());
      if (clock[0] !== t) throw new Error(`step ${i}: ${clock[0]} !== ${t}`);
    }
    expect(clock[1]).toBe(3_333.3); // the mean is read, never written
    expect(a.nextUint32()).toBe(b.nextUint32()); // both streams drew alike
  });

  it('nextUint32 gives integers in [0, 2^32) with every byte position uniform', () => {
    const s = new RngFactory(5).stream('u32');
    const n = 20_000;
    // Chi-square over the 16 values of each nibble: 8 nibbles, 15 degrees of freedom each.
    const counts = new Array<number>(8 * 16).fill(0);
    for (let i = 0; i < n; i++) {
      const x = s.nextUint32();
      if (!(Number.isInteger(x) && x >= 0 && x < 2 ** 32)) throw new Error(`nextUint32 gave ${x}`);
      for (let k = 0; k < 8; k++) counts[k * 16 + ((x >>> (4 * k)) & 15)]++;
    }
    for (let k = 0; k < 8; k++) {
      let chi = 0;
      for (let v = 0; v < 16; v++) chi += (counts[k * 16 + v] - n / 16) ** 2 / (n / 16);
      // χ²(15): mean 15, sd √30 ≈ 5.5; mean + 4 sd ≈ 36.9.
      expect(chi).toBeLessThan(15 + 4 * Math.sqrt(30));
    }
  });

  it('nextInt(n) gives every value in [0, n) equally often', () => {
    const s = new RngFactory(6).stream('int');
    const n = 10;
    const counts = new Array<number>(n).fill(0);
    for (let i = 0; i < N; i++) {
      const k = s.nextInt(n);
      if (!(Number.isInteger(k) && k >= 0 && k < n)) throw new Error(`nextInt(10) gave ${k}`);
      counts[k]++;
    }
    let chi = 0;
    for (let k = 0; k < n; k++) chi += (counts[k] - N / n) ** 2 / (N / n);
    // χ²(9): mean 9, sd √18 ≈ 4.24; mean + 4 sd ≈ 26.
    expect(chi).toBeLessThan(9 + 4 * Math.sqrt(18));
    expect(s.nextInt(1)).toBe(0);
  });
});

// murmur3's 32-bit finaliser, as rng.ts mixes seeds with; needed to construct the colliding seed.
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Recorded from rng.ts as written (not hand-worked): fixing the seed-folding bug above changes
// these on purpose; update them in the same change, before any baseline is committed.
const GOLDEN_SEED42_TRAFFIC = [3427485392, 2458722302, 3547613485];
