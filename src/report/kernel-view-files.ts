/**
 * The kernel's views of a run as run-directory files (interrupts.txt, irq-debugfs.txt) and as
 * the text `irqstorm run --show interrupts|irqs|affinity` prints at the end of a run.
 */
import type { KernelView } from '../metrics/kernel-view.js';
import type { RunFile } from './atomic-write.js';
import { formatIrqDebugfs } from './irq-debugfs.js';
import { formatAffinityTable } from './irq-placement.js';
import { formatProcInterrupts } from './proc-interrupts.js';

/** What `--show` can print. */
export const SHOW_VIEWS = ['interrupts', 'irqs', 'affinity'] as const;
export type ShowView = (typeof SHOW_VIEWS)[number];

/** interrupts.txt (/proc/interrupts) and irq-debugfs.txt (/sys/kernel/debug/irq/irqs/*). */
export function kernelViewFiles(view: KernelView): RunFile[] {
  return [
    { name: 'interrupts.txt', content: formatProcInterrupts(view) },
    { name: 'irq-debugfs.txt', content: formatIrqDebugfs(view) },
  ];
}

/** The text of one `--show` view. */
export function formatShowView(view: KernelView, which: ShowView): string {
  switch (which) {
    case 'interrupts':
      return formatProcInterrupts(view);
    case 'irqs':
      return formatIrqDebugfs(view);
    case 'affinity':
      return formatAffinityTable(view);
  }
}
