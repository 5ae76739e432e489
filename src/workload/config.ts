/**
 * The validated workload: what machine/ builds a run from. Plain data, deeply readonly and
 * frozen by the loader; every duration is integer ns (fields end in Ns), every cost a
 * DistributionSpec of ns, every size whole bytes. Kernel knobs keep the kernel's meaning
 * (HZ, noirqdebug, reservation mode, the 8d39d6ec4db5 edge-migration fix).
 */
import type { DistributionSpec } from '../engine/distributions.js';
import { CLIENT_NAMES } from '../machine/clients/index.js';
import type { ArrivalConfig } from './arrival-schema.js';

/** Interrupt remapping: off (compatibility MSI), remapped (IRTE), posted (remapped + posted MSI). */
export const REMAPPING_MODES = ['off', 'remapped', 'posted'] as const;
/** IRTE source validation (`svt`): exact requester ID, bus range (set_msi_sid's NTB case), or none. */
export const SOURCE_ID_CHECKS = ['requester-id', 'bus', 'none'] as const;
/** Local NTB hardware; decides how many peers a workload may have (see schema.ts). */
export const NTB_DEVICES = ['switchtec', 'idt', 'storm'] as const;
/**
 * virtual-msix: today's PCI_IRQ_VIRTUAL + per-desc write_msi_msg; ntb-domain: the mail's NTB MSI
 * irqdomain, its chip literally (set_affinity → parent, never rewrites the message);
 * ntb-domain-ims: the same domain with msi_domain_set_affinity (rewrites the message on a move,
 * as the later IMS/device-MSI domains do).
 */
export const NTB_DESIGNS = ['virtual-msix', 'ntb-domain', 'ntb-domain-ims'] as const;
/** Memory window translation: lut (64 KiB aligned) or direct (4 KiB aligned). */
export const WINDOW_TYPES = ['lut', 'direct'] as const;
/** What a message register does when written while still full. */
export const MESSAGE_OVERFLOW_POLICIES = ['overwrite', 'drop'] as const;
/** How a peer raises its interrupts: an ntb_msi write through the window, a doorbell bit, a message register. */
export const PEER_MECHANISMS = ['msi', 'doorbell', 'message'] as const;
/** The peer's client: a kind in the machine's NTB client registry (raw, ring, pingpong; machine/clients/). */
export const PEER_CLIENTS = CLIENT_NAMES;
/** What the handler returns: IRQ_HANDLED, or IRQ_NONE to exercise the spurious detector. */
export const HANDLER_RETURNS = ['handled', 'none'] as const;
/** The Switchtec function's own vectors, selectable as "switchtec/<name>". */
export const SWITCHTEC_VECTORS = ['doorbell', 'message', 'event', 'dma_rpc'] as const;
/**
 * The kernel's device-vector layout: '6.9' (FIRST_SYSTEM_VECTOR = LOCAL_TIMER_VECTOR 0xec, 202
 * allocatable vectors per CPU) or '6.10' (every 6.10+ kernel with a local APIC reserves 0xeb,
 * POSTED_MSI_NOTIFICATION_VECTOR, whether or not posted MSI is on: 201).
 */
export const KERNEL_VECTOR_LAYOUTS = ['6.9', '6.10'] as const;
/** Kernel HZ values accepted (jiffy length for vector cleanup and the spurious detector). */
export const HZ_VALUES = [100, 250, 300, 1000] as const;

export type RemappingMode = (typeof REMAPPING_MODES)[number];
export type SourceIdCheck = (typeof SOURCE_ID_CHECKS)[number];
export type NtbDevice = (typeof NTB_DEVICES)[number];
export type NtbDesign = (typeof NTB_DESIGNS)[number];
export type WindowType = (typeof WINDOW_TYPES)[number];
export type MessageOverflowPolicy = (typeof MESSAGE_OVERFLOW_POLICIES)[number];
export type PeerMechanism = (typeof PEER_MECHANISMS)[number];
export type PeerClient = string;
export type HandlerReturns = (typeof HANDLER_RETURNS)[number];
export type SwitchtecVector = (typeof SWITCHTEC_VECTORS)[number];
export type Hz = (typeof HZ_VALUES)[number];

/** A cost: a DistributionSpec whose values are ns (a plain duration arrives as deterministic). */
export type CostSpec = Readonly<DistributionSpec>;

export interface MachineConfig {
  /** Online CPUs, 1..1024. */
  readonly cpus: number;
  readonly remapping: RemappingMode;
  readonly sourceIdCheck: SourceIdCheck;
  /** false: peer writes carry proxy requester IDs the IRTE does not accept, and are blocked. */
  readonly dmaAliasQuirk: boolean;
  /** Vector assigned at activation (request_irq) rather than at allocation. */
  readonly reservationMode: boolean;
  /** Kernel has 8d39d6ec4db5 (2025), the handle_edge_irq migration live-lock fix. */
  readonly edgeMigrationFix: boolean;
  readonly hz: Hz;
  /** true disables the spurious-interrupt detector (the noirqdebug boot option). */
  readonly noirqdebug: boolean;
  /** Interrupt Entry Cache entries (remapping), a power of two, 4-way set-associative. */
  readonly iecEntries: number;
  /** The kernel's vector layout; unset: 6.10 with posted MSI, 6.9 otherwise. */
  readonly kernel?: (typeof KERNEL_VECTOR_LAYOUTS)[number];
}

export interface WindowConfig {
  readonly type: WindowType;
  /** Window size in bytes, aligned to 64 KiB (lut) or 4 KiB (direct). */
  readonly sizeBytes: number;
}

export interface NtbConfig {
  readonly device: NtbDevice;
  readonly design: NtbDesign;
  /** MSI-X vectors the switchtec PCI driver allocates (module parameter nirqs), 4..2048. */
  readonly nirqs: number;
  /** Real entries in the function's MSI-X table (pci_msix_vec_count), 4..nirqs; the rest are virtual. */
  readonly msixTableSize: number;
  readonly window: WindowConfig;
  readonly messageOverflow: MessageOverflowPolicy;
}

/** One peer after `count` expansion; its index in `peers` is its `peer` id. */
export interface PeerConfig {
  /** Unique: the file's name, or name0…nameN-1 when the file said count N > 1. */
  readonly name: string;
  /** The name as written in the file (shared by all peers one entry expanded into). */
  readonly group: string;
  readonly mechanism: PeerMechanism;
  readonly client: PeerClient;
  /** Queue pairs; msi: one vector each, doorbell: one doorbell bit each. */
  readonly queues: number;
  /** Arrivals per queue. */
  readonly arrival: ArrivalConfig | null;
  /** Handler work per item, ns. */
  readonly itemWorkNs: CostSpec;
  readonly handlerReturns: HandlerReturns;
  /** Latency per switch hop, ns. */
  readonly linkLatencyNs: number;
  readonly hops: number;
  /** Ring client: receive-ring frames (also rx_max_entry, the most one tasklet run takes); a full ring holds the peer's next item back. */
  readonly ringSize: number;
  /** Another msi peer whose irqs this one triggers from its own descriptor copies, or null. */
  readonly shares: string | null;
  /** Ping-pong client: how long each side waits before answering (ntb_pingpong's delay_ms), ns. */
  readonly pingDelayNs: number;
}

/** Which irq a selector names: a peer queue's vector, or one of the Switchtec function's vectors. */
export type IrqTarget =
  | { readonly kind: 'peer-queue'; readonly peer: number; readonly queue: number }
  | { readonly kind: 'switchtec'; readonly vector: SwitchtecVector };

export interface AffinityConfig {
  /**
   * The irq's name ("peer3/q0", "switchtec/doorbell"): a selector naming many irqs (`all`,
   * `peer*` or a brace list) becomes one entry per irq, in the order it names them.
   */
  readonly irq: string;
  readonly target: IrqTarget;
  /** Allowed CPUs, ascending, each < machine.cpus. */
  readonly cpus: readonly number[];
}

export interface AffinityChangeConfig extends AffinityConfig {
  /** When the change is requested, ns from the start; < durationNs. */
  readonly atNs: number;
}

export interface IrqbalanceConfig {
  /** Rebalance period, ns (irqbalance --interval). */
  readonly intervalNs: number;
}

/** The whole validated workload. */
export interface WorkloadConfig {
  /** What question this scenario answers. */
  readonly description: string;
  /** Run seed, a non-negative safe integer. */
  readonly seed: number;
  /** Simulated run length, ns, >= 1 us. */
  readonly durationNs: number;
  /** Excluded from statistics, ns, < durationNs. */
  readonly warmupNs: number;
  /** Time-series bucket, ns, in [1 us, durationNs]; default durationNs / 100. */
  readonly statsIntervalNs: number;
  readonly machine: MachineConfig;
  readonly ntb: NtbConfig;
  /** At least one; expanded from `count`. */
  readonly peers: readonly PeerConfig[];
  /** Initial affinities; irqs not listed are spread by the vector allocator. */
  readonly affinity: readonly AffinityConfig[];
  /** Affinity changes during the run, in file order. */
  readonly affinityChanges: readonly AffinityChangeConfig[];
  /** null when irqbalance does not run. */
  readonly irqbalance: IrqbalanceConfig | null;
  /** Overrides of cost-model entries by name. */
  readonly costs: Readonly<Record<string, CostSpec>>;
  /** Write the per-interrupt event trace CSV. */
  readonly trace: boolean;
}
