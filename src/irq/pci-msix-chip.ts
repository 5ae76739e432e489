/**
 * The PCI MSI-X chip's device ops (drivers/pci/msi/: pci_msix_mask, pci_msix_unmask,
 * __pci_write_msi_msg) for an MsiDomain: real entries have a Vector Control mask bit, a PBA
 * pending bit sent on unmask and a table entry written mask-write-unmask-readback; virtual
 * entries (PCI_IRQ_VIRTUAL: msi_index past the table) have no hardware, only the cached
 * message and the descriptor's write_msi_msg callback (the NTB intercept).
 */
import type { CostMeter } from './cost-meter.js';
import type { MsiChipOps } from './msi-domain.js';
import type { MsiDescTable } from './msi-desc-table.js';
import type { MsiMsg } from './msi-msg.js';

/** What the device behind the chip does when its entries change. */
export interface MsiDeviceHooks {
  /** A masked real entry that latched an event was unmasked: the device sends it now (desc row). */
  sendPending(desc: number): void;
  /** The descriptor's write_msi_msg callback (the NTB intercept: ntb_msi_write_msg) (desc row). */
  writeMsiMsgCallback(desc: number, msg: MsiMsg): void;
}

/** Costs of touching a real MSI-X table entry, in ns. */
export interface MsiCosts {
  readonly mmioWriteNs: number;
  readonly mmioReadNs: number;
}

export class PciMsixChip implements MsiChipOps {
  /** Messages written to hardware entries, and write_msi_msg callbacks made. */
  hwWrites = 0;
  callbackWrites = 0;

  constructor(
    readonly descs: MsiDescTable,
    readonly meter: CostMeter,
    readonly hooks: MsiDeviceHooks,
    readonly costs: MsiCosts,
  ) {}

  /**
   * pci_msix_mask(): the Vector Control write only for entries that can mask, then a read of
   * the table to flush it, which virtual entries pay too (their mask_base is the device's table).
   */
  mask(desc: number): void {
    if (this.descs.canMask[desc]) {
      this.descs.maskBit[desc] = 1;
      this.meter.ns += this.costs.mmioWriteNs;
    }
    this.meter.ns += this.costs.mmioReadNs;
  }

  unmask(desc: number): void {
    if (!this.descs.canMask[desc]) return;
    this.descs.maskBit[desc] = 0;
    this.meter.ns += this.costs.mmioWriteNs;
    // PCI: a vector that had its pending bit set while masked sends its message on unmask.
    if (this.descs.pendingBit[desc]) {
      this.descs.pendingBit[desc] = 0;
      this.hooks.sendPending(desc);
    }
  }

  // __pci_write_msi_msg()
  writeMsg(desc: number, msg: MsiMsg): void {
    const descs = this.descs;
    if (!descs.isVirtual[desc]) {
      // pci_write_msg_msix(): mask if unmasked, write lo/hi/data, unmask, read back to flush.
      const wasMasked = descs.maskBit[desc] === 1;
      this.meter.ns += (wasMasked ? 3 : 5) * this.costs.mmioWriteNs + this.costs.mmioReadNs;
      this.hwWrites++;
    }
    descs.storeMsg(desc, msg);
    if (descs.hasWriteHook[desc]) {
      this.callbackWrites++;
      this.hooks.writeMsiMsgCallback(desc, msg);
    }
  }
}
