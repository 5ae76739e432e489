import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DecodedMsi,
  MSI_FORMAT_COMPAT,
  MSI_FORMAT_INVALID,
  MSI_FORMAT_REMAPPABLE,
  MsiMsg,
  apicIdFromAddress,
  composeCompatMsg,
  composeRemappableMsg,
  decodeMsiMsg,
  msiAddressForApicId,
} from './msi-msg.js';
import { EINVAL } from '../irq/errno.js';

describe('compatibility format (__irq_msi_compose_msg)', () => {
  it('APIC ID in destid_0_7 (bits 12-19), vector in data[7:0], fixed delivery', () => {
    const m = new MsiMsg();
    // 0xFEE00000 | 3 << 12 = 0xFEE03000
    expect(composeCompatMsg(m, 3, 0x21, false)).toBe(0);
    expect(m.addressLo).toBe(0xfee03000);
    expect(m.addressHi).toBe(0);
    expect(m.data).toBe(0x21);
    // 0xFEE00000 | 0xff << 12 = 0xFEEFF000: the top of the 8-bit range, still an unsigned number
    composeCompatMsg(m, 0xff, 0xeb, false);
    expect(m.addressLo).toBe(0xfeeff000);
    expect(m.data).toBe(0xeb);
  });

  it('APIC IDs above 255 need the virtual extended destination ID (bits 5-11)', () => {
    const m = new MsiMsg();
    // 0x1234: destid_0_7 = 0x34 → 0x34000; virt_destid_8_14 = 0x12 → 0x12 << 5 = 0x240
    expect(composeCompatMsg(m, 0x1234, 0x40, true)).toBe(0);
    expect(m.addressLo).toBe(0xfee34240);
    const before = m.addressLo;
    expect(composeCompatMsg(m, 0x1234, 0x40, false)).toBe(-EINVAL);
    expect(m.addressLo).toBe(before); // untouched on error
    expect(composeCompatMsg(m, 0x8000, 0x40, true)).toBe(-EINVAL); // 15 bits at most
    expect(composeCompatMsg(m, -1, 0x40, true)).toBe(-EINVAL);
  });
});

describe('remappable format (fill_msi_msg)', () => {
  it('index 5, subhandle 0: index_0_14 << 5 | format | SHV', () => {
    const m = new MsiMsg();
    // 0xFEE00000 | 5 << 5 (0xA0) | 0x10 | 0x08 = 0xFEE000B8
    expect(composeRemappableMsg(m, 5, 0)).toBe(0);
    expect(m.addressLo).toBe(0xfee000b8);
    expect(m.addressHi).toBe(0);
    expect(m.data).toBe(0);
  });

  it('index bit 15 goes to address bit 2; no subhandle clears SHV', () => {
    const m = new MsiMsg();
    // 0x8001: index_0_14 = 1 → 0x20; | format 0x10 | index_15 0x04 = 0xFEE00034
    composeRemappableMsg(m, 0x8001, -1);
    expect(m.addressLo).toBe(0xfee00034);
    expect(m.data).toBe(0);
    // 0xFFFF: 0x7fff << 5 = 0xFFFE0 | 0x10 | 0x08 | 0x04 = 0xFFFFC → 0xFEEFFFFC
    composeRemappableMsg(m, 0xffff, 3);
    expect(m.addressLo).toBe(0xfeeffffc);
    expect(m.data).toBe(3);
    expect(composeRemappableMsg(m, 0x10000, 0)).toBe(-EINVAL);
  });
});

describe('decodeMsiMsg', () => {
  const d = new DecodedMsi();

  it('compat: APIC ID, vector, delivery mode', () => {
    expect(decodeMsiMsg(0xfee03000, 0, 0x21, d)).toBe(MSI_FORMAT_COMPAT);
    expect(d.destApicId).toBe(3);
    expect(d.vector).toBe(0x21);
    expect(d.deliveryMode).toBe(0);
    expect(d.irteIndex).toBe(-1);
    // data 0x0121: delivery mode 1 (lowest priority) in bits 8-10, vector 0x21
    decodeMsiMsg(0xfee34240, 0, 0x0121, d);
    expect(d.destApicId).toBe(0x1234);
    expect(d.deliveryMode).toBe(1);
    // dest_mode_logical is bit 2
    decodeMsiMsg(0xfee03004, 0, 0x21, d);
    expect(d.destModeLogical).toBe(1);
  });

  it('remappable: handle, subhandle and the VT-d index rule handle + subhandle', () => {
    expect(decodeMsiMsg(0xfeeffffc, 0, 3, d)).toBe(MSI_FORMAT_REMAPPABLE);
    expect(d.handle).toBe(0xffff);
    expect(d.subHandle).toBe(3);
    expect(d.irteIndex).toBe(0x10002); // beyond any table: the IRTE lookup rejects it
    expect(d.vector).toBe(-1);
    // SHV clear: data ignored
    decodeMsiMsg(0xfee00034, 0, 0x55, d);
    expect(d.handle).toBe(0x8001);
    expect(d.subHandle).toBe(-1);
    expect(d.irteIndex).toBe(0x8001);
  });

  it('reads the int32 view of an address exactly as the uint32 (the machine passes int32)', () => {
    const fields = (x: DecodedMsi) => [x.format, x.destApicId, x.vector, x.deliveryMode, x.destModeLogical, x.handle, x.subHandle, x.irteIndex];
    const u = new DecodedMsi();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffff }), (addressLo, data) => {
        decodeMsiMsg(addressLo, 0, data, u);
        decodeMsiMsg(addressLo | 0, 0, data, d);
        expect(fields(d)).toEqual(fields(u));
      }),
    );
    // The three formats with addresses past 2^31 (negative as int32).
    for (const a of [0xfee03000, 0xfeeffffc, 0xfed00000]) {
      expect(a | 0).toBeLessThan(0);
      expect(decodeMsiMsg(a | 0, 0, 3, d)).toBe(decodeMsiMsg(a, 0, 3, u));
    }
  });

  it('outside 0xFEExxxxx or with address_hi set is not an interrupt', () => {
    expect(decodeMsiMsg(0xfed00000, 0, 0x21, d)).toBe(MSI_FORMAT_INVALID);
    expect(d.destApicId).toBe(-1);
    expect(decodeMsiMsg(0xfee03000, 1, 0x21, d)).toBe(MSI_FORMAT_INVALID);
  });

  it('property: compat compose → decode round-trips', () => {
    const m = new MsiMsg();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fff }), fc.integer({ min: 0, max: 255 }), (apic, vector) => {
        expect(composeCompatMsg(m, apic, vector, true)).toBe(0);
        expect(decodeMsiMsg(m.addressLo, m.addressHi, m.data, d)).toBe(MSI_FORMAT_COMPAT);
        expect(d.destApicId).toBe(apic);
        expect(d.vector).toBe(vector);
        expect(apicIdFromAddress(m.addressLo)).toBe(apic);
        expect(msiAddressForApicId(apic, true)).toBe(m.addressLo);
      }),
      { numRuns: 300 },
    );
  });

  it('property: remappable compose → decode round-trips', () => {
    const m = new MsiMsg();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: -1, max: 0xffff }), (index, sub) => {
        expect(composeRemappableMsg(m, index, sub)).toBe(0);
        expect(decodeMsiMsg(m.addressLo, m.addressHi, m.data, d)).toBe(MSI_FORMAT_REMAPPABLE);
        expect(d.handle).toBe(index);
        expect(d.subHandle).toBe(sub);
        expect(d.irteIndex).toBe(index + Math.max(sub, 0));
      }),
      { numRuns: 300 },
    );
  });
});

describe('address helpers for window coverage', () => {
  it('msiAddressForApicId / apicIdFromAddress', () => {
    expect(msiAddressForApicId(3, false)).toBe(0xfee03000);
    expect(msiAddressForApicId(0x100, false)).toBe(-EINVAL);
    // 0x100 with ext dest: destid_0_7 = 0, virt = 1 << 5 = 0x20
    expect(msiAddressForApicId(0x100, true)).toBe(0xfee00020);
    expect(apicIdFromAddress(0xfee000b8)).toBe(-EINVAL); // remappable
    expect(apicIdFromAddress(0xfec00000)).toBe(-EINVAL); // the IO-APIC, not the MSI window
  });

  it('MsiMsg copyFrom/equals', () => {
    const a = new MsiMsg();
    const b = new MsiMsg();
    composeCompatMsg(a, 7, 0x30, false);
    expect(a.equals(b)).toBe(false);
    b.copyFrom(a);
    expect(b.equals(a)).toBe(true);
  });
});
