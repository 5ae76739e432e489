/**
 * Enabling, disabling and moving an irq: kernel/irq/manage.c (disable_irq_nosync,
 * enable_irq, irq_set_affinity_locked, irq_do_set_affinity), kernel/irq/chip.c
 * (irq_disable, irq_enable) and kernel/irq/resend.c (check_irq_resend).
 */
import { maskIrq, unmaskIrq } from './chip-ops.js';
import { IRQCHIP_MOVE_DEFERRED } from './chip.js';
import type { CpuMask } from './cpumask.js';
import type { IrqCore } from './irq-core.js';
import { IRQD_ACTIVATED, IRQD_AFFINITY_SET, IRQD_IRQ_DISABLED, IRQD_IRQ_MASKED, IRQD_SETAFFINITY_PENDING, IRQS_PENDING, IRQS_REPLAY, IRQ_SET_MASK_OK, IRQ_SET_MASK_OK_DONE } from './irq-flags.js';
import { EBUSY, EINVAL } from './errno.js';

/** irq_disable(): lazy, as for MSI: only marks the irq disabled; the next interrupt masks it. */
export function irqDisable(core: IrqCore, virq: number): void {
  core.desc.irqdState[virq] |= IRQD_IRQ_DISABLED;
}

/** disable_irq_nosync(): nests through desc->depth. */
export function disableIrqNosync(core: IrqCore, virq: number): void {
  if (core.desc.depth[virq]++ === 0) irqDisable(core, virq);
}

/**
 * enable_irq(): at depth 1 the irq is enabled (DISABLED cleared, unmasked) and an edge that
 * arrived while it was disabled is resent. Returns check_irq_resend()'s result, or 0.
 */
export function enableIrq(core: IrqCore, virq: number): number {
  const desc = core.desc;
  if (desc.depth[virq] === 0) throw new Error(`Unbalanced enable for irq ${virq}`);
  if (--desc.depth[virq] > 0) return 0;
  desc.irqdState[virq] &= ~IRQD_IRQ_DISABLED;
  unmaskIrq(core, virq);
  return checkIrqResend(core, virq, false);
}

/**
 * check_irq_resend(): replays a PENDING edge, in hardware (irq_retrigger: x86 sends the
 * vector to itself by IPI) or else by the software resend tasklet; REPLAY marks it until the
 * flow handler runs, and a second resend meanwhile is -EBUSY.
 */
export function checkIrqResend(core: IrqCore, virq: number, inject: boolean): number {
  const desc = core.desc;
  if (desc.istate[virq] & IRQS_REPLAY) return -EBUSY;
  if (!(desc.istate[virq] & IRQS_PENDING) && !inject) return 0;
  desc.istate[virq] &= ~IRQS_PENDING;
  const d = desc.topData[virq];
  if (!core.chips.chipOf(d).irqRetrigger(d)) core.hooks.softwareResend(virq);
  desc.istate[virq] |= IRQS_REPLAY;
  return 0;
}

/**
 * irq_set_affinity_locked(): moves now if the top chip can move in process context,
 * otherwise records the mask as pending for irq_move_irq() at the next interrupt
 * (IRQCHIP_MOVE_DEFERRED: every chip sitting directly on the x86 vector domain). A move now
 * that finds the vector management busy (-EBUSY: a move or cleanup in flight) is made pending
 * the same way (irq_try_set_affinity() → irq_set_affinity_pending(), GENERIC_PENDING_IRQ).
 * Returns IRQ_SET_MASK_OK* or -errno.
 */
export function irqSetAffinity(core: IrqCore, virq: number, mask: CpuMask): number {
  const desc = core.desc;
  const d = desc.topData[virq];
  if (mask.isEmpty()) return -EINVAL;
  desc.irqdState[virq] |= IRQD_AFFINITY_SET;
  // irq_set_affinity_deactivated(): nothing is programmed yet, activation will use the mask.
  if (!(desc.irqdState[virq] & IRQD_ACTIVATED)) {
    core.affinity[virq].copy(mask);
    return IRQ_SET_MASK_OK;
  }
  // Otherwise the stored affinity changes only when a move succeeds (irq_do_set_affinity).
  const chip = core.chips.chipOf(d);
  if (!(chip.flags & IRQCHIP_MOVE_DEFERRED) && !(desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING)) {
    const ret = irqDoSetAffinity(core, virq, mask, false);
    if (ret !== -EBUSY) return ret;
  }
  desc.irqdState[virq] |= IRQD_SETAFFINITY_PENDING;
  core.pendingMask[virq].copy(mask);
  return IRQ_SET_MASK_OK;
}

/** irq_do_set_affinity(): the chip op through the hierarchy; OK and OK_DONE store the mask (NOCOPY does not). */
export function irqDoSetAffinity(core: IrqCore, virq: number, mask: CpuMask, force: boolean): number {
  const d = core.desc.topData[virq];
  const ret = core.chips.chipOf(d).irqSetAffinity(d, mask, force);
  if (ret === IRQ_SET_MASK_OK || ret === IRQ_SET_MASK_OK_DONE) core.affinity[virq].copy(mask);
  return ret;
}

/** irq_move_irq() → __irq_move_irq() → irq_move_masked_irq() (kernel/irq/migration.c). */
export function irqMoveIrq(core: IrqCore, virq: number): void {
  const desc = core.desc;
  if (!(desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING)) return;
  if (desc.irqdState[virq] & IRQD_IRQ_DISABLED) return;
  // Be careful vs. already masked interrupts: only unmask what this move masked.
  const masked = (desc.irqdState[virq] & IRQD_IRQ_MASKED) !== 0;
  if (!masked) maskIrq(core, virq);
  irqMoveMaskedIrq(core, virq);
  if (!masked) unmaskIrq(core, virq);
}

/** irq_move_masked_irq(): -EBUSY (a cleanup still pending) keeps the move for the next interrupt. */
export function irqMoveMaskedIrq(core: IrqCore, virq: number): void {
  const desc = core.desc;
  if (!(desc.irqdState[virq] & IRQD_SETAFFINITY_PENDING)) return;
  desc.irqdState[virq] &= ~IRQD_SETAFFINITY_PENDING;
  const pending = core.pendingMask[virq];
  if (pending.isEmpty()) return;
  const ret = irqDoSetAffinity(core, virq, pending, false);
  if (ret === -EBUSY) {
    desc.irqdState[virq] |= IRQD_SETAFFINITY_PENDING;
    return;
  }
  pending.clearAll();
}
