/**
 * struct irq_domain as an op table (kernel/irq/irqdomain.c, hierarchy part). Allocation has
 * two phases, as in the kernel: alloc reserves (an IRTE slot, a vector reservation) and
 * activate programs it (the real vector, the message), each rolled back on failure.
 */
import type { IrqDataTable } from './data-table.js';
import type { IrqDescTable } from './desc-table.js';
import { IRQD_ACTIVATED } from './irq-flags.js';

export interface IrqDomainOps {
  /** Reserves what this level needs for irq_data row `d` (sets hwirq, chip, chipData). 0 or -errno. */
  alloc(d: number): number;
  /** Undoes alloc. */
  free(d: number): void;
  /** Programs row `d` (parents are active already). `reserve`: the caller may only reserve. 0 or -errno. */
  activate(d: number, reserve: boolean): number;
  deactivate(d: number): void;
}

export interface IrqDomain extends IrqDomainOps {
  readonly name: string;
  readonly id: number;
  /** Parent domain id, -1 at the root (irq_domain.parent). */
  readonly parent: number;
}

const noopOps: IrqDomainOps = {
  alloc: () => 0,
  free: () => {},
  activate: () => 0,
  deactivate: () => {},
};

/** Raised when irq_domain_alloc_irqs() or activation fails; carries the -errno. */
export class IrqDomainError extends Error {
  override name = 'IrqDomainError';
  constructor(
    message: string,
    readonly errno: number,
  ) {
    super(message);
  }
}

export class IrqDomainRegistry {
  readonly domains: IrqDomain[] = [];
  readonly #desc: IrqDescTable;
  readonly #data: IrqDataTable;

  constructor(desc: IrqDescTable, data: IrqDataTable) {
    this.#desc = desc;
    this.#data = data;
  }

  /** irq_domain_create_hierarchy(): a domain stacked on `parent` (-1 for a root). */
  create(name: string, parent: number, ops: Partial<IrqDomainOps>): IrqDomain {
    const domain: IrqDomain = { ...noopOps, ...ops, name, id: this.domains.length, parent };
    this.domains.push(domain);
    return domain;
  }

  /**
   * irq_domain_alloc_irqs() for one irq: a desc plus one irq_data row per level from `top`
   * down to the root, allocated root first (as irq_domain_alloc_irqs_parent() recurses),
   * and freed again in reverse if any level fails. Returns the virq.
   */
  allocIrq(top: number, name: string): number {
    const levels: number[] = [];
    for (let dom = top; dom >= 0; dom = this.domains[dom].parent) levels.push(dom);
    const virq = this.#desc.allocDesc(name);
    // Rows are made top-down so each knows its parent's row once that exists: fill parents after.
    const rows: number[] = [];
    for (let i = 0; i < levels.length; i++) rows.push(this.#data.allocData(virq, levels[i], -1));
    for (let i = 0; i < rows.length - 1; i++) this.#data.parent[rows[i]] = rows[i + 1];
    this.#desc.topData[virq] = rows[0];
    for (let i = rows.length - 1; i >= 0; i--) {
      const err = this.domains[levels[i]].alloc(rows[i]);
      if (err < 0) {
        // Rollback in case of error: free the levels that succeeded, innermost last.
        for (let j = i + 1; j < rows.length; j++) this.domains[levels[j]].free(rows[j]);
        throw new IrqDomainError(`allocating irq "${name}" failed in domain ${this.domains[levels[i]].name}`, err);
      }
    }
    return virq;
  }

  /**
   * irq_domain_activate_irq(): activates every level, root first; on failure deactivates
   * the levels already activated and returns the -errno. 0 on success.
   */
  activateIrq(virq: number, reserve: boolean): number {
    const desc = this.#desc;
    // If we've already configured this interrupt, don't do it again.
    if (desc.irqdState[virq] & IRQD_ACTIVATED) return 0;
    const ret = this.#activate(desc.topData[virq], reserve);
    if (ret === 0) desc.irqdState[virq] |= IRQD_ACTIVATED;
    return ret;
  }

  /** irq_domain_deactivate_irq(): deactivates every level, outermost first. */
  deactivateIrq(virq: number): void {
    const desc = this.#desc;
    if (!(desc.irqdState[virq] & IRQD_ACTIVATED)) return;
    for (let d = desc.topData[virq]; d >= 0; d = this.#data.parent[d]) this.domains[this.#data.domain[d]].deactivate(d);
    desc.irqdState[virq] &= ~IRQD_ACTIVATED;
  }

  #activate(d: number, reserve: boolean): number {
    const parent = this.#data.parent[d];
    if (parent >= 0) {
      const ret = this.#activate(parent, reserve);
      if (ret < 0) return ret;
    }
    const ret = this.domains[this.#data.domain[d]].activate(d, reserve);
    if (ret < 0 && parent >= 0) this.#deactivateUpFrom(parent);
    return ret;
  }

  #deactivateUpFrom(d: number): void {
    for (let p = d; p >= 0; p = this.#data.parent[p]) this.domains[this.#data.domain[p]].deactivate(p);
  }
}
