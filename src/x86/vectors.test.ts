import { describe, expect, it } from 'vitest';
import {
  FIRST_EXTERNAL_VECTOR,
  PIC_CASCADE_IR,
  PIC_CASCADE_VECTOR,
  firstSystemVector,
  isaIrqVector,
  nrExternalVectors,
} from './vectors.js';

describe('vector layout', () => {
  it('ISA_IRQ_VECTOR puts ISA irqs in the 0x30 class; the cascade is 0x32', () => {
    // ((0x20 + 16) & ~15) + irq = 0x30 + irq
    expect(isaIrqVector(0)).toBe(0x30);
    expect(isaIrqVector(PIC_CASCADE_IR)).toBe(PIC_CASCADE_VECTOR);
    expect(PIC_CASCADE_VECTOR).toBe(0x32);
  });

  it('FIRST_SYSTEM_VECTOR and NR_EXTERNAL_VECTORS with and without posted MSI', () => {
    expect(firstSystemVector(false)).toBe(0xec);
    expect(firstSystemVector(true)).toBe(0xeb);
    // 0xec - 0x20 = 236 - 32 = 204; 0xeb - 0x20 = 203
    expect(nrExternalVectors(false)).toBe(204);
    expect(nrExternalVectors(true)).toBe(203);
    expect(FIRST_EXTERNAL_VECTOR).toBe(32);
  });
});
