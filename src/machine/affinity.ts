/**
 * Affinity changes: the boot-time rules (/proc/irq/N/smp_affinity before the run, moves completed
 * at once), the requests a workload schedules during the run, and irqbalance's passes. A request
 * is irq_set_affinity() from process context; with remapping a move is complete once the IRTE is
 * flushed (the write_msg stage ends there), without it the move is deferred to the irq's next
 * interrupt and the stage ends when the peers hold the republished descriptor.
 */
import { PRIO_URGENT } from '../engine/event-pool.js';
import type { Simulator } from '../engine/simulator.js';
import { EV_AFFINITY_REQUEST, EV_IRQBALANCE } from '../events.js';
import { CpuMask } from '../irq/cpumask.js';
import { errnoName } from '../irq/errno.js';
import { IRQD_SETAFFINITY_PENDING } from '../irq/irq-flags.js';
import { irqSetAffinity } from '../irq/manage.js';
import { IRQ_AFFINITY_BUSY, IRQ_AFFINITY_REQUESTS, type Metrics } from '../metrics/metrics.js';
import { STAGE_WRITE_MSG } from '../metrics/stages.js';
import type { MachineConfig } from './config.js';
import { ACTION_QUEUE_MSI } from './irq-actions.js';
import type { IrqHierarchy } from './irq-hierarchy.js';
import { Irqbalance } from './irqbalance.js';
import type { NtbMsiHost } from './ntb-msi-host.js';
import type { QueueTable } from './queue-table.js';

/**
 * The initial affinity rules, before the run (as a write to /proc/irq/N/smp_affinity after
 * request_irq): each move is made and, where the device's message reaches the new vector,
 * completed at once (nothing is flying yet). Without remapping, a chip that moves without
 * rewriting the message (the mail's literal NTB chip: set_affinity → parent) leaves the device
 * writing the old vector: irq_complete_move() never sees the new one, so the move stays pending
 * and the old vector live, as it does when the same chip moves an irq mid-run.
 */
export function applyBootAffinity(h: IrqHierarchy, rules: MachineConfig['affinity'], cpus: number, remapping: boolean): void {
  for (const rule of rules) {
    const virq = h.irqByName(rule.irq);
    const mask = new CpuMask(cpus).fromList(rule.cpus);
    h.meter.take();
    const ret = irqSetAffinity(h.core, virq, mask);
    if (ret < 0) throw new RangeError(`affinity ${rule.irq} → [${rule.cpus.join(',')}]: failed with ${errnoName(ret)}`);
    if (remapping || !h.keepsMessageOnMove(virq)) h.completeBootMove(virq);
  }
  h.meter.take();
}

export interface AffinityOptions {
  readonly config: MachineConfig;
  readonly hierarchy: IrqHierarchy;
  readonly queues: QueueTable;
  readonly ntbMsi: NtbMsiHost;
  readonly metrics: Metrics;
  readonly sim: Simulator;
}

export class Affinity {
  readonly irqbalance: Irqbalance | null;
  readonly #config: MachineConfig;
  readonly #h: IrqHierarchy;
  readonly #queues: QueueTable;
  readonly #ntbMsi: NtbMsiHost;
  readonly #metrics: Metrics;
  readonly #sim: Simulator;
  readonly #changeMasks: CpuMask[] = [];

  constructor(options: AffinityOptions) {
    const h = options.hierarchy;
    this.#config = options.config;
    this.#h = h;
    this.#queues = options.queues;
    this.#ntbMsi = options.ntbMsi;
    this.#metrics = options.metrics;
    this.#sim = options.sim;
    const ntbMsiIrqs: number[] = [];
    for (let virq = 0; virq < h.desc.count; virq++) if (h.desc.action[virq] === ACTION_QUEUE_MSI) ntbMsiIrqs.push(virq);
    this.irqbalance = options.config.irqbalanceIntervalNs === null ? null : new Irqbalance(h.desc, ntbMsiIrqs, options.config.cpus);
  }

  /** Schedules the workload's affinity changes (first events, before any other). */
  scheduleChanges(): void {
    const cpus = this.#config.cpus;
    for (const change of this.#config.affinityChanges) {
      const virq = this.#h.irqByName(change.irq);
      this.#changeMasks.push(new CpuMask(cpus).fromList(change.cpus));
      this.#sim.schedule(change.atNs, EV_AFFINITY_REQUEST, this.#changeMasks.length - 1, virq, PRIO_URGENT);
    }
  }

  /** Schedules irqbalance's first pass, if it runs. */
  scheduleIrqbalance(): void {
    const interval = this.#config.irqbalanceIntervalNs;
    if (interval !== null) this.#sim.schedule(interval, EV_IRQBALANCE, 0, 0, PRIO_URGENT);
  }

  /** EV_AFFINITY_REQUEST: the workload's change `changeRow` for `virq`. */
  request(changeRow: number, virq: number): void {
    this.#requestAffinity(virq, this.#changeMasks[changeRow]);
  }

  /** EV_IRQBALANCE: irqbalance's pass, and its next wake-up. */
  rebalance(): void {
    (this.irqbalance as Irqbalance).rebalance((virq, mask) => this.#requestAffinity(virq, mask));
    const next = this.#sim.nowNs + (this.#config.irqbalanceIntervalNs as number);
    if (next < this.#config.durationNs) this.#sim.schedule(next, EV_IRQBALANCE, 0, 0, PRIO_URGENT);
  }

  // echo mask > /proc/irq/N/smp_affinity
  #requestAffinity(virq: number, mask: CpuMask): void {
    const h = this.#h;
    const queues = this.#queues;
    const now = this.#sim.nowNs;
    const moveRequestNs = this.#ntbMsi.moveRequestNs;
    const remapped = h.remapper !== null;
    this.#metrics.irq.add(virq, IRQ_AFFINITY_REQUESTS, 1);
    const isNtbMsi = h.desc.action[virq] === ACTION_QUEUE_MSI;
    if (isNtbMsi) for (let q = 0; q < queues.count; q++) if (queues.virq[q] === virq) moveRequestNs[q] = now;
    // MODEL: process context on some CPU; its cost is the write-msg stage, not CPU busy time here.
    h.core.thisCpu = h.desc.effectiveCpu[virq];
    h.meter.startNs = now;
    h.meter.take();
    const ret = irqSetAffinity(h.core, virq, mask);
    const costNs = h.meter.take();
    // With remapping a move is made at once, unless a move or cleanup is still in flight
    // (-EBUSY): then it waits as a pending move for a later interrupt's ack (irq_move_irq).
    const deferred = remapped && ret >= 0 && (h.desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING) !== 0;
    if (deferred) this.#metrics.irq.add(virq, IRQ_AFFINITY_BUSY, 1);
    // With remapping the move is complete once the IRTE is flushed: the peers hold a valid message.
    // MODEL: a deferred move books no write_msg sample when a later ack finally makes it.
    if (remapped && ret >= 0 && !deferred && isNtbMsi) {
      for (let q = 0; q < queues.count; q++) {
        if (queues.virq[q] !== virq) continue;
        this.#metrics.recordStage(STAGE_WRITE_MSG, queues.peer[q], costNs);
        moveRequestNs[q] = -1;
      }
    }
  }
}
