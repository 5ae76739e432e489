/**
 * The device chip of tglx's proposed NTB MSI domain (chip "ntb": ack → parent, set_affinity →
 * parent, write_msi_msg → the peers): there is no hardware behind it, so masking is software
 * only (IRQD_IRQ_MASKED in the core) and a message write updates the descriptor's cached message
 * and tells the peers through ntb_msi_write_msg.
 */
import type { MsiChipOps } from '../irq/msi-domain.js';
import type { MsiDescTable } from '../irq/msi-desc-table.js';
import type { MsiMsg } from '../irq/msi-msg.js';

export class NtbMsiChip implements MsiChipOps {
  /** Messages handed to ntb_msi_write_msg. */
  callbackWrites = 0;

  constructor(
    readonly descs: MsiDescTable,
    /** ntb_msi_write_msg() for the descriptor (desc row). */
    readonly ntbMsiWriteMsg: (desc: number, msg: MsiMsg) => void,
  ) {}

  mask(): void {}

  unmask(): void {}

  writeMsg(desc: number, msg: MsiMsg): void {
    this.descs.storeMsg(desc, msg);
    this.callbackWrites++;
    this.ntbMsiWriteMsg(desc, msg);
  }
}
