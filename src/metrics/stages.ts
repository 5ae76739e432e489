/**
 * The latency stages of one interrupt, from the peer's trigger write to the end of the handler,
 * plus the write-msg path of an affinity change (irq_set_affinity → irq_write_msi_msg →
 * ntb_msi desc_changed, or the IRTE update and IEC flush with remapping). Each is a histogram row.
 */

/** Trigger (peer write, doorbell ring) → handler done: what the peer's client sees. */
export const STAGE_END_TO_END = 0;
/** Trigger → vector set in the target CPU's IRR (link, switch, remapping, APIC delivery). */
export const STAGE_DELIVERY = 1;
/** IRR set → handler entry (waiting for the CPU: ISR priority, another handler running). */
export const STAGE_QUEUEING = 2;
/** The ack chain to the root (irq_chip_ack_parent … apic_ack_edge) plus the EOI. */
export const STAGE_ACK = 3;
/** Handler entry → handler done (the action, tasklet or ring drain counted in). */
export const STAGE_HANDLER = 4;
/** Affinity request → every peer holds the new descriptor (or, remapped, the IRTE is flushed). */
export const STAGE_WRITE_MSG = 5;

/** Number of stages; stage ids are 0 … STAGE_COUNT - 1. */
export const STAGE_COUNT = 6;

/** Stage names as written in the CSV `stage` column, indexed by stage id. */
export const STAGE_NAMES: readonly string[] = [
  'end_to_end',
  'delivery',
  'queueing',
  'ack',
  'handler',
  'write_msg',
];

/** One-line descriptions for the README, indexed by stage id. */
export const STAGE_DESCRIPTIONS: readonly string[] = [
  'trigger (peer write or doorbell ring) to handler done',
  'trigger to vector set in the target CPU IRR',
  'IRR set to handler entry',
  'ack chain to the root domain plus EOI',
  'handler entry to handler done',
  'affinity request to every peer holding the new descriptor (remapped: IRTE flushed)',
];
