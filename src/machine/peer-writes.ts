/**
 * The peers' side of the links: each queue's traffic source, when its trigger lands on this
 * host (the link's hops, the root complex, and for a doorbell or message the switch's latency
 * before its MSI-X; PCIe keeps posted writes in order), and what lands: an ntb_msi trigger (one
 * posted 32-bit write of the descriptor copy the peer held when it wrote), a doorbell bit or a
 * message register, which the Switchtec function turns into its MSI-X. Also the cold steps that
 * build the queue table from the peers.
 */
import { createSampler } from '../engine/distributions.js';
import type { RngFactory } from '../engine/rng.js';
import type { Simulator } from '../engine/simulator.js';
import { EV_PAYLOAD_LANDS, EV_SOURCE_WRITE_LANDS } from '../events.js';
import { IRQ_HANDLED, IRQ_NONE } from '../irq/irq-flags.js';
import { COALESCED_DOORBELL, LOST_MSG_OVERFLOW } from '../metrics/accounting.js';
import type { Metrics } from '../metrics/metrics.js';
import { PEER_STALE_WRITES } from '../metrics/metrics.js';
import type { PeerDescCopies } from '../ntb/ntb-msi-desc.js';
import { MSG_DELIVERED, SWITCHTEC_DB_BITS, SWITCHTEC_MSG_COUNT, type SwitchtecDbMsg } from '../ntb/switchtec-dbmsg.js';
import { createArrivalProcess } from '../traffic/arrival-process.js';
import type { NtbClientOps } from './clients/client-ops.js';
import { NTB_CLIENTS, clientCode } from './clients/index.js';
import type { MachineConfig } from './config.js';
import type { ResolvedCosts } from './costs.js';
import type { Delivery } from './delivery.js';
import { InFlightTriggers } from './in-flight-triggers.js';
import type { IrqHierarchy } from './irq-hierarchy.js';
import { sharesProblem } from './peer-rules.js';
import { MECH_DOORBELL, MECH_MESSAGE, MECH_MSI, QueueTable } from './queue-table.js';
import { MSIX_DOORBELL, MSIX_MESSAGE, PEER_PROXY_RID_BASE, type SwitchtecFunction } from './switchtec-function.js';
import type { TriggerFates } from './trigger-fates.js';

/**
 * The queue table of `config`'s peers, one row per queue in workload order: mechanism, client,
 * link, traffic source (each queue draws from its own stream), and the irq its trigger is for.
 * `takeMsiIrq` takes an msi queue's own irq (ntb_msi); sharers are wired later (wireSharers).
 */
export function buildQueueTable(
  config: MachineConfig,
  rngs: RngFactory,
  switchtecVirq: Int32Array,
  takeMsiIrq: (name: string, q: number) => number,
  hierarchy: IrqHierarchy,
): QueueTable {
  let count = 0;
  for (const p of config.peers) count += p.queues;
  const queues = new QueueTable(count);
  let q = 0;
  for (let peer = 0; peer < config.peers.length; peer++) {
    const p = config.peers[peer];
    const code = clientCode(p.client);
    const kind = NTB_CLIENTS[code];
    if (!kind.mechanisms.includes(p.mechanism)) {
      throw new RangeError(`peers[${peer}].client: ${kind.name} ${kind.mechanismRule ?? `plays over ${kind.mechanisms.join(' or ')}`}, not ${p.mechanism}`);
    }
    let doorbellBits = 0;
    for (let i = 0; i < p.queues; i++, q++) {
      queues.peer[q] = peer;
      queues.mech[q] = p.mechanism === 'msi' ? MECH_MSI : p.mechanism === 'doorbell' ? MECH_DOORBELL : MECH_MESSAGE;
      queues.client[q] = code;
      queues.wireNs[q] = p.linkLatencyNs * p.hops;
      // ntb_transport: rx_max_entry = rx_size / rx_max_frame, the ring's frame count.
      queues.rxMaxEntry[q] = p.ringSize;
      queues.handlerRet[q] = p.handlerReturns === 'none' ? IRQ_NONE : IRQ_HANDLED;
      const rng = rngs.stream(`${p.name}/q${i}`);
      queues.rng.push(rng);
      // A client that makes its own traffic (ping-pong) gets its own arrivals.
      const arrival = kind.ownTraffic === undefined ? p.arrival : kind.ownTraffic.arrival;
      queues.source.push(createArrivalProcess(arrival, rng, `peers[${peer}].arrival`));
      queues.itemWork.push(createSampler(p.itemWork, `peers[${peer}].itemWork`));
      if (p.mechanism === 'msi' && p.shares) {
        // Triggers another peer's irq from a copy of its own: wired once every irq exists.
      } else if (p.mechanism === 'msi') {
        const virq = takeMsiIrq(`${p.name}/q${i}`, q);
        queues.virq[q] = virq;
        queues.desc[q] = hierarchy.data.chipData[hierarchy.desc.topData[virq]];
      } else if (p.mechanism === 'doorbell') {
        if (doorbellBits >= SWITCHTEC_DB_BITS) {
          throw new RangeError(`peers[${peer}].queues: the doorbell mechanism has ${SWITCHTEC_DB_BITS} doorbell bits per peer, ${p.queues} queues asked`);
        }
        queues.dbBit[q] = doorbellBits++;
        queues.virq[q] = switchtecVirq[MSIX_DOORBELL];
      } else {
        queues.msgIndex[q] = i % SWITCHTEC_MSG_COUNT;
        queues.virq[q] = switchtecVirq[MSIX_MESSAGE];
      }
    }
  }
  return queues;
}

/** Sharers: queue i of a peer that `shares` another triggers that peer's queue i irq (peer-rules.ts). */
export function wireSharers(config: MachineConfig, queues: QueueTable): void {
  const peers = config.peers;
  const firstQueue: number[] = [];
  for (let peer = 0, n = 0; peer < peers.length; n += peers[peer].queues, peer++) firstQueue.push(n);
  for (let peer = 0; peer < peers.length; peer++) {
    const p = peers[peer];
    if (!p.shares) continue;
    const owner = peers.findIndex((o) => o.name === p.shares);
    if (owner < 0) throw new RangeError(`peers[${peer}].shares: no peer named ${JSON.stringify(p.shares)}`);
    const problem = sharesProblem(p, peers[owner]);
    if (problem !== null) throw new RangeError(`peers[${peer}].${problem.field}: ${problem.message}`);
    for (let i = 0; i < p.queues; i++) {
      const q = firstQueue[peer] + i;
      const target = firstQueue[owner] + i;
      queues.virq[q] = queues.virq[target];
      queues.desc[q] = queues.desc[target];
    }
  }
}

export interface PeerWritesOptions {
  readonly config: MachineConfig;
  readonly queues: QueueTable;
  readonly clientOf: readonly NtbClientOps[];
  /** What each peer holds of its queues' ntb_msi descriptors, and where the window starts. */
  readonly copies: PeerDescCopies;
  readonly windowBase: number;
  readonly regs: readonly SwitchtecDbMsg[];
  readonly switchtec: SwitchtecFunction;
  readonly delivery: Delivery;
  readonly fates: TriggerFates;
  readonly metrics: Metrics;
  readonly sim: Simulator;
  readonly costs: ResolvedCosts['ns'];
  /** Every interrupt write pays an IEC hit with remapping on. */
  readonly remapped: boolean;
}

export class PeerWrites {
  /** Items a full receive ring made the peer hold back (never triggered). */
  sourceHeldBack = 0;
  /** Trigger writes made with a descriptor older than the host's. */
  staleWrites = 0;
  readonly #queues: QueueTable;
  readonly #clientOf: readonly NtbClientOps[];
  readonly #copies: PeerDescCopies;
  readonly #windowBase: number;
  readonly #regs: readonly SwitchtecDbMsg[];
  readonly #switchtec: SwitchtecFunction;
  readonly #delivery: Delivery;
  readonly #fates: TriggerFates;
  readonly #metrics: Metrics;
  readonly #sim: Simulator;
  readonly #durationNs: number;
  /** The root complex's delivery (and the IEC hit with remapping), and the switch's latencies. */
  readonly #landNs: number;
  readonly #doorbellLatencyNs: number;
  readonly #messageLatencyNs: number;
  /** Per queue 1 when its client's items land in a ring ahead of their interrupt (ntb_transport). */
  readonly #itemAhead: Uint8Array;
  readonly #inFlight: InFlightTriggers;

  constructor(options: PeerWritesOptions) {
    const c = options.costs;
    this.#queues = options.queues;
    this.#clientOf = options.clientOf;
    this.#copies = options.copies;
    this.#windowBase = options.windowBase;
    this.#regs = options.regs;
    this.#switchtec = options.switchtec;
    this.#delivery = options.delivery;
    this.#fates = options.fates;
    this.#metrics = options.metrics;
    this.#sim = options.sim;
    this.#durationNs = options.config.durationNs;
    this.#landNs = c.msiDeliveryNs + (options.remapped ? c.iecHitNs : 0);
    this.#doorbellLatencyNs = c.doorbellLatencyNs;
    this.#messageLatencyNs = c.messageLatencyNs;
    const queues = options.queues;
    this.#itemAhead = new Uint8Array(queues.count);
    for (let q = 0; q < queues.count; q++) this.#itemAhead[q] = NTB_CLIENTS[queues.client[q]].deferredItems ? 1 : 0;
    this.#inFlight = new InFlightTriggers(queues.count);
  }

  /** Every queue's first trigger (at build, after the other first events). */
  start(): void {
    for (let q = 0; q < this.#queues.count; q++) this.#scheduleNextWrite(q);
  }

  #scheduleNextWrite(q: number): void {
    this.scheduleWriteAt(q, this.#queues.source[q].nextArrivalNs());
  }

  /**
   * The peer of queue `q` triggers at `arrivalNs` (at the peer): schedule where it lands here.
   * A ring client's item lands first (its payload write crosses the link), its interrupt after.
   */
  scheduleWriteAt(q: number, arrivalNs: number): void {
    if (arrivalNs === Infinity || arrivalNs > this.#durationNs) return;
    const queues = this.#queues;
    queues.nextArrivalNs[q] = arrivalNs;
    if (this.#itemAhead[q] === 1) this.#sim.schedule(arrivalNs + queues.wireNs[q], EV_PAYLOAD_LANDS, q);
    else this.#scheduleInterrupt(q, arrivalNs);
  }

  #scheduleInterrupt(q: number, arrivalNs: number): void {
    const queues = this.#queues;
    // Every interrupt write pays the root-complex delivery (and the IEC hit with remapping); a
    // doorbell or message pays the switch's latency before it emits its MSI-X.
    // MODEL: the whole path is folded into one landing time, so the doorbell/message register
    // latches (and coalesces) msiDelivery later than the hardware would; the order is kept.
    let landNs = arrivalNs + queues.wireNs[q] + this.#landNs;
    const mech = queues.mech[q];
    if (mech === MECH_DOORBELL) landNs += this.#doorbellLatencyNs;
    else if (mech === MECH_MESSAGE) landNs += this.#messageLatencyNs;
    // PCIe keeps posted writes in order: a write never overtakes the previous one.
    if (landNs < queues.lastLandNs[q]) landNs = queues.lastLandNs[q];
    queues.lastLandNs[q] = landNs;
    this.#sim.schedule(landNs, EV_SOURCE_WRITE_LANDS, q);
  }

  /**
   * EV_PAYLOAD_LANDS: a ring client's item is in the host's ring now (a full ring held the
   * peer back: nothing is sent); its interrupt follows on the same path.
   */
  payloadLands(q: number): void {
    const triggerNs = this.#queues.nextArrivalNs[q];
    this.#scheduleNextWrite(q);
    if (!this.#clientOf[q].peerPost(q, triggerNs)) {
      this.sourceHeldBack++;
      return;
    }
    this.#inFlight.push(q, triggerNs);
    this.#scheduleInterrupt(q, triggerNs);
  }

  /** EV_SOURCE_WRITE_LANDS: queue q's interrupt write reaches the host. */
  writeLands(q: number): void {
    const queues = this.#queues;
    let triggerNs: number;
    if (this.#itemAhead[q] === 1) {
      triggerNs = this.#inFlight.shift(q);
    } else {
      triggerNs = queues.nextArrivalNs[q];
      this.#scheduleNextWrite(q);
      // The client takes the item first; a client that holds it back sends nothing.
      if (!this.#clientOf[q].peerPost(q, triggerNs)) {
        this.sourceHeldBack++;
        return;
      }
    }
    const peer = queues.peer[q];
    const virq = queues.virq[q];
    const now = this.#sim.nowNs;
    this.#fates.triggered(virq, peer, triggerNs, now);
    const mech = queues.mech[q];
    if (mech === MECH_MSI) {
      // ntb_msi_peer_trigger(): one posted 32-bit write of the descriptor the peer held then.
      const copies = this.#copies;
      const prev = copies.usedPrevious(q, triggerNs);
      const offset = prev ? copies.prevOffset[q] : copies.offset[q];
      const data = prev ? copies.prevData[q] : copies.data[q];
      const version = prev ? copies.prevVersion[q] : copies.version[q];
      if (version < copies.hostVersion[q]) {
        this.staleWrites++;
        this.#metrics.peer.add(peer, PEER_STALE_WRITES, 1);
      }
      const addressLo = (this.#windowBase + offset) | 0;
      this.#delivery.deliverMsi(addressLo, data, PEER_PROXY_RID_BASE + (peer & 0x7f), virq, peer, triggerNs);
    } else if (mech === MECH_DOORBELL) {
      // The peer's odb write latches our idb bit; only a rising, unmasked bit sends the MSI-X.
      const signal = this.#regs[peer].ring(1 << queues.dbBit[q]);
      if (signal === 0) {
        this.#fates.coalesced(virq, peer, COALESCED_DOORBELL, triggerNs, now);
        return;
      }
      this.#switchtec.sendVirq(virq, peer, triggerNs);
    } else {
      const regs = this.#regs[peer];
      const signal = regs.peerMsgWrite(queues.msgIndex[q], q, peer);
      if (regs.lastMsgResult !== MSG_DELIVERED) {
        this.#fates.lost(virq, peer, LOST_MSG_OVERFLOW, triggerNs, now);
        return;
      }
      if (signal === 0) {
        this.#fates.coalesced(virq, peer, COALESCED_DOORBELL, triggerNs, now);
        return;
      }
      this.#switchtec.sendVirq(virq, peer, triggerNs);
    }
  }
}
