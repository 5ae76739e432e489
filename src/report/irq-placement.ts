/**
 * Where each irq sits at the end of a run: the /proc/irq/<N>/ view (`--show affinity`) and the
 * placement columns irqs.csv gains (cpu, vector, IRTE index, effective affinity). Only requested
 * irqs are listed in the view; irqs.csv keeps its own rows and gets empty cells where an irq has
 * no vector (an unrequested entry never activated) and on peer rows.
 */
import type { IrqView, KernelView } from '../metrics/kernel-view.js';
import type { CsvCell, CsvColumn, CsvTable } from './csv.js';
import { alignColumns } from './summary-table.js';

export const PLACEMENT_COLUMNS: readonly CsvColumn[] = [
  { name: 'cpu', unit: '', description: 'irq rows: the CPU its vector is on at the end of the run (apic_chip_data.cpu); empty without a vector' },
  { name: 'vector', unit: '', description: 'irq rows: its vector on that CPU at the end of the run; empty without one' },
  { name: 'irte_index', unit: '', description: 'irq rows: its IRTE index with remapping; empty without' },
  { name: 'effective_affinity', unit: '', description: 'irq rows: effective_affinity_list at the end of the run (a cpulist)' },
];

/** `table` (irqs.csv) with the placement columns appended, filled on its irq rows from `view`. */
export function withPlacementColumns(table: CsvTable, view: KernelView): CsvTable {
  const byVirq = new Map<number, IrqView>();
  for (const irq of view.irqs) byVirq.set(irq.virq, irq);
  const rows = table.rows.map((row): CsvCell[] => {
    const irq = row[0] === 'irq' ? byVirq.get(Number(row[1])) : undefined;
    return [...row, ...(irq === undefined ? ['', '', '', ''] : placementCells(irq))];
  });
  return { ...table, columns: [...table.columns, ...PLACEMENT_COLUMNS], rows };
}

function placementCells(irq: IrqView): CsvCell[] {
  const placed = irq.vector !== 0;
  return [placed ? irq.cpu : '', placed ? irq.vector : '', irq.irteIndex >= 0 ? irq.irteIndex : '', irq.effective];
}

/** The affinity view: per requested irq its masks, vector and IRTE, aligned for a terminal. */
export function formatAffinityTable(view: KernelView): string {
  const rows: string[][] = [['name', 'irq', 'smp_affinity_list', 'effective_affinity_list', 'pending', 'cpu', 'vector', 'irte']];
  for (const irq of view.irqs) {
    if (irq.actionName === null) continue;
    const placed = irq.vector !== 0;
    rows.push([
      irq.name,
      String(irq.virq),
      irq.affinity,
      irq.effective,
      irq.pending === '' ? '-' : irq.pending,
      placed ? String(irq.cpu) : '-',
      placed ? String(irq.vector) : '-',
      irq.irteIndex >= 0 ? String(irq.irteIndex) : '-',
    ]);
  }
  return `${alignColumns(rows, 0).join('\n')}\n`;
}
