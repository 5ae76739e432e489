/**
 * The timeline seam: what the machine tells an observer about the kernel work on each simulated
 * CPU and about each trigger's life, so timelines (Perfetto JSON, ftrace text, …) are written
 * outside the machine. The machine holds `SpanSink | null`; with null (the default) every call
 * site is one branch and nothing is allocated.
 *
 * Times are simulated ns. The machine charges the costs of one event's kernel work inside that
 * event, so a span's start or end may lie ahead of the engine's clock, and calls about different
 * CPUs interleave out of time order; on one CPU, spans nest properly (a hard irq that preempts a
 * tasklet run starts and ends inside it). Some spans are reported once both their ends are
 * known, so their calls may follow the calls of spans nested in them: ackChain and
 * postedNotification give both ends at once, and a tasklet run's start and end are reported
 * when they are certain (a hardirq in the tail of a run moves the next run's start). Spans still
 * open when the run stops get no end call: a writer ends them at the run's end.
 *
 * On a CPU: a hard irq runs from the IDT entry to the iret, irq_exit's own cost included,
 * unless irq_exit() runs softirq: then the hard irq ends where softirq starts, and the softirq
 * span runs to the iret after the last tasklet run. A tasklet run lasts from its start to the
 * next run's start (its tail, the doorbell read, included) or, for the last run, to its tail's end.
 *
 * Kernel names: a hard irq is common_interrupt() from the IDT entry to the iret; the flow is
 * handle_edge_irq() with its ack chain (irq_chip_ack_parent … apic_ack_edge, the EOI); the
 * action is handle_irq_event() (irq_handler_entry … irq_handler_exit in ftrace); softirq is
 * handle_softirqs() running TASKLET_SOFTIRQ (vec 6), each tasklet one ntb_transport_rxc_db().
 */

/** Trigger fates an instant can report (the reason codes are metrics/accounting.ts's). */
export const SPAN_FATE_COALESCED = 0;
export const SPAN_FATE_LOST = 1;

export interface SpanSink {
  /** A trigger's write reached the host (the fates' "triggered"); `triggerNs` is when the peer wrote. */
  trigger(virq: number, peer: number, triggerNs: number, atNs: number): void;
  /** A trigger ended coalesced or lost (`fate` SPAN_FATE_*, `reason` the accounting code). */
  fate(fate: number, reason: number, virq: number, peer: number, triggerNs: number, atNs: number): void;
  /** The CPU took `vector` from its IRR: a hard irq starts (IDT entry). Vector -1: the software resend tasklet runs the flow. */
  hardirqEnter(cpu: number, vector: number, atNs: number): void;
  /** handle_edge_irq() for `virq` ran its ack chain and EOI from `startNs` to `endNs` (not for a flow that busy-waits on INPROGRESS). */
  ackChain(cpu: number, virq: number, startNs: number, endNs: number): void;
  /** The action starts; `triggerNs` and `peer` name the trigger it serves (-1: none, spurious). */
  actionStart(cpu: number, virq: number, atNs: number, triggerNs: number, peer: number): void;
  /** The action ends with `ret` (IRQ_HANDLED or IRQ_NONE). */
  actionEnd(cpu: number, virq: number, atNs: number, ret: number): void;
  /** The hard irq ends (the iret, back into the preempted tasklet run, or where irq_exit() starts softirq). */
  hardirqExit(cpu: number, atNs: number): void;
  /** The posted-MSI notification handler demultiplexes the PIR from `startNs` to `endNs`. */
  postedNotification(cpu: number, startNs: number, endNs: number): void;
  /** handle_softirqs() starts or ends on the CPU (TASKLET_SOFTIRQ); the end is the iret after it. */
  softirqEnter(cpu: number, atNs: number): void;
  softirqExit(cpu: number, atNs: number): void;
  /** One tasklet run (ntb_transport_rxc_db of queue `queue`) starts or ends; `items` it took. */
  taskletStart(cpu: number, queue: number, atNs: number): void;
  taskletEnd(cpu: number, queue: number, atNs: number, items: number): void;
  /** __vector_cleanup() on the CPU freed `freed` old vectors. */
  vectorCleanup(cpu: number, atNs: number, freed: number): void;
  /** The number of vectors pending in the CPU's IRR changed. */
  irrDepth(cpu: number, depth: number, atNs: number): void;
}
