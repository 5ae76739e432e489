import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LocalApic } from './local-apic.js';

describe('LocalApic', () => {
  it('IRR holds one pending bit per vector: a second arrival coalesces', () => {
    const a = new LocalApic(2);
    expect(a.setIrr(0, 0x41)).toBe(1);
    expect(a.setIrr(0, 0x41)).toBe(0);
    expect(a.isIrrSet(0, 0x41)).toBe(true);
    expect(a.isIrrSet(1, 0x41)).toBe(false); // per CPU
    // Once accepted, the bit is free again: one more edge can queue behind the handler.
    a.accept(0, 0x41);
    expect(a.setIrr(0, 0x41)).toBe(1);
    expect(a.setIrr(0, 0x41)).toBe(0);
  });

  it('irrCount counts the pending vectors of one CPU across all 8 words', () => {
    const a = new LocalApic(2);
    expect(a.irrCount(0)).toBe(0);
    for (const v of [0x20, 0x3f, 0x41, 0xff]) a.setIrr(0, v);
    a.setIrr(0, 0x41); // coalesces: still one bit
    a.setIrr(1, 0x22);
    expect([a.irrCount(0), a.irrCount(1)]).toEqual([4, 1]);
    a.accept(0, 0xff);
    expect(a.irrCount(0)).toBe(3);
  });

  it('highestIrr/highestIsr scan all 8 words, including bit 31 and vector 255', () => {
    const a = new LocalApic(1);
    expect(a.highestIrr(0)).toBe(-1);
    a.setIrr(0, 0x1f);
    expect(a.highestIrr(0)).toBe(0x1f);
    a.setIrr(0, 0x9f); // word 4, bit 31
    expect(a.highestIrr(0)).toBe(0x9f);
    a.setIrr(0, 0xff);
    expect(a.highestIrr(0)).toBe(0xff);
    expect(a.highestIsr(0)).toBe(-1);
  });

  it('priority classes: a same-class vector waits for EOI, a higher class nests', () => {
    const a = new LocalApic(1);
    a.setIrr(0, 0x41);
    expect(a.deliverable(0)).toBe(0x41);
    a.accept(0, 0x41); // in service, class 4
    a.setIrr(0, 0x45); // class 4: same class
    expect(a.deliverable(0)).toBe(-1);
    a.setIrr(0, 0x30); // class 3: lower
    expect(a.deliverable(0)).toBe(-1);
    a.setIrr(0, 0x52); // class 5: nests
    expect(a.deliverable(0)).toBe(0x52);
    a.accept(0, 0x52);
    expect(a.deliverable(0)).toBe(-1); // 0x45 is below class 5
    // EOI retires the highest in service first (0x52), then 0x41.
    expect(a.eoi(0)).toBe(0x52);
    expect(a.deliverable(0)).toBe(-1); // 0x41 still in service, 0x45 same class
    expect(a.eoi(0)).toBe(0x41);
    expect(a.deliverable(0)).toBe(0x45); // highest pending, ahead of 0x30
  });

  it('an EOI with nothing in service returns -1 and counts as spurious', () => {
    const a = new LocalApic(2);
    expect(a.eoi(1)).toBe(-1);
    expect(a.spuriousEoi[1]).toBe(1);
    expect(a.spuriousEoi[0]).toBe(0);
  });

  it('accept of a vector that is not pending throws under DEBUG', () => {
    const a = new LocalApic(1);
    expect(() => a.accept(0, 0x33)).toThrow(/vector 51 is not pending on cpu 0/);
  });

  it('clearIrr drops a pending request', () => {
    const a = new LocalApic(1);
    a.setIrr(0, 0x60);
    expect(a.clearIrr(0, 0x60)).toBe(1);
    expect(a.clearIrr(0, 0x60)).toBe(0);
    expect(a.highestIrr(0)).toBe(-1);
  });

  it('property: highestIrr equals the max of the set vectors', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }), (vs) => {
        const a = new LocalApic(3);
        for (const v of vs) a.setIrr(2, v);
        expect(a.highestIrr(2)).toBe(vs.length > 0 ? Math.max(...vs) : -1);
        expect(a.highestIrr(1)).toBe(-1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the non-zero-word summaries', () => {
  // Brute force over the 256 bits, against which the summary-indexed answers are checked.
  function scan(words: Uint32Array, cpu: number): number {
    for (let v = 255; v >= 0; v--) if (words[cpu * 8 + (v >>> 5)] & (1 << (v & 31))) return v;
    return -1;
  }

  it('keep highestIrr, highestIsr and deliverable equal to a full scan over random operations', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 32, max: 255 })), {
          maxLength: 200,
        }),
        (ops) => {
          const apic = new LocalApic(2);
          for (const [op, cpu, vector] of ops) {
            if (op === 0) apic.setIrr(cpu, vector);
            else if (op === 1) apic.clearIrr(cpu, vector);
            else if (op === 2) {
              const v = apic.deliverable(cpu);
              if (v >= 0) apic.accept(cpu, v);
            } else apic.eoi(cpu);
            for (let c = 0; c < 2; c++) {
              expect(apic.highestIrr(c)).toBe(scan(apic.irr, c));
              expect(apic.highestIsr(c)).toBe(scan(apic.isr, c));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
