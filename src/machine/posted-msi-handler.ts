/**
 * Posted MSI on the host side: the IOMMU's post into the CPU's posted-interrupt descriptor, and
 * the notification handler sysvec_posted_msi_notification(), which demultiplexes the PIR into
 * one handle_edge_irq() per harvested vector and EOIs once at the end. The handler is resumed
 * from irq exit after each vector's flow, so it keeps its place per CPU.
 */
import { CPU_EOIS, type Metrics } from '../metrics/metrics.js';
import type { SpanSink } from '../metrics/span-sink.js';
import { COALESCED_POSTED, LOST_STALE_VECTOR } from '../metrics/accounting.js';
import { STAGE_DELIVERY, STAGE_QUEUEING } from '../metrics/stages.js';
import type { LocalApic } from '../x86/local-apic.js';
import { MAX_POSTED_MSI_COALESCING_LOOP, POSTED_NOTIFY, POSTED_PIR_MERGED, type PostedMsiDescriptors } from '../x86/posted-msi.js';
import type { VectorDomain } from '../x86/vector-domain.js';
import { NR_VECTORS } from '../x86/vectors.js';
import type { TriggerFates } from './trigger-fates.js';
import { TriggerSlots } from './trigger-slots.js';

// Handler phases per CPU; 0 = not in the notification handler.
const POSTED_LOOP = 1; //  the coalescing loop of handle_pending_pir() passes
const POSTED_FINAL = 2; // after pi_clear_on(): the last pass

/** What the handler asks of the CPU it runs on. */
export interface PostedFlow {
  /** handle_edge_irq() of `virq` from `atNs`; the CPU resumes the handler at its irq exit. */
  enterFlow(cpu: number, virq: number, atNs: number, triggerNs: number, peer: number): void;
  /** The notification handler has EOIed at `atNs`: leave irq context. */
  exitIrq(cpu: number, atNs: number): void;
}

export interface PostedCosts {
  readonly postedDemuxNs: number;
  readonly eoiNs: number;
}

export interface PostedMsiHandlerOptions {
  readonly cpus: number;
  /** The CPUs' posted-interrupt descriptors (PIR + ON). */
  readonly descriptors: PostedMsiDescriptors;
  readonly vector: VectorDomain;
  readonly apic: LocalApic;
  readonly metrics: Metrics;
  readonly fates: TriggerFates;
  readonly costs: PostedCosts;
  readonly flow: PostedFlow;
  readonly spans: SpanSink | null;
}

export class PostedMsiHandler {
  readonly descriptors: PostedMsiDescriptors;
  /** What each PIR bit carries, [cpu * 256 + vector]. */
  readonly pir: TriggerSlots;
  /** Handler runs per CPU: irq_stats(cpu)->posted_msi_notification_count, the PMN row of /proc/interrupts. */
  readonly notificationCount: Float64Array;
  readonly #vector: VectorDomain;
  readonly #apic: LocalApic;
  readonly #metrics: Metrics;
  readonly #fates: TriggerFates;
  readonly #costs: PostedCosts;
  readonly #flow: PostedFlow;
  readonly #spans: SpanSink | null;
  readonly #phase: Uint8Array;
  /** When the handler started on each CPU (for the span sink). */
  readonly #startNs: Float64Array;
  readonly #loops: Int32Array; // harvests done in the coalescing loop
  // Per CPU the vectors harvested (256 slots each) and the triggers they carry, moved out of
  // the PIR slots at harvest time (a new post may set a PIR bit again before the list is done).
  readonly #list: Int32Array;
  readonly #listed: TriggerSlots;
  readonly #count: Int32Array;
  readonly #next: Int32Array;
  readonly #harvest = new Int32Array(NR_VECTORS);

  constructor(options: PostedMsiHandlerOptions) {
    const cpus = options.cpus;
    this.descriptors = options.descriptors;
    this.#vector = options.vector;
    this.#apic = options.apic;
    this.#metrics = options.metrics;
    this.#fates = options.fates;
    this.#costs = options.costs;
    this.#flow = options.flow;
    this.#spans = options.spans;
    this.pir = new TriggerSlots(cpus * NR_VECTORS);
    this.notificationCount = new Float64Array(cpus);
    this.#phase = new Uint8Array(cpus);
    this.#startNs = new Float64Array(cpus);
    this.#loops = new Int32Array(cpus);
    this.#list = new Int32Array(cpus * NR_VECTORS);
    this.#listed = new TriggerSlots(cpus * NR_VECTORS);
    this.#count = new Int32Array(cpus);
    this.#next = new Int32Array(cpus);
  }

  /**
   * The IOMMU posts `vector` to `cpu`'s descriptor at `nowNs`; a set PIR bit absorbs the write.
   * Returns true if ON was clear: the notification vector must be sent to the CPU. (A write that
   * missed the IEC comes here after the miss penalty: delivery.ts charges it, posted or not.)
   */
  post(cpu: number, vector: number, virq: number, peer: number, triggerNs: number, nowNs: number): boolean {
    const flags = this.descriptors.post(cpu, vector);
    if (flags & POSTED_PIR_MERGED) {
      this.#fates.coalesced(virq, peer, COALESCED_POSTED, triggerNs, nowNs);
    } else {
      this.pir.set(cpu * NR_VECTORS + vector, triggerNs, peer, virq, nowNs);
      if (triggerNs >= 0) this.#metrics.recordStage(STAGE_DELIVERY, peer, nowNs - triggerNs);
    }
    return (flags & POSTED_NOTIFY) !== 0;
  }

  /** True while `cpu` is inside the notification handler (its irq exit resumes it). */
  inHandler(cpu: number): boolean {
    return this.#phase[cpu] !== 0;
  }

  /** The CPU took the notification vector; the handler starts at `atNs`. */
  start(cpu: number, atNs: number): void {
    this.notificationCount[cpu]++;
    this.#phase[cpu] = POSTED_LOOP;
    this.#startNs[cpu] = atNs;
    this.#loops[cpu] = 0;
    this.#count[cpu] = 0;
    this.#next[cpu] = 0;
    this.resume(cpu, atNs);
  }

  /**
   * Resumes the handler at `atNs`: takes the next harvested vector; when the list is done,
   * harvests again (at most MAX_POSTED_MSI_COALESCING_LOOP − 1 passes), then clears ON,
   * harvests one last time (a post that raced the clear), and EOIs once.
   */
  resume(cpu: number, atNs: number): void {
    const base = cpu * NR_VECTORS;
    const listed = this.#listed;
    const metrics = this.#metrics;
    for (;;) {
      if (this.#next[cpu] < this.#count[cpu]) {
        const i = base + this.#next[cpu]++;
        const slot = base + this.#list[i];
        const triggerNs = listed.triggerNs[i];
        const peer = listed.peer[i];
        const meant = listed.virq[i];
        listed.clear(i);
        const t = atNs + this.#costs.postedDemuxNs;
        if (triggerNs >= 0) metrics.recordStage(STAGE_QUEUEING, peer, t - listed.setNs[i]);
        const virq = this.#vector.vectorIrq[slot];
        if (virq < 0) {
          if (meant >= 0 && triggerNs >= 0) this.#fates.lost(meant, peer, LOST_STALE_VECTOR, triggerNs, t);
          atNs = t;
          continue;
        }
        const carries = triggerNs >= 0 && meant === virq;
        if (triggerNs >= 0 && meant !== virq) this.#fates.lost(meant, peer, LOST_STALE_VECTOR, triggerNs, t);
        this.#flow.enterFlow(cpu, virq, t, carries ? triggerNs : -1, carries ? peer : -1);
        return;
      }
      const phase = this.#phase[cpu];
      if (phase === POSTED_LOOP && ++this.#loops[cpu] < MAX_POSTED_MSI_COALESCING_LOOP) {
        this.#harvestPir(cpu);
        if (this.#count[cpu] > 0) continue;
      }
      if (phase === POSTED_LOOP) {
        // Clear ON last to widen the coalescing window, then catch what raced the clear.
        this.descriptors.clearOn(cpu);
        this.#phase[cpu] = POSTED_FINAL;
        this.#harvestPir(cpu);
        continue;
      }
      // apic_eoi() for the notification vector, then the usual exit.
      this.#phase[cpu] = 0;
      this.#apic.eoi(cpu);
      metrics.cpu.add(cpu, CPU_EOIS, 1);
      if (this.#spans !== null) this.#spans.postedNotification(cpu, this.#startNs[cpu], atNs + this.#costs.eoiNs);
      this.#flow.exitIrq(cpu, atNs + this.#costs.eoiNs);
      return;
    }
  }

  /** Books every trigger still in a PIR bit or in a harvested list as in flight (end of run). */
  addInFlight(): void {
    const metrics = this.#metrics;
    for (let slot = 0; slot < this.pir.size; slot++) {
      if (this.pir.carries(slot)) metrics.addInFlight(this.pir.virq[slot], this.pir.peer[slot], 1);
    }
    for (let cpu = 0; cpu < this.#phase.length; cpu++) {
      const base = cpu * NR_VECTORS;
      for (let i = base + this.#next[cpu]; i < base + this.#count[cpu]; i++) {
        if (this.#listed.triggerNs[i] >= 0) metrics.addInFlight(this.#listed.virq[i], this.#listed.peer[i], 1);
      }
    }
  }

  // handle_pending_pir(): take the PIR words and move what each set bit carries to the list.
  #harvestPir(cpu: number): void {
    const n = this.descriptors.takePir(cpu, this.#harvest);
    const base = cpu * NR_VECTORS;
    for (let i = 0; i < n; i++) {
      const vector = this.#harvest[i];
      this.#list[base + i] = vector;
      this.#listed.moveFrom(this.pir, base + vector, base + i);
    }
    this.#count[cpu] = n;
    this.#next[cpu] = 0;
  }
}
