/**
 * The irqdomain hierarchy of one host, built bottom up: the generic irq core (desc and data
 * tables, chips, domains), the x86 vector matrix, local APICs and vector domain, interrupt
 * remapping (an InterruptRemapper from x86/remappers.ts, with posted-interrupt descriptors for
 * posted MSI) or none, and the two device MSI domains above it: the Switchtec function's PCI
 * MSI-X domain and, with the proposed design, tglx's NTB MSI domain. Also the cold steps that
 * go through it: allocating an MSI irq, request_irq(), a boot-time affinity move.
 */
import type { Simulator } from '../engine/simulator.js';
import { EV_SOFTWARE_RESEND } from '../events.js';
import { IRQCHIP_MOVE_DEFERRED, IrqChipRegistry } from '../irq/chip.js';
import { CostMeter } from '../irq/cost-meter.js';
import { CpuMask } from '../irq/cpumask.js';
import { IrqDataTable } from '../irq/data-table.js';
import { IrqDescTable } from '../irq/desc-table.js';
import { IrqDomainRegistry } from '../irq/domain.js';
import { ENOSPC, errnoName } from '../irq/errno.js';
import { IrqCore, LOG_NOBODY_CARED } from '../irq/irq-core.js';
import { MsiDescTable } from '../irq/msi-desc-table.js';
import { MsiDomain } from '../irq/msi-domain.js';
import { PciMsixChip, type MsiDeviceHooks } from '../irq/pci-msix-chip.js';
import { NtbMsiChip } from '../ntb/ntb-msi-chip.js';
import type { InterruptRemapper } from '../x86/interrupt-remapper.js';
import { LocalApic } from '../x86/local-apic.js';
import { PostedMsiDescriptors } from '../x86/posted-msi.js';
import { DEFAULT_IEC_ENTRIES } from '../x86/iec.js';
import { INTERRUPT_REMAPPERS } from '../x86/remappers.js';
import { VectorDomain } from '../x86/vector-domain.js';
import { VectorMatrix } from '../x86/vector-matrix.js';
import type { MachineConfig } from './config.js';
import type { ResolvedCosts } from './costs.js';
import { SWITCHTEC_PCI_NAME } from './switchtec-function.js';

/** What the hierarchy is built from (cold: once per machine). */
export interface IrqHierarchyOptions {
  readonly config: MachineConfig;
  readonly sim: Simulator;
  readonly costs: ResolvedCosts['ns'];
  /** irq descriptors to size every table for. */
  readonly irqCapacity: number;
  /** What the Switchtec function does when its entries change, and the ntb_msi write intercept. */
  readonly deviceHooks: MsiDeviceHooks;
  /** Requester ID of the Switchtec NTB function (the remapping entries verify it). */
  readonly deviceRid: number;
}

export class IrqHierarchy {
  readonly core: IrqCore;
  readonly desc: IrqDescTable;
  readonly data: IrqDataTable;
  readonly meter: CostMeter;
  readonly matrix: VectorMatrix;
  readonly apic: LocalApic;
  readonly vector: VectorDomain;
  readonly remapper: InterruptRemapper | null;
  /** Posted-interrupt descriptors (PIR + ON per CPU), with posted MSI only. */
  readonly postedDescriptors: PostedMsiDescriptors | null;
  readonly msiDescs: MsiDescTable;
  readonly switchtecChip: PciMsixChip;
  readonly switchtecDomain: MsiDomain;
  /** tglx's NTB MSI domain (design ntb-domain), else null. */
  readonly ntbDomain: MsiDomain | null;
  /** "irq N: nobody cared" messages: irqs the spurious detector disabled. */
  nobodyCared = 0;
  readonly #cpus: number;

  constructor(options: IrqHierarchyOptions) {
    const { config, costs: c, irqCapacity } = options;
    const cpus = config.cpus;
    this.#cpus = cpus;
    const levels = config.remapping === 'off' ? 2 : 3;

    // ---- the generic irq core ----
    this.desc = new IrqDescTable(irqCapacity, cpus);
    this.data = new IrqDataTable(irqCapacity * levels);
    this.meter = new CostMeter();
    const sim = options.sim;
    const jiffyNs = Math.round(1e9 / config.hz);
    const affinity: CpuMask[] = [];
    const pendingMask: CpuMask[] = [];
    for (let i = 0; i < irqCapacity; i++) {
      affinity.push(new CpuMask(cpus).fillFirst(cpus));
      pendingMask.push(new CpuMask(cpus));
    }
    this.core = new IrqCore({
      desc: this.desc,
      data: this.data,
      chips: new IrqChipRegistry(this.data),
      domains: new IrqDomainRegistry(this.desc, this.data),
      meter: this.meter,
      clock: sim,
      jiffyNs,
      affinity,
      pendingMask,
      hooks: {
        // check_irq_resend() fell back to the resend tasklet: it runs a jiffy later.
        softwareResend: (virq) => {
          sim.scheduleAfter(jiffyNs, EV_SOFTWARE_RESEND, virq);
        },
        log: (kind) => {
          if (kind === LOG_NOBODY_CARED) this.nobodyCared++;
        },
      },
      noIrqDebug: config.noirqdebug,
    });

    // ---- x86: vector matrix, local APICs, vector domain, remapping ----
    const posted = config.remapping === 'posted';
    // FIRST_SYSTEM_VECTOR: a 6.10+ kernel reserves 0xeb (POSTED_MSI_NOTIFICATION_VECTOR) whether
    // or not posted MSI is on; unset, the layout follows the remapping mode.
    this.matrix = new VectorMatrix(cpus, (config.kernel ?? (posted ? '6.10' : '6.9')) === '6.10');
    this.apic = new LocalApic(cpus);
    this.vector = new VectorDomain({
      core: this.core,
      matrix: this.matrix,
      apic: this.apic,
      sim,
      costs: { eoiNs: c.eoiNs, vectorAssignNs: c.vectorAssignNs, ipiNs: c.ipiNs },
      cpus,
      capacity: irqCapacity,
      reservationMode: config.reservationMode,
      onlineMask: new CpuMask(cpus).fillFirst(cpus),
    });
    if (config.remapping === 'off') {
      this.remapper = null;
      this.postedDescriptors = null;
    } else {
      this.postedDescriptors = posted ? new PostedMsiDescriptors(cpus) : null;
      this.vector.postedPir = this.postedDescriptors;
      this.remapper = INTERRUPT_REMAPPERS[config.iommu ?? 'intel']({
        core: this.core,
        vector: this.vector,
        entryWriteNs: c.irteWriteNs,
        cacheFlushNs: c.iecFlushNs,
        posted,
        deviceRid: options.deviceRid,
        sourceIdCheck: config.sourceIdCheck,
        capacity: irqCapacity * levels,
        iecEntries: config.iecEntries ?? DEFAULT_IEC_ENTRIES,
      });
    }
    const parent = this.remapper === null ? this.vector.id : this.remapper.id;

    // ---- the device MSI domains ----
    this.msiDescs = new MsiDescTable(irqCapacity);
    // x86_init_dev_msi_info(): on top of the vector domain a move waits for the next interrupt.
    const chipFlags = this.remapper === null ? IRQCHIP_MOVE_DEFERRED : 0;
    const msixName = `${this.remapper === null ? '' : 'IR-'}PCI-MSIX-${SWITCHTEC_PCI_NAME}`;
    this.switchtecChip = new PciMsixChip(this.msiDescs, this.meter, options.deviceHooks, { mmioWriteNs: c.mmioWriteNs, mmioReadNs: c.mmioReadNs });
    this.switchtecDomain = new MsiDomain(this.core, this.msiDescs, { name: msixName, parent, chipFlags, chip: this.switchtecChip });
    // The mail's chip: { irq_ack = irq_chip_ack_parent, irq_write_msi_msg = ntb_msi_write_msg,
    // irq_set_affinity = irq_chip_set_affinity_parent }; the IMS-style variant moves with
    // msi_domain_set_affinity() and so rewrites the peers' descriptors.
    this.ntbDomain =
      config.ntb.design === 'virtual-msix'
        ? null
        : new MsiDomain(this.core, this.msiDescs, {
            name: 'NTB-MSI',
            parent,
            chipFlags,
            chip: new NtbMsiChip(this.msiDescs, options.deviceHooks.writeMsiMsgCallback),
            setAffinity: config.ntb.design === 'ntb-domain' ? 'parent' : 'msi-domain',
          });
  }

  /** msi_domain_alloc_irqs() for one descriptor: its msi_desc row, a virq in `domain`, bound. */
  allocMsiIrq(domain: MsiDomain, name: string, msiIndex: number, isVirtual: boolean): number {
    const descRow = this.msiDescs.allocDesc(msiIndex, isVirtual);
    const virq = this.core.domains.allocIrq(domain.id, name);
    domain.bindDesc(this.desc.topData[virq], descRow);
    return virq;
  }

  /** request_irq(): install the action and start the irq (activation assigns the real vector). */
  requestIrq(virq: number, action: number, arg: number): void {
    this.desc.action[virq] = action;
    this.desc.actionArg[virq] = arg;
    this.meter.take();
    const ret = this.core.domains.activateIrq(virq, false);
    if (ret < 0) {
      throw new RangeError(
        `request_irq(${this.desc.names[virq]}) failed with ${errnoName(ret)}${ret === -ENOSPC ? ': vector space exhausted' : ''} ` +
          `(${this.#cpus} CPUs × ${this.matrix.availableOn(0) + this.matrix.allocatedOn(0)} vectors)`,
      );
    }
    this.desc.depth[virq] = 0;
    this.meter.take();
  }

  /**
   * True when a move of `virq` never rewrites the device's message: its top chip moves with
   * irq_chip_set_affinity_parent() alone (the mail's literal NTB chip).
   */
  keepsMessageOnMove(virq: number): boolean {
    const top = this.data.domain[this.desc.topData[virq]];
    for (const domain of [this.switchtecDomain, this.ntbDomain]) {
      if (domain !== null && domain.id === top) return domain.info.setAffinity === 'parent';
    }
    return false;
  }

  /** At boot nothing is in flight: a deferred move and its cleanup run at once. */
  completeBootMove(virq: number): void {
    const core = this.core;
    const vector = this.vector;
    core.thisCpu = this.desc.effectiveCpu[virq];
    const d = this.desc.topData[virq];
    // irq_move_irq() from a (virtual) first interrupt, then irq_complete_move() on the new CPU.
    core.chips.chipOf(d).irqAck(d);
    const vd = this.data.findAtDomain(d, vector.id);
    const a = vector.apicd(vd);
    if (vector.moveInProgress[a]) {
      core.thisCpu = vector.cpu[a];
      vector.scheduleCleanup(a);
    }
    const cleanupCpu = vector.prevCpu[a];
    if (vector.cleanupTimer[cleanupCpu] >= 0) {
      vector.sim.cancel(vector.cleanupTimer[cleanupCpu]);
      vector.vectorCleanup(cleanupCpu);
    }
  }

  /** Per virq, the chip levels an ack walks above the vector domain (irq_chip_ack_parent hops). */
  ackLevels(): Int32Array {
    const levels = new Int32Array(this.desc.capacity);
    for (let virq = 0; virq < this.desc.count; virq++) {
      let n = 0;
      for (let d = this.desc.topData[virq]; d >= 0; d = this.data.parent[d]) n++;
      levels[virq] = n - 1;
    }
    return levels;
  }

  /** The virq named `name` (an irq selector: "<peer>/q<N>" or "switchtec/<vector>"). */
  irqByName(name: string): number {
    for (let virq = 0; virq < this.desc.count; virq++) if (this.desc.names[virq] === name) return virq;
    throw new RangeError(`no irq named "${name}"; irqs are ${this.desc.names.slice(0, this.desc.count).join(', ')}`);
  }
}
