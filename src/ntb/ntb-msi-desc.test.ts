import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NtbMsiDescScratch, NtbMsiDescTable, computeDesc } from './ntb-msi-desc.js';

const EFAULT = 14;
const BASE = 0xfee00000; // ntb_msi.base_addr after a LUT setup
const END = BASE + 0x8000; // base + 32 KiB

describe('NtbMsiDescTable: versions', () => {
  it('marks every peer stale after a publish until it refreshes', () => {
    const t = new NtbMsiDescTable(3, 2);
    expect(t.publish(1, 0x3000, 0x41)).toBe(1);
    t.peerRefreshAll(0);
    t.peerRefreshAll(1);
    t.peerRefreshAll(2);
    expect(t.isStale(2, 1)).toBe(false);
    // Affinity move: the host recomputes irq 1 (APIC 3 → 5, vector 0x41 → 0x42).
    expect(t.publish(1, 0x5000, 0x42)).toBe(2);
    expect(t.isStale(0, 1)).toBe(true);
    expect(t.isStale(2, 1)).toBe(true);
    expect(t.isStale(2, 0)).toBe(false); // irq 0 untouched (version 0 both sides)
    t.peerRefresh(2, 1);
    expect(t.isStale(2, 1)).toBe(false);
    expect(t.isStale(0, 1)).toBe(true);
    expect(t.peerTriggerData(2, 1)).toBe(0x42);
    expect(t.peerTriggerData(0, 1)).toBe(0x41); // peer 0 still sends the old vector
  });

  it('counts triggers from stale copies in staleUses', () => {
    const t = new NtbMsiDescTable(2, 1);
    t.publish(0, 0x1000, 0x30);
    t.peerRefresh(0, 0);
    t.peerRefresh(1, 0);
    expect(t.recordUse(0, 0)).toBe(false);
    t.publish(0, 0x2000, 0x31); // NOMASK two-step would publish twice; once is enough here
    expect(t.recordUse(0, 0)).toBe(true);
    expect(t.recordUse(0, 0)).toBe(true);
    expect(t.recordUse(1, 0)).toBe(true);
    expect(Array.from(t.staleUses)).toEqual([2, 1]);
  });

  it('tells a peer that never received a descriptor apart', () => {
    const t = new NtbMsiDescTable(1, 1);
    expect(t.peerHolds(0, 0)).toBe(false);
    t.publish(0, 0, 0x20);
    t.peerRefresh(0, 0);
    expect(t.peerHolds(0, 0)).toBe(true);
  });

  it('rejects out-of-range peers and irqs under DEBUG', () => {
    const t = new NtbMsiDescTable(2, 4);
    expect(() => t.isStale(2, 0)).toThrow(/peer must be 0..1, got 2/);
    expect(() => t.publish(4, 0, 0)).toThrow(/irq must be 0..3, got 4/);
  });
});

describe('NtbMsiDescTable: trigger offset', () => {
  it('is addr_offset rounded down to a DWORD (idx = addr_offset / 4, write at 4 * idx)', () => {
    const t = new NtbMsiDescTable(1, 2);
    t.publish(0, 0x5000, 0x41); // APIC 5 from a 0xFEE00000 base
    t.publish(1, 0x5006, 0x41); // not DWORD aligned: 0x5006 / 4 = 0x1401 → 0x5004
    t.peerRefreshAll(0);
    expect(t.peerTriggerOffset(0, 0)).toBe(0x5000);
    expect(t.peerTriggerOffset(0, 1)).toBe(0x5004);
  });

  it('uses the peer copy, not the host one', () => {
    const t = new NtbMsiDescTable(1, 1);
    t.publish(0, 0x1000, 1);
    t.peerRefresh(0, 0);
    t.publish(0, 0x7000, 1);
    expect(t.peerTriggerOffset(0, 0)).toBe(0x1000);
  });
});

describe('computeDesc and writeMsg (ntb_msi_set_desc)', () => {
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

  it('writeMsg publishes on success and keeps the old descriptor on -EFAULT', () => {
    const t = new NtbMsiDescTable(1, 1);
    expect(t.writeMsg(0, BASE + 0x3000, 0x41, BASE, END)).toBe(0);
    t.peerRefresh(0, 0);
    // Move to APIC 16: 0xFEE10000 is outside [BASE, BASE + 32 KiB).
    expect(t.writeMsg(0, BASE + 0x10000, 0x42, BASE, END)).toBe(-EFAULT);
    expect(t.hostVersion[0]).toBe(1);
    expect(t.hostAddrOffset[0]).toBe(0x3000);
    expect(t.descFaults[0]).toBe(1);
    expect(t.isStale(0, 0)).toBe(false); // the peer's old copy is still the host's
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
