/**
 * The handlers request_irq() installs (desc->action), and what each does when handle_irq_event()
 * runs it: the switch driver's event and dma_rpc handlers (never busy here), the Switchtec NTB
 * driver's switchtec_ntb_doorbell_isr() → ntb_db_event() → each doorbell queue's client db_event,
 * switchtec_ntb_message_isr() → each message queue's msg_event, and an ntb_msi queue's own ISR
 * (its client's). The time an action takes is its client's work; ring clients only schedule
 * their tasklets here.
 */
import type { IrqDescTable } from '../irq/desc-table.js';
import type { SwitchtecDbMsg } from '../ntb/switchtec-dbmsg.js';
import { SWITCHTEC_MSG_COUNT } from '../ntb/switchtec-dbmsg.js';
import type { NtbClientOps } from './clients/client-ops.js';
import { MECH_DOORBELL, MECH_MESSAGE, type QueueTable } from './queue-table.js';

// What a virq's action does (desc.action); desc.actionArg is the queue for ACTION_QUEUE_MSI.
export const ACTION_SWITCHTEC = 0; // event / dma_rpc: requested by the switch driver, never busy here
export const ACTION_QUEUE_MSI = 1; // ntb_transport_isr / raw client ISR of one queue (actionArg = queue)
export const ACTION_DOORBELL = 2; //  switchtec_ntb_doorbell_isr → ntb_db_event
export const ACTION_MESSAGE = 3; //   switchtec_ntb_message_isr

export interface IrqActionsOptions {
  readonly desc: IrqDescTable;
  readonly queues: QueueTable;
  /** The client ops of each queue. */
  readonly clientOf: readonly NtbClientOps[];
  /** Per queue: its client's db_event first reads the doorbell register (ntb_transport_doorbell_callback). */
  readonly dbEventReadsDoorbell: (q: number) => boolean;
  /** Doorbell and message registers, one set per peer link. */
  readonly regs: readonly SwitchtecDbMsg[];
  readonly isrNs: number;
  readonly mmioReadNs: number;
  readonly mmioWriteNs: number;
}

export class IrqActions {
  readonly #desc: IrqDescTable;
  readonly #clientOf: readonly NtbClientOps[];
  readonly #regs: readonly SwitchtecDbMsg[];
  readonly #isrNs: number;
  readonly #mmioReadNs: number;
  readonly #mmioWriteNs: number;
  /** Queues behind the shared doorbell vector, for the doorbell ISR's fan-out. */
  readonly #doorbellQueues: Int32Array;
  /** Some client behind the doorbell vector reads the doorbell register once per doorbell event. */
  readonly #doorbellReadFirst: boolean;
  /** Peers with message queues, and the queue behind (peer, message register), -1 none. */
  readonly #messagePeers: Int32Array;
  readonly #messageQueueOf: Int32Array;

  constructor(options: IrqActionsOptions) {
    const { queues } = options;
    this.#desc = options.desc;
    this.#clientOf = options.clientOf;
    this.#regs = options.regs;
    this.#isrNs = options.isrNs;
    this.#mmioReadNs = options.mmioReadNs;
    this.#mmioWriteNs = options.mmioWriteNs;
    const dbQueues: number[] = [];
    const msgPeers = new Set<number>();
    this.#messageQueueOf = new Int32Array(options.regs.length * SWITCHTEC_MSG_COUNT).fill(-1);
    for (let q = 0; q < queues.count; q++) {
      if (queues.mech[q] === MECH_DOORBELL) dbQueues.push(q);
      if (queues.mech[q] === MECH_MESSAGE) {
        msgPeers.add(queues.peer[q]);
        // The first queue on a register takes its messages (queues share a register mod 4).
        const slot = queues.peer[q] * SWITCHTEC_MSG_COUNT + queues.msgIndex[q];
        if (this.#messageQueueOf[slot] < 0) this.#messageQueueOf[slot] = q;
      }
    }
    this.#doorbellQueues = Int32Array.from(dbQueues);
    this.#doorbellReadFirst = dbQueues.some((q) => options.dbEventReadsDoorbell(q));
    this.#messagePeers = Int32Array.from([...msgPeers].sort((a, b) => a - b));
  }

  /** handle_irq_event(): the action of `virq` on `cpu` from `startNs`; returns the ns it takes. */
  run(cpu: number, virq: number, startNs: number): number {
    const action = this.#desc.action[virq];
    let ns = this.#isrNs;
    if (action === ACTION_QUEUE_MSI) {
      const q = this.#desc.actionArg[virq];
      ns += this.#clientOf[q].isr(cpu, q, startNs);
    } else if (action === ACTION_DOORBELL) {
      ns = this.#doorbellIsr(cpu, startNs, ns);
    } else if (action === ACTION_MESSAGE) {
      ns = this.#messageIsr(cpu, ns);
    }
    return ns;
  }

  // switchtec_ntb_doorbell_isr → ntb_db_event → each doorbell queue's client db_event, in queue
  // order; `ns` is the handler's time so far, returned with theirs added.
  #doorbellIsr(cpu: number, startNs: number, ns: number): number {
    // ntb_transport_doorbell_callback() reads the doorbell register first, whatever it finds
    // (its msi_db_mask test), then schedules the tasklets.
    if (this.#doorbellReadFirst) ns += this.#mmioReadNs;
    const dbQueues = this.#doorbellQueues;
    for (let j = 0; j < dbQueues.length; j++) {
      const q = dbQueues[j];
      ns += this.#clientOf[q].dbEvent(cpu, q, startNs + ns);
    }
    return ns;
  }

  // switchtec_ntb_message_isr: read all four imsg, clear the set ones, hand each to the client's
  // msg_event (a ring client defers to its tasklet, a raw one does the item now).
  // MODEL: the driver's ISR only handles its own link message (switchtec_ntb_check_link): it has
  // no ntb_msg_event() and ntb_hw_switchtec no msg_* ops, so message clients are a what-if; the
  // register reads and clears are the driver's. Every peer link with message queues is read
  // (one register set per link here).
  #messageIsr(cpu: number, ns: number): number {
    const peers = this.#messagePeers;
    for (let j = 0; j < peers.length; j++) {
      const p = peers[j];
      const regs = this.#regs[p];
      for (let i = 0; i < SWITCHTEC_MSG_COUNT; i++) {
        ns += this.#mmioReadNs;
        if (!regs.clearMsgStatus(i)) continue;
        ns += this.#mmioWriteNs;
        const q = this.#messageQueueOf[p * SWITCHTEC_MSG_COUNT + i];
        if (q >= 0) ns += this.#clientOf[q].msgEvent(cpu, q);
      }
    }
    return ns;
  }
}
