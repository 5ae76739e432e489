/**
 * A fixed-capacity CPU bitmask, the model's `cpumask_t` (include/linux/cpumask.h): bit n of
 * `words[n >> 5]` set means CPU n is in the mask. Capacity is fixed at construction, like
 * NR_CPUS. Mirrors cpumask_set_cpu → set, cpumask_test_cpu → test, cpumask_first → first,
 * cpumask_next → next, cpumask_weight → weight, cpumask_and → and, cpumask_copy → copy,
 * cpumask_equal → equals, cpumask_empty → isEmpty. `first`/`next` allocate nothing.
 */

/** Position of the lowest set bit of a non-zero 32-bit word (count trailing zeros). */
function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

export class CpuMask {
  /** The bits: CPU n is bit (n & 31) of words[n >> 5]. Read directly on hot loops. */
  readonly words: Uint32Array;
  /** Number of CPUs the mask can hold (bits beyond it are always clear). */
  readonly capacity: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 65536) {
      throw new RangeError(`CpuMask capacity must be an integer in [1, 65536], got ${capacity}`);
    }
    this.capacity = capacity;
    this.words = new Uint32Array((capacity + 31) >>> 5);
  }

  #check(cpu: number): void {
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.capacity) {
      throw new RangeError(`cpu must be an integer in [0, ${this.capacity - 1}], got ${cpu}`);
    }
  }

  /** Adds `cpu` (cpumask_set_cpu). */
  set(cpu: number): this {
    this.#check(cpu);
    this.words[cpu >>> 5] |= 1 << (cpu & 31);
    return this;
  }

  /** Removes `cpu` (cpumask_clear_cpu). */
  clear(cpu: number): this {
    this.#check(cpu);
    this.words[cpu >>> 5] &= ~(1 << (cpu & 31));
    return this;
  }

  /** True if `cpu` is in the mask (cpumask_test_cpu); false for any cpu outside the capacity. */
  test(cpu: number): boolean {
    if (cpu < 0 || cpu >= this.capacity) return false;
    return (this.words[cpu >>> 5] & (1 << (cpu & 31))) !== 0;
  }

  /** Empties the mask (cpumask_clear). */
  clearAll(): this {
    this.words.fill(0);
    return this;
  }

  /** Sets CPUs 0 … count-1 and clears the rest (e.g. cpu_online_mask of `count` CPUs). */
  fillFirst(count: number): this {
    if (!Number.isInteger(count) || count < 0 || count > this.capacity) {
      throw new RangeError(`fillFirst count must be an integer in [0, ${this.capacity}], got ${count}`);
    }
    const w = this.words;
    w.fill(0);
    const full = count >>> 5;
    for (let i = 0; i < full; i++) w[i] = 0xffffffff;
    const rest = count & 31;
    if (rest !== 0) w[full] = (1 << rest) - 1;
    return this;
  }

  /** Lowest CPU in the mask, or -1 if empty (cpumask_first, with -1 for nr_cpu_ids). */
  first(): number {
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      if (w[i] !== 0) return (i << 5) + ctz32(w[i]);
    }
    return -1;
  }

  /** Lowest CPU in the mask strictly above `cpu`, or -1 (cpumask_next). next(-1) === first(). */
  next(cpu: number): number {
    const start = cpu + 1;
    if (start >= this.capacity) return -1;
    const w = this.words;
    let i = start >>> 5;
    // Mask off the bits below `start` in its own word, then scan whole words.
    let bits = w[i] & (0xffffffff << (start & 31));
    while (bits === 0) {
      if (++i >= w.length) return -1;
      bits = w[i];
    }
    return (i << 5) + ctz32(bits);
  }

  /** Number of CPUs in the mask (cpumask_weight). */
  weight(): number {
    const w = this.words;
    let n = 0;
    for (let i = 0; i < w.length; i++) {
      let x = w[i];
      // Parallel bit count (SWAR popcount).
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      n += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
    }
    return n;
  }

  /** True if no CPU is set (cpumask_empty). */
  isEmpty(): boolean {
    const w = this.words;
    for (let i = 0; i < w.length; i++) if (w[i] !== 0) return false;
    return true;
  }

  /** this = a & b; returns true if the result is non-empty (cpumask_and). Capacities must match. */
  and(a: CpuMask, b: CpuMask): boolean {
    this.#checkSame(a);
    this.#checkSame(b);
    const w = this.words;
    let any = 0;
    for (let i = 0; i < w.length; i++) {
      w[i] = a.words[i] & b.words[i];
      any |= w[i];
    }
    return any !== 0;
  }

  /** True if this and `other` share at least one CPU (cpumask_intersects). */
  intersects(other: CpuMask): boolean {
    this.#checkSame(other);
    const w = this.words;
    for (let i = 0; i < w.length; i++) if ((w[i] & other.words[i]) !== 0) return true;
    return false;
  }

  /** this = src (cpumask_copy). */
  copy(src: CpuMask): this {
    this.#checkSame(src);
    this.words.set(src.words);
    return this;
  }

  /** True if both masks hold exactly the same CPUs (cpumask_equal). */
  equals(other: CpuMask): boolean {
    this.#checkSame(other);
    const w = this.words;
    for (let i = 0; i < w.length; i++) if (w[i] !== other.words[i]) return false;
    return true;
  }

  /** Replaces the contents with exactly the listed CPUs (cold path). */
  fromList(cpus: readonly number[]): this {
    this.words.fill(0);
    for (let i = 0; i < cpus.length; i++) this.set(cpus[i]);
    return this;
  }

  /** The CPUs in ascending order (cold path: tests and diagnostics). */
  toList(): number[] {
    const out: number[] = [];
    for (let c = this.first(); c >= 0; c = this.next(c)) out.push(c);
    return out;
  }

  /** The kernel's "%*pbl" cpulist format, e.g. "0-3,8" (cold path). */
  toString(): string {
    return formatBitList(this.words, this.capacity);
  }

  #checkSame(other: CpuMask): void {
    if (other.capacity !== this.capacity) {
      throw new RangeError(`CpuMask capacities differ: ${this.capacity} vs ${other.capacity}`);
    }
  }
}

/** Builds a mask of capacity `capacity` holding exactly `cpus` (cold path). */
export function cpumaskFromList(capacity: number, cpus: readonly number[]): CpuMask {
  return new CpuMask(capacity).fromList(cpus);
}

/**
 * Formats set bits [0, nbits) of a 32-bit-word bitmap as the kernel's "%*pbl" range list
 * ("32-49,51-127"); "" when empty. Cold path: tests, debug dumps.
 */
export function formatBitList(words: Uint32Array, nbits: number, offsetWords = 0): string {
  const parts: string[] = [];
  let runStart = -1;
  for (let b = 0; b <= nbits; b++) {
    const on = b < nbits && (words[offsetWords + (b >>> 5)] & (1 << (b & 31))) !== 0;
    if (on && runStart < 0) runStart = b;
    if (!on && runStart >= 0) {
      parts.push(runStart === b - 1 ? `${runStart}` : `${runStart}-${b - 1}`);
      runStart = -1;
    }
  }
  return parts.join(',');
}
