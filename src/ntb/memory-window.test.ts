import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ApicIdRange,
  LUT_SIZE,
  MemoryWindowTable,
  SZ_4K,
  compatApicIdRange,
  compatMsiAddr,
  switchtecLutWindowCount,
} from './memory-window.js';

const EINVAL = 22;
const MIB = 0x100000;

describe('MemoryWindowTable.setTranslation', () => {
  it('accepts an aligned direct translation within size_max', () => {
    const t = new MemoryWindowTable(4);
    const mw = t.addDirect();
    expect(t.setTranslation(mw, 0x1_0000_3000, 2 * MIB)).toBe(0); // above 4 GiB, 4 KiB aligned
    expect(t.xlateAddr[mw]).toBe(0x1_0000_3000);
    expect(t.translationChanges).toBe(1);
    expect(t.lastError).toBe('');
  });

  it('rejects a direct translation address not aligned to 4 KiB', () => {
    const t = new MemoryWindowTable(1);
    const mw = t.addDirect();
    expect(t.setTranslation(mw, 0x1234_5800, SZ_4K)).toBe(-EINVAL);
    expect(t.lastError).toMatch(/not aligned to addr_align 0x1000/);
    expect(t.sizeBytes[mw]).toBe(0); // unchanged
  });

  it('rejects sizes below 4 KiB, unaligned, or above size_max', () => {
    const t = new MemoryWindowTable(2);
    const d = t.addDirect(MIB);
    expect(t.setTranslation(d, 0x10000, 0x800)).toBe(-EINVAL);
    expect(t.lastError).toMatch(/>= 4096 bytes/);
    expect(t.setTranslation(d, 0x10000, 0x1800)).toBe(-EINVAL);
    expect(t.lastError).toMatch(/not a multiple of size_align 0x1000/);
    expect(t.setTranslation(d, 0x10000, 2 * MIB)).toBe(-EINVAL);
    expect(t.lastError).toMatch(/exceeds size_max 0x100000/);
    expect(t.translationChanges).toBe(0);
  });

  it('holds LUT windows to 64 KiB address alignment and exactly one 64 KiB page', () => {
    const t = new MemoryWindowTable(1);
    const lut = t.addLut();
    expect(t.setTranslation(lut, 0xfee08000, LUT_SIZE)).toBe(-EINVAL); // 32 KiB aligned only
    expect(t.lastError).toMatch(/LUT window 0: translation address 0xfee08000 is not aligned to addr_align 0x10000/);
    expect(t.setTranslation(lut, 0xfee00000, 2 * LUT_SIZE)).toBe(-EINVAL);
    expect(t.setTranslation(lut, 0xfee00000, 0x8000)).toBe(-EINVAL); // 32 KiB: not a size_align multiple
    expect(t.setTranslation(lut, 0xfee00000, LUT_SIZE)).toBe(0);
  });

  it('clears the translation when address or size is 0, as the driver', () => {
    const t = new MemoryWindowTable(1);
    const mw = t.addDirect();
    t.setTranslation(mw, 0x100000, SZ_4K);
    expect(t.setTranslation(mw, 0, SZ_4K)).toBe(0);
    expect(t.sizeBytes[mw]).toBe(0);
    expect(t.translate(mw, 0)).toBe(-1);
  });
});

describe('MemoryWindowTable.translate and covers', () => {
  it('maps [0, size) and nothing else', () => {
    const t = new MemoryWindowTable(1);
    const mw = t.addLut();
    t.setTranslation(mw, 0x2_0000_0000, LUT_SIZE); // 8 GiB: beyond 2^32, exact in a double
    expect(t.translate(mw, 0)).toBe(0x2_0000_0000);
    expect(t.translate(mw, LUT_SIZE - 4)).toBe(0x2_0000_fffc);
    expect(t.translate(mw, LUT_SIZE)).toBe(-1);
    expect(t.translate(mw, -4)).toBe(-1);
    expect(t.translateMisses[mw]).toBe(2);
    expect(t.covers(mw, 0x2_0000_ffff)).toBe(true);
    expect(t.covers(mw, 0x2_0001_0000)).toBe(false);
    expect(t.covers(mw, 0x1_ffff_ffff)).toBe(false);
  });

  it('agrees with covers() for every offset (property)', () => {
    const t = new MemoryWindowTable(1);
    const mw = t.addDirect();
    t.setTranslation(mw, 0x7_fff0_0000, 2 * MIB);
    fc.assert(
      fc.property(fc.integer({ min: -MIB, max: 3 * MIB }), (off) => {
        const host = t.translate(mw, off);
        if (host === -1) expect(off < 0 || off >= 2 * MIB).toBe(true);
        else expect(t.covers(mw, host) && host - off === 0x7_fff0_0000).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('MemoryWindowTable.setupForMsi', () => {
  it('LUT: aligns the first address down to 64 KiB and programs one 64 KiB page', () => {
    const t = new MemoryWindowTable(1);
    const mw = t.addLut();
    // First descriptor targets APIC ID 5: 0xFEE05000 → aligned down to 0xFEE00000.
    expect(t.setupForMsi(mw, compatMsiAddr(5), LUT_SIZE, LUT_SIZE, LUT_SIZE)).toBe(0);
    expect(t.xlateAddr[mw]).toBe(0xfee00000);
    expect(t.sizeBytes[mw]).toBe(LUT_SIZE); // max(round_up(32K, 64K), 64K)
    // The kernel's end_addr: mw_min_size never leaves SZ_32K.
    expect(t.msiEndAddr[mw]).toBe(0xfee00000 + 0x8000);
    expect(t.msiCovers(mw, compatMsiAddr(7))).toBe(true);
    expect(t.msiCovers(mw, compatMsiAddr(8))).toBe(false);
  });

  it("direct: keeps the 4 KiB-aligned first address and a 2 MiB translation; 'window' widens the range", () => {
    const t = new MemoryWindowTable(2);
    const a = t.addDirect();
    const b = t.addDirect();
    expect(t.setupForMsi(a, compatMsiAddr(5), SZ_4K, SZ_4K, 2 * MIB)).toBe(0);
    expect(t.xlateAddr[a]).toBe(0xfee05000);
    expect(t.sizeBytes[a]).toBe(2 * MIB);
    expect(t.msiEndAddr[a]).toBe(0xfee05000 + 0x8000);
    expect(t.setupForMsi(b, compatMsiAddr(5), SZ_4K, SZ_4K, 2 * MIB, 'window')).toBe(0);
    expect(t.msiEndAddr[b]).toBe(0xfee05000 + 2 * MIB);
  });

  it('fails with -EINVAL when the window cannot take the MSI size', () => {
    const t = new MemoryWindowTable(1);
    const mw = t.addDirect(SZ_4K * 4); // size_max 16 KiB < the 32 KiB ntb_msi asks for
    expect(t.setupForMsi(mw, 0xfee00000, SZ_4K, SZ_4K, SZ_4K * 4)).toBe(-EINVAL);
    expect(t.lastError).toMatch(/exceeds size_max 0x4000/);
    expect(t.msiEndAddr[mw]).toBe(0);
  });
});

describe('APIC-ID coverage of compat MSI addresses', () => {
  it('64 KiB LUT window from 0xFEE00000 reaches APIC IDs 0–15', () => {
    const t = new MemoryWindowTable(1);
    const mw = t.addLut();
    t.setupForMsi(mw, compatMsiAddr(3), LUT_SIZE, LUT_SIZE, LUT_SIZE);
    const r = new ApicIdRange();
    expect(t.apicIdCoverage(mw, r)).toBe(16); // 64 KiB / 4 KiB per destid
    expect([r.first, r.last]).toEqual([0, 15]);
    // ntb_msi_set_desc accepts only the first 32 KiB: IDs 0–7.
    expect(t.msiApicIdCoverage(mw, r)).toBe(8);
    expect([r.first, r.last]).toEqual([0, 7]);
  });

  it('2 MiB direct window reaches every 8-bit APIC ID from its 4 KiB-aligned base', () => {
    const t = new MemoryWindowTable(2);
    const r = new ApicIdRange();
    const at0 = t.addDirect();
    t.setTranslation(at0, 0xfee00000, 2 * MIB);
    expect(t.apicIdCoverage(at0, r)).toBe(256);
    expect([r.first, r.last]).toEqual([0, 255]);
    // First descriptor on APIC 5: base 0xFEE05000, so IDs 0–4 are below the window.
    const at5 = t.addDirect();
    t.setupForMsi(at5, compatMsiAddr(5), SZ_4K, SZ_4K, 2 * MIB);
    expect(t.apicIdCoverage(at5, r)).toBe(251); // 5..255
    expect([r.first, r.last]).toEqual([5, 255]);
    expect(t.msiApicIdCoverage(at5, r)).toBe(8); // 5..12
    expect([r.first, r.last]).toEqual([5, 12]);
  });

  it('is empty for a disabled window or one below 0xFEE00000', () => {
    const t = new MemoryWindowTable(2);
    const r = new ApicIdRange();
    const off = t.addLut();
    expect(t.apicIdCoverage(off, r)).toBe(0);
    expect([r.first, r.last]).toEqual([-1, -1]);
    const low = t.addLut();
    t.setTranslation(low, 0x1000_0000, LUT_SIZE);
    expect(t.apicIdCoverage(low, r)).toBe(0);
  });

  it('counts a destination only if its whole DWORD fits', () => {
    const r = new ApicIdRange();
    // [0xFEE00000, 0xFEE01004): ID 1's DWORD 0xFEE01000..0xFEE01003 just fits.
    expect(compatApicIdRange(0xfee00000, 0xfee01004, r)).toBe(2);
    expect(compatApicIdRange(0xfee00000, 0xfee01003, r)).toBe(1);
    // Starting one byte past ID 0's address drops ID 0.
    expect(compatApicIdRange(0xfee00001, 0xfee10000, r)).toBe(15);
    expect(r.first).toBe(1);
  });
});

describe('switchtecLutWindowCount', () => {
  it('rounds the LUT table down to a power of two and removes the reserved entries', () => {
    expect(switchtecLutWindowCount()).toBe(511); // 512 - shared MW
    expect(switchtecLutWindowCount(512, true)).toBe(510); // - crosslink
    expect(switchtecLutWindowCount(300)).toBe(255); // 256 - 1
    expect(switchtecLutWindowCount(1)).toBe(0);
  });
});
