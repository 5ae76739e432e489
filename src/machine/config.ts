/**
 * What the machine is built from: a plain, validated description (the workload layer makes
 * it from a file; tests write it directly). Times are integer ns; every list is expanded
 * (a peer with count 16 is 16 peers here).
 */
import type { DistributionSpec } from '../engine/distributions.js';
import type { NtbDeviceKind } from '../ntb/device-limits.js';
import type { ArrivalSpec } from '../traffic/arrival-spec.js';
import type { RemapperVendor } from '../x86/remappers.js';

export type RemappingMode = 'off' | 'remapped' | 'posted';
export type NtbDesign = 'virtual-msix' | 'ntb-domain' | 'ntb-domain-ims';
export type Mechanism = 'msi' | 'doorbell' | 'message';

export interface PeerConfig {
  readonly name: string;
  readonly mechanism: Mechanism;
  /** A client kind's name in NTB_CLIENTS (clients/index.ts): raw, ring, pingpong. */
  readonly client: string;
  /** Queue pairs: msi → one vector each; doorbell → one doorbell bit each; message → a register each (mod 4). */
  readonly queues: number;
  /** Arrival process of each queue (each queue gets its own stream). */
  readonly arrival: ArrivalSpec;
  /** Handler work per item (ns). */
  readonly itemWork: DistributionSpec;
  /** IRQ_HANDLED or IRQ_NONE from the ISR (IRQ_NONE feeds the spurious detector). */
  readonly handlerReturns: 'handled' | 'none';
  readonly linkLatencyNs: number;
  readonly hops: number;
  /**
   * Ring client: frames in the receive ring; a full ring makes the peer hold the item back. It
   * is also ntb_transport's rx_max_entry (rx_size / rx_max_frame), the most one tasklet run takes.
   */
  readonly ringSize: number;
  /**
   * Name of another msi peer whose irqs this peer triggers (its queue i → that peer's queue i),
   * each peer holding its own copy of the descriptors; null: the peer has irqs of its own.
   */
  readonly shares?: string | null;
  /**
   * Ping-pong client (ntb_pingpong over doorbells): each side waits this long before answering
   * (the module's delay_ms). The first ping is at time 0; `arrival` is not used. @defaultValue 0
   */
  readonly pingDelayNs?: number;
}

export interface AffinityRule {
  /** An irq selector: "<peer>/q<N>" or "switchtec/<event|dma_rpc|message|doorbell>". */
  readonly irq: string;
  readonly cpus: readonly number[];
}

export interface AffinityChange extends AffinityRule {
  readonly atNs: number;
}

export interface MachineConfig {
  readonly seed: number;
  readonly durationNs: number;
  readonly warmupNs: number;
  readonly statsIntervalNs: number;
  readonly cpus: number;
  readonly remapping: RemappingMode;
  /** Whose interrupt remapping the IOMMU does (x86/remappers.ts); not in the workload format yet. @defaultValue 'intel' */
  readonly iommu?: RemapperVendor;
  readonly sourceIdCheck: 'requester-id' | 'bus' | 'none';
  /** The Switchtec DMA-alias quirk: peer writes' proxy requester IDs are aliases of the function. */
  readonly dmaAliasQuirk: boolean;
  readonly reservationMode: boolean;
  readonly edgeMigrationFix: boolean;
  readonly hz: number;
  readonly noirqdebug: boolean;
  /** Interrupt Entry Cache entries (a power of two ≥ 4, 4-way set-associative). @defaultValue 256 */
  readonly iecEntries?: number;
  /**
   * The kernel's vector layout: '6.10' reserves 0xeb (POSTED_MSI_NOTIFICATION_VECTOR) on every
   * CPU, 201 allocatable vectors; '6.9' has 202. @defaultValue '6.10' with posted MSI, else '6.9'
   */
  readonly kernel?: '6.9' | '6.10';
  readonly ntb: {
    readonly device: NtbDeviceKind;
    readonly design: NtbDesign;
    /** MSI-X vectors the switchtec PCI driver allocates (pci_alloc_irq_vectors max). */
    readonly nirqs: number;
    /** Real entries in the function's MSI-X table (pci_msix_vec_count); the rest are virtual. */
    readonly msixTableSize: number;
    readonly window: { readonly type: 'lut' | 'direct'; readonly sizeBytes: number };
    readonly messageOverflow: 'overwrite' | 'drop';
  };
  readonly peers: readonly PeerConfig[];
  readonly affinity: readonly AffinityRule[];
  readonly affinityChanges: readonly AffinityChange[];
  /** irqbalance's rebalance period (ns), or null when it does not run. */
  readonly irqbalanceIntervalNs: number | null;
  /** Cost overrides by name (see costs.ts), each a distribution in ns. */
  readonly costs: Readonly<Record<string, DistributionSpec>>;
}
