import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EFAULT } from '../irq/errno.js';
import { NtbMsiDescScratch, PeerDescCopies, computeDesc } from './ntb-msi-desc.js';

const BASE = 0xfee00000; // ntb_msi.base_addr after a LUT setup

describe('PeerDescCopies', () => {
  it('keeps the copy before the last refresh for writes made before it', () => {
    const c = new PeerDescCopies(2);
    c.publish(1, 0x40, 0x21);
    expect([c.offset[1], c.data[1], c.version[1], c.hostVersion[1]]).toEqual([0x40, 0x21, 1, 1]);
    expect(c.usedPrevious(1, 0)).toBe(false);
    // The host republishes (version 2): the peer's copy is stale until it re-reads, at 5000.
    c.republish(1);
    expect(c.version[1] < c.hostVersion[1]).toBe(true);
    c.refresh(1, 0x80, 0x22, 5000);
    expect([c.offset[1], c.data[1], c.version[1]]).toEqual([0x80, 0x22, 2]);
    expect([c.prevOffset[1], c.prevData[1], c.prevVersion[1]]).toEqual([0x40, 0x21, 1]);
    // A write made at 4999 left the peer before the refresh: it used the old copy.
    expect(c.usedPrevious(1, 4999)).toBe(true);
    expect(c.usedPrevious(1, 5000)).toBe(false);
    // Queue 0 was never published.
    expect([c.version[0], c.hostVersion[0]]).toEqual([0, 0]);
  });
});

describe('computeDesc (ntb_msi_set_desc)', () => {
  it('fills addr_offset and data inside the window', () => {
    const out = new NtbMsiDescScratch();
    expect(computeDesc(BASE + 0x7000, 0x4041, BASE, 0x8000, out)).toBe(0);
    expect([out.addrOffset, out.data]).toEqual([0x7000, 0x4041]);
  });

  it('returns -EFAULT at or past the end and below the base, leaving out untouched', () => {
    const out = new NtbMsiDescScratch();
    out.addrOffset = 123;
    expect(computeDesc(BASE + 0x8000, 1, BASE, 0x8000, out)).toBe(-EFAULT); // APIC 8 with a 32 KiB range
    expect(computeDesc(BASE - 4, 1, BASE, 0x8000, out)).toBe(-EFAULT);
    expect(out.addrOffset).toBe(123);
  });

  it('accepts exactly the addresses in [base, base + size) (property)', () => {
    const out = new NtbMsiDescScratch();
    fc.assert(
      fc.property(fc.integer({ min: BASE - 0x10000, max: BASE + 0x20000 }), (addr) => {
        const rc = computeDesc(addr, 7, BASE, 0x8000, out);
        const inside = addr >= BASE && addr < BASE + 0x8000;
        expect(rc).toBe(inside ? 0 : -EFAULT);
        if (inside) expect(BASE + out.addrOffset).toBe(addr);
      }),
      { numRuns: 300 },
    );
  });
});
