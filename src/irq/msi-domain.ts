/**
 * An MSI irq domain and its chip (kernel/irq/msi.c, drivers/pci/msi/): the device level of
 * the hierarchy. Activation composes the message through the parents and writes it;
 * set_affinity is msi_domain_set_affinity() (parent first, then recompose and write unless
 * the parent said OK_DONE). The write is __pci_write_msi_msg() for PCI MSI-X (hardware for
 * real entries, only the cache and the write_msi_msg callback for virtual ones) or the
 * device's own op (the NTB domain's ntb_msi_write_msg).
 */
import { IRQCHIP_MOVE_DEFERRED, type IrqChipOps, type IrqChipRegistry } from './chip.js';
import type { CpuMask } from './cpumask.js';
import type { IrqCore } from './irq-core.js';
import { IRQ_SET_MASK_OK_DONE } from './irq-flags.js';
import type { MsiDescTable } from './msi-desc-table.js';
import { MsiMsg } from './msi-msg.js';

/** What the device behind the domain does when its entries change. */
export interface MsiDeviceHooks {
  /** A masked real entry that latched an event was unmasked: the device sends it now (desc row). */
  sendPending(desc: number): void;
  /** The descriptor's write_msi_msg callback (the NTB intercept: ntb_msi_write_msg) (desc row). */
  writeMsiMsgCallback(desc: number, msg: MsiMsg): void;
}

/** Costs of touching a real MSI-X table entry, in ns. */
export interface MsiCosts {
  mmioWriteNs: number;
  mmioReadNs: number;
}

export interface MsiDomainOptions {
  name: string;
  /** Parent domain id (the remapping or the vector domain). */
  parent: number;
  /** True when the parent is the x86 vector domain: moves are deferred to the next interrupt. */
  parentIsVector: boolean;
  /** 'pci-msix': __pci_write_msi_msg semantics; 'ntb': the NTB domain's chip writes only to peers. */
  kind: 'pci-msix' | 'ntb';
}

export class MsiDomain {
  readonly id: number;
  readonly chip: number;
  /** Messages composed for activation or moves, by kind of write. */
  hwWrites = 0;
  callbackWrites = 0;
  readonly #msg = new MsiMsg();

  constructor(
    readonly core: IrqCore,
    chips: IrqChipRegistry,
    readonly descs: MsiDescTable,
    readonly hooks: MsiDeviceHooks,
    readonly costs: MsiCosts,
    readonly options: MsiDomainOptions,
  ) {
    const domain = core.domains.create(options.name, options.parent, {
      alloc: (d) => this.#alloc(d),
      activate: (d) => this.#activate(d),
    });
    this.id = domain.id;
    const ops: IrqChipOps = {
      irqMask: (d) => this.#mask(d),
      irqUnmask: (d) => this.#unmask(d),
      irqSetAffinity: (d, mask, force) => this.msiDomainSetAffinity(d, mask, force),
      irqWriteMsiMsg: (d, msg) => this.#writeMsg(d, msg),
    };
    this.chip = chips.register(options.name, options.parentIsVector ? IRQCHIP_MOVE_DEFERRED : 0, ops);
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

  /**
   * pci_msix_mask(): the Vector Control write only for entries that can mask, then a read of
   * the table to flush it, which virtual entries pay too (their mask_base is the device's
   * table). The NTB domain's chip has no hardware at all: its mask is software only.
   */
  #mask(d: number): void {
    if (this.options.kind !== 'pci-msix') return;
    const desc = this.descOf(d);
    if (this.descs.canMask[desc]) {
      this.descs.maskBit[desc] = 1;
      this.core.meter.ns += this.costs.mmioWriteNs;
    }
    this.core.meter.ns += this.costs.mmioReadNs;
  }

  #unmask(d: number): void {
    if (this.options.kind !== 'pci-msix') return;
    const desc = this.descOf(d);
    if (!this.descs.canMask[desc]) return;
    this.descs.maskBit[desc] = 0;
    this.core.meter.ns += this.costs.mmioWriteNs;
    // PCI: a vector that had its pending bit set while masked sends its message on unmask.
    if (this.descs.pendingBit[desc]) {
      this.descs.pendingBit[desc] = 0;
      this.hooks.sendPending(desc);
    }
  }

  // __pci_write_msi_msg() for PCI MSI-X, or the NTB domain's write (peers only).
  #writeMsg(d: number, msg: MsiMsg): void {
    const descs = this.descs;
    const desc = this.descOf(d);
    if (this.options.kind === 'pci-msix' && !descs.isVirtual[desc]) {
      // pci_write_msg_msix(): mask if unmasked, write lo/hi/data, unmask, read back to flush.
      const wasMasked = descs.maskBit[desc] === 1;
      this.core.meter.ns += (wasMasked ? 3 : 5) * this.costs.mmioWriteNs + this.costs.mmioReadNs;
      this.hwWrites++;
    }
    descs.msgLo[desc] = msg.addressLo;
    descs.msgHi[desc] = msg.addressHi;
    descs.msgData[desc] = msg.data;
    descs.msgWrites[desc]++;
    if (this.options.kind === 'ntb' || descs.hasWriteHook[desc]) {
      this.callbackWrites++;
      this.hooks.writeMsiMsgCallback(desc, msg);
    }
  }
}
