/**
 * An MSI irq domain and its chip (kernel/irq/msi.c): the device level of the hierarchy.
 * Activation composes the message through the parents and writes it; set_affinity is
 * msi_domain_set_affinity() (parent first, then recompose and write unless the parent said
 * OK_DONE). As with msi_domain_info, the caller says what the device's chip does: its mask,
 * unmask and message write (PCI MSI-X: pci-msix-chip.ts; tglx's NTB MSI domain: the peers'
 * descriptors) and its chip flags (x86 sets IRQCHIP_MOVE_DEFERRED when the parent is the
 * vector domain, x86_init_dev_msi_info). The domain itself knows no device kind.
 */
import type { IrqChipOps } from './chip.js';
import type { CpuMask } from './cpumask.js';
import type { IrqCore } from './irq-core.js';
import { IRQ_SET_MASK_OK_DONE } from './irq-flags.js';
import type { MsiDescTable } from './msi-desc-table.js';
import { MsiMsg } from './msi-msg.js';

/** The device's chip ops (msi_domain_info.chip), on msi_desc rows. */
export interface MsiChipOps {
  /** irq_mask: mask the device's entry. */
  mask(desc: number): void;
  /** irq_unmask: unmask it (a real entry then sends what it latched meanwhile). */
  unmask(desc: number): void;
  /** irq_write_msi_msg: write `msg` to the entry, keeping the descriptor's cached copy (MsiDescTable.storeMsg). */
  writeMsg(desc: number, msg: MsiMsg): void;
}

/** What the caller gives an MSI domain (struct msi_domain_info, reduced). */
export interface MsiDomainInfo {
  readonly name: string;
  /** Parent domain id (the remapping or the vector domain). */
  readonly parent: number;
  /** irq_chip.flags of the device chip (IRQCHIP_MOVE_DEFERRED: moves only from the irq's own context). */
  readonly chipFlags: number;
  readonly chip: MsiChipOps;
  /**
   * The chip's irq_set_affinity: 'msi-domain' is msi_domain_set_affinity() (the parent moves,
   * then the message is recomposed and written unless the parent said OK_DONE); 'parent' is
   * irq_chip_set_affinity_parent() alone, which never writes the message. @defaultValue 'msi-domain'
   */
  readonly setAffinity?: 'msi-domain' | 'parent';
}

export class MsiDomain {
  readonly id: number;
  readonly chip: number;
  readonly #msg = new MsiMsg();

  constructor(
    readonly core: IrqCore,
    readonly descs: MsiDescTable,
    readonly info: MsiDomainInfo,
  ) {
    const domain = core.domains.create(info.name, info.parent, {
      alloc: (d) => this.#alloc(d),
      activate: (d) => this.#activate(d),
    });
    this.id = domain.id;
    const device = info.chip;
    const ops: IrqChipOps = {
      irqMask: (d) => device.mask(this.descOf(d)),
      irqUnmask: (d) => device.unmask(this.descOf(d)),
      irqWriteMsiMsg: (d, msg) => device.writeMsg(this.descOf(d), msg),
    };
    // Left out, the chip layer's default is irq_chip_set_affinity_parent().
    if (info.setAffinity !== 'parent') ops.irqSetAffinity = (d, mask, force) => this.msiDomainSetAffinity(d, mask, force);
    this.chip = core.chips.register(info.name, info.chipFlags, ops);
  }

  /** The msi_desc row behind irq_data row `d`. */
  descOf(d: number): number {
    return this.core.data.chipData[d];
  }

  // The caller binds the descriptor first (bindDesc); alloc only sets the chip.
  #alloc(d: number): number {
    this.core.data.chip[d] = this.chip;
    return 0;
  }

  /** Ties irq_data row `d` to msi_desc row `desc` before activation. */
  bindDesc(d: number, desc: number): void {
    this.core.data.chipData[d] = desc;
    this.core.data.hwirq[d] = this.descs.msiIndex[desc];
    this.descs.virq[desc] = this.core.data.virq[d];
  }

  // msi_domain_activate(): compose through the parents and write.
  #activate(d: number): number {
    const msg = this.#msg;
    const chip = this.core.chips.chipOf(d);
    chip.irqComposeMsiMsg(d, msg);
    chip.irqWriteMsiMsg(d, msg);
    return 0;
  }

  /**
   * msi_domain_set_affinity(): the parent moves the irq; unless it reports OK_DONE (remapping:
   * the message stays valid) the new message is composed and written to the device.
   */
  msiDomainSetAffinity(d: number, mask: CpuMask, force: boolean): number {
    const p = this.core.data.parent[d];
    const ret = this.core.chips.chipOf(p).irqSetAffinity(p, mask, force);
    if (ret < 0 || ret === IRQ_SET_MASK_OK_DONE) return ret;
    const msg = this.#msg;
    const chip = this.core.chips.chipOf(d);
    chip.irqComposeMsiMsg(d, msg);
    chip.irqWriteMsiMsg(d, msg);
    return ret;
  }
}
