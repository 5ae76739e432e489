/**
 * handle_edge_irq() (kernel/irq/chip.c, 6.15+ with 8d39d6ec4db5), split at the one place
 * where simulated time passes: the action. Edge interrupts must be acked before the handler
 * runs so a new edge is latched, not lost; an edge that arrives while the irq is in progress
 * on another CPU or disabled only sets IRQS_PENDING (and masks), and the CPU running the
 * action loops while PENDING is set.
 *
 *   handleEdgeIrq()         → EDGE_RUN: the caller runs the action, then calls
 *   handleIrqEventDone()    → EDGE_RUN again (PENDING was set meanwhile) or EDGE_DONE.
 */
import { maskAckIrq, maskIrq, unmaskIrq } from './chip-ops.js';
import type { IrqCore } from './irq-core.js';
import {
  IRQD_IRQ_DISABLED,
  IRQD_IRQ_INPROGRESS,
  IRQD_IRQ_MASKED,
  IRQD_SINGLE_TARGET,
  IRQS_PENDING,
  IRQS_REPLAY,
  IRQS_WAITING,
} from './irq-flags.js';
import { noteInterrupt } from './spurious.js';

/** Nothing more to do on this CPU for this irq. */
export const EDGE_DONE = 0;
/** Run the action now: INPROGRESS is set on this CPU. */
export const EDGE_RUN = 1;
/** Deferred: PENDING set, the irq masked and acked; the CPU running the action will replay it. */
export const EDGE_DEFERRED = 2;
/** This CPU is the new single target and the old one is mid-action: busy-wait for INPROGRESS to clear, then call again. */
export const EDGE_WAIT = 3;

/**
 * Entry of handle_edge_irq() on `cpu`. `migrationFix` selects the 2025 behaviour
 * (irq_can_handle_pm(): the new target busy-waits instead of setting PENDING).
 */
export function handleEdgeIrq(core: IrqCore, virq: number, cpu: number, migrationFix: boolean): number {
  const desc = core.desc;
  const state = desc.irqdState[virq];
  if (state & IRQD_IRQ_INPROGRESS) {
    // Without the fix, the old CPU can loop forever while the new target keeps setting PENDING.
    if (migrationFix && state & IRQD_SINGLE_TARGET && desc.effectiveCpu[virq] === cpu) return EDGE_WAIT;
    desc.istate[virq] |= IRQS_PENDING;
    maskAckIrq(core, virq);
    return EDGE_DEFERRED;
  }
  desc.istate[virq] &= ~(IRQS_REPLAY | IRQS_WAITING);
  if (desc.action[virq] < 0 || state & IRQD_IRQ_DISABLED) {
    desc.istate[virq] |= IRQS_PENDING;
    maskAckIrq(core, virq);
    return EDGE_DEFERRED;
  }
  // kstat_incr_irqs_this_cpu(): the count /proc/interrupts shows in this CPU's column.
  desc.kstatCpu[virq * desc.cpus + cpu]++;
  // Start handling the irq: the ack walks the chip chain to the vector domain (EOI included).
  const d = desc.topData[virq];
  core.chips.chipOf(d).irqAck(d);
  return startIteration(core, virq, cpu);
}

/**
 * End of handle_irq_event() on `cpu`: note_interrupt(), clear INPROGRESS, and loop while
 * PENDING && !disabled. `actionRet` is IRQ_HANDLED or IRQ_NONE.
 */
export function handleIrqEventDone(core: IrqCore, virq: number, cpu: number, actionRet: number): number {
  const desc = core.desc;
  if (desc.action[virq] >= 0 && actionRet >= 0) {
    if (actionRet !== 0) desc.handled[virq]++;
    noteInterrupt(core, virq, actionRet);
  }
  desc.irqdState[virq] &= ~IRQD_IRQ_INPROGRESS;
  desc.inprogressCpu[virq] = -1;
  if (desc.istate[virq] & IRQS_PENDING && !(desc.irqdState[virq] & IRQD_IRQ_DISABLED)) {
    return startIteration(core, virq, cpu);
  }
  return EDGE_DONE;
}

// One turn of handle_edge_irq()'s do { … } while loop, up to running the action.
function startIteration(core: IrqCore, virq: number, cpu: number): number {
  const desc = core.desc;
  if (desc.action[virq] < 0) {
    maskIrq(core, virq);
    return EDGE_DONE;
  }
  // When another irq arrived while we were handling one, we could have masked it: reenable.
  if (desc.istate[virq] & IRQS_PENDING) {
    const s = desc.irqdState[virq];
    if (!(s & IRQD_IRQ_DISABLED) && s & IRQD_IRQ_MASKED) unmaskIrq(core, virq);
  }
  // handle_irq_event(): clear PENDING, set INPROGRESS, run the action unlocked.
  desc.istate[virq] &= ~IRQS_PENDING;
  desc.irqdState[virq] |= IRQD_IRQ_INPROGRESS;
  desc.inprogressCpu[virq] = cpu;
  return EDGE_RUN;
}
