/**
 * The terminal summary's breakdown by peer, irq or CPU (`irqstorm run --by peer|irq|cpu`):
 * fates per peer or irq over the whole run with end-to-end latency over the statistics window,
 * or the per-CPU counters and utilisation. Without --by, runs with 2 to 8 peers get the peer
 * breakdown, since a workload with a few peers usually asks a question per peer. Long tables
 * keep the rows with the most triggers (interrupts for CPUs) and say how many were left out.
 */
import type { KernelView } from '../metrics/kernel-view.js';
import type { MetricsSnapshot, ScopeTable } from '../metrics/metrics.js';
import { alignColumns, formatCount, formatNs, formatPercent } from './summary-table.js';

export const BREAKDOWNS = ['peer', 'irq', 'cpu', 'none'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** Peers from which the peer breakdown is shown without --by. */
export const AUTO_PEER_BREAKDOWN = { min: 2, max: 8 } as const;
/** Rows a breakdown shows at most. */
export const BREAKDOWN_ROWS = 20;

/** The breakdown a run gets when --by is not given. */
export function defaultBreakdown(s: MetricsSnapshot): Breakdown {
  return s.run.peers >= AUTO_PEER_BREAKDOWN.min && s.run.peers <= AUTO_PEER_BREAKDOWN.max ? 'peer' : 'none';
}

/** The section's text (heading, aligned rows, a trailing newline), or '' for 'none'. */
export function formatBreakdown(s: MetricsSnapshot, view: KernelView, by: Breakdown, head: (t: string) => string = (t) => t): string {
  switch (by) {
    case 'peer':
      return section(head('Per peer (fates: whole run; end_to_end: statistics window)'), peerRows(s), 'peers');
    case 'irq':
      return section(head('Per irq (fates: whole run; cpu and vector at the end)'), irqRows(s, view), 'irqs');
    case 'cpu':
      return section(head('Per CPU (statistics window)'), cpuRows(s), 'CPUs');
    case 'none':
      return '';
  }
}

/** Column index of `name` in a scope table (throws if the table lacks it: a programming error). */
function col(t: ScopeTable, name: string): number {
  const i = t.columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`${t.scope} table has no column ${name}`);
  return i;
}

interface Ranked {
  readonly weight: number;
  readonly cells: string[];
}

function section(title: string, table: { header: string[]; rows: Ranked[] }, noun: string): string {
  let rows = table.rows;
  let note = '';
  if (rows.length > BREAKDOWN_ROWS) {
    // The heaviest rows, shown in their own order.
    const keep = new Set([...rows].sort((a, b) => b.weight - a.weight).slice(0, BREAKDOWN_ROWS));
    note = `  … ${rows.length - BREAKDOWN_ROWS} more ${noun} with fewer (irqs.csv, cpus.csv have every row)`;
    rows = rows.filter((r) => keep.has(r));
  }
  const lines = ['', title, ...alignColumns([table.header, ...rows.map((r) => r.cells)])];
  if (note !== '') lines.push(note);
  return `${lines.join('\n')}\n`;
}

function fateCells(t: ScopeTable, values: readonly number[]): string[] {
  return ['triggered', 'handled', 'coalesced', 'lost'].map((name) => formatCount(values[col(t, name)]));
}

function peerRows(s: MetricsSnapshot): { header: string[]; rows: Ranked[] } {
  const t = s.peers;
  const perPeerLatency = s.latency.some((l) => l.scope !== 'all');
  const header = ['peer', 'triggered', 'handled', 'coalesced', 'lost', ...(perPeerLatency ? ['e2e p50', 'e2e p99'] : [])];
  const rows = t.rows.map((r): Ranked => {
    const cells = [r.name, ...fateCells(t, r.values)];
    if (perPeerLatency) {
      const l = s.latency.find((x) => x.stage === 'end_to_end' && x.scope === r.name);
      cells.push(l === undefined || l.count === 0 ? '-' : formatNs(l.p50Ns), l === undefined || l.count === 0 ? '-' : formatNs(l.p99Ns));
    }
    return { weight: r.values[col(t, 'triggered')], cells };
  });
  return { header, rows };
}

function irqRows(s: MetricsSnapshot, view: KernelView): { header: string[]; rows: Ranked[] } {
  const t = s.irqs;
  const rows: Ranked[] = [];
  for (const r of t.rows) {
    const irq = view.irqs[r.id];
    if (irq === undefined || irq.actionName === null) continue;
    const placed = irq.vector !== 0;
    rows.push({
      weight: r.values[col(t, 'triggered')],
      cells: [String(r.id), r.name, placed ? String(irq.cpu) : '-', placed ? String(irq.vector) : '-', ...fateCells(t, r.values)],
    });
  }
  return { header: ['irq', 'name', 'cpu', 'vector', 'triggered', 'handled', 'coalesced', 'lost'], rows };
}

function cpuRows(s: MetricsSnapshot): { header: string[]; rows: Ranked[] } {
  const t = s.cpus;
  const names = ['interrupts', 'eois', 'ipis', 'vector_cleanups'];
  const rows = t.rows.map(
    (r): Ranked => ({
      weight: r.values[col(t, 'interrupts')],
      cells: [String(r.id), ...names.map((n) => formatCount(r.values[col(t, n)])), formatPercent(r.values[col(t, 'utilisation')])],
    }),
  );
  return { header: ['cpu', ...names, 'utilisation'], rows };
}
