/**
 * The data files of a run directory, the same for `irqstorm run` and a sweep's kept runs: the
 * CSV tables (irqs.csv with the placement columns, series.csv with the chosen per-irq and
 * per-peer series) and the kernel's views (interrupts.txt, irq-debugfs.txt).
 */
import type { KernelView } from '../metrics/kernel-view.js';
import type { MetricsSnapshot } from '../metrics/metrics.js';
import type { RunFile } from './atomic-write.js';
import { csvRunFile } from './csv.js';
import { kernelViewFiles } from './kernel-view-files.js';
import type { SeriesChoice } from './scope-series-rows.js';
import { buildTables } from './tables.js';

export async function runDataFiles(snapshot: MetricsSnapshot, view: KernelView, series: SeriesChoice): Promise<RunFile[]> {
  const files: RunFile[] = [];
  for (const table of buildTables(snapshot, { view, series })) files.push(await csvRunFile(table));
  files.push(...kernelViewFiles(view));
  return files;
}
