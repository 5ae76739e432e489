/**
 * Seeded randomness: xoroshiro128+ from pure-rand, one independent stream per consumer. A
 * stream's 128-bit state is derived from (run seed, consumer name) by a splitmix-style mixer,
 * so adding or reordering consumers never shifts another's draws: a traffic source named
 * "peer3" sees the same numbers whatever else the workload holds.
 */
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

const TWO_POW_26 = 2 ** 26;
const TWO_POW_53 = 2 ** 53;

export class RandomStream {
  readonly name: string;
  #gen: JumpableRandomGenerator;

  constructor(seed: number, name: string) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
    }
    this.name = name;
    this.#gen = xoroshiro128plusFromState(deriveState(seed, name));
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    return this.#gen.next() >>> 0;
  }

  /** A uniform double in [0, 1) with 53 random bits (the generator's high bits; its low bits are weak). */
  nextFloat(): number {
    const hi = this.#gen.next() >>> 5; // 27 bits
    const lo = this.#gen.next() >>> 6; // 26 bits
    return (hi * TWO_POW_26 + lo) / TWO_POW_53;
  }

  /** A uniform double in (0, 1): safe under Math.log. */
  nextFloatOpen(): number {
    let u = this.nextFloat();
    while (u === 0) u = this.nextFloat();
    return u;
  }

  /**
   * One exponential step kept in a typed array: `clock[i] -= clock[i + 1] · ln(u)`, u uniform in
   * (0, 1) drawn as nextFloatOpen draws it (slot i a time, slot i + 1 the mean). The same result
   * as `t -= mean * Math.log(nextFloatOpen())`, but no double crosses a call: the time and mean
   * are read and written in the array and the uniform never leaves this method, so nothing is
   * boxed whether or not V8 inlines it into its caller.
   */
  stepExponential(clock: Float64Array, i: number): void {
    // PERF: nextFloatOpen's draws spelled out here; returning the uniform to a caller V8 did not
    // inline allocated a heap number per draw (about 51 MB per simulated second on the default storm).
    const gen = this.#gen;
    for (;;) {
      const hi = gen.next() >>> 5;
      const lo = gen.next() >>> 6;
      if ((hi | lo) !== 0) {
        clock[i] -= clock[i + 1] * Math.log((hi * TWO_POW_26 + lo) / TWO_POW_53);
        return;
      }
    }
  }

  /** A uniform integer in [0, n), n <= 2^32, without modulo bias. */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }
}

/** Streams for one run: stream(name) gives the same sequence for the same (seed, name). */
export class RngFactory {
  readonly seed: number;
  readonly #names = new Set<string>();

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
    }
    this.seed = seed;
  }

  /** A fresh stream for a named consumer. Each name may be taken once, so two consumers never share draws. */
  stream(name: string): RandomStream {
    if (this.#names.has(name)) throw new Error(`random stream "${name}" was already taken by another consumer`);
    this.#names.add(name);
    return new RandomStream(this.seed, name);
  }
}

// FNV-1a over UTF-16 code units: a stable 32-bit hash of the consumer's name.
function fnv1a32(s: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

// A 32-bit finaliser (murmur3 fmix32): spreads every input bit over the output.
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function deriveState(seed: number, name: string): number[] {
  const seedLo = seed >>> 0;
  const seedHi = Math.floor(seed / 2 ** 32) >>> 0;
  const nameA = fnv1a32(name, 0x811c9dc5);
  const nameB = fnv1a32(name, 0x9e3779b9);
  // splitmix-style: a Weyl sequence through the mixer gives four well-spread, distinct words.
  // Each half of the seed feeds its own pair of words, so distinct seeds give distinct states.
  const state: number[] = [
    fmix32(fmix32(seedLo ^ 0x6a09e667) ^ nameA) | 0,
    fmix32(fmix32(seedHi ^ 0xbb67ae85) ^ nameB) | 0,
    fmix32(fmix32((seedLo + 0x9e3779b9) >>> 0) ^ nameB) | 0,
    fmix32(fmix32((seedHi + 0x3c6ef372) >>> 0) ^ nameA) | 0,
  ];
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1; // xoroshiro's one forbidden state
  return state;
}
