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

/** One column of the irqs table's row named `name` (e.g. "a/q0", "switchtec/doorbell"). */
export function irqValue(s: MetricsSnapshot, name: string, column: string): number {
  const i = s.irqs.columns.findIndex((c) => c.name === column);
  if (i < 0) throw new Error(`no irq column ${column}`);
  const row = s.irqs.rows.find((r) => r.name === name);
  if (row === undefined) throw new Error(`no irq row ${name}; rows are ${s.irqs.rows.map((r) => r.name).join(', ')}`);
  return row.values[i];
}

/** The latency row of `name` for one peer's scope. */
export function peerStage(s: MetricsSnapshot, name: string, peer: string): StageLatency {
  const row = s.latency.find((l) => l.stage === name && l.scope === peer);
  if (row === undefined) throw new Error(`no stage ${name} for ${peer}`);
  return row;
}
