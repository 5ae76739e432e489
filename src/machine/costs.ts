/**
 * The cost model: every timing the machine charges, in one place, with its unit, default and
 * source (docs/cost-model.md gives each one's reasoning). "src" figures come from code or
 * published measurements, "derived" from arithmetic on them, "est" are estimates to sweep.
 * Every entry can be overridden by a workload's `costs` block, and every one may be set to
 * zero, which is how the model reduces to a textbook queue.
 */
import { createSampler, type DistributionSpec, type Sampler } from '../engine/distributions.js';
import type { RandomStream } from '../engine/rng.js';

export type CostKind = 'src' | 'derived' | 'est';

export interface CostEntry {
  /** Default value in ns. */
  readonly ns: number;
  readonly kind: CostKind;
  readonly what: string;
  readonly source: string;
}

/** Every cost the model charges (ns). Keys are what workloads name in `costs:`. */
export const COST_MODEL = {
  msiDeliveryNs: {
    ns: 500,
    kind: 'est',
    what: 'an MSI write at the root complex until the IRR bit is set (posted write + LAPIC)',
    source: 'estimate, 0.3–1 µs; no bare-metal measurement found (docs/cost-model.md)',
  },
  iecHitNs: {
    ns: 30,
    kind: 'est',
    what: 'IRTE lookup that hits the Interrupt Entry Cache (added to delivery)',
    source: 'estimate, 10–50 ns; the kernel states no cost (docs/cost-model.md)',
  },
  iecMissNs: {
    ns: 200,
    kind: 'est',
    what: 'IRTE lookup that misses the IEC: one memory read (added to delivery)',
    source: 'estimate, 100–300 ns: one memory read (docs/cost-model.md)',
  },
  irteWriteNs: {
    ns: 50,
    kind: 'est',
    what: 'modify_irte(): the 128-bit IRTE write',
    source: 'estimate; two 64-bit writes or a cmpxchg16b',
  },
  iecFlushNs: {
    ns: 3000,
    kind: 'est',
    what: 'qi_flush_iec(): synchronous IEC invalidation after every IRTE change',
    source: 'estimate, 1–10 µs; on the affinity path only (docs/cost-model.md)',
  },
  irqEntryNs: {
    ns: 91,
    kind: 'derived',
    what: 'IDT entry, irq_enter and the vector_irq lookup up to the flow handler',
    source:
      'calibrated: workloads/posted-msi-saturation.yaml (remapped) then handles 5.15 M IRQ/s on one CPU vs 5.157 M/s ' +
      'published (Jacob Pan, posted MSI series, 2023–24) = 194 ns per IRQ (docs/cost-model.md)',
  },
  irqExitNs: {
    ns: 30,
    kind: 'est',
    what: 'irq_exit without softirq work, and iret',
    source: 'estimate: the entry/exit split of the calibrated 194 ns (docs/cost-model.md)',
  },
  ackLevelNs: {
    ns: 5,
    kind: 'est',
    what: 'one irq_chip_ack_parent() hop of the ack chain (an indirect call)',
    source: 'estimate',
  },
  eoiNs: {
    ns: 40,
    kind: 'est',
    what: 'apic_eoi(): x2APIC WRMSR',
    source: 'estimate: x2APIC 20–60 ns, xAPIC 50–150 ns (docs/cost-model.md)',
  },
  isrNs: {
    ns: 20,
    kind: 'est',
    what: 'the driver ISR itself, before any per-item work (handle_irq_event bookkeeping included)',
    source: 'estimate; with the defaults a bare remapped interrupt costs 91 + 50 + 20 + 30 ≈ 194 ns (see irqEntryNs)',
  },
  vectorAssignNs: {
    ns: 200,
    kind: 'est',
    what: 'irq_matrix_alloc + apic_update_vector under vector_lock',
    source: 'estimate',
  },
  ipiNs: {
    ns: 1000,
    kind: 'est',
    what: 'a self-IPI (irq_retrigger) until the vector is in IRR',
    source: 'estimate',
  },
  mmioWriteNs: {
    ns: 100,
    kind: 'est',
    what: 'a posted MMIO write issued by the CPU (iowrite32/64 to a UC BAR)',
    source: 'estimate, 50–150 ns (docs/cost-model.md)',
  },
  mmioReadNs: {
    ns: 1000,
    kind: 'est',
    what: 'a non-posted MMIO read of a local switch register (ntb_db_read)',
    source: 'estimate, 0.5–1.5 µs (docs/cost-model.md)',
  },
  peerSpadReadNs: {
    ns: 2000,
    kind: 'est',
    what: 'a non-posted read of a peer scratchpad across the NTB (ntb_peer_spad_read)',
    source: 'estimate, 1–3 µs (docs/cost-model.md)',
  },
  doorbellLatencyNs: {
    ns: 2000,
    kind: 'derived',
    what: 'Switchtec: odb write landing until the doorbell MSI-X is emitted',
    source: 'calibrated: npm run calibrate reproduces the published 3.63× doorbell-vs-MSI ratio (Logan Gunthorpe, 2019) at ≈ 2 µs, inside the 1–5 µs estimate (docs/cost-model.md)',
  },
  messageLatencyNs: {
    ns: 2000,
    kind: 'est',
    what: 'Switchtec: a peer message-register write until the message MSI-X is emitted',
    source: 'estimate, taken equal to the doorbell latency',
  },
  taskletNs: {
    ns: 500,
    kind: 'est',
    what: 'dispatch of one tasklet from softirq after irq_exit',
    source: 'estimate, 0.2–1 µs (docs/cost-model.md)',
  },
  peerIrqNs: {
    ns: 1500,
    kind: 'est',
    what: "a peer's own doorbell interrupt and callback before it re-reads a republished descriptor",
    source: 'estimate (the peer is not simulated in detail)',
  },
  postedDemuxNs: {
    ns: 15,
    kind: 'derived',
    what: 'posted MSI: finding one vector in the PIR and calling its flow (per vector)',
    source:
      'calibrated: workloads/posted-msi-saturation.yaml (posted) then handles 8.97 M IRQ/s vs 8.987 M/s published ' +
      '(Jacob Pan, posted MSI series, 2023–24: +74 % over remapped; docs/cost-model.md)',
  },
} as const satisfies Record<string, CostEntry>;

export type CostName = keyof typeof COST_MODEL;

export const COST_NAMES = Object.keys(COST_MODEL) as CostName[];

/** Resolved costs of one run: the mean of each (used for chip-op charges) and a sampler. */
export interface ResolvedCosts {
  readonly ns: Readonly<Record<CostName, number>>;
  readonly samplers: Readonly<Record<CostName, Sampler>>;
}

/**
 * Applies a workload's overrides to the defaults. Each override is a DistributionSpec in ns;
 * unknown names are an error naming the known ones.
 */
export function resolveCosts(overrides: Readonly<Record<string, DistributionSpec>> = {}): ResolvedCosts {
  const ns = {} as Record<CostName, number>;
  const samplers = {} as Record<CostName, Sampler>;
  for (const name of Object.keys(overrides)) {
    if (!(name in COST_MODEL)) {
      throw new RangeError(`costs.${name}: unknown cost; known costs are ${COST_NAMES.join(', ')}`);
    }
  }
  for (const name of COST_NAMES) {
    const spec: DistributionSpec = overrides[name] ?? { type: 'deterministic', value: COST_MODEL[name].ns };
    const sampler = createSampler(spec, `costs.${name}`);
    samplers[name] = sampler;
    // Chip-op charges use the mean, in whole ns like every time in the model.
    ns[name] = Math.round(sampler.mean);
  }
  return { ns, samplers };
}

/** A cost sample in whole ns, never negative (distributions are continuous; the clock is integer ns). */
export function sampleNs(sampler: Sampler, rng: RandomStream): number {
  const ns = Math.round(sampler.sample(rng));
  return ns > 0 ? ns : 0;
}
