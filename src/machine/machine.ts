/**
 * src/machine/: the host, where x86 and NTB meet; this file builds and runs it.
 *
 * One simulated host: CPUs with local APICs, the x86 vector domain (and interrupt remapping),
 * the Switchtec function with its four real MSI-X vectors, the NTB device and its peers, and
 * the clients the peers feed. This is the only place where x86 and NTB meet: it builds the
 * parts in the mail's order and hands each its collaborators once, dispatches every event to
 * the part that owns it, and runs, stops and closes the books. The parts, in the order an
 * interrupt travels through them:
 *
 *   peer-writes.ts        a peer's trigger write lands (ntb_msi write, doorbell, message)
 *   switchtec-function.ts the function's vectors, its MSI-X send and PBA
 *   delivery.ts           remapping, IEC miss, posted post, the IRR
 *   cpu-flow.ts           entry, handle_edge_irq, the action, softirq, irq exit
 *   irq-actions.ts        the handlers: the Switchtec ISRs and the clients' (clients/)
 *   ntb-msi-host.ts       the ntb_msi window, descriptors and their republish
 *   affinity.ts           affinity requests, irqbalance, boot moves
 *   close-books.ts        end-of-run accounting and the counters
 *
 * Build order, after the mail: the switchtec PCI driver allocates nirqs vectors and requests
 * event and dma_rpc; the class interface's add_dev requests message and doorbell; the NTB core
 * then takes vectors for ntb_msi (today's virtual MSI-X entries, or the proposed NTB MSI
 * domain). Time passes only in events (src/events.ts).
 */
import { raiseInliningBudget } from '../engine/inlining-budget.js';
import { RngFactory } from '../engine/rng.js';
import { Simulator } from '../engine/simulator.js';
import { PRIO_URGENT } from '../engine/event-pool.js';
import {
  EV_ACTION_DONE,
  EV_AFFINITY_REQUEST,
  EV_CPU_FREE,
  EV_IPI_VECTOR,
  EV_IRQBALANCE,
  EV_IRR_ARRIVE,
  EV_PEER_DESC_REFRESHED,
  EV_SOFTIRQ_STEP_DONE,
  EV_SOFTWARE_RESEND,
  EV_PAYLOAD_LANDS,
  EV_POSTED_ARRIVE,
  EV_SOURCE_WRITE_LANDS,
  EV_SPIN_RECHECK,
  EV_VECTOR_CLEANUP,
  EV_WARMUP_END,
} from '../events.js';
import type { IrqCore } from '../irq/irq-core.js';
import type { IrqDataTable } from '../irq/data-table.js';
import type { IrqDescTable } from '../irq/desc-table.js';
import type { MsiDomain } from '../irq/msi-domain.js';
import type { PciMsixChip } from '../irq/pci-msix-chip.js';
import { Metrics } from '../metrics/metrics.js';
import { ScopeSeriesMetrics } from '../metrics/scope-series-metrics.js';
import type { SpanSink } from '../metrics/span-sink.js';
import { checkPeerCount } from '../ntb/device-limits.js';
import { PeerDescCopies } from '../ntb/ntb-msi-desc.js';
import type { SwitchtecDbMsg } from '../ntb/switchtec-dbmsg.js';
import type { InterruptRemapper } from '../x86/interrupt-remapper.js';
import { NR_VECTORS } from '../x86/vectors.js';
import { Affinity, applyBootAffinity } from './affinity.js';
import type { NtbClientOps } from './clients/client-ops.js';
import { NTB_CLIENTS, clientCode } from './clients/index.js';
import { closeBooks, machineCounters, type MachineBooks, type MachineCounters } from './close-books.js';
import type { MachineConfig } from './config.js';
import { resolveCosts, type ResolvedCosts } from './costs.js';
import { CpuFlow } from './cpu-flow.js';
import { Delivery } from './delivery.js';
import { IrqActions } from './irq-actions.js';
import { IrqHierarchy } from './irq-hierarchy.js';
import { NtbMsiHost, ntbMsiRequestIrq, placeMsiWindow, publishDescs } from './ntb-msi-host.js';
import { PeerWrites, buildQueueTable, wireSharers } from './peer-writes.js';
import type { QueueTable } from './queue-table.js';
import { SWITCHTEC_RID, SWITCHTEC_VECTOR_NAMES, SwitchtecFunction, createLinkRegisters, requestSwitchtecVectors } from './switchtec-function.js';
import { TaskletSoftirq } from './tasklet-softirq.js';
import { TriggerFates } from './trigger-fates.js';
import { TriggerSlots } from './trigger-slots.js';

export type { MachineCounters } from './close-books.js';
export { SWITCHTEC_PCI_NAME, SWITCHTEC_VECTOR_NAMES } from './switchtec-function.js';

/** Receives every event the machine dispatches, in order (for golden logs and the trace CSV). */
export type EventTracer = (timeNs: number, kind: number, a0: number, a1: number) => void;

export interface MachineOptions {
  /** Called before each event is handled. Off (undefined) costs nothing per event. */
  readonly trace?: EventTracer;
  /**
   * Irqs (virqs) and peers whose fates get per-interval series: those named, or 'all' (every
   * requested irq and every peer, while they fit the series' limit). Default none: the plain
   * Metrics, whose fate methods do no per-scope counting.
   */
  readonly seriesFocus?: 'all' | { readonly irqs: readonly number[]; readonly peers: readonly number[] };
  /** Receives the CPUs' spans and the triggers' instants (src/metrics/span-sink.ts). Off (undefined): one branch per site, nothing allocated. */
  readonly spans?: SpanSink;
}

export class Machine {
  readonly config: MachineConfig;
  readonly sim: Simulator;
  readonly costs: ResolvedCosts;
  readonly metrics: Metrics;
  readonly hierarchy: IrqHierarchy;
  readonly core: IrqCore;
  readonly desc: IrqDescTable;
  readonly data: IrqDataTable;
  readonly remapper: InterruptRemapper | null;
  readonly switchtecDomain: MsiDomain;
  readonly switchtecChip: PciMsixChip;
  readonly ntbDomain: MsiDomain | null;
  /** The virq of each real Switchtec vector (event, dma_rpc, message, doorbell). */
  readonly switchtecVirq: Int32Array;
  /** Doorbell and message registers, one set per peer link. */
  readonly regs: readonly SwitchtecDbMsg[];
  /** The peers' queues (one row per queue pair). */
  readonly queues: QueueTable;
  /** What each peer holds of its MSI queues' descriptors (ntb_msi). */
  readonly peerDescs: PeerDescCopies;
  readonly peerNames: string[] = [];
  readonly irqNames: string[] = [];
  readonly cpuFlow: CpuFlow;
  readonly softirq: TaskletSoftirq;
  readonly #writes: PeerWrites;
  readonly #switchtec: SwitchtecFunction;
  readonly #delivery: Delivery;
  readonly #ntbMsi: NtbMsiHost;
  readonly #affinity: Affinity;
  readonly #books: MachineBooks;
  #ended = false;
  /** The peers are told of descriptor changes only after the first publish (ntb_msi_setup_mws). */
  #published = false;

  constructor(config: MachineConfig, options: MachineOptions = {}) {
    // Before any of the model's code is optimized (see inlining-budget.ts).
    raiseInliningBudget();
    this.config = config;
    const cpus = config.cpus;
    const spans = options.spans ?? null;
    this.costs = resolveCosts(config.costs);
    const c = this.costs.ns;
    checkPeerCount(config.ntb.device, config.peers.length);

    const rngs = new RngFactory(config.seed);
    const costRng = rngs.stream('machine/costs');
    this.sim = new Simulator({ initialCapacity: 4096 });
    const trace = options.trace;
    this.sim.setDispatch(
      trace === undefined
        ? (kind, a0, a1) => this.#dispatch(kind, a0, a1)
        : (kind, a0, a1) => {
            trace(this.sim.nowNs, kind, a0, a1);
            this.#dispatch(kind, a0, a1);
          },
    );

    // ---- count what every table must hold ----
    let msiQueues = 0;
    for (const p of config.peers) if (p.mechanism === 'msi' && !p.shares) msiQueues += p.queues;
    if (config.ntb.design === 'virtual-msix' && msiQueues > config.ntb.nirqs - SWITCHTEC_VECTOR_NAMES.length) {
      throw new RangeError(
        `ntb.nirqs: ${msiQueues} MSI queues need ${msiQueues} of the switchtec function's vectors, but nirqs = ` +
          `${config.ntb.nirqs} leaves ${config.ntb.nirqs - SWITCHTEC_VECTOR_NAMES.length} after event, dma_rpc, message and doorbell; ` +
          `raise nirqs (the module parameter) or use design "ntb-domain"`,
      );
    }
    const irqCapacity = config.ntb.nirqs + msiQueues + 4;

    // ---- the irqdomain hierarchy, the Switchtec function's vectors, the peers' queues ----
    const h = new IrqHierarchy({
      config,
      sim: this.sim,
      costs: c,
      irqCapacity,
      deviceRid: SWITCHTEC_RID,
      deviceHooks: {
        sendPending: (descRow) => this.#switchtec.sendMsix(descRow, -1, -1),
        writeMsiMsgCallback: (descRow) => {
          if (this.#published) this.#ntbMsi.writeMsg(descRow);
        },
      },
    });
    this.hierarchy = h;
    this.core = h.core;
    this.desc = h.desc;
    this.data = h.data;
    this.remapper = h.remapper;
    this.switchtecDomain = h.switchtecDomain;
    this.switchtecChip = h.switchtecChip;
    this.ntbDomain = h.ntbDomain;
    this.switchtecVirq = requestSwitchtecVectors(h, config.ntb);
    for (const p of config.peers) this.peerNames.push(p.name);
    const queues = buildQueueTable(config, rngs, this.switchtecVirq, (name, q) => ntbMsiRequestIrq(h, name, q), h);
    this.queues = queues;
    // Initial affinity rules (before the run, as /proc/irq/N/smp_affinity at boot).
    applyBootAffinity(h, config.affinity, cpus, config.remapping !== 'off');
    // ntb_msi_setup_mws(): after link-up (so after the boot affinity above) the window is placed
    // on the first descriptor's address; the peers then read every descriptor once.
    const windowBase = placeMsiWindow(queues, h, config.ntb.window);
    wireSharers(config, queues);
    const copies = new PeerDescCopies(queues.count);
    this.peerDescs = copies;
    publishDescs(copies, queues, h, windowBase, config.ntb.window);
    for (let virq = 0; virq < h.desc.count; virq++) this.irqNames.push(h.desc.names[virq]);

    // ---- metrics, sized now ----
    const metricsSpec = {
      cpus,
      irqs: h.desc.count,
      peers: config.peers.length,
      durationNs: config.durationNs,
      intervalNs: config.statsIntervalNs,
      warmupNs: config.warmupNs,
      irqNames: this.irqNames,
      irqHasAction: this.irqNames.map((_, virq) => h.desc.action[virq] >= 0),
      peerNames: this.peerNames,
    };
    const focus = options.seriesFocus;
    this.metrics =
      focus === undefined
        ? new Metrics(metricsSpec)
        : new ScopeSeriesMetrics(metricsSpec, focus === 'all' ? this.#allSeriesRows() : { ...focus, all: false });
    const fates = new TriggerFates(this.metrics, spans);

    // ---- the run-time parts, each handed its collaborators once ----
    this.regs = createLinkRegisters(config);
    const clientOf: NtbClientOps[] = new Array<NtbClientOps>(queues.count);
    this.softirq = new TaskletSoftirq({ cpus, queues, clientOf, metrics: this.metrics, sim: this.sim, spans });
    const byKind = NTB_CLIENTS.map((kind) =>
      kind.create({
        config,
        queues,
        regs: this.regs,
        costs: c,
        softirq: this.softirq,
        // A client answering its peer (ping-pong) schedules the peer's next write.
        scheduleWriteAt: (q, arrivalNs) => this.#writes.scheduleWriteAt(q, arrivalNs),
      }),
    );
    for (let q = 0; q < queues.count; q++) clientOf[q] = byKind[queues.client[q]];
    const actionBooksEndToEnd = Uint8Array.from(config.peers, (p) => (NTB_CLIENTS[clientCode(p.client)].deferredItems ? 0 : 1));
    const actions = new IrqActions({
      desc: h.desc,
      queues,
      clientOf,
      dbEventReadsDoorbell: (q) => NTB_CLIENTS[queues.client[q]].dbEventReadsDoorbell,
      regs: this.regs,
      isrNs: c.isrNs,
      mmioReadNs: c.mmioReadNs,
      mmioWriteNs: c.mmioWriteNs,
    });
    const irr = new TriggerSlots(cpus * NR_VECTORS);
    const pending = new TriggerSlots(irqCapacity);
    this.cpuFlow = new CpuFlow({
      cpus,
      hierarchy: h,
      queues,
      actions,
      softirq: this.softirq,
      irr,
      pending,
      actionBooksEndToEnd,
      metrics: this.metrics,
      fates,
      sim: this.sim,
      costs: this.costs,
      costRng,
      edgeMigrationFix: config.edgeMigrationFix,
      spans,
    });
    this.#delivery = new Delivery({
      cpus,
      remapper: h.remapper,
      dmaAliasQuirk: config.dmaAliasQuirk,
      apic: h.apic,
      irr,
      cpuFlow: this.cpuFlow,
      fates,
      metrics: this.metrics,
      sim: this.sim,
      spans,
      iecMissExtraNs: Math.max(0, c.iecMissNs - c.iecHitNs),
      totalRateHz: queues.source.reduce((sum, src) => sum + src.meanRateHz, 0),
    });
    this.#switchtec = new SwitchtecFunction({ hierarchy: h, delivery: this.#delivery, fates, pending, sim: this.sim });
    this.#ntbMsi = new NtbMsiHost({
      hierarchy: h,
      queues,
      copies,
      windowBase,
      windowSize: config.ntb.window.sizeBytes,
      metrics: this.metrics,
      sim: this.sim,
      costs: c,
    });
    this.#published = true;
    this.#writes = new PeerWrites({
      config,
      queues,
      clientOf,
      copies,
      windowBase,
      regs: this.regs,
      switchtec: this.#switchtec,
      delivery: this.#delivery,
      fates,
      metrics: this.metrics,
      sim: this.sim,
      costs: c,
      remapped: h.remapper !== null,
    });
    this.#affinity = new Affinity({ config, hierarchy: h, queues, ntbMsi: this.#ntbMsi, metrics: this.metrics, sim: this.sim });
    this.#books = {
      sim: this.sim,
      metrics: this.metrics,
      hierarchy: h,
      cpuFlow: this.cpuFlow,
      delivery: this.#delivery,
      irr,
      pending,
      regs: this.regs,
      ntbMsi: this.#ntbMsi,
      writes: this.#writes,
    };

    // ---- first events, in this order (ties at one instant run in scheduling order) ----
    this.#affinity.scheduleChanges();
    if (config.warmupNs > 0) this.sim.schedule(config.warmupNs, EV_WARMUP_END, 0, 0, PRIO_URGENT);
    this.#affinity.scheduleIrqbalance();
    this.#writes.start();
  }

  /** Runs the whole workload and closes the books. */
  run(): void {
    this.sim.run({ untilNs: this.config.durationNs });
    this.#closeBooks();
  }

  /** Runs until `untilNs` (for tests and progress reporting); call finish() after the last step. */
  runUntil(untilNs: number): void {
    this.sim.run({ untilNs: Math.min(untilNs, this.config.durationNs) });
  }

  /** Ends the run early at `endNs` (already reached): the books close there. */
  stopAt(endNs: number): void {
    if (endNs < this.sim.nowNs) throw new RangeError(`cannot stop at ${endNs} ns: already at ${this.sim.nowNs} ns`);
    this.#closeBooks();
  }

  finish(): void {
    if (this.sim.nowNs < this.config.durationNs) this.sim.run({ untilNs: this.config.durationNs });
    this.#closeBooks();
  }

  /** The virq an irq selector names: "<peer>/q<N>" or "switchtec/<vector>". */
  irqBySelector(selector: string): number {
    return this.hierarchy.irqByName(selector);
  }

  counters(): MachineCounters {
    return machineCounters(this.#books);
  }

  // Every requested irq and every peer: what gets per-interval series unless some are named.
  #allSeriesRows(): { irqs: number[]; peers: number[]; all: true } {
    const irqs: number[] = [];
    for (let virq = 0; virq < this.desc.count; virq++) if (this.desc.action[virq] >= 0) irqs.push(virq);
    return { irqs, peers: this.peerNames.map((_, i) => i), all: true };
  }

  #closeBooks(): void {
    if (this.#ended) return;
    this.#ended = true;
    closeBooks(this.#books);
  }

  // PERF: V8 inlines this dispatch into the engine's run loop, so a path that first runs after
  // the loop was optimized deoptimizes the whole loop, which is then compiled again with every
  // part inlined into it. The frequent events are dispatched here; the rare ones (a timer, an
  // affinity request, a refresh) go through #rareEvent, called too seldom to be inlined, so
  // their first runs cost one such recompile, not one per kind (about 2 % of the gate's
  // affinity-move-no-remap instructions).
  #dispatch(kind: number, a0: number, a1: number): void {
    switch (kind) {
      case EV_SOURCE_WRITE_LANDS:
        this.#writes.writeLands(a0);
        break;
      case EV_PAYLOAD_LANDS:
        this.#writes.payloadLands(a0);
        break;
      case EV_ACTION_DONE:
        this.cpuFlow.actionDone(a0, a1);
        break;
      case EV_CPU_FREE:
        this.cpuFlow.cpuFree(a0);
        break;
      case EV_IRR_ARRIVE:
        this.#delivery.irrArriveDelayed(a0, a1);
        break;
      case EV_POSTED_ARRIVE:
        this.#delivery.postArriveDelayed(a0, a1);
        break;
      case EV_SOFTIRQ_STEP_DONE:
        this.cpuFlow.taskletStepDone(a0);
        break;
      default:
        this.#rareEvent(kind, a0, a1);
    }
  }

  #rareEvent(kind: number, a0: number, a1: number): void {
    switch (kind) {
      case EV_SPIN_RECHECK:
        this.cpuFlow.spinRecheck(a0, a1);
        break;
      case EV_VECTOR_CLEANUP:
        this.cpuFlow.vectorCleanupTimer(a0);
        break;
      case EV_IPI_VECTOR:
        this.#delivery.ipi(a0, a1);
        break;
      case EV_AFFINITY_REQUEST:
        this.#affinity.request(a0, a1);
        break;
      case EV_PEER_DESC_REFRESHED:
        this.#ntbMsi.peerDescRefreshed(a0);
        break;
      case EV_SOFTWARE_RESEND:
        this.cpuFlow.softwareResend(a0);
        break;
      case EV_IRQBALANCE:
        this.#affinity.rebalance();
        break;
      case EV_WARMUP_END:
        this.metrics.startStatistics(this.sim.nowNs);
        break;
      default:
        throw new Error(`unknown event kind ${kind}`);
    }
  }
}
