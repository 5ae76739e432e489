/**
 * src/irq/ mirrors kernel/irq/ (irq_desc, irq_data, chips, hierarchical domains, handle_edge_irq,
 * manage, the spurious detector) and the generic MSI layer (kernel/irq/msi.c, drivers/pci/msi/).
 *
 * The generic irq core of one machine: the desc and data tables, chips, domains and the
 * clock they read, bundled so the flow handler, manage, migration and spurious code (each in
 * its own file, as in kernel/irq/) share one context. Knows nothing of x86 or NTB.
 */
import type { CostMeter } from './cost-meter.js';
import type { CpuMask } from './cpumask.js';
import type { IrqChipRegistry } from './chip.js';
import type { IrqDataTable } from './data-table.js';
import type { IrqDescTable } from './desc-table.js';
import type { IrqDomainRegistry } from './domain.js';

/** The simulated clock as the irq core sees it. */
export interface IrqClock {
  readonly nowNs: number;
}

/** Receives what the core cannot do alone: a CPU to spin, a resend to schedule, a log line. */
export interface IrqCoreHooks {
  /** check_irq_resend() fell back to the software resend tasklet for `virq`. */
  softwareResend(virq: number): void;
  /** A kernel message (printk) worth counting, e.g. "irq 5: nobody cared". */
  log(kind: number, virq: number): void;
}

/** Log kinds passed to IrqCoreHooks.log. */
export const LOG_NOBODY_CARED = 1;
export const LOG_AFFINITY_BUSY = 2;

/** What an IrqCore is built from (cold: once per machine): its fields, noirqdebug off by default. */
export type IrqCoreOptions = Omit<Pick<IrqCore, 'desc' | 'data' | 'chips' | 'domains' | 'meter' | 'clock' | 'jiffyNs' | 'affinity' | 'pendingMask' | 'hooks' | 'noIrqDebug'>, 'noIrqDebug'> & {
  readonly noIrqDebug?: boolean;
};

export class IrqCore {
  /** smp_processor_id(): the CPU the machine is running kernel code on right now. */
  thisCpu = 0;
  readonly desc: IrqDescTable;
  readonly data: IrqDataTable;
  readonly chips: IrqChipRegistry;
  readonly domains: IrqDomainRegistry;
  readonly meter: CostMeter;
  readonly clock: IrqClock;
  /** Length of a jiffy (1/HZ) in ns: the spurious detector's time unit. */
  readonly jiffyNs: number;
  /** irq_common_data.affinity per virq (what the user asked for). */
  readonly affinity: CpuMask[];
  /** desc->pending_mask per virq (a deferred move's target). */
  readonly pendingMask: CpuMask[];
  readonly hooks: IrqCoreHooks;
  /** noirqdebug: the spurious detector is off. */
  readonly noIrqDebug: boolean;

  constructor(options: IrqCoreOptions) {
    this.desc = options.desc;
    this.data = options.data;
    this.chips = options.chips;
    this.domains = options.domains;
    this.meter = options.meter;
    this.clock = options.clock;
    this.jiffyNs = options.jiffyNs;
    this.affinity = options.affinity;
    this.pendingMask = options.pendingMask;
    this.hooks = options.hooks;
    this.noIrqDebug = options.noIrqDebug ?? false;
  }
}
