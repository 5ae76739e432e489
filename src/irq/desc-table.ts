/**
 * irq_desc, flattened: one row per Linux irq (virq). Mirrors struct irq_desc
 * (include/linux/irqdesc.h) and the irq_common_data it embeds: state the whole hierarchy
 * shares lives here, per-level state in IrqDataTable.
 */

export class IrqDescTable {
  readonly capacity: number;
  /** CPUs each per-CPU column (kstatCpu) has a slot for. */
  readonly cpus: number;
  count = 0;
  /** desc->istate (IRQS_*) */
  istate: Uint32Array;
  /** irq_common_data.state_use_accessors (IRQD_*) */
  irqdState: Uint32Array;
  /** desc->depth: disable nesting, 0 = enabled */
  depth: Int32Array;
  /** row of the outermost irq_data (desc->irq_data) */
  topData: Int32Array;
  /** registered handler id (-1 = none: !desc->action) */
  action: Int32Array;
  /** the handler's dev_id: a row in the client's own table */
  actionArg: Int32Array;
  /** irq_common_data.effective_affinity (x86: a single CPU; -1 unset) */
  effectiveCpu: Int32Array;
  /** irq_common_data.affinity, single-CPU form (-1 = any) */
  affinityCpu: Int32Array;
  /** desc->pending_mask for a deferred move, single CPU (-1 none) */
  pendingCpu: Int32Array;
  /** CPU running handle_irq_event now (-1 none): where INPROGRESS is set */
  inprogressCpu: Int32Array;
  /** desc->irq_count (spurious detector) */
  irqCount: Float64Array;
  /** desc->irqs_unhandled */
  irqsUnhandled: Float64Array;
  /** desc->last_unhandled (jiffies in the kernel; ns here) */
  lastUnhandledNs: Float64Array;
  /** per_cpu(desc->kstat_irqs->cnt, cpu): flow-handler entries, [virq * cpus + cpu] */
  kstatCpu: Float64Array;
  /** action runs that returned IRQ_HANDLED */
  handled: Float64Array;
  /** irq names for reports ("peer3/q0"); cold. */
  readonly names: string[] = [];

  constructor(capacity: number, cpus = 1) {
    this.capacity = capacity;
    this.cpus = cpus;
    this.istate = new Uint32Array(capacity);
    this.irqdState = new Uint32Array(capacity);
    this.depth = new Int32Array(capacity);
    this.topData = new Int32Array(capacity).fill(-1);
    this.action = new Int32Array(capacity).fill(-1);
    this.actionArg = new Int32Array(capacity).fill(-1);
    this.effectiveCpu = new Int32Array(capacity).fill(-1);
    this.affinityCpu = new Int32Array(capacity).fill(-1);
    this.pendingCpu = new Int32Array(capacity).fill(-1);
    this.inprogressCpu = new Int32Array(capacity).fill(-1);
    this.irqCount = new Float64Array(capacity);
    this.irqsUnhandled = new Float64Array(capacity);
    this.lastUnhandledNs = new Float64Array(capacity);
    this.kstatCpu = new Float64Array(capacity * cpus);
    this.handled = new Float64Array(capacity);
  }

  /** kstat_irqs(): flow-handler entries of `virq` summed over the CPUs (the total of its /proc/interrupts row). Cold. */
  kstatIrqs(virq: number): number {
    let n = 0;
    for (let cpu = 0, i = virq * this.cpus; cpu < this.cpus; cpu++, i++) n += this.kstatCpu[i];
    return n;
  }

  /** irq_alloc_descs(): a new row, disabled (depth 1) until an action is set up, as the kernel does. */
  allocDesc(name: string): number {
    if (this.count === this.capacity) throw new RangeError(`irq_desc table full (${this.capacity} irqs)`);
    const virq = this.count++;
    this.depth[virq] = 1;
    this.istate[virq] = 0;
    this.names[virq] = name;
    return virq;
  }
}
