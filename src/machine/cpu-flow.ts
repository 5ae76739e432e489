/**
 * The CPUs' side of an interrupt, one state machine per CPU. An idle CPU (IF=1) takes the
 * highest deliverable vector (the IDT entry), common_interrupt() finds the irq in vector_irq[],
 * handle_edge_irq() runs its ack chain, the action runs (handle_irq_event()), and irq_exit()
 * runs pending softirqs (tasklets, with interrupts enabled, so a vector preempts them) before
 * the CPU irets and takes the next vector. A CPU busy-waits on another CPU's INPROGRESS (the
 * 2025 fix), resumes the posted-MSI notification handler at each irq exit, and runs a vector
 * cleanup timer that fired inside an irq at its exit.
 *
 * Time passes only in events; one event's kernel work is charged inside it (the CostMeter), so
 * a CPU is busy until cpuBusyUntilNs. With a span sink the flow reports hard irqs, ack chains,
 * actions, softirq and vector cleanups to it, one null check per site.
 */
import { PRIO_URGENT } from '../engine/event-pool.js';
import type { Sampler } from '../engine/distributions.js';
import type { RandomStream } from '../engine/rng.js';
import type { Simulator } from '../engine/simulator.js';
import { EV_ACTION_DONE, EV_CPU_FREE, EV_SPIN_RECHECK } from '../events.js';
import type { CostMeter } from '../irq/cost-meter.js';
import type { IrqDescTable } from '../irq/desc-table.js';
import { EDGE_DEFERRED, EDGE_RUN, EDGE_WAIT, handleEdgeIrq, handleIrqEventDone } from '../irq/handle-edge-irq.js';
import type { IrqCore } from '../irq/irq-core.js';
import { IRQ_HANDLED, IRQ_NONE } from '../irq/irq-flags.js';
import { COALESCED_PENDING, LOST_STALE_VECTOR } from '../metrics/accounting.js';
import { CPU_EOIS, CPU_INTERRUPTS, CPU_VECTOR_CLEANUPS, IRQ_PENDING_REPLAYS, IRQ_UNHANDLED, type Metrics } from '../metrics/metrics.js';
import type { SpanSink } from '../metrics/span-sink.js';
import { STAGE_ACK, STAGE_QUEUEING } from '../metrics/stages.js';
import type { LocalApic } from '../x86/local-apic.js';
import type { VectorDomain } from '../x86/vector-domain.js';
import { NR_VECTORS, POSTED_MSI_NOTIFICATION_VECTOR, VECTOR_UNUSED } from '../x86/vectors.js';
import { sampleNs, type ResolvedCosts } from './costs.js';
import { ACTION_QUEUE_MSI, type IrqActions } from './irq-actions.js';
import type { IrqHierarchy } from './irq-hierarchy.js';
import { PostedMsiHandler, type PostedFlow } from './posted-msi-handler.js';
import type { QueueTable } from './queue-table.js';
import type { TaskletSoftirq } from './tasklet-softirq.js';
import type { TriggerFates } from './trigger-fates.js';
import type { TriggerSlots } from './trigger-slots.js';

// CPU states.
export const CPU_IDLE = 0;
export const CPU_HARDIRQ = 1; // in a hard irq (entry, flow, action, exit)
export const CPU_SPIN = 2; //    busy-waiting for another CPU's INPROGRESS (irq_wait_on_inprogress)
export const CPU_SOFTIRQ = 3; // running tasklets at irq exit, interrupts enabled
export const CPU_EXITING = 4; // irq_exit and iret done at cpuBusyUntilNs

export interface CpuFlowOptions {
  readonly cpus: number;
  readonly hierarchy: IrqHierarchy;
  readonly queues: QueueTable;
  readonly actions: IrqActions;
  readonly softirq: TaskletSoftirq;
  /** What each pending IRR bit carries, [cpu * 256 + vector]; set by delivery, taken here. */
  readonly irr: TriggerSlots;
  /** What each IRQS_PENDING flag (or a PBA bit held for the irq) carries, per virq. */
  readonly pending: TriggerSlots;
  /** Per peer: 1 when the action books its trigger's end-to-end latency (0: the client's items book their own). */
  readonly actionBooksEndToEnd: Uint8Array;
  readonly metrics: Metrics;
  readonly fates: TriggerFates;
  readonly sim: Simulator;
  readonly costs: ResolvedCosts;
  readonly costRng: RandomStream;
  readonly edgeMigrationFix: boolean;
  readonly spans: SpanSink | null;
}

export class CpuFlow implements PostedFlow {
  readonly cpuState: Uint8Array;
  readonly cpuFreeEvent: Int32Array;
  readonly cpuBusyUntilNs: Float64Array;
  readonly cpuVirq: Int32Array; //      irq whose action (or spin) the CPU is in
  readonly cpuTriggerNs: Float64Array; // trigger behind the current action (-1 none)
  readonly cpuPeer: Int32Array;
  readonly cpuActionStartNs: Float64Array;
  readonly spinners: Int32Array; //      per virq: CPUs busy-waiting for INPROGRESS
  readonly cpuInterruptedSoftirq: Uint8Array; // the hardirq now running preempted a tasklet run
  /** The posted-MSI notification handler, with posted MSI only. */
  readonly posted: PostedMsiHandler | null;
  readonly #cpus: number;
  readonly #core: IrqCore;
  readonly #desc: IrqDescTable;
  readonly #meter: CostMeter;
  readonly #apic: LocalApic;
  readonly #vector: VectorDomain;
  readonly #queues: QueueTable;
  readonly #actions: IrqActions;
  readonly #softirq: TaskletSoftirq;
  readonly #irr: TriggerSlots;
  readonly #pending: TriggerSlots;
  readonly #actionBooksEndToEnd: Uint8Array;
  readonly #metrics: Metrics;
  readonly #fates: TriggerFates;
  readonly #sim: Simulator;
  readonly #spans: SpanSink | null;
  readonly #costRng: RandomStream;
  readonly #edgeMigrationFix: boolean;
  /** Chip levels an ack walks, per virq. */
  readonly #ackLevels: Int32Array;
  // Costs read on the hot path, hoisted out of the records.
  readonly #entry: Sampler;
  readonly #exitNs: number;
  readonly #eoiNs: number;
  readonly #ackLevelNs: number;

  constructor(options: CpuFlowOptions) {
    const { cpus, hierarchy: h, costs } = options;
    this.#cpus = cpus;
    this.#core = h.core;
    this.#desc = h.desc;
    this.#meter = h.meter;
    this.#apic = h.apic;
    this.#vector = h.vector;
    this.#queues = options.queues;
    this.#actions = options.actions;
    this.#softirq = options.softirq;
    this.#irr = options.irr;
    this.#pending = options.pending;
    this.#actionBooksEndToEnd = options.actionBooksEndToEnd;
    this.#metrics = options.metrics;
    this.#fates = options.fates;
    this.#sim = options.sim;
    this.#spans = options.spans;
    this.#costRng = options.costRng;
    this.#edgeMigrationFix = options.edgeMigrationFix;
    this.#ackLevels = h.ackLevels();
    this.#entry = costs.samplers.irqEntryNs;
    this.#exitNs = costs.ns.irqExitNs;
    this.#eoiNs = costs.ns.eoiNs;
    this.#ackLevelNs = costs.ns.ackLevelNs;
    this.cpuState = new Uint8Array(cpus);
    this.cpuFreeEvent = new Int32Array(cpus).fill(-1);
    this.cpuBusyUntilNs = new Float64Array(cpus);
    this.cpuVirq = new Int32Array(cpus).fill(-1);
    this.cpuTriggerNs = new Float64Array(cpus).fill(-1);
    this.cpuPeer = new Int32Array(cpus).fill(-1);
    this.cpuActionStartNs = new Float64Array(cpus);
    this.spinners = new Int32Array(h.desc.capacity);
    this.cpuInterruptedSoftirq = new Uint8Array(cpus);
    this.posted =
      h.postedDescriptors === null
        ? null
        : new PostedMsiHandler({
            cpus,
            descriptors: h.postedDescriptors,
            vector: h.vector,
            apic: h.apic,
            metrics: options.metrics,
            fates: options.fates,
            costs: costs.ns,
            flow: this,
            spans: options.spans,
          });
  }

  /**
   * A vector became pending in `cpu`'s IRR: an idle CPU takes it now, one in softirq as soon as
   * it is back in the tasklet run, one leaving irq context when it is out.
   */
  signal(cpu: number): void {
    const state = this.cpuState[cpu];
    if (state === CPU_IDLE) this.#commonInterrupt(cpu);
    else if (state === CPU_SOFTIRQ) this.#preemptSoftirq(cpu);
    else if (state === CPU_EXITING && this.cpuFreeEvent[cpu] < 0) {
      // The CPU left irq context at busyUntil unless that is still ahead.
      if (this.cpuBusyUntilNs[cpu] <= this.#sim.nowNs) this.#afterIret(cpu);
      else this.cpuFreeEvent[cpu] = this.#sim.schedule(this.cpuBusyUntilNs[cpu], EV_CPU_FREE, cpu);
    }
  }

  /** EV_CPU_FREE: the CPU is back from the interrupt (or in its tasklet run again). */
  cpuFree(cpu: number): void {
    this.cpuFreeEvent[cpu] = -1;
    this.#afterIret(cpu);
  }

  /**
   * The IDT entry and common_interrupt() on an idle CPU (IF=1): the highest deliverable vector
   * moves from IRR to ISR, and vector_irq[] names its irq (or nothing after a cleanup).
   */
  #commonInterrupt(cpu: number): void {
    const apic = this.#apic;
    const vector = apic.deliverable(cpu);
    if (vector < 0) {
      this.cpuState[cpu] = CPU_IDLE;
      return;
    }
    const now = this.#sim.nowNs;
    const metrics = this.#metrics;
    apic.accept(cpu, vector);
    metrics.cpuEnter(cpu, now);
    metrics.cpu.add(cpu, CPU_INTERRUPTS, 1);
    this.cpuState[cpu] = CPU_HARDIRQ;
    if (this.#spans !== null) {
      this.#spans.hardirqEnter(cpu, vector, now);
      this.#spans.irrDepth(cpu, apic.irrCount(cpu), now);
    }
    const slot = cpu * NR_VECTORS + vector;
    const irr = this.#irr;
    const triggerNs = irr.triggerNs[slot];
    const peer = irr.peer[slot];
    const meant = irr.virq[slot];
    irr.clear(slot);
    if (triggerNs >= 0) metrics.recordStage(STAGE_QUEUEING, peer, now - irr.setNs[slot]);
    const entryNs = sampleNs(this.#entry, this.#costRng);
    if (vector === POSTED_MSI_NOTIFICATION_VECTOR && this.posted !== null) {
      // sysvec_posted_msi_notification(): demultiplex the PIR, one EOI at the end.
      this.posted.start(cpu, now + entryNs);
      return;
    }
    const virq = this.#vector.vectorIrq[slot];
    if (virq < 0) {
      if (virq !== VECTOR_UNUSED) this.#vector.vectorIrq[slot] = VECTOR_UNUSED;
      if (meant >= 0 && triggerNs >= 0) this.#fates.lost(meant, peer, LOST_STALE_VECTOR, triggerNs, now);
      apic.eoi(cpu);
      metrics.cpu.add(cpu, CPU_EOIS, 1);
      this.#irqExit(cpu, now + entryNs + this.#eoiNs);
      return;
    }
    let carriesTrigger = triggerNs >= 0;
    if (carriesTrigger && meant !== virq) {
      // The vector now belongs to another irq: the writer's interrupt is lost, this one is spurious.
      this.#fates.lost(meant, peer, LOST_STALE_VECTOR, triggerNs, now);
      carriesTrigger = false;
    }
    this.enterFlow(cpu, virq, now + entryNs, carriesTrigger ? triggerNs : -1, carriesTrigger ? peer : -1);
  }

  /** handle_edge_irq() of `virq` on `cpu` starting at `atNs`, for the trigger (`triggerNs`, `peer`) or none (-1). */
  enterFlow(cpu: number, virq: number, atNs: number, triggerNs: number, peer: number): void {
    const core = this.#core;
    const meter = this.#meter;
    core.thisCpu = cpu;
    meter.startNs = atNs;
    meter.take();
    const r = handleEdgeIrq(core, virq, cpu, this.#edgeMigrationFix);
    const ackNs = meter.take() + this.#ackLevels[virq] * this.#ackLevelNs;
    // Posted MSI acks with a dummy: the notification handler EOIs once for all its vectors.
    if (this.posted === null && r !== EDGE_WAIT) this.#metrics.cpu.add(cpu, CPU_EOIS, 1);
    if (this.#spans !== null && r !== EDGE_WAIT) this.#spans.ackChain(cpu, virq, atNs, atNs + ackNs);
    if (r === EDGE_RUN) {
      if (triggerNs >= 0) this.#metrics.recordStage(STAGE_ACK, peer, ackNs);
      this.#handleIrqEvent(cpu, virq, atNs + ackNs, triggerNs, peer);
    } else if (r === EDGE_WAIT) {
      // Busy-wait for INPROGRESS on the old CPU (irq_wait_on_inprogress), holding the trigger.
      this.cpuState[cpu] = CPU_SPIN;
      this.cpuVirq[cpu] = virq;
      this.cpuTriggerNs[cpu] = triggerNs;
      this.cpuPeer[cpu] = peer;
      this.spinners[virq]++;
    } else {
      if (r === EDGE_DEFERRED && triggerNs >= 0) {
        // IRQS_PENDING now carries this trigger; a second one merges into it.
        if (this.#pending.triggerNs[virq] >= 0) this.#fates.coalesced(virq, peer, COALESCED_PENDING, triggerNs, atNs);
        else this.#pending.set(virq, triggerNs, peer, virq, atNs);
      }
      this.#irqExit(cpu, atNs + ackNs);
    }
  }

  // handle_irq_event(): the action runs from startNs; its length is the client's handler work.
  #handleIrqEvent(cpu: number, virq: number, startNs: number, triggerNs: number, peer: number): void {
    this.cpuVirq[cpu] = virq;
    this.cpuTriggerNs[cpu] = triggerNs;
    this.cpuPeer[cpu] = peer;
    this.cpuActionStartNs[cpu] = startNs;
    this.cpuState[cpu] = CPU_HARDIRQ;
    if (this.#spans !== null) this.#spans.actionStart(cpu, virq, startNs, triggerNs, peer);
    const work = this.#actions.run(cpu, virq, startNs);
    this.#sim.schedule(startNs + work, EV_ACTION_DONE, cpu, virq);
  }

  /** EV_ACTION_DONE: the action of `virq` on `cpu` returns; the flow's tail (IRQS_PENDING replays) follows. */
  actionDone(cpu: number, virq: number): void {
    const now = this.#sim.nowNs;
    const metrics = this.#metrics;
    const triggerNs = this.cpuTriggerNs[cpu];
    const peer = this.cpuPeer[cpu];
    const desc = this.#desc;
    const ret = desc.action[virq] === ACTION_QUEUE_MSI ? this.#queues.handlerRet[desc.actionArg[virq]] : IRQ_HANDLED;
    if (this.#spans !== null) this.#spans.actionEnd(cpu, virq, now, ret);
    if (triggerNs >= 0) {
      // A ring client's items record their own end-to-end latency when softirq has done them.
      const endToEndNs = this.#actionBooksEndToEnd[peer] === 1 ? now - triggerNs : -1;
      metrics.handledAfterAction(virq, peer, now - this.cpuActionStartNs[cpu], endToEndNs, now);
    } else {
      metrics.spurious(virq, now);
    }
    if (ret === IRQ_NONE) metrics.irq.add(virq, IRQ_UNHANDLED, 1);
    this.#core.thisCpu = cpu;
    this.#meter.take();
    const r = handleIrqEventDone(this.#core, virq, cpu, ret);
    if (this.spinners[virq] > 0) this.#wakeSpinners(virq);
    if (r === EDGE_RUN) {
      // IRQS_PENDING was set meanwhile: another turn of the loop for the trigger it carries.
      metrics.irq.add(virq, IRQ_PENDING_REPLAYS, 1);
      const pending = this.#pending;
      const t = pending.triggerNs[virq];
      const p = pending.peer[virq];
      pending.clear(virq);
      this.#handleIrqEvent(cpu, virq, now + this.#meter.take(), t, p);
      return;
    }
    this.cpuVirq[cpu] = -1;
    this.#irqExit(cpu, now + this.#meter.take());
  }

  /** EV_VECTOR_CLEANUP: the cleanup timer, from the timer softirq: not inside a hard irq, but at its exit. */
  vectorCleanupTimer(cpu: number): void {
    if (this.cpuState[cpu] === CPU_HARDIRQ || this.cpuState[cpu] === CPU_SPIN) this.#vector.deferCleanup(cpu);
    else this.#vectorCleanup(cpu);
  }

  // __vector_cleanup() on `cpu`, counting the vectors it frees.
  #vectorCleanup(cpu: number): void {
    const vector = this.#vector;
    const before = vector.stats.movesCompleted;
    vector.vectorCleanup(cpu);
    const freed = vector.stats.movesCompleted - before;
    this.#metrics.cpu.add(cpu, CPU_VECTOR_CLEANUPS, freed);
    if (this.#spans !== null) this.#spans.vectorCleanup(cpu, this.#sim.nowNs, freed);
  }

  #wakeSpinners(virq: number): void {
    for (let cpu = 0; cpu < this.#cpus; cpu++) {
      if (this.cpuState[cpu] === CPU_SPIN && this.cpuVirq[cpu] === virq) {
        this.#sim.schedule(this.#sim.nowNs, EV_SPIN_RECHECK, cpu, virq, PRIO_URGENT);
      }
    }
  }

  /** EV_SPIN_RECHECK: INPROGRESS may have cleared; the spinning CPU runs the flow again. */
  spinRecheck(cpu: number, virq: number): void {
    if (this.cpuState[cpu] !== CPU_SPIN) return;
    this.spinners[virq]--;
    this.enterFlow(cpu, virq, this.#sim.nowNs, this.cpuTriggerNs[cpu], this.cpuPeer[cpu]);
  }

  /** PostedFlow: the notification handler has EOIed at `atNs`; the CPU leaves the hard irq. */
  exitIrq(cpu: number, atNs: number): void {
    this.#irqExit(cpu, atNs);
  }

  /** irq_exit() at `atNs`: softirqs (tasklets) run first, then the CPU irets and takes the next vector. */
  #irqExit(cpu: number, atNs: number): void {
    if (this.posted !== null && this.posted.inHandler(cpu)) {
      this.posted.resume(cpu, atNs);
      return;
    }
    // MODEL: a cleanup timer that fired during the irq runs here, at the event that ends the
    // irq, not at its exact exit time atNs.
    if (this.#vector.isCleanupDeferred(cpu)) this.#vectorCleanup(cpu);
    const spans = this.#spans;
    if (this.cpuInterruptedSoftirq[cpu]) {
      // irq_exit() inside softirq runs no softirq (in_interrupt()): iret back to the tasklet run.
      this.cpuInterruptedSoftirq[cpu] = 0;
      const resumeNs = atNs + this.#exitNs;
      this.cpuState[cpu] = CPU_SOFTIRQ;
      this.cpuBusyUntilNs[cpu] = resumeNs;
      this.#metrics.cpuExit(cpu, resumeNs);
      if (spans !== null) spans.hardirqExit(cpu, resumeNs);
      this.#softirq.resume(cpu, resumeNs);
      if (this.#apic.deliverable(cpu) >= 0) this.#preemptSoftirq(cpu);
      return;
    }
    if (this.#softirq.hasWork(cpu)) {
      // The hard irq ends as irq_exit() drops HARDIRQ_OFFSET; handle_softirqs() runs from here.
      if (spans !== null) {
        spans.hardirqExit(cpu, atNs);
        spans.softirqEnter(cpu, atNs);
      }
      this.cpuState[cpu] = CPU_SOFTIRQ;
      this.cpuBusyUntilNs[cpu] = atNs;
      this.#softirq.runNext(cpu, atNs);
      // handle_softirqs() enables interrupts before the first tasklet: a vector that became
      // pending during the hard irq is taken now, before the run does anything.
      if (this.#apic.deliverable(cpu) >= 0) this.#preemptSoftirq(cpu);
      return;
    }
    if (spans !== null) spans.hardirqExit(cpu, atNs + this.#exitNs);
    this.#iret(cpu, atNs);
  }

  /**
   * A vector is pending on a CPU in softirq. handle_softirqs() runs with interrupts enabled, so
   * the CPU takes it at once, or as soon as it is back in the tasklet run (busyUntil), pausing
   * the run. // MODEL: the tail of the last run before irq exit (its doorbell reads) is not
   * preemptible: the CPU leaves softirq when it ends.
   */
  #preemptSoftirq(cpu: number): void {
    const backNs = this.cpuBusyUntilNs[cpu];
    if (backNs > this.#sim.nowNs) {
      if (this.cpuFreeEvent[cpu] < 0) this.cpuFreeEvent[cpu] = this.#sim.schedule(backNs, EV_CPU_FREE, cpu);
      return;
    }
    if (this.#apic.deliverable(cpu) < 0) return;
    this.#softirq.pause(cpu);
    this.cpuInterruptedSoftirq[cpu] = 1;
    this.#commonInterrupt(cpu);
  }

  /**
   * The rest of irq_exit() without softirq work, and the iret: the CPU is back at atNs + exit.
   * An event is scheduled only if a vector is already waiting; otherwise the next IRR arrival
   * notices the CPU has left.
   */
  #iret(cpu: number, atNs: number): void {
    const freeNs = atNs + this.#exitNs;
    this.cpuState[cpu] = CPU_EXITING;
    this.cpuBusyUntilNs[cpu] = freeNs;
    if (freeNs <= this.#sim.nowNs) {
      this.#afterIret(cpu);
      return;
    }
    if (this.#apic.deliverable(cpu) >= 0 && this.cpuFreeEvent[cpu] < 0) {
      // PERF: only when a vector waits; otherwise the next IRR arrival notices the CPU has left.
      this.cpuFreeEvent[cpu] = this.#sim.schedule(freeNs, EV_CPU_FREE, cpu);
    }
  }

  /**
   * The CPU is back where the interrupt found it: idle (it takes the next deliverable vector)
   * or, after a preemption, in its tasklet run (which a waiting vector preempts again).
   */
  #afterIret(cpu: number): void {
    if (this.cpuState[cpu] === CPU_SOFTIRQ) {
      this.#preemptSoftirq(cpu);
      return;
    }
    if (this.cpuState[cpu] !== CPU_EXITING) return;
    this.#metrics.cpuExit(cpu, this.cpuBusyUntilNs[cpu]);
    this.cpuState[cpu] = CPU_IDLE;
    this.#commonInterrupt(cpu);
  }

  /** EV_SOFTIRQ_STEP_DONE: a tasklet run's step is done: its next item, the next tasklet, or back from irq. */
  taskletStepDone(cpu: number): void {
    const atNs = this.#softirq.stepDone(cpu);
    if (atNs < 0) return;
    if (this.#softirq.hasWork(cpu)) {
      this.#softirq.runNext(cpu, atNs);
      return;
    }
    // handle_softirqs() is done; the softirq span includes irq_exit's end and the iret.
    if (this.#spans !== null) this.#spans.softirqExit(cpu, atNs + this.#exitNs);
    this.#iret(cpu, atNs);
  }

  /** EV_SOFTWARE_RESEND: resend_irqs() runs the flow handler from the resend tasklet on the irq's CPU. */
  softwareResend(virq: number): void {
    const cpu = this.#desc.effectiveCpu[virq];
    if (cpu < 0 || this.cpuState[cpu] !== CPU_IDLE) return;
    const now = this.#sim.nowNs;
    this.#metrics.cpuEnter(cpu, now);
    this.cpuState[cpu] = CPU_HARDIRQ;
    if (this.#spans !== null) this.#spans.hardirqEnter(cpu, -1, now);
    this.enterFlow(cpu, virq, now, -1, -1);
  }
}
