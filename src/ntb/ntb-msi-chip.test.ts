import { describe, expect, it } from 'vitest';
import { maskIrq, unmaskIrq } from '../irq/chip-ops.js';
import { MsiDescTable } from '../irq/msi-desc-table.js';
import { MsiDomain } from '../irq/msi-domain.js';
import { createFakeCore, createFakeMsiParent } from '../irq/testing/fake-chip.js';
import { NtbMsiChip } from './ntb-msi-chip.js';

/** An NTB-MSI domain on a fake parent whose chip composes (0xfee01000, data 0x41). */
function setup() {
  const f = createFakeCore();
  const { parent } = createFakeMsiParent(f);
  const descs = new MsiDescTable(4);
  const written: Array<[number, number, number]> = [];
  const chip = new NtbMsiChip(descs, (desc, msg) => written.push([desc, msg.addressLo, msg.data]));
  const msi = new MsiDomain(f.core, descs, { name: 'NTB-MSI', parent: parent.id, chipFlags: 0, chip });
  const desc = descs.allocDesc(0x10000, true);
  const virq = f.domains.allocIrq(msi.id, 'peer/q0');
  msi.bindDesc(f.desc.topData[virq], desc);
  return { f, descs, chip, written, virq, desc };
}

describe('NtbMsiChip (the NTB MSI domain\'s device chip)', () => {
  it('a message write updates the cached message and always reaches ntb_msi_write_msg, at no cost', () => {
    const { f, descs, chip, written, virq, desc } = setup();
    f.meter.take();
    expect(f.domains.activateIrq(virq, false)).toBe(0);
    expect(written).toEqual([[desc, 0xfee01000, 0x41]]);
    expect([descs.msgLo[desc], descs.msgData[desc], descs.msgWrites[desc]]).toEqual([0xfee01000, 0x41, 1]);
    expect(chip.callbackWrites).toBe(1);
    expect(f.meter.take()).toBe(0);
  });

  it('masking is software only: no mask bit, no MMIO', () => {
    const { f, descs, virq, desc } = setup();
    f.domains.activateIrq(virq, false);
    f.meter.take();
    maskIrq(f.core, virq);
    expect(descs.maskBit[desc]).toBe(0);
    unmaskIrq(f.core, virq);
    expect(f.meter.take()).toBe(0);
  });
});
