/**
 * The state-tracking wrappers around chip ops (kernel/irq/chip.c: mask_irq, unmask_irq,
 * mask_ack_irq): they keep IRQD_IRQ_MASKED true to what was asked of the chip.
 */
import type { IrqCore } from './irq-core.js';
import { IRQD_IRQ_MASKED } from './irq-flags.js';

/** mask_irq() */
export function maskIrq(core: IrqCore, virq: number): void {
  if (core.desc.irqdState[virq] & IRQD_IRQ_MASKED) return;
  const d = core.desc.topData[virq];
  core.chips.chipOf(d).irqMask(d);
  core.desc.irqdState[virq] |= IRQD_IRQ_MASKED;
}

/** unmask_irq() */
export function unmaskIrq(core: IrqCore, virq: number): void {
  if (!(core.desc.irqdState[virq] & IRQD_IRQ_MASKED)) return;
  const d = core.desc.topData[virq];
  core.chips.chipOf(d).irqUnmask(d);
  core.desc.irqdState[virq] &= ~IRQD_IRQ_MASKED;
}

/** mask_ack_irq(): mask, then ack (there is no combined irq_mask_ack op in this hierarchy). */
export function maskAckIrq(core: IrqCore, virq: number): void {
  maskIrq(core, virq);
  const d = core.desc.topData[virq];
  core.chips.chipOf(d).irqAck(d);
}
