import { describe, expect, it } from 'vitest';
import {
  IRTE_INDEX_INVALID,
  IRTE_NOT_PRESENT,
  IRTE_OK,
  IRTE_SID_MISMATCH,
  IrteTable,
  SQ_13_IGNORE_1,
  SQ_13_IGNORE_3,
  SQ_ALL_16,
  SVT_NO_VERIFY,
  SVT_VERIFY_BUS,
  SVT_VERIFY_SID_SQ,
} from './irte-table.js';
import { EINVAL, ENOSPC } from '../irq/errno.js';

describe('IrteTable: bitmap allocator (alloc_irte)', () => {
  it('singles pack from 0; blocks are power-of-two sized and aligned', () => {
    const t = new IrteTable(256);
    expect(t.alloc(1)).toBe(0);
    expect(t.alloc(1)).toBe(1);
    expect(t.alloc(1)).toBe(2);
    // 0-2 taken: the first free 4-aligned block of 4 is 4-7.
    expect(t.alloc(4)).toBe(4);
    // 3 rounds up to 4 → 8-11.
    expect(t.alloc(3)).toBe(8);
    // A block of 32 needs a whole free word: word 0 (0-31) is partly used → 32.
    expect(t.alloc(32)).toBe(32);
    // 64 needs two free words at a 64 boundary: 64-127.
    expect(t.alloc(64)).toBe(64);
    expect(t.inUse).toBe(3 + 4 + 4 + 32 + 64);
    // Freeing 4-7 lets a block of 2 land at 4 (2-3 holds 2, so 2 is not free).
    expect(t.free(4, 4)).toBe(0);
    expect(t.alloc(2)).toBe(4);
    // The single slot 3 is still the first free single.
    expect(t.alloc(1)).toBe(3);
  });

  it('is full at capacity → -ENOSPC; bad counts → -EINVAL', () => {
    const t = new IrteTable(32);
    for (let i = 0; i < 32; i++) expect(t.alloc(1)).toBe(i);
    expect(t.alloc(1)).toBe(-ENOSPC);
    expect(t.alloc(0)).toBe(-EINVAL);
    expect(t.alloc(64)).toBe(-EINVAL);
    expect(new IrteTable(64).alloc(33)).toBe(0); // rounds to 64, the whole table
  });

  it('free rejects misaligned, out-of-range and unallocated blocks', () => {
    const t = new IrteTable(64);
    expect(t.alloc(4)).toBe(0);
    expect(t.free(2, 4)).toBe(-EINVAL); // not 4-aligned
    expect(t.free(8, 1)).toBe(-EINVAL); // never allocated
    expect(t.free(62, 4)).toBe(-EINVAL); // beyond the table
    expect(t.free(0, 4)).toBe(0);
    expect(t.free(0, 4)).toBe(-EINVAL); // double free
    expect(t.clearCount).toBe(1);
  });

  it('rejects a capacity that is not a power of two in [32, 65536]', () => {
    expect(() => new IrteTable(100)).toThrow(/power of two .* got 100/);
    expect(new IrteTable().capacity).toBe(65536);
  });
});

describe('IrteTable: program, lookup and source validation', () => {
  it('a programmed entry remaps to its vector and APIC ID', () => {
    const t = new IrteTable(64);
    const i = t.alloc(1);
    t.program(i, 0x25, 7);
    expect(t.modifyCount).toBe(1);
    expect(t.lookup(i, 0x0300)).toBe(IRTE_OK); // svt 0: any requester
    expect(t.vector[i]).toBe(0x25);
    expect(t.destId[i]).toBe(7);
    expect(t.redirHint[i]).toBe(1);
    expect(t.pst[i]).toBe(0);
  });

  it('an allocated but unprogrammed entry is not present: blocked and reported', () => {
    const t = new IrteTable(64);
    const i = t.alloc(1);
    expect(t.lookup(i, 0)).toBe(IRTE_NOT_PRESENT);
    expect(t.faultsReported).toBe(1);
    // fpd is honoured even on a not-present entry: still blocked, fault not recorded.
    t.setFpd(i, true);
    expect(t.lookup(i, 0)).toBe(IRTE_NOT_PRESENT);
    expect(t.faultsReported).toBe(1);
    expect(t.faultsSuppressed).toBe(1);
  });

  it('an index beyond the table is always reported', () => {
    const t = new IrteTable(64);
    expect(t.lookup(64, 0)).toBe(IRTE_INDEX_INVALID);
    expect(t.lookup(0x10002, 0)).toBe(IRTE_INDEX_INVALID);
    expect(t.faultsReported).toBe(2);
    expect(t.verdictCount[IRTE_INDEX_INVALID]).toBe(2);
  });

  it('SVT_VERIFY_SID_SQ with SQ_ALL_16 needs the exact requester ID', () => {
    const t = new IrteTable(64);
    const i = t.alloc(1);
    t.setSource(i, SVT_VERIFY_SID_SQ, SQ_ALL_16, 0x0300); // 03:00.0
    t.program(i, 0x30, 0);
    expect(t.lookup(i, 0x0300)).toBe(IRTE_OK);
    expect(t.lookup(i, 0x0301)).toBe(IRTE_SID_MISMATCH); // 03:00.1
    expect(t.faultsReported).toBe(1);
  });

  it('SQ masks ignore the low devfn bits they name', () => {
    const t = new IrteTable(64);
    const i = t.alloc(1);
    t.program(i, 0x30, 0);
    // SQ_13_IGNORE_3 ignores bits 2:0 (the function): 0x0307 = 03:00.7 passes, 0x0308 = 03:01.0 does not.
    t.setSource(i, SVT_VERIFY_SID_SQ, SQ_13_IGNORE_3, 0x0300);
    expect(t.lookup(i, 0x0307)).toBe(IRTE_OK);
    expect(t.lookup(i, 0x0308)).toBe(IRTE_SID_MISMATCH);
    // SQ_13_IGNORE_1 ignores bit 2 only: 0x0304 passes, 0x0302 (bit 1) does not.
    t.setSource(i, SVT_VERIFY_SID_SQ, SQ_13_IGNORE_1, 0x0300);
    expect(t.lookup(i, 0x0304)).toBe(IRTE_OK);
    expect(t.lookup(i, 0x0302)).toBe(IRTE_SID_MISMATCH);
  });

  it('SVT_VERIFY_BUS admits any requester on buses start..end (NTB proxy IDs)', () => {
    const t = new IrteTable(64);
    const i = t.alloc(1);
    t.program(i, 0x30, 0);
    // set_msi_sid for a device with several same-bus aliases: verify bus 3..3 only.
    t.setSource(i, SVT_VERIFY_BUS, SQ_ALL_16, (3 << 8) | 3);
    expect(t.lookup(i, 0x0310)).toBe(IRTE_OK); // proxy ID 03:02.0
    expect(t.lookup(i, 0x04f8)).toBe(IRTE_SID_MISMATCH); // bus 4
    // A bridge alias range 3..5: buses 3 and 5 are inclusive edges, 6 is out.
    t.setSource(i, SVT_VERIFY_BUS, SQ_ALL_16, 0x0305);
    expect(t.lookup(i, 0x0500)).toBe(IRTE_OK);
    expect(t.lookup(i, 0x0600)).toBe(IRTE_SID_MISMATCH);
    expect(t.lookup(i, 0x0200)).toBe(IRTE_SID_MISMATCH);
    expect(t.verdictCount[IRTE_OK]).toBe(2);
    expect(t.verdictCount[IRTE_SID_MISMATCH]).toBe(3);
    // With the source check off again, anything goes.
    t.setSource(i, SVT_NO_VERIFY, SQ_ALL_16, 0);
    expect(t.lookup(i, 0xffff)).toBe(IRTE_OK);
  });

  it('setSource rejects reserved or out-of-range fields', () => {
    const t = new IrteTable(64);
    expect(() => t.setSource(0, 3, 0, 0)).toThrow(/svt must be .* got 3/);
    expect(() => t.setSource(0, 1, 4, 0)).toThrow(/sq must be .* got 4/);
    expect(() => t.setSource(0, 1, 0, 0x10000)).toThrow(/sid must be .* got 65536/);
  });

  it('posted entries, deactivate, and free zeroing the block', () => {
    const t = new IrteTable(64);
    const i = t.alloc(2);
    t.setSource(i, SVT_VERIFY_SID_SQ, SQ_ALL_16, 0x0100);
    t.programPosted(i, 0x41, 3);
    expect(t.pst[i]).toBe(1);
    expect(t.postCpu[i]).toBe(3);
    expect(t.lookup(i, 0x0100)).toBe(IRTE_OK);
    t.deactivate(i);
    expect(t.lookup(i, 0x0100)).toBe(IRTE_NOT_PRESENT);
    expect(t.isAllocated(i)).toBe(true);
    t.program(i + 1, 0x42, 1);
    expect(t.modifyCount).toBe(3); // programPosted, deactivate, program
    expect(t.free(i, 2)).toBe(0);
    expect(t.present[i + 1]).toBe(0);
    expect(t.sid[i]).toBe(0);
    expect(t.postCpu[i]).toBe(-1);
  });

  it('program on an unallocated IRTE throws under DEBUG', () => {
    const t = new IrteTable(64);
    expect(() => t.program(5, 0x30, 0)).toThrow(/IRTE 5 is not allocated/);
  });
});
