/**
 * NTB clients as an ops table, after the kernel's struct ntb_ctx_ops (include/linux/ntb.h:
 * link_event, db_event, msg_event): what a client does when a peer hands it an item, when its
 * queue's own vector fires (ntb_msi), on a doorbell event and on a message event. Every client
 * has every op: defineNtbClient() fills the ones a client leaves out with the plain client's
 * behaviour (its handler does the item's work), in one fixed shape, so a call site always sees
 * the same kind of object. A client kind (NtbClientKind) adds the static facts the workload
 * schema checks: its mechanisms and whether its peer has an arrival process.
 */
import type { SwitchtecDbMsg } from '../../ntb/switchtec-dbmsg.js';
import type { ArrivalSpec } from '../../traffic/arrival-spec.js';
import type { MachineConfig, Mechanism } from '../config.js';
import { sampleNs, type ResolvedCosts } from '../costs.js';
import type { QueueTable } from '../queue-table.js';

export interface NtbClientOps {
  /**
   * The peer hands queue q's item over before it triggers (ntb_transport: into our rx ring).
   * False holds the item back (a full ring); nothing is triggered then.
   */
  peerPost(q: number, triggerNs: number): boolean;
  /** The queue's own vector's handler (ntb_msi) on `cpu` from `atNs`; returns the ns it takes. */
  isr(cpu: number, q: number, atNs: number): number;
  /** ntb_ctx_ops.db_event for queue q's doorbell bit, from `atNs`; returns the ns it takes. */
  dbEvent(cpu: number, q: number, atNs: number): number;
  /** ntb_ctx_ops.msg_event for queue q's message register; returns the ns it takes. */
  msgEvent(cpu: number, q: number): number;
  /** Queue q's tasklet run on `cpu` starts (its dispatch); returns the ns before it looks at its ring. */
  taskletStart(cpu: number, q: number): number;
  /**
   * The run has taken `taken` items and looks for the next (ntb_process_rxc): true with the
   * item in `item` when one is there and the run may take it, false when the run stops.
   */
  taskletPoll(cpu: number, q: number, taken: number, item: TaskletItem): boolean;
  /** The run stopped after `items` items: its tail (it may schedule the tasklet again); returns the tail's ns. */
  taskletDone(cpu: number, q: number, items: number): number;
}

/** tasklet_schedule(): queue q's tasklet runs in softirq on `cpu` (once until it runs). */
export interface TaskletScheduler {
  schedule(cpu: number, q: number): void;
}

/** The item a tasklet run takes next, filled by the client's taskletPoll() (one reused object per CPU). */
export class TaskletItem {
  /** The item's handler work in ns. */
  workNs = 0;
  /** When the peer made it (its end-to-end latency's start). */
  arrivalNs = 0;
}

/** What a client is built from: the machine's parts it may use (once, at build). */
export interface NtbClientContext {
  readonly config: MachineConfig;
  readonly queues: QueueTable;
  /** Doorbell and message registers, one set per peer link. */
  readonly regs: readonly SwitchtecDbMsg[];
  readonly costs: ResolvedCosts['ns'];
  /** TASKLET_SOFTIRQ: where a client schedules its queues' tasklets (tasklet_schedule). */
  readonly softirq: TaskletScheduler;
  /** The peer of queue q writes again at `arrivalNs` (at the peer): a client that answers its peer (ping-pong). */
  scheduleWriteAt(q: number, arrivalNs: number): void;
}

/** One client kind: its name, the facts the schema checks, and its ops for one machine. */
export interface NtbClientKind {
  /** The workload's `client:` value. */
  readonly name: string;
  /**
   * irqaction.name its driver requests a queue's vector with (/proc/interrupts' last column),
   * e.g. "ntb_transport"; unset for a client that is no in-tree driver (the irq's name is shown).
   */
  readonly actionName?: string;
  /** Mechanisms its peer may signal by. */
  readonly mechanisms: readonly Mechanism[];
  /** When that is not every mechanism, the rule in words, e.g. "plays over doorbells (ntb_pingpong)". */
  readonly mechanismRule?: string;
  /** Set when the client makes its own traffic: the arrival its queues get, and why its peer takes none. */
  readonly ownTraffic?: { readonly arrival: ArrivalSpec; readonly why: string };
  /** Its db_event first reads the doorbell register, whatever it finds (ntb_transport). */
  readonly dbEventReadsDoorbell: boolean;
  /** Its items finish after the action (in softirq) and book their own end-to-end latency. */
  readonly deferredItems: boolean;
  /** It keeps a receive ring of `ringSize` entries per queue (the run estimate counts their memory). */
  readonly rxRing: boolean;
  create(ctx: NtbClientContext): NtbClientOps;
}

/** The handler does queue q's item of work (the plain client's ISR). */
export function itemWorkNs(queues: QueueTable, q: number): number {
  return sampleNs(queues.itemWork[q], queues.rng[q]);
}

/**
 * A client's ops with every op present, in one shape: left-out ops do what the plain client
 * does (peerPost: nothing to hand over; isr and msg_event: the item's work; db_event: read the
 * doorbell, clear and handle the queue's bit if set; no tasklet: a run finds nothing).
 */
export function defineNtbClient(ctx: NtbClientContext, ops: Partial<NtbClientOps>): NtbClientOps {
  const { queues, regs } = ctx;
  const readNs = ctx.costs.mmioReadNs;
  const writeNs = ctx.costs.mmioWriteNs;
  return {
    peerPost: ops.peerPost ?? (() => true),
    isr: ops.isr ?? ((_cpu, q) => itemWorkNs(queues, q)),
    // MODEL: the register is read and cleared when the action starts, not ns into it.
    dbEvent:
      ops.dbEvent ??
      ((_cpu, q) => {
        const r = regs[queues.peer[q]];
        const bit = 1 << queues.dbBit[q];
        if ((r.read() & bit) === 0) return readNs;
        r.clear(bit);
        return readNs + writeNs + itemWorkNs(queues, q);
      }),
    msgEvent: ops.msgEvent ?? ((_cpu, q) => itemWorkNs(queues, q)),
    taskletStart: ops.taskletStart ?? (() => 0),
    taskletPoll: ops.taskletPoll ?? (() => false),
    taskletDone: ops.taskletDone ?? (() => 0),
  };
}
