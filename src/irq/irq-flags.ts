/**
 * Flag bits of the generic irq core, kernel spelling kept so the model greps against the C:
 * IRQS_* live in irq_desc.istate (kernel/irq/internals.h, core-private), IRQD_* in the
 * irq_common_data state shared by every level (include/linux/irq.h). Return codes of
 * irq_set_affinity callbacks and handler results (IRQ_NONE/IRQ_HANDLED) are here too.
 */

// desc->istate (kernel/irq/internals.h)
export const IRQS_AUTODETECT = 1 << 0;
export const IRQS_SPURIOUS_DISABLED = 1 << 1;
export const IRQS_POLL_INPROGRESS = 1 << 3;
export const IRQS_ONESHOT = 1 << 5;
export const IRQS_REPLAY = 1 << 6;
export const IRQS_WAITING = 1 << 7;
export const IRQS_PENDING = 1 << 9;

// irq_common_data.state_use_accessors (include/linux/irq.h)
export const IRQD_SETAFFINITY_PENDING = 1 << 8;
export const IRQD_ACTIVATED = 1 << 9;
export const IRQD_NO_BALANCING = 1 << 10;
export const IRQD_AFFINITY_SET = 1 << 12;
export const IRQD_AFFINITY_MANAGED = 1 << 21;
export const IRQD_IRQ_STARTED = 1 << 22;
export const IRQD_MANAGED_SHUTDOWN = 1 << 23;
export const IRQD_SINGLE_TARGET = 1 << 24;
export const IRQD_IRQ_DISABLED = 1 << 16;
export const IRQD_IRQ_MASKED = 1 << 17;
export const IRQD_IRQ_INPROGRESS = 1 << 18;
export const IRQD_CAN_RESERVE = 1 << 26;
export const IRQD_MSI_NOMASK_QUIRK = 1 << 27;

// enum { IRQ_SET_MASK_OK, IRQ_SET_MASK_OK_NOCOPY, IRQ_SET_MASK_OK_DONE } (include/linux/irq.h)
export const IRQ_SET_MASK_OK = 0;
export const IRQ_SET_MASK_OK_NOCOPY = 1;
export const IRQ_SET_MASK_OK_DONE = 2;

// irqreturn_t (include/linux/irqreturn.h)
export const IRQ_NONE = 0;
export const IRQ_HANDLED = 1;
export const IRQ_WAKE_THREAD = 2;

/** A flag bit and its kernel spelling, for debugfs-style dumps. */
export type FlagName = readonly [bit: number, name: string];

/** desc->istate bits in the order kernel/irq/debugfs.c lists them (irqdesc_istates). */
export const IRQS_NAMES: readonly FlagName[] = [
  [IRQS_AUTODETECT, 'IRQS_AUTODETECT'],
  [IRQS_SPURIOUS_DISABLED, 'IRQS_SPURIOUS_DISABLED'],
  [IRQS_POLL_INPROGRESS, 'IRQS_POLL_INPROGRESS'],
  [IRQS_ONESHOT, 'IRQS_ONESHOT'],
  [IRQS_REPLAY, 'IRQS_REPLAY'],
  [IRQS_WAITING, 'IRQS_WAITING'],
  [IRQS_PENDING, 'IRQS_PENDING'],
];

/** irq_common_data state bits in the order kernel/irq/debugfs.c lists them (irqdata_states). */
export const IRQD_NAMES: readonly FlagName[] = [
  [IRQD_ACTIVATED, 'IRQD_ACTIVATED'],
  [IRQD_IRQ_STARTED, 'IRQD_IRQ_STARTED'],
  [IRQD_IRQ_DISABLED, 'IRQD_IRQ_DISABLED'],
  [IRQD_IRQ_MASKED, 'IRQD_IRQ_MASKED'],
  [IRQD_IRQ_INPROGRESS, 'IRQD_IRQ_INPROGRESS'],
  [IRQD_NO_BALANCING, 'IRQD_NO_BALANCING'],
  [IRQD_SINGLE_TARGET, 'IRQD_SINGLE_TARGET'],
  [IRQD_AFFINITY_SET, 'IRQD_AFFINITY_SET'],
  [IRQD_SETAFFINITY_PENDING, 'IRQD_SETAFFINITY_PENDING'],
  [IRQD_AFFINITY_MANAGED, 'IRQD_AFFINITY_MANAGED'],
  [IRQD_MANAGED_SHUTDOWN, 'IRQD_MANAGED_SHUTDOWN'],
  [IRQD_CAN_RESERVE, 'IRQD_CAN_RESERVE'],
  [IRQD_MSI_NOMASK_QUIRK, 'IRQD_MSI_NOMASK_QUIRK'],
];

/** The names of the bits of `value` that `table` knows, in the table's order. */
export function flagNames(value: number, table: readonly FlagName[]): string[] {
  const out: string[] = [];
  for (const [bit, name] of table) if (value & bit) out.push(name);
  return out;
}
