/**
 * ntb_msi on this host (drivers/ntb/msi.c and ntb_transport's use of it): taking an NTB irq for
 * a queue (ntbm_msi_request_threaded_irq), placing the MSI memory window (ntb_msi_setup_mws), the
 * first publish of each queue's descriptor, and ntb_msi_write_msg(): when a move without
 * remapping rewrites a message, the descriptor is recomputed against the window and
 * republished (desc_changed: scratchpads rewritten, the reserved doorbell bit rung on the
 * peer, which takes its interrupt and re-reads the scratchpads across the NTB).
 */
import type { Simulator } from '../engine/simulator.js';
import { EV_PEER_DESC_REFRESHED } from '../events.js';
import { IRQ_WRITE_MSGS, PEER_DESC_UPDATES, PEER_SPAD_READS, type Metrics } from '../metrics/metrics.js';
import { STAGE_WRITE_MSG } from '../metrics/stages.js';
import { NtbMsiDescScratch, computeDesc, type PeerDescCopies } from '../ntb/ntb-msi-desc.js';
import { NTB_WINDOW_ALIGN, alignDown } from '../ntb/ntb-window.js';
import type { MachineConfig } from './config.js';
import type { ResolvedCosts } from './costs.js';
import { ACTION_QUEUE_MSI } from './irq-actions.js';
import type { IrqHierarchy } from './irq-hierarchy.js';
import { MECH_MSI, type QueueTable } from './queue-table.js';

/**
 * ntbm_msi_request_threaded_irq() for queue `queue`: today's scheme takes the first switchtec
 * descriptor with no action (the irq_has_action() heuristic tglx criticises: a real, unrequested
 * MSI-X entry is taken before any virtual one); the proposed scheme allocates in the NTB MSI
 * domain. Returns the virq, requested.
 */
export function ntbMsiRequestIrq(h: IrqHierarchy, name: string, queue: number): number {
  let virq = -1;
  if (h.ntbDomain === null) {
    for (let v = 0; v < h.desc.count; v++) {
      const top = h.desc.topData[v];
      if (h.data.domain[top] === h.switchtecDomain.id && h.desc.action[v] < 0) {
        virq = v;
        break;
      }
    }
    h.desc.names[virq] = name;
    h.msiDescs.hasWriteHook[h.data.chipData[h.desc.topData[virq]]] = 1;
  } else {
    virq = h.allocMsiIrq(h.ntbDomain, name, 0x10000 + queue, true);
  }
  h.requestIrq(virq, ACTION_QUEUE_MSI, queue);
  return virq;
}

/**
 * ntb_msi_setup_mws(): after link-up the window is placed on the first (own) msi queue's
 * descriptor address, aligned down to the window's translation granularity. 0 without one.
 */
export function placeMsiWindow(queues: QueueTable, h: IrqHierarchy, window: MachineConfig['ntb']['window']): number {
  for (let q = 0; q < queues.count; q++) {
    if (queues.mech[q] === MECH_MSI && queues.desc[q] >= 0) return alignDown(h.msiDescs.msgLo[queues.desc[q]], NTB_WINDOW_ALIGN[window.type]);
  }
  return 0;
}

/** The first publish: each peer reads its queues' descriptors once the link is up (-EFAULT fails the build). */
export function publishDescs(copies: PeerDescCopies, queues: QueueTable, h: IrqHierarchy, windowBase: number, window: MachineConfig['ntb']['window']): void {
  const scratch = new NtbMsiDescScratch();
  for (let q = 0; q < queues.count; q++) {
    if (queues.mech[q] !== MECH_MSI) continue;
    const d = queues.desc[q];
    const ret = computeDesc(h.msiDescs.msgLo[d], h.msiDescs.msgData[d], windowBase, window.sizeBytes, scratch);
    if (ret < 0) {
      throw new RangeError(
        `${h.desc.names[h.msiDescs.virq[d]]}: its MSI address 0x${h.msiDescs.msgLo[d].toString(16)} is outside the ` +
          `${window.type} window [0x${windowBase.toString(16)}, +0x${window.sizeBytes.toString(16)}) ` +
          `(ntb_msi_set_desc: -EFAULT); use a larger window or interrupt remapping`,
      );
    }
    copies.publish(q, scratch.addrOffset, scratch.data);
  }
}

export interface NtbMsiHostOptions {
  readonly hierarchy: IrqHierarchy;
  readonly queues: QueueTable;
  readonly copies: PeerDescCopies;
  readonly windowBase: number;
  readonly windowSize: number;
  readonly metrics: Metrics;
  readonly sim: Simulator;
  readonly costs: ResolvedCosts['ns'];
}

export class NtbMsiHost {
  /** Descriptors republished to the peers, and message writes refused with -EFAULT (outside the window). */
  republishes = 0;
  windowFaults = 0;
  /** When an affinity request started the republish now in flight, per queue (ns), -1: none. */
  readonly moveRequestNs: Float64Array;
  readonly #h: IrqHierarchy;
  readonly #queues: QueueTable;
  readonly #copies: PeerDescCopies;
  readonly #windowBase: number;
  readonly #windowSize: number;
  readonly #metrics: Metrics;
  readonly #sim: Simulator;
  readonly #costs: ResolvedCosts['ns'];
  readonly #scratch = new NtbMsiDescScratch();

  constructor(options: NtbMsiHostOptions) {
    this.#h = options.hierarchy;
    this.#queues = options.queues;
    this.#copies = options.copies;
    this.#windowBase = options.windowBase;
    this.#windowSize = options.windowSize;
    this.#metrics = options.metrics;
    this.#sim = options.sim;
    this.#costs = options.costs;
    this.moveRequestNs = new Float64Array(options.queues.count).fill(-1);
  }

  /**
   * ntb_msi_write_msg() for msi_desc row `descRow`: the descriptor is recomputed against the
   * window (-EFAULT: the peers keep the old one) and desc_changed republishes it to every queue
   * of the irq; each peer re-reads it after a doorbell, its interrupt and two spad reads.
   */
  writeMsg(descRow: number): void {
    const h = this.#h;
    const virq = h.msiDescs.virq[descRow];
    if (virq < 0 || h.desc.action[virq] !== ACTION_QUEUE_MSI) return;
    this.#metrics.irq.add(virq, IRQ_WRITE_MSGS, 1);
    const ret = computeDesc(h.msiDescs.msgLo[descRow], h.msiDescs.msgData[descRow], this.#windowBase, this.#windowSize, this.#scratch);
    if (ret < 0) {
      // ntb_msi_set_desc() -EFAULT: WARN, and the peers keep the old descriptor.
      this.windowFaults++;
      return;
    }
    this.republishes++;
    const c = this.#costs;
    const queues = this.#queues;
    const meter = h.meter;
    for (let q = 0; q < queues.count; q++) {
      if (queues.virq[q] !== virq) continue;
      this.#copies.republish(q);
      // spad writes are local; the notice rides a doorbell to the peer, which takes its
      // interrupt and reads 2 spads back across the NTB (each read a round trip of the link).
      const wire = queues.wireNs[q];
      const refreshNs = wire + c.doorbellLatencyNs + c.peerIrqNs + 2 * (c.peerSpadReadNs + 2 * wire);
      // The write happens inside the kernel code that started at meter.startNs, meter.ns into it.
      const startNs = Math.max(meter.startNs, this.#sim.nowNs) + meter.ns;
      this.#sim.schedule(startNs + refreshNs, EV_PEER_DESC_REFRESHED, q);
    }
  }

  /** EV_PEER_DESC_REFRESHED: queue q's peer has re-read the host's descriptor. */
  peerDescRefreshed(q: number): void {
    const h = this.#h;
    const now = this.#sim.nowNs;
    const peer = this.#queues.peer[q];
    this.#metrics.peer.add(peer, PEER_DESC_UPDATES, 1);
    this.#metrics.peer.add(peer, PEER_SPAD_READS, 2);
    const d = this.#queues.desc[q];
    // Noted, kept as is: the peer gets the descriptor recomputed from the message as it is now,
    // not the spads as published; a -EFAULT here is ignored and the scratch still holds the last
    // good compute (possibly another queue's).
    computeDesc(h.msiDescs.msgLo[d], h.msiDescs.msgData[d], this.#windowBase, this.#windowSize, this.#scratch);
    this.#copies.refresh(q, this.#scratch.addrOffset, this.#scratch.data, now);
    if (this.moveRequestNs[q] >= 0) {
      this.#metrics.recordStage(STAGE_WRITE_MSG, peer, now - this.moveRequestNs[q]);
      this.moveRequestNs[q] = -1;
    }
  }
}
