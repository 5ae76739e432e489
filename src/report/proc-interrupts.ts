/**
 * interrupts.txt: the run's end as `cat /proc/interrupts` prints it, laid out by show_interrupts()
 * (kernel/irq/proc.c, 6.10+) and arch_show_interrupts() (arch/x86/kernel/irq.c). The first column
 * is `prec` wide (3 digits, one more per decade of nr_irqs from 1000), each CPU column 10; an irq
 * row is its per-CPU kstat counts, the chip name, the top level's hwirq, the flow's name and the
 * actions' names; irqs with no action are not listed. Of the arch rows only PMN (posted MSI
 * notifications) is modelled; the others (NMI, LOC, SPU, PMI, IWI, RTR, RES, CAL, TLB, ERR, MIS,
 * …) count interrupts the simulated machine never takes (timers, IPIs, NMIs, APIC errors), so
 * they are left out rather than printed as zeros that would look measured.
 */
import type { KernelView } from '../metrics/kernel-view.js';

/** The width of the irq-number column for `nrIrqs` descriptors, as show_interrupts() computes it. */
export function irqColumnWidth(nrIrqs: number): number {
  let prec = 3;
  for (let j = 1000; prec < 10 && j <= nrIrqs; prec++) j *= 10;
  return prec;
}

/** The whole file, ending with a newline. MODEL: counts are exact; the kernel's unsigned int would wrap at 2^32. */
export function formatProcInterrupts(view: KernelView): string {
  const prec = irqColumnWidth(view.irqs.length);
  const lines: string[] = [];
  let header = ' '.repeat(prec + 8);
  for (let cpu = 0; cpu < view.cpus; cpu++) header += `CPU${cpu}`.padEnd(11);
  lines.push(header);
  for (const irq of view.irqs) {
    if (irq.actionName === null) continue;
    const top = irq.levels[0];
    let line = `${String(irq.virq).padStart(prec)}:`;
    for (const n of irq.kstat) line += ` ${String(n).padStart(10)}`;
    line += ` ${top.chip.padStart(8)} ${String(top.hwirq).padStart(prec)}-${irq.flowName.padEnd(8)}  ${irq.actionName}`;
    lines.push(line);
  }
  for (const row of view.archRows) {
    let line = `${row.name.padStart(prec)}: `;
    for (const n of row.perCpu) line += `${String(n).padStart(10)} `;
    lines.push(`${line}  ${row.description}`);
  }
  return `${lines.join('\n')}\n`;
}
