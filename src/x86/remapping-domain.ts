/**
 * Intel interrupt remapping as an irq domain, drivers/iommu/intel/irq_remapping.c: one IRTE
 * per irq (irq_2_iommu.irte_index), the remappable message format (the address names the
 * IRTE, not the CPU), and the chip "INTEL-IR" whose set_affinity rewrites the IRTE in place,
 * flushes the IEC synchronously and queues the old vector's cleanup at once, so nothing ever
 * reaches the device. With posted MSI the chip is "INTEL-IR-POST": IRTEs in posted format and
 * a dummy ack (one EOI per notification instead of per MSI).
 */
import type { IrqChipRegistry } from '../irq/chip.js';
import type { CpuMask } from '../irq/cpumask.js';
import type { IrqCore } from '../irq/irq-core.js';
import { IRQ_SET_MASK_OK_DONE } from '../irq/irq-flags.js';
import { irqMoveIrq } from '../irq/manage.js';
import type { MsiMsg } from '../irq/msi-msg.js';
import type { InterruptEntryCache } from './iec.js';
import { IRTE_OK, SVT_NO_VERIFY, SVT_VERIFY_BUS, SVT_VERIFY_SID_SQ, SQ_ALL_16, type IrteTable } from './irte-table.js';
import { composeRemappableMsg } from './msi-msg.js';
import type { VectorDomain } from './vector-domain.js';

/** How IRTEs validate the requester ID of an interrupt write (set_msi_sid). */
export type SourceIdCheck = 'requester-id' | 'bus' | 'none';

/** Costs the remapping domain charges, in ns. */
export interface RemappingCosts {
  /** modify_irte(): the 128-bit IRTE write. */
  irteWriteNs: number;
  /** qi_flush_iec(): synchronous queued invalidation after every IRTE change. */
  iecFlushNs: number;
}

/** The verdict of remapping one interrupt write, with where it goes (reused scratch). */
export class RemapResult {
  /** IRTE_OK or the blocking verdict. */
  verdict = IRTE_OK;
  cpu = -1;
  vector = -1;
  /** 1 if the IRTE is in posted format: the vector goes to the CPU's PIR, not its IRR. */
  posted = 0;
  /** 1 if the IEC held the entry. */
  iecHit = 0;
}

export class RemappingDomain {
  readonly id: number;
  readonly chip: number;
  /** IRTE index per irq_data row at this level (irq_2_iommu.irte_index), -1 none. */
  readonly irteIndex: Int32Array;
  /** IEC flushes issued (one per modify_irte). */
  iecFlushes = 0;

  constructor(
    readonly core: IrqCore,
    chips: IrqChipRegistry,
    readonly parent: VectorDomain,
    readonly irte: IrteTable,
    readonly iec: InterruptEntryCache,
    readonly costs: RemappingCosts,
    readonly posted: boolean,
    /** Requester ID (bus << 8 | devfn) of the device whose irqs these are. */
    readonly deviceRid: number,
    readonly sourceIdCheck: SourceIdCheck,
    capacity: number,
  ) {
    this.irteIndex = new Int32Array(capacity).fill(-1);
    const domain = core.domains.create(posted ? 'INTEL-IR-POST' : 'INTEL-IR', parent.id, {
      alloc: (d) => this.#alloc(d),
      free: (d) => this.#free(d),
      activate: (d) => this.#activate(d),
      deactivate: (d) => this.#deactivate(d),
    });
    this.id = domain.id;
    this.chip = chips.register(posted ? 'INTEL-IR-POST' : 'INTEL-IR', 0, {
      // apic_ack_irq() = irq_move_irq() + apic_eoi(). Posted MSI (intel_ack_posted_msi_irq): a
      // pending move is still made, only the EOI is left to the notification handler.
      irqAck: posted ? (d) => irqMoveIrq(this.core, this.core.data.virq[d]) : (d) => this.apicAckIrq(d),
      irqSetAffinity: (d, mask, force) => this.intelIrSetAffinity(d, mask, force),
      irqComposeMsiMsg: (d, out) => this.intelIrComposeMsiMsg(d, out),
      irqMask: () => {},
      irqUnmask: () => {},
    });
  }

  // intel_irq_remapping_alloc(): an IRTE slot and its source-ID rule (set_msi_sid).
  #alloc(d: number): number {
    const index = this.irte.alloc(1);
    if (index < 0) return index;
    this.core.data.chip[d] = this.chip;
    this.core.data.hwirq[d] = index;
    this.irteIndex[d] = index;
    this.#setMsiSid(index);
    return 0;
  }

  // set_msi_sid(): how the IRTE verifies the writer. Also reapplied at activation, since a
  // deactivation clears the entry and the kernel reprograms it from its cached copy.
  #setMsiSid(index: number): void {
    switch (this.sourceIdCheck) {
      case 'requester-id':
        this.irte.setSource(index, SVT_VERIFY_SID_SQ, SQ_ALL_16, this.deviceRid);
        break;
      case 'bus': {
        // ≥ 2 DMA aliases on one bus (NTB proxy IDs): verify the bus only.
        const bus = (this.deviceRid >>> 8) & 0xff;
        this.irte.setSource(index, SVT_VERIFY_BUS, SQ_ALL_16, (bus << 8) | bus);
        break;
      }
      default:
        this.irte.setSource(index, SVT_NO_VERIFY, SQ_ALL_16, 0);
    }
  }

  #free(d: number): void {
    if (this.irteIndex[d] >= 0) this.irte.free(this.irteIndex[d], 1);
    this.irteIndex[d] = -1;
  }

  // intel_irq_remapping_activate() → intel_ir_reconfigure_irte(): program from the parent's cfg.
  #activate(d: number): number {
    this.#setMsiSid(this.irteIndex[d]);
    this.#reconfigureIrte(d);
    return 0;
  }

  #deactivate(d: number): void {
    this.irte.deactivate(this.irteIndex[d]);
    this.#flush(this.irteIndex[d]);
  }

  #reconfigureIrte(d: number): void {
    const p = this.core.data.parent[d];
    const a = this.parent.apicd(p);
    const index = this.irteIndex[d];
    if (this.posted) this.irte.programPosted(index, this.parent.cfgVector[a], this.parent.cfgCpu[a]);
    else this.irte.program(index, this.parent.cfgVector[a], this.parent.cfgCpu[a]);
    this.#flush(index);
  }

  // modify_irte() is always followed by a synchronous qi_flush_iec().
  #flush(index: number): void {
    this.iec.invalidate(index, 0);
    this.iecFlushes++;
    this.core.meter.ns += this.costs.irteWriteNs + this.costs.iecFlushNs;
  }

  /** apic_ack_irq(): irq_move_irq() then apic_eoi(); no irq_complete_move, moves are immediate. */
  apicAckIrq(d: number): void {
    irqMoveIrq(this.core, this.core.data.virq[d]);
    this.parent.apicEoi();
  }

  /**
   * intel_ir_set_affinity(): the parent picks the new vector, the IRTE is rewritten in place
   * and the old vector's cleanup is queued now. OK_DONE: the message is unchanged, so the
   * MSI layer writes nothing (no callback, nothing for NTB peers).
   */
  intelIrSetAffinity(d: number, mask: CpuMask, force: boolean): number {
    const p = this.core.data.parent[d];
    const ret = this.core.chips.chipOf(p).irqSetAffinity(p, mask, force);
    if (ret < 0 || ret === IRQ_SET_MASK_OK_DONE) return ret;
    this.#reconfigureIrte(d);
    // After this point all interrupts arrive at the new destination: clean up the old vector.
    this.parent.vectorScheduleCleanup(p);
    return IRQ_SET_MASK_OK_DONE;
  }

  /** intel_ir_compose_msi_msg() → fill_msi_msg(): remappable format naming the IRTE. */
  intelIrComposeMsiMsg(d: number, out: MsiMsg): void {
    composeRemappableMsg(out, this.irteIndex[d], 0);
  }

  /**
   * The remapping hardware handling one interrupt write for IRTE `index` from `requesterId`:
   * IEC lookup, present and source-ID checks, then the destination. Fills `out`.
   */
  remap(index: number, requesterId: number, out: RemapResult): void {
    out.iecHit = index >= 0 && index < this.irte.capacity && this.iec.lookup(index) ? 1 : 0;
    const verdict = this.irte.lookup(index, requesterId);
    out.verdict = verdict;
    if (verdict !== IRTE_OK) return;
    out.vector = this.irte.vector[index];
    out.posted = this.irte.pst[index];
    out.cpu = out.posted ? this.irte.postCpu[index] : this.irte.destId[index];
  }
}
