/**
 * The local APIC's interrupt state, one per CPU: the 256-bit IRR (requested) and ISR (in
 * service) registers and the fixed-priority delivery rule. A second arrival for a vector whose
 * IRR bit is already set merges into it (what lapic_vector_set_in_irr() and the vector-cleanup
 * code test for). TPR is 0 under Linux, so the processor priority is the ISR's class. The
 * EOI write (apic_eoi → eoi) clears the highest ISR bit. Interrupt-enable (IF) is the caller's.
 */
import { DEBUG } from '../engine/debug.js';
import { NR_VECTORS, VECTOR_WORDS } from './vectors.js';

export class LocalApic {
  readonly cpuCount: number;
  // One row per CPU; IRR and ISR are VECTOR_WORDS words per CPU, vector v = bit v & 31 of word v >> 5.
  /** APIC_IRR: interrupt request register */
  irr: Uint32Array;
  /** APIC_ISR: in-service register */
  isr: Uint32Array;
  // PERF: a summary byte of non-zero words per register, so finding the highest bit is one
  // clz32 on the summary and one on the word, not a scan of 8 words (EOI, delivery decisions).
  /** which of the 8 IRR words are non-zero (bit w = word w) */
  irrWords: Uint8Array;
  /** which of the 8 ISR words are non-zero */
  isrWords: Uint8Array;
  /** EOIs written with no ISR bit set */
  spuriousEoi: Float64Array;

  constructor(cpuCount: number) {
    if (!Number.isInteger(cpuCount) || cpuCount < 1 || cpuCount > 65536) {
      throw new RangeError(`LocalApic cpuCount must be an integer in [1, 65536], got ${cpuCount}`);
    }
    this.cpuCount = cpuCount;
    this.irr = new Uint32Array(cpuCount * VECTOR_WORDS);
    this.isr = new Uint32Array(cpuCount * VECTOR_WORDS);
    this.irrWords = new Uint8Array(cpuCount);
    this.isrWords = new Uint8Array(cpuCount);
    this.spuriousEoi = new Float64Array(cpuCount);
  }

  /**
   * An interrupt message for `vector` reaches `cpu`: sets its IRR bit.
   * @returns 1 if the bit was newly set, 0 if it was already set (the arrival coalesced).
   */
  setIrr(cpu: number, vector: number): number {
    if (DEBUG) this.#check(cpu, vector);
    const i = cpu * VECTOR_WORDS + (vector >>> 5);
    const bit = 1 << (vector & 31);
    const w = this.irr[i];
    if ((w & bit) !== 0) return 0;
    this.irr[i] = w | bit;
    this.irrWords[cpu] |= 1 << (vector >>> 5);
    return 1;
  }

  /** True if `vector` is pending in `cpu`'s IRR. */
  isIrrSet(cpu: number, vector: number): boolean {
    return (this.irr[cpu * VECTOR_WORDS + (vector >>> 5)] & (1 << (vector & 31))) !== 0;
  }

  /** True if `vector` is in service on `cpu`. */
  isIsrSet(cpu: number, vector: number): boolean {
    return (this.isr[cpu * VECTOR_WORDS + (vector >>> 5)] & (1 << (vector & 31))) !== 0;
  }

  /** Drops a pending request without delivering it (e.g. a CPU going offline). Returns 1 if it was set. */
  clearIrr(cpu: number, vector: number): number {
    const i = cpu * VECTOR_WORDS + (vector >>> 5);
    const bit = 1 << (vector & 31);
    if ((this.irr[i] & bit) === 0) return 0;
    if ((this.irr[i] &= ~bit) === 0) this.irrWords[cpu] &= ~(1 << (vector >>> 5));
    return 1;
  }

  /** How many vectors are pending in `cpu`'s IRR (a popcount of its 8 words; for observers, not the hot path). */
  irrCount(cpu: number): number {
    let n = 0;
    for (let w = 0; w < VECTOR_WORDS; w++) {
      let x = this.irr[cpu * VECTOR_WORDS + w];
      for (; x !== 0; n++) x &= x - 1;
    }
    return n;
  }

  /** Highest pending vector on `cpu`, or -1. */
  highestIrr(cpu: number): number {
    return highestBit(this.irr, cpu * VECTOR_WORDS, this.irrWords[cpu]);
  }

  /** Highest in-service vector on `cpu`, or -1. */
  highestIsr(cpu: number): number {
    return highestBit(this.isr, cpu * VECTOR_WORDS, this.isrWords[cpu]);
  }

  /**
   * The vector the APIC would deliver to `cpu` now (if IF were 1), or -1: the highest IRR vector
   * whose priority class (vector >> 4) is above the class of the highest in-service vector.
   * A same-class request waits for the EOI; a higher class nests.
   */
  deliverable(cpu: number): number {
    const base = cpu * VECTOR_WORDS;
    const req = highestBit(this.irr, base, this.irrWords[cpu]);
    if (req < 0) return -1;
    const svc = highestBit(this.isr, base, this.isrWords[cpu]);
    if (svc >= 0 && req >>> 4 <= svc >>> 4) return -1;
    return req;
  }

  /** The CPU takes `vector`: IRR bit → ISR bit (interrupt acknowledge on delivery). */
  accept(cpu: number, vector: number): void {
    const i = cpu * VECTOR_WORDS + (vector >>> 5);
    const bit = 1 << (vector & 31);
    if (DEBUG) {
      this.#check(cpu, vector);
      if ((this.irr[i] & bit) === 0) throw new Error(`accept: vector ${vector} is not pending on cpu ${cpu}`);
    }
    const w = vector >>> 5;
    if ((this.irr[i] &= ~bit) === 0) this.irrWords[cpu] &= ~(1 << w);
    this.isr[i] |= bit;
    this.isrWords[cpu] |= 1 << w;
  }

  /**
   * apic_eoi: clears and returns the highest in-service vector on `cpu`; -1 if none was in
   * service, which is counted in spuriousEoi[cpu].
   */
  eoi(cpu: number): number {
    const base = cpu * VECTOR_WORDS;
    const v = highestBit(this.isr, base, this.isrWords[cpu]);
    if (v < 0) {
      this.spuriousEoi[cpu]++;
      return -1;
    }
    const w = v >>> 5;
    if ((this.isr[base + w] &= ~(1 << (v & 31))) === 0) this.isrWords[cpu] &= ~(1 << w);
    return v;
  }

  #check(cpu: number, vector: number): void {
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.cpuCount) {
      throw new RangeError(`cpu must be an integer in [0, ${this.cpuCount - 1}], got ${cpu}`);
    }
    if (!Number.isInteger(vector) || vector < 0 || vector >= NR_VECTORS) {
      throw new RangeError(`vector must be an integer in [0, 255], got ${vector}`);
    }
  }
}

/** Highest set bit of the 8-word bitmap at `base` whose non-zero words are `summary`, or -1. */
function highestBit(words: Uint32Array, base: number, summary: number): number {
  if (summary === 0) return -1;
  const w = 31 - Math.clz32(summary);
  return (w << 5) + 31 - Math.clz32(words[base + w]);
}
