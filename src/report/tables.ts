/**
 * src/report/: the run's output files (no kernel counterpart): CSV tables, the summary, atomic
 * writes.
 *
 * From a metrics snapshot to the run's CSV tables: summary, cpus, irqs, latency, series and
 * percentiles. Column lists and descriptions are exported so the README's table reference can be
 * generated from the same source the files are written from.
 */
import { FATE_EXPORT_COLUMNS } from '../metrics/accounting.js';
import type { CounterColumn } from '../metrics/counters.js';
import {
  CPU_BUSY_COLUMNS,
  DEFAULT_CPU_COUNTERS,
  DEFAULT_IRQ_COUNTERS,
  DEFAULT_PEER_COUNTERS,
  type MetricsSnapshot,
  type ScopeTable,
} from '../metrics/metrics.js';
import type { KernelView } from '../metrics/kernel-view.js';
import type { CsvCell, CsvColumn, CsvTable } from './csv.js';
import { PLACEMENT_COLUMNS, withPlacementColumns } from './irq-placement.js';
import { withScopeSeries, type SeriesChoice } from './scope-series-rows.js';

export const SUMMARY_COLUMNS: readonly CsvColumn[] = [
  { name: 'scope', unit: '', description: 'what the value is about: run, fate, stage, cpu or iec (with remapping)' },
  { name: 'id', unit: '', description: 'which one within the scope (stage name, cpu number; all for fate and iec; empty for run)' },
  { name: 'metric', unit: '', description: 'metric name' },
  { name: 'value', unit: '', description: 'the value, in the unit of the next column; empty for the latencies of a stage without samples' },
  { name: 'unit', unit: '', description: 'unit of value: count, ns, Hz or fraction' },
];

export const CPU_LEADING_COLUMNS: readonly CsvColumn[] = [{ name: 'cpu', unit: '', description: 'CPU number' }];

export const IRQ_LEADING_COLUMNS: readonly CsvColumn[] = [
  { name: 'scope', unit: '', description: 'irq (one row per requested virtual irq, and any other that counted something) or peer (one row per NTB peer)' },
  { name: 'id', unit: '', description: 'irq or peer row number' },
  { name: 'name', unit: '', description: 'display name, e.g. peer3/q0' },
];

export const LATENCY_COLUMNS: readonly CsvColumn[] = [
  { name: 'stage', unit: '', description: 'latency stage (see stages)' },
  { name: 'scope', unit: '', description: "all, or one peer's name" },
  { name: 'value_ns_low', unit: 'ns', description: 'lowest value counted in this bucket (inclusive)' },
  { name: 'value_ns_high', unit: 'ns', description: 'highest value counted in this bucket (inclusive)' },
  { name: 'count', unit: 'count', description: 'samples in the bucket; only non-empty buckets are listed' },
];

export const SERIES_COLUMNS: readonly CsvColumn[] = [
  { name: 'interval_start_ns', unit: 'ns', description: 'start of the interval; one that starts before warmup_ns holds warm-up (all of it, or up to warmup_ns)' },
  { name: 'metric', unit: '', description: 'series metric name' },
  { name: 'scope', unit: '', description: "all; cpu<N> for per-CPU series; an irq's name (peer3/q0) or a peer's name for per-irq and per-peer fate series" },
  { name: 'value', unit: '', description: 'rate (Hz), mean (ns) or busy fraction over the interval' },
  { name: 'count', unit: 'count', description: 'events behind a rate (triggers, handled, lost…) or samples behind a mean; empty for a busy fraction' },
];

export const PERCENTILE_COLUMNS: readonly CsvColumn[] = [
  { name: 'stage', unit: '', description: 'latency stage' },
  { name: 'scope', unit: '', description: "all, or one peer's name" },
  { name: 'count', unit: 'count', description: 'samples after warm-up; 0 leaves the cells after it empty' },
  { name: 'mean_ns', unit: 'ns', description: 'exact mean' },
  { name: 'p50_ns', unit: 'ns', description: 'median, within 0.1 %' },
  { name: 'p90_ns', unit: 'ns', description: '90th percentile, within 0.1 %' },
  { name: 'p99_ns', unit: 'ns', description: '99th percentile, within 0.1 %' },
  { name: 'p999_ns', unit: 'ns', description: '99.9th percentile, within 0.1 %' },
  { name: 'max_ns', unit: 'ns', description: 'exact maximum (before clamping)' },
];

const FILE_DESCRIPTIONS = {
  summary: 'one row per metric and scope: run totals, rates over the statistics window, stage latencies, CPU use',
  cpus: 'per-CPU counters, busy time and utilisation over the statistics window',
  irqs: 'per-irq and per-peer trigger fates (whole run) and counters (statistics window)',
  latency: 'latency histogram buckets per stage and scope (statistics window)',
  series: 'per-interval time series over the whole run, warm-up included (a run stopped early: up to where it stopped)',
  percentiles: 'latency percentiles per stage and scope (statistics window)',
} as const;

/** What a run's tables may add to the snapshot's: the irqs' placement, the per-irq and per-peer series. */
export interface TableExtras {
  /** irqs.csv gains the placement columns. */
  readonly view?: KernelView;
  /** series.csv gains these irqs' and peers' fate series. */
  readonly series?: SeriesChoice;
}

/** The six tables of a run, in file-name order of the run directory. */
export function buildTables(s: MetricsSnapshot, extras: TableExtras = {}): CsvTable[] {
  const irqs = extras.view === undefined ? irqsTable(s) : withPlacementColumns(irqsTable(s), extras.view);
  const series = extras.series === undefined ? seriesTable(s) : withScopeSeries(seriesTable(s), s.scopeSeries, extras.series);
  return [summaryTable(s), cpusTable(s), irqs, latencyTable(s), series, percentilesTable(s)];
}

export function summaryTable(s: MetricsSnapshot): CsvTable {
  return {
    file: 'summary.csv',
    description: FILE_DESCRIPTIONS.summary,
    columns: SUMMARY_COLUMNS,
    rows: s.summary.map((r) => [r.scope, r.id, r.metric, r.value, r.unit]),
  };
}

export function cpusTable(s: MetricsSnapshot): CsvTable {
  return {
    file: 'cpus.csv',
    description: FILE_DESCRIPTIONS.cpus,
    columns: [...CPU_LEADING_COLUMNS, ...s.cpus.columns],
    rows: s.cpus.rows.map((r) => [r.id, ...r.values]),
  };
}

/**
 * irqs.csv holds both scopes: the fate columns are shared, then the irq counters, then the peer
 * counters; a row leaves the other scope's counter cells empty.
 */
export function irqsTable(s: MetricsSnapshot): CsvTable {
  const fateCount = FATE_EXPORT_COLUMNS.length;
  const irqExtra = s.irqs.columns.slice(fateCount);
  const peerExtra = s.peers.columns.slice(fateCount);
  const rows: CsvCell[][] = [];
  const emit = (t: ScopeTable, before: number, after: number): void => {
    for (const r of t.rows) {
      rows.push([
        t.scope,
        r.id,
        r.name,
        ...r.values.slice(0, fateCount),
        ...blanks(before),
        ...r.values.slice(fateCount),
        ...blanks(after),
      ]);
    }
  };
  emit(s.irqs, 0, peerExtra.length);
  emit(s.peers, irqExtra.length, 0);
  return {
    file: 'irqs.csv',
    description: FILE_DESCRIPTIONS.irqs,
    columns: [...IRQ_LEADING_COLUMNS, ...FATE_EXPORT_COLUMNS, ...prefixed('irq', irqExtra), ...prefixed('peer', peerExtra)],
    rows,
  };
}

export function latencyTable(s: MetricsSnapshot): CsvTable {
  const rows: CsvCell[][] = [];
  for (const l of s.latency) for (const b of l.buckets) rows.push([l.stage, l.scope, b.lowNs, b.highNs, b.count]);
  return { file: 'latency.csv', description: FILE_DESCRIPTIONS.latency, columns: LATENCY_COLUMNS, rows };
}

export function seriesTable(s: MetricsSnapshot): CsvTable {
  return {
    file: 'series.csv',
    description: FILE_DESCRIPTIONS.series,
    columns: SERIES_COLUMNS,
    rows: s.series.map((p) => [p.intervalStartNs, p.metric, p.scope, p.value, p.count]),
  };
}

export function percentilesTable(s: MetricsSnapshot): CsvTable {
  return {
    file: 'percentiles.csv',
    description: FILE_DESCRIPTIONS.percentiles,
    columns: PERCENTILE_COLUMNS,
    rows: s.latency.map((l) => [l.stage, l.scope, l.count, l.meanNs, l.p50Ns, l.p90Ns, l.p99Ns, l.p999Ns, l.maxNs]),
  };
}

/** File name, description and columns of every table with the default counter sets, for the README. */
export function tableDocs(): { file: string; description: string; columns: readonly CsvColumn[] }[] {
  const fateCount = FATE_EXPORT_COLUMNS.length;
  return [
    { file: 'summary.csv', description: FILE_DESCRIPTIONS.summary, columns: SUMMARY_COLUMNS },
    {
      file: 'cpus.csv',
      description: FILE_DESCRIPTIONS.cpus,
      columns: [...CPU_LEADING_COLUMNS, ...DEFAULT_CPU_COUNTERS, ...CPU_BUSY_COLUMNS],
    },
    {
      file: 'irqs.csv',
      description: FILE_DESCRIPTIONS.irqs,
      columns: [
        ...IRQ_LEADING_COLUMNS,
        ...FATE_EXPORT_COLUMNS.slice(0, fateCount),
        ...prefixed('irq', DEFAULT_IRQ_COUNTERS),
        ...prefixed('peer', DEFAULT_PEER_COUNTERS),
        ...PLACEMENT_COLUMNS,
      ],
    },
    { file: 'latency.csv', description: FILE_DESCRIPTIONS.latency, columns: LATENCY_COLUMNS },
    { file: 'series.csv', description: FILE_DESCRIPTIONS.series, columns: SERIES_COLUMNS },
    { file: 'percentiles.csv', description: FILE_DESCRIPTIONS.percentiles, columns: PERCENTILE_COLUMNS },
  ];
}

/** Scope-specific counters get a scope prefix in irqs.csv, so irq and peer columns cannot collide. */
function prefixed(scope: string, cols: readonly CounterColumn[]): CsvColumn[] {
  return cols.map((c) => ({ name: `${scope}_${c.name}`, unit: c.unit, description: `${scope} rows: ${c.description}` }));
}

function blanks(n: number): string[] {
  return new Array<string>(n).fill('');
}
