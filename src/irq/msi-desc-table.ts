/**
 * msi_desc, flattened (include/linux/msi.h): one row per MSI/MSI-X vector or NTB virtual
 * vector. Real MSI-X entries have a Vector Control mask bit and a PBA pending bit; virtual
 * entries (msi_index past the device's table, or the NTB domain's own range) cannot be
 * masked and have no hardware behind them, only the cached message and the write callback.
 */
import type { MsiMsg } from './msi-msg.js';

export class MsiDescTable {
  readonly capacity: number;
  count = 0;
  /** msi_desc.irq */
  virq: Int32Array;
  /** msi_desc.msi_index (0x10000+ for the NTB domain's range) */
  msiIndex: Int32Array;
  /** msi_attrib.is_virtual: msi_index >= pci_msix_vec_count() */
  isVirtual: Uint8Array;
  /** msi_attrib.can_mask: !pci_msi_ignore_mask && !is_virtual */
  canMask: Uint8Array;
  /** pci.msix_ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT */
  maskBit: Uint8Array;
  /** the PBA bit: an event while masked, sent on unmask */
  pendingBit: Uint8Array;
  /** msi_desc.msg.address_lo (last message written) */
  msgLo: Uint32Array;
  /** msi_desc.msg.address_hi */
  msgHi: Uint32Array;
  /** msi_desc.msg.data */
  msgData: Uint32Array;
  /** msi_desc.write_msi_msg installed (the NTB intercept) */
  hasWriteHook: Uint8Array;
  /** messages written to this descriptor */
  msgWrites: Float64Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.virq = new Int32Array(capacity).fill(-1);
    this.msiIndex = new Int32Array(capacity);
    this.isVirtual = new Uint8Array(capacity);
    this.canMask = new Uint8Array(capacity);
    this.maskBit = new Uint8Array(capacity);
    this.pendingBit = new Uint8Array(capacity);
    this.msgLo = new Uint32Array(capacity);
    this.msgHi = new Uint32Array(capacity);
    this.msgData = new Uint32Array(capacity);
    this.hasWriteHook = new Uint8Array(capacity);
    this.msgWrites = new Float64Array(capacity);
  }

  /** A descriptor for `msiIndex`; virtual ones cannot mask. */
  allocDesc(msiIndex: number, isVirtual: boolean): number {
    if (this.count === this.capacity) throw new RangeError(`msi_desc table full (${this.capacity})`);
    const row = this.count++;
    this.msiIndex[row] = msiIndex;
    this.isVirtual[row] = isVirtual ? 1 : 0;
    this.canMask[row] = isVirtual ? 0 : 1;
    return row;
  }

  /** The descriptor's cached message (msi_desc.msg) after a write, counted. */
  storeMsg(row: number, msg: MsiMsg): void {
    this.msgLo[row] = msg.addressLo;
    this.msgHi[row] = msg.addressHi;
    this.msgData[row] = msg.data;
    this.msgWrites[row]++;
  }
}
