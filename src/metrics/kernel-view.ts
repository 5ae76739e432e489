/**
 * What the simulated kernel shows of itself at the end of a run, as plain data: the per-CPU
 * counts and chip columns of /proc/interrupts, each irq's hierarchy as
 * /sys/kernel/debug/irq/irqs/<N> prints it, the arch rows that apply, and the IEC's counters.
 * src/machine/kernel-view.ts fills it from the machine's tables; src/report formats it. It lives
 * here, beside MetricsSnapshot, because the report layer may import only engine and metrics.
 */

/** struct msi_msg. */
export interface MsiMsgView {
  readonly addressHi: number;
  readonly addressLo: number;
  readonly data: number;
}

/** The x86 vector domain's apic_chip_data of one irq (what x86_vector_debug_show prints). */
export interface VectorLevelView {
  readonly vector: number;
  readonly cpu: number;
  /** 0: no move pending cleanup. */
  readonly prevVector: number;
  readonly prevCpu: number;
  readonly moveInProgress: boolean;
  readonly isManaged: boolean;
  readonly canReserve: boolean;
  readonly hasReserved: boolean;
  readonly cleanupPending: boolean;
}

/** The IRTE behind one irq's remapping level (struct irte, as the remapping hardware reads it). */
export interface IrteLevelView {
  readonly index: number;
  readonly present: boolean;
  /** Posted format (p_pst): the vector goes to `cpu`'s posted-interrupt descriptor. */
  readonly posted: boolean;
  readonly vector: number;
  /** dest_id (remapped) or the CPU whose descriptor pda names (posted). */
  readonly cpu: number;
  readonly svt: number;
  readonly sq: number;
  readonly sid: number;
}

/** The msi_desc behind a device level: its table entry and the message last written to it. */
export interface MsiDescView {
  readonly msiIndex: number;
  /** msi_attrib.is_virtual: no table entry behind it (no mask bit, no hardware). */
  readonly isVirtual: boolean;
  readonly masked: boolean;
  readonly pending: boolean;
  readonly msg: MsiMsgView;
  readonly msgWrites: number;
}

/** One level of an irq's hierarchy (struct irq_data), outermost first. */
export interface IrqLevelView {
  readonly domain: string;
  readonly hwirq: number;
  readonly chip: string;
  readonly chipFlags: number;
  /** IRQCHIP_* names of the set flags, in the kernel's debugfs order. */
  readonly chipFlagNames: readonly string[];
  /** irq_chip_compose_msi_msg() at this level now: what this level would hand its child. */
  readonly composed: MsiMsgView;
  readonly msiDesc?: MsiDescView;
  readonly irte?: IrteLevelView;
  readonly vector?: VectorLevelView;
}

/** What one NTB peer holds of an irq's ntb_msi descriptor. */
export interface PeerDescView {
  readonly peer: string;
  readonly addrOffset: number;
  readonly data: number;
  /** The version the peer holds and the host's latest: equal when the peer is up to date. */
  readonly version: number;
  readonly hostVersion: number;
}

/** One Linux irq (irq_desc) at the end of the run. */
export interface IrqView {
  readonly virq: number;
  readonly name: string;
  /** irqaction.name of the requested handler; null when no handler is requested. */
  readonly actionName: string | null;
  /** desc->handle_irq, e.g. handle_edge_irq. */
  readonly handler: string;
  /** desc->name: the flow's name in /proc/interrupts ("edge"). */
  readonly flowName: string;
  /** dev_name of the device the irq belongs to. */
  readonly device: string;
  readonly istate: number;
  readonly istateNames: readonly string[];
  /** desc->depth: 0 enabled, > 0 disabled. */
  readonly depth: number;
  readonly dstate: number;
  readonly dstateNames: readonly string[];
  /** smp_affinity_list, effective_affinity_list and the pending move's mask, as cpulists ("0-3"). */
  readonly affinity: string;
  readonly effective: string;
  readonly pending: string;
  /** kstat_irqs per CPU: flow-handler entries that ran the action (the /proc/interrupts columns). */
  readonly kstat: readonly number[];
  /** The hierarchy, outermost level (the device's) first. */
  readonly levels: readonly IrqLevelView[];
  /** Where it lands now: the vector domain's CPU and vector (-1 and 0 when none is assigned). */
  readonly cpu: number;
  readonly vector: number;
  /** The IRTE index with remapping, else -1. */
  readonly irteIndex: number;
  /** For ntb_msi irqs: what each peer triggering it holds. */
  readonly peerDescs: readonly PeerDescView[];
}

/** An arch row of /proc/interrupts (arch_show_interrupts), e.g. PMN. */
export interface ArchRowView {
  readonly name: string;
  readonly perCpu: readonly number[];
  readonly description: string;
}

/** The kernel's own views of one run, as of its end. */
export interface KernelView {
  readonly cpus: number;
  readonly irqs: readonly IrqView[];
  readonly archRows: readonly ArchRowView[];
  /** Interrupt Entry Cache lookups over the whole run; null without remapping. */
  readonly iec: { readonly hits: number; readonly misses: number } | null;
}
