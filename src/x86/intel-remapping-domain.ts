/**
 * Intel interrupt remapping as an irq domain, drivers/iommu/intel/irq_remapping.c: one IRTE
 * per irq (irq_2_iommu.irte_index), the remappable message format (the address names the
 * IRTE, not the CPU), and the chip "INTEL-IR" whose set_affinity rewrites the IRTE in place,
 * flushes the IEC synchronously and queues the old vector's cleanup at once, so nothing ever
 * reaches the device. With posted MSI the chip is "INTEL-IR-POST": IRTEs in posted format and
 * a dummy ack (one EOI per notification instead of per MSI). The machine sees it through the
 * InterruptRemapper interface (interrupt-remapper.ts).
 */
import type { CpuMask } from '../irq/cpumask.js';
import type { IrqCore } from '../irq/irq-core.js';
import { IRQ_SET_MASK_OK_DONE } from '../irq/irq-flags.js';
import { irqMoveIrq } from '../irq/manage.js';
import type { MsiMsg } from '../irq/msi-msg.js';
import { DEFAULT_IEC_ENTRIES, IEC_WAYS, InterruptEntryCache } from './iec.js';
import {
  REMAP_BLOCKED,
  REMAP_PASSTHROUGH,
  REMAP_TRANSLATED,
  type InterruptRemapper,
  type RemapResult,
  type RemapperCounters,
  type RemapperOptions,
  type SourceIdCheck,
} from './interrupt-remapper.js';
import { IRTE_OK, IrteTable, SVT_NO_VERIFY, SVT_VERIFY_BUS, SVT_VERIFY_SID_SQ, SQ_ALL_16 } from './irte-table.js';
import { DecodedMsi, MSI_FORMAT_REMAPPABLE, composeRemappableMsg, decodeMsiMsg } from './msi-msg.js';
import type { IrteLevelView } from '../metrics/kernel-view.js';
import type { VectorDomain } from './vector-domain.js';

/** What Intel's domain is built from: the generic options, and optionally its own IRTE table and IEC (tests size them small). */
export interface IntelRemappingOptions extends RemapperOptions {
  /** @defaultValue a 65,536-entry table (INTR_REMAP_TABLE_ENTRIES) */
  readonly irte?: IrteTable;
  /** @defaultValue the default IEC geometry */
  readonly iec?: InterruptEntryCache;
}

export class IntelRemappingDomain implements InterruptRemapper {
  readonly id: number;
  readonly chip: number;
  /** IRTE index per irq_data row at this level (irq_2_iommu.irte_index), -1 none. */
  readonly irteIndex: Int32Array;
  /** IEC flushes issued (one per modify_irte). */
  iecFlushes = 0;
  readonly core: IrqCore;
  readonly parent: VectorDomain;
  readonly irte: IrteTable;
  readonly iec: InterruptEntryCache;
  readonly posted: boolean;
  /** Requester ID (bus << 8 | devfn) of the device whose irqs these are. */
  readonly deviceRid: number;
  readonly sourceIdCheck: SourceIdCheck;
  /** modify_irte(): the 128-bit IRTE write; qi_flush_iec(): the synchronous flush after it (ns). */
  readonly #irteWriteNs: number;
  readonly #iecFlushNs: number;
  readonly #decoded = new DecodedMsi();

  constructor(options: IntelRemappingOptions) {
    const { core, posted } = options;
    this.core = core;
    this.parent = options.vector;
    this.irte = options.irte ?? new IrteTable();
    this.iec = options.iec ?? new InterruptEntryCache((options.iecEntries ?? DEFAULT_IEC_ENTRIES) / IEC_WAYS, IEC_WAYS);
    this.posted = posted;
    this.deviceRid = options.deviceRid;
    this.sourceIdCheck = options.sourceIdCheck;
    this.#irteWriteNs = options.entryWriteNs;
    this.#iecFlushNs = options.cacheFlushNs;
    this.irteIndex = new Int32Array(options.capacity).fill(-1);
    const domain = core.domains.create(posted ? 'INTEL-IR-POST' : 'INTEL-IR', this.parent.id, {
      alloc: (d) => this.#alloc(d),
      free: (d) => this.#free(d),
      activate: (d) => this.#activate(d),
      deactivate: (d) => this.#deactivate(d),
    });
    this.id = domain.id;
    this.chip = core.chips.register(posted ? 'INTEL-IR-POST' : 'INTEL-IR', 0, {
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
    this.core.meter.ns += this.#irteWriteNs + this.#iecFlushNs;
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
   * The remapping hardware handling one interrupt write: a remappable-format message names an
   * IRTE (VT-d 5.1.3), which remap() looks up; any other write is not Intel's to translate.
   */
  remapMsi(addressLo: number, data: number, requesterId: number, out: RemapResult): number {
    const dec = this.#decoded;
    decodeMsiMsg(addressLo, 0, data, dec);
    if (dec.format !== MSI_FORMAT_REMAPPABLE) return REMAP_PASSTHROUGH;
    this.remap(dec.irteIndex, requesterId, out);
    return out.verdict === IRTE_OK ? REMAP_TRANSLATED : REMAP_BLOCKED;
  }

  /**
   * The remapping hardware handling one interrupt write for IRTE `index` from `requesterId`:
   * IEC lookup, present and source-ID checks, then the destination. Fills `out`.
   */
  remap(index: number, requesterId: number, out: RemapResult): void {
    out.cacheHit = index >= 0 && index < this.irte.capacity && this.iec.lookup(index) ? 1 : 0;
    const verdict = this.irte.lookup(index, requesterId);
    out.verdict = verdict;
    if (verdict !== IRTE_OK) return;
    out.vector = this.irte.vector[index];
    out.posted = this.irte.pst[index];
    out.cpu = out.posted ? this.irte.postCpu[index] : this.irte.destId[index];
  }

  counters(): RemapperCounters {
    return { cacheHits: this.iec.hits, cacheMisses: this.iec.misses, cacheFlushes: this.iecFlushes, faults: this.irte.faultsReported };
  }

  entryView(d: number): IrteLevelView {
    const index = this.irteIndex[d];
    const irte = this.irte;
    if (index < 0) return { index, present: false, posted: false, vector: 0, cpu: -1, svt: 0, sq: 0, sid: 0 };
    const posted = irte.pst[index] === 1;
    return {
      index,
      present: irte.present[index] === 1,
      posted,
      vector: irte.vector[index],
      cpu: posted ? irte.postCpu[index] : irte.destId[index],
      svt: irte.svt[index],
      sq: irte.sq[index],
      sid: irte.sid[index],
    };
  }
}
