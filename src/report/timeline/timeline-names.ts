/**
 * What a timeline writer needs to name things, as plain data read once before the run: the
 * CPUs, each irq's action name (what ftrace's irq_handler_entry prints as name=) and hwirq, and
 * the peers. The names do not change during a run; where an irq lands (CPU, vector) does, and
 * the machine reports that with each span.
 */
import type { KernelView } from '../../metrics/kernel-view.js';

export interface TimelineNames {
  /** The run's name (workload and seed), shown as the host's process name. */
  readonly title: string;
  readonly cpus: number;
  /** [virq] irqaction.name, or the irq's name when it has no action; undefined for no irq. */
  readonly irqName: readonly (string | undefined)[];
  /** [virq] the device level's hwirq (the MSI index). */
  readonly hwirq: readonly (number | undefined)[];
  /** [peer] the peer's name. */
  readonly peers: readonly string[];
}

/** The names from the kernel's view of a built (not yet run) machine. */
export function timelineNames(title: string, view: KernelView, peers: readonly string[]): TimelineNames {
  const irqName: (string | undefined)[] = [];
  const hwirq: (number | undefined)[] = [];
  for (const irq of view.irqs) {
    irqName[irq.virq] = irq.actionName ?? irq.name;
    hwirq[irq.virq] = irq.levels.length > 0 ? irq.levels[0].hwirq : -1;
  }
  return { title, cpus: view.cpus, irqName, hwirq, peers };
}
