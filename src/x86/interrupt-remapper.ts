/**
 * Interrupt remapping as the machine sees it, whatever the IOMMU (drivers/iommu/irq_remapping.c
 * dispatches to a vendor's struct irq_remap_ops the same way): an irq domain between the
 * device MSI domains and the x86 vector domain, and the hardware that translates each
 * interrupt write a device makes. Intel's VT-d (intel-remapping-domain.ts) is the one
 * implementation today; another vendor's domain (AMD's IOMMU, say) implements this interface,
 * registers a factory in remappers.ts, and the machine builds it unchanged.
 */
import type { IrqCore } from '../irq/irq-core.js';
import type { IrteLevelView } from '../metrics/kernel-view.js';
import type { VectorDomain } from './vector-domain.js';

/** How an entry validates the requester ID of an interrupt write (Intel: set_msi_sid). */
export type SourceIdCheck = 'requester-id' | 'bus' | 'none';

/** remapMsi(): the write was translated; `out` names the CPU and vector (or the posted descriptor's). */
export const REMAP_TRANSLATED = 0;
/** remapMsi(): the IOMMU blocked the write (no or bad entry, source-ID mismatch): a fault, no interrupt. */
export const REMAP_BLOCKED = 1;
/** remapMsi(): not a message this remapper translates: the root complex delivers it as written. */
export const REMAP_PASSTHROUGH = 2;

/** Where a translated write goes (one reused scratch per caller). */
export class RemapResult {
  /** The vendor's own verdict code (Intel: IRTE_OK or why the IRTE blocked the write). */
  verdict = 0;
  cpu = -1;
  vector = -1;
  /** 1 if the entry is in posted format: the vector goes to the CPU's PIR, not its IRR. */
  posted = 0;
  /** 1 if the remapper's entry cache (Intel: the IEC) held the entry. */
  cacheHit = 0;
}

/** Counters of one remapper, for the run's books. */
export interface RemapperCounters {
  /** Lookups the entry cache served, and the ones it missed. */
  readonly cacheHits: number;
  readonly cacheMisses: number;
  /** Entry-cache invalidations (one per entry change). */
  readonly cacheFlushes: number;
  /** Writes blocked and reported as faults. */
  readonly faults: number;
}

export interface InterruptRemapper {
  /** Its irq domain's id: the parent of the device MSI domains above it. */
  readonly id: number;
  /**
   * The hardware handling one interrupt write (the address's low 32 bits as an int32, the
   * data, the writer's requester ID): returns REMAP_* and, when translated, fills `out`.
   */
  remapMsi(addressLo: number, data: number, requesterId: number, out: RemapResult): number;
  counters(): RemapperCounters;
  /** The entry behind irq_data row `d` of this domain, as a debugfs-style dump shows it (cold). */
  entryView(d: number): IrteLevelView;
}

/** What a remapper is built from (cold: once per machine). */
export interface RemapperOptions {
  readonly core: IrqCore;
  /** The parent domain. */
  readonly vector: VectorDomain;
  /** Cost of rewriting one entry, and of the synchronous entry-cache flush after it (ns). */
  readonly entryWriteNs: number;
  readonly cacheFlushNs: number;
  /** Entries in posted format (posted MSI). */
  readonly posted: boolean;
  /** Requester ID (bus << 8 | devfn) of the device whose irqs these are. */
  readonly deviceRid: number;
  readonly sourceIdCheck: SourceIdCheck;
  /** irq_data rows the domain may hold. */
  readonly capacity: number;
  /** Entries of the remapping unit's interrupt entry cache. @defaultValue DEFAULT_IEC_ENTRIES */
  readonly iecEntries?: number;
}
