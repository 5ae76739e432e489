/** Reading one value out of a metrics snapshot, for tests. Each throws when the value is absent. */
import type { MetricsSnapshot, StageLatency } from '../../metrics/metrics.js';

/** The 'all' latency row of `name` (end_to_end, delivery, …). */
export function stage(s: MetricsSnapshot, name: string): StageLatency {
  const row = s.latency.find((l) => l.stage === name && l.scope === 'all');
  if (row === undefined) throw new Error(`no stage ${name}`);
  return row;
}

/** A whole-run fate total (triggered, handled, coalesced_irr, …). */
export function fate(s: MetricsSnapshot, metric: string): number {
  const row = s.summary.find((r) => r.scope === 'fate' && r.id === 'all' && r.metric === metric);
  if (row === undefined) throw new Error(`no fate ${metric}`);
  return row.value;
}

/** One column of one CPU's row in cpus.csv terms (interrupts, eois, utilisation, …). */
export function cpuValue(s: MetricsSnapshot, cpu: number, column: string): number {
  const i = s.cpus.columns.findIndex((c) => c.name === column);
  if (i < 0) throw new Error(`no cpu column ${column}`);
  return s.cpus.rows[cpu].values[i];
}
