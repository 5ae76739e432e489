/**
 * An interrupt write on its way from the root complex to a CPU: interrupt remapping (the
 * InterruptRemapper translates it, blocks it, or passes it through), an IEC miss that delays it,
 * the posted-MSI post into the CPU's descriptor, or the compatibility-format message read as
 * written; then the local APIC's IRR, where a set bit absorbs the write (one pending bit per
 * vector), and the CPU is signalled.
 */
import type { Simulator } from '../engine/simulator.js';
import { EV_IRR_ARRIVE, EV_POSTED_ARRIVE } from '../events.js';
import { COALESCED_IRR, LOST_REMAP_BLOCKED, LOST_WINDOW_FAULT } from '../metrics/accounting.js';
import { CPU_IPIS, type Metrics } from '../metrics/metrics.js';
import type { SpanSink } from '../metrics/span-sink.js';
import { STAGE_DELIVERY } from '../metrics/stages.js';
import { REMAP_BLOCKED, REMAP_TRANSLATED, RemapResult, type InterruptRemapper } from '../x86/interrupt-remapper.js';
import type { LocalApic } from '../x86/local-apic.js';
import { DecodedMsi, MSI_FORMAT_COMPAT, MSI_FORMAT_REMAPPABLE, decodeMsiMsg } from '../x86/msi-msg.js';
import { NR_VECTORS, POSTED_MSI_NOTIFICATION_VECTOR } from '../x86/vectors.js';
import type { CpuFlow } from './cpu-flow.js';
import type { PostedMsiHandler } from './posted-msi-handler.js';
import type { TriggerFates } from './trigger-fates.js';
import { IecMissSlots, iecMissSlotCount } from './iec-miss-slots.js';
import type { TriggerSlots } from './trigger-slots.js';

/** A requester ID on another bus: what a peer's write carries when the DMA-alias quirk is off. */
const OTHER_BUS_RID = 0x0901;

export interface DeliveryOptions {
  readonly cpus: number;
  readonly remapper: InterruptRemapper | null;
  /** The Switchtec DMA-alias quirk: peer writes' proxy requester IDs are accepted as the function's. */
  readonly dmaAliasQuirk: boolean;
  readonly apic: LocalApic;
  /** What each pending IRR bit carries, [cpu * 256 + vector]. */
  readonly irr: TriggerSlots;
  readonly cpuFlow: CpuFlow;
  readonly fates: TriggerFates;
  readonly metrics: Metrics;
  readonly sim: Simulator;
  readonly spans: SpanSink | null;
  /** What an IEC miss adds to a remapped write's delivery (ns). */
  readonly iecMissExtraNs: number;
  /** The writes' total mean rate (Hz), to size the IEC-miss table. */
  readonly totalRateHz: number;
}

export class Delivery {
  /** Writes absorbed by an IRR bit already set (IPI resends included). */
  irrCoalesced = 0;
  /** IEC-miss writes in flight (delivered after the miss penalty): sized from the workload, grown when full. */
  readonly iecMiss: IecMissSlots;
  readonly #cpus: number;
  readonly #remapper: InterruptRemapper | null;
  readonly #aliasQuirk: boolean;
  readonly #apic: LocalApic;
  readonly #irr: TriggerSlots;
  readonly #cpuFlow: CpuFlow;
  readonly #posted: PostedMsiHandler | null;
  readonly #fates: TriggerFates;
  readonly #metrics: Metrics;
  readonly #sim: Simulator;
  readonly #spans: SpanSink | null;
  readonly #iecMissExtraNs: number;
  readonly #decoded = new DecodedMsi();
  readonly #remapped = new RemapResult();

  constructor(options: DeliveryOptions) {
    this.#cpus = options.cpus;
    this.#remapper = options.remapper;
    this.#aliasQuirk = options.dmaAliasQuirk;
    this.#apic = options.apic;
    this.#irr = options.irr;
    this.#cpuFlow = options.cpuFlow;
    this.#posted = options.cpuFlow.posted;
    this.#fates = options.fates;
    this.#metrics = options.metrics;
    this.#sim = options.sim;
    this.#spans = options.spans;
    this.#iecMissExtraNs = options.iecMissExtraNs;
    this.iecMiss = new IecMissSlots(iecMissSlotCount(options.totalRateHz, options.iecMissExtraNs));
  }

  /**
   * An interrupt write of `data` to `addressLo` from `requesterId` for the trigger (`triggerNs`,
   * `peer`) meant for `virq` reaches the root complex now.
   * PERF: `addressLo` is the address's 32 bits as an int32 (decoders read only bits): as a
   * uint32 an address at 0xFEExxxxx is past 2^31 and would be boxed, one heap number a write.
   */
  deliverMsi(addressLo: number, data: number, requesterId: number, virq: number, peer: number, triggerNs: number): void {
    const remapper = this.#remapper;
    if (remapper !== null) {
      const r = this.#remapped;
      const how = remapper.remapMsi(addressLo, data, this.#aliasQuirk ? requesterId : OTHER_BUS_RID, r);
      if (how === REMAP_BLOCKED) {
        this.#fates.lost(virq, peer, LOST_REMAP_BLOCKED, triggerNs, this.#sim.nowNs);
        return;
      }
      if (how === REMAP_TRANSLATED) {
        // A miss costs the IRTE fetch before the write goes on, posted or not.
        if (r.cacheHit === 0 && this.#iecMissExtraNs > 0) this.#deliverAfterMiss(r.cpu, r.vector, virq, peer, triggerNs, r.posted === 1);
        else if (r.posted === 1) this.#post(r.cpu, r.vector, virq, peer, triggerNs);
        else this.setIrr(r.cpu, r.vector, virq, peer, triggerNs);
        return;
      }
    }
    // Not remapped: the root complex reads the message as written.
    const dec = this.#decoded;
    decodeMsiMsg(addressLo, 0, data, dec);
    if (dec.format === MSI_FORMAT_COMPAT && dec.destApicId < this.#cpus) {
      this.setIrr(dec.destApicId, dec.vector, virq, peer, triggerNs);
    } else {
      // A remappable-format message with remapping off is blocked; anything else is no interrupt the window reaches.
      const reason = dec.format === MSI_FORMAT_REMAPPABLE ? LOST_REMAP_BLOCKED : LOST_WINDOW_FAULT;
      this.#fates.lost(virq, peer, reason, triggerNs, this.#sim.nowNs);
    }
  }

  // Posted MSI: the IOMMU posts to the CPU's descriptor and notifies only if ON was clear.
  #post(cpu: number, vector: number, virq: number, peer: number, triggerNs: number): void {
    const posted = this.#posted as PostedMsiHandler;
    if (posted.post(cpu, vector, virq, peer, triggerNs, this.#sim.nowNs)) this.setIrr(cpu, POSTED_MSI_NOTIFICATION_VECTOR, -1, -1, -1);
  }

  #deliverAfterMiss(cpu: number, vector: number, virq: number, peer: number, triggerNs: number, posted: boolean): void {
    const slot = this.iecMiss.take(triggerNs, peer, virq, this.#sim.nowNs);
    this.#sim.scheduleAfter(this.#iecMissExtraNs, posted ? EV_POSTED_ARRIVE : EV_IRR_ARRIVE, cpu * NR_VECTORS + vector, slot);
  }

  /** EV_IRR_ARRIVE: a write that missed the IEC reaches the APIC. */
  irrArriveDelayed(cpuVector: number, slot: number): void {
    this.#missArrives(cpuVector, slot, false);
  }

  /** EV_POSTED_ARRIVE: a posted write that missed the IEC reaches the CPU's posted descriptor. */
  postArriveDelayed(cpuVector: number, slot: number): void {
    this.#missArrives(cpuVector, slot, true);
  }

  #missArrives(cpuVector: number, slot: number, posted: boolean): void {
    const w = this.iecMiss.slots;
    const virq = w.virq[slot];
    const peer = w.peer[slot];
    const triggerNs = w.triggerNs[slot];
    this.iecMiss.release(slot);
    const cpu = (cpuVector / NR_VECTORS) | 0;
    if (posted) this.#post(cpu, cpuVector % NR_VECTORS, virq, peer, triggerNs);
    else this.setIrr(cpu, cpuVector % NR_VECTORS, virq, peer, triggerNs);
  }

  /** EV_IPI_VECTOR: an IPI (a move's retrigger) for `vector` reaches `cpu`. */
  ipi(cpu: number, vector: number): void {
    this.#metrics.cpu.add(cpu, CPU_IPIS, 1);
    this.setIrr(cpu, vector, -1, -1, -1);
  }

  /** The write sets IRR on `cpu`: one pending bit per vector, so a set bit absorbs it. */
  setIrr(cpu: number, vector: number, virq: number, peer: number, triggerNs: number): void {
    const now = this.#sim.nowNs;
    if (this.#apic.setIrr(cpu, vector) === 0) {
      this.irrCoalesced++;
      if (virq >= 0) this.#fates.coalesced(virq, peer, COALESCED_IRR, triggerNs, now);
      return;
    }
    this.#irr.set(cpu * NR_VECTORS + vector, triggerNs, peer, virq, now);
    if (triggerNs >= 0) this.#metrics.recordStage(STAGE_DELIVERY, peer, now - triggerNs);
    if (this.#spans !== null) this.#spans.irrDepth(cpu, this.#apic.irrCount(cpu), now);
    this.#cpuFlow.signal(cpu);
  }
}
