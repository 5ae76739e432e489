/**
 * irq_data, flattened: one row per (virq, hierarchy level). Mirrors struct irq_data
 * (include/linux/irq.h); the hierarchy is data, `parent` is parent_data, so walking up is
 * `d = parent[d]` exactly as `data = data->parent_data`.
 */

export class IrqDataTable {
  readonly capacity: number;
  count = 0;
  /** irq_data.irq */
  virq: Int32Array;
  /** irq_data.hwirq: the domain's own number (MSI index, IRTE index, …) */
  hwirq: Int32Array;
  /** irq_data.domain (index into IrqDomainRegistry) */
  domain: Uint8Array;
  /** irq_data.chip (index into IrqChipRegistry) */
  chip: Uint8Array;
  /** irq_data.parent_data (row; -1 at the root) */
  parent: Int32Array;
  /** irq_data.chip_data: a row in the domain's own table (-1 none) */
  chipData: Int32Array;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.virq = new Int32Array(capacity).fill(-1);
    this.hwirq = new Int32Array(capacity).fill(-1);
    this.domain = new Uint8Array(capacity);
    this.chip = new Uint8Array(capacity);
    this.parent = new Int32Array(capacity).fill(-1);
    this.chipData = new Int32Array(capacity).fill(-1);
  }

  /** A new row for `virq` at `domain`, child of `parent` (-1 for the root). */
  allocData(virq: number, domain: number, parent: number): number {
    if (this.count === this.capacity) throw new RangeError(`irq_data table full (${this.capacity} rows)`);
    const d = this.count++;
    this.virq[d] = virq;
    this.domain[d] = domain;
    this.parent[d] = parent;
    this.hwirq[d] = -1;
    this.chipData[d] = -1;
    return d;
  }

  /** irq_domain_get_irq_data(): the row of `virq` at `domain` walking down from `top`, or -1. */
  findAtDomain(top: number, domain: number): number {
    for (let d = top; d >= 0; d = this.parent[d]) if (this.domain[d] === domain) return d;
    return -1;
  }
}
