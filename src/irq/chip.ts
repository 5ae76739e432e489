/**
 * struct irq_chip as an op table (include/linux/irq.h). Every chip has every op: missing
 * ones are filled at construction with the *_parent delegate (irq_chip_ack_parent, …) or a
 * no-op, so call sites stay monomorphic and never test `if (op)`. Ops take an irq_data row.
 */
import type { CpuMask } from './cpumask.js';
import type { IrqDataTable } from './data-table.js';
import { IRQ_SET_MASK_OK, type FlagName } from './irq-flags.js';
import type { MsiMsg } from './msi-msg.js';

/** irq_chip.flags (include/linux/irq.h). */
export const IRQCHIP_SET_TYPE_MASKED = 1 << 0;
export const IRQCHIP_EOI_IF_HANDLED = 1 << 1;
export const IRQCHIP_SKIP_SET_WAKE = 1 << 4;
export const IRQCHIP_AFFINITY_PRE_STARTUP = 1 << 10;
/** The chip can only move the irq from the irq's own context (x86: on top of the vector domain). Bit 11 is IRQCHIP_IMMUTABLE (5.19), not modelled. */
export const IRQCHIP_MOVE_DEFERRED = 1 << 12;

export interface IrqChip {
  readonly name: string;
  readonly flags: number;
  irqAck(d: number): void;
  irqMask(d: number): void;
  irqUnmask(d: number): void;
  /** Moves `d` to a CPU in `mask`; returns IRQ_SET_MASK_OK*, or -errno. */
  irqSetAffinity(d: number, mask: CpuMask, force: boolean): number;
  irqComposeMsiMsg(d: number, out: MsiMsg): void;
  irqWriteMsiMsg(d: number, msg: MsiMsg): void;
  /** Resends the irq in hardware; returns 1 if it did (irq_retrigger), 0 if it cannot. */
  irqRetrigger(d: number): number;
}

export type IrqChipOps = Partial<Omit<IrqChip, 'name' | 'flags'>>;

/** The chips of one machine, indexed by the irq_data `chip` column. */
export class IrqChipRegistry {
  readonly chips: IrqChip[] = [];
  readonly #data: IrqDataTable;

  constructor(data: IrqDataTable) {
    this.#data = data;
  }

  /**
   * Registers a chip. Ops left out forward to the parent level where the kernel has a
   * *_parent helper (ack, mask, unmask, set_affinity, retrigger, compose), else do nothing.
   */
  register(name: string, flags: number, ops: IrqChipOps): number {
    const data = this.#data;
    const chips = this.chips;
    const parentOf = (d: number): number => data.parent[d];
    const chip: IrqChip = {
      name,
      flags,
      // irq_chip_ack_parent(): data = data->parent_data; data->chip->irq_ack(data)
      irqAck:
        ops.irqAck ??
        ((d) => {
          const p = parentOf(d);
          if (p >= 0) chips[data.chip[p]].irqAck(p);
        }),
      irqMask:
        ops.irqMask ??
        ((d) => {
          const p = parentOf(d);
          if (p >= 0) chips[data.chip[p]].irqMask(p);
        }),
      irqUnmask:
        ops.irqUnmask ??
        ((d) => {
          const p = parentOf(d);
          if (p >= 0) chips[data.chip[p]].irqUnmask(p);
        }),
      // irq_chip_set_affinity_parent()
      irqSetAffinity:
        ops.irqSetAffinity ??
        ((d, mask, force) => {
          const p = parentOf(d);
          return p >= 0 ? chips[data.chip[p]].irqSetAffinity(p, mask, force) : IRQ_SET_MASK_OK;
        }),
      // irq_chip_compose_msi_msg(): the first level with a compose op, walking up to the root
      irqComposeMsiMsg:
        ops.irqComposeMsiMsg ??
        ((d, out) => {
          const p = parentOf(d);
          if (p >= 0) chips[data.chip[p]].irqComposeMsiMsg(p, out);
        }),
      irqWriteMsiMsg: ops.irqWriteMsiMsg ?? (() => {}),
      // irq_chip_retrigger_hierarchy()
      irqRetrigger:
        ops.irqRetrigger ??
        ((d) => {
          const p = parentOf(d);
          return p >= 0 ? chips[data.chip[p]].irqRetrigger(p) : 0;
        }),
    };
    chips.push(chip);
    if (chips.length > 255) throw new RangeError('more than 255 irq chips');
    return chips.length - 1;
  }

  /** The chip at irq_data row `d`. */
  chipOf(d: number): IrqChip {
    return this.chips[this.#data.chip[d]];
  }
}

/** irq_chip.flags bits in the order kernel/irq/debugfs.c lists them (irqchip_flags). */
export const IRQCHIP_NAMES: readonly FlagName[] = [
  [IRQCHIP_SET_TYPE_MASKED, 'IRQCHIP_SET_TYPE_MASKED'],
  [IRQCHIP_EOI_IF_HANDLED, 'IRQCHIP_EOI_IF_HANDLED'],
  [IRQCHIP_SKIP_SET_WAKE, 'IRQCHIP_SKIP_SET_WAKE'],
  [IRQCHIP_MOVE_DEFERRED, 'IRQCHIP_MOVE_DEFERRED'],
];
