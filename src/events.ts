/**
 * Every event kind the model schedules, on one screen. An event carries two integers (a0,
 * a1); the comment says what they are. The machine's dispatch switches on these.
 */

/** A traffic source's interrupt write reaches the host side of the NTB (a0 = source row). */
export const EV_SOURCE_WRITE_LANDS = 1;
/** A CPU has finished one handle_irq_event() action (a0 = cpu, a1 = virq). */
export const EV_ACTION_DONE = 2;
/** A CPU leaves hard-irq context (irq_exit + softirqs done) and can take the next vector (a0 = cpu). */
export const EV_CPU_FREE = 3;
/** The per-CPU vector cleanup timer fires (a0 = cpu): frees vectors left behind by moves. */
export const EV_VECTOR_CLEANUP = 4;
/** A user or irqbalance asks to move an irq (a0 = affinity-change row). */
export const EV_AFFINITY_REQUEST = 5;
/** A vector arrives at a local APIC by IPI (irq_retrigger) (a0 = cpu, a1 = vector). */
export const EV_IPI_VECTOR = 6;
/** A peer has re-read a republished descriptor over the NTB (a0 = queue). */
export const EV_PEER_DESC_REFRESHED = 7;
/** End of the warm-up: statistics start (no args). */
export const EV_WARMUP_END = 9;
/** A deferred software resend of a PENDING irq (kernel/irq/resend.c tasklet) (a0 = virq). */
export const EV_SOFTWARE_RESEND = 12;
/** A CPU that busy-waits for INPROGRESS re-checks (a0 = cpu, a1 = virq). */
export const EV_SPIN_RECHECK = 14;
/** A remapped write whose IRTE lookup missed the IEC reaches the APIC (a0 = cpu * 256 + vector, a1 = in-flight slot). */
export const EV_IRR_ARRIVE = 15;
/** One step of a tasklet run in softirq is done: its dispatch or one ring entry (a0 = cpu). */
export const EV_SOFTIRQ_STEP_DONE = 16;
/** irqbalance wakes up and rebalances the NTB irqs (no args). */
export const EV_IRQBALANCE = 17;
/** A ring client's item (payload, then DESC_DONE_FLAG) lands in the host's receive ring, ahead of its interrupt (a0 = source row). */
export const EV_PAYLOAD_LANDS = 18;
/** A posted write whose IRTE lookup missed the IEC reaches the CPU's posted descriptor (a0 = cpu * 256 + vector, a1 = in-flight slot). */
export const EV_POSTED_ARRIVE = 19;

export const EVENT_NAMES: Readonly<Record<number, string>> = {
  [EV_SOURCE_WRITE_LANDS]: 'source_write_lands',
  [EV_ACTION_DONE]: 'action_done',
  [EV_CPU_FREE]: 'cpu_free',
  [EV_VECTOR_CLEANUP]: 'vector_cleanup',
  [EV_AFFINITY_REQUEST]: 'affinity_request',
  [EV_IPI_VECTOR]: 'ipi_vector',
  [EV_PEER_DESC_REFRESHED]: 'peer_desc_refreshed',
  [EV_WARMUP_END]: 'warmup_end',
  [EV_SOFTWARE_RESEND]: 'software_resend',
  [EV_SPIN_RECHECK]: 'spin_recheck',
  [EV_IRR_ARRIVE]: 'irr_arrive',
  [EV_SOFTIRQ_STEP_DONE]: 'softirq_step_done',
  [EV_IRQBALANCE]: 'irqbalance',
  [EV_PAYLOAD_LANDS]: 'payload_lands',
  [EV_POSTED_ARRIVE]: 'posted_arrive',
};
