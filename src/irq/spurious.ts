/**
 * The spurious-interrupt detector, kernel/irq/spurious.c: note_interrupt(). Every 100,000
 * events counted from the first unhandled one, an irq with more than 99,900 unhandled ("nobody cared") is disabled for good and
 * left to the poll timer. An unhandled event more than HZ/10 after the last one restarts the
 * unhandled count at 1, so odd strays never add up to a disable.
 */
import { irqDisable } from './manage.js';
import { LOG_NOBODY_CARED, type IrqCore } from './irq-core.js';
import { IRQS_POLL_INPROGRESS, IRQS_SPURIOUS_DISABLED, IRQ_NONE } from './irq-flags.js';

export const SPURIOUS_WINDOW_EVENTS = 100_000;
export const SPURIOUS_UNHANDLED_LIMIT = 99_900;

/** note_interrupt(desc, action_ret). Returns true if this event disabled the irq. */
export function noteInterrupt(core: IrqCore, virq: number, actionRet: number): boolean {
  if (core.noIrqDebug) return false;
  const desc = core.desc;
  if (desc.istate[virq] & IRQS_POLL_INPROGRESS) return false;
  if (actionRet === IRQ_NONE) {
    const nowNs = core.clock.nowNs;
    // time_after(jiffies, last_unhandled + HZ/10): measured in whole jiffies, as the kernel does.
    const nowJ = Math.floor(nowNs / core.jiffyNs);
    const lastJ = Math.floor(desc.lastUnhandledNs[virq] / core.jiffyNs);
    const hz = Math.round(1e9 / core.jiffyNs);
    if (nowJ > lastJ + Math.floor(hz / 10)) desc.irqsUnhandled[virq] = 1;
    else desc.irqsUnhandled[virq]++;
    desc.lastUnhandledNs[virq] = nowNs;
  }
  // Only an irq with unhandled events is watched (since 2021: the common path returns here),
  // so the 100,000-event window starts at the first unhandled one.
  if (desc.irqsUnhandled[virq] === 0) return false;
  if (++desc.irqCount[virq] < SPURIOUS_WINDOW_EVENTS) return false;
  desc.irqCount[virq] = 0;
  let disabled = false;
  if (desc.irqsUnhandled[virq] > SPURIOUS_UNHANDLED_LIMIT) {
    // The interrupt is stuck: "irq N: nobody cared", then kill it.
    core.hooks.log(LOG_NOBODY_CARED, virq);
    desc.istate[virq] |= IRQS_SPURIOUS_DISABLED;
    desc.depth[virq]++;
    irqDisable(core, virq);
    disabled = true;
  }
  desc.irqsUnhandled[virq] = 0;
  return disabled;
}
