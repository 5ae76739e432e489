/**
 * report.html: one run as a self-contained page (inline SVG, no script, no network): the
 * question the workload asks, the summary tables, each stage's latency distribution, the time
 * series with warm-up and affinity changes marked, and where every irq ended up.
 */
import type { KernelView } from '../metrics/kernel-view.js';
import type { MetricsSnapshot, ScopeTable, SummaryRow } from '../metrics/metrics.js';
import { htmlPage, htmlTable, note, plotFigure, sideBySide, type PageSection, type TableColumn } from './html/index.js';
import { renderSvg } from './plot/index.js';
import { latencyCcdf, scopeRateChart, stageHistograms, timeSeriesCharts, type Chart, type TimeMark } from './run-report-charts.js';
import { chooseScopeRows, type SeriesChoice } from './scope-series-rows.js';
import { formatCount, formatNs, formatPercent, formatRate } from './summary-table.js';

export type { TimeMark } from './run-report-charts.js';

/** Rows a table on the page shows at most (the busiest); the CSV files have every row. */
export const PAGE_TABLE_ROWS = 256;

/** What the page is made from: plain data only. */
export interface RunReportInput {
  /** The workload's name (its file name without extension) and its description: the question. */
  readonly name: string;
  readonly description: string;
  /** One line on the run: peers, device, CPUs, remapping, duration, seed. */
  readonly setup: string;
  readonly snapshot: MetricsSnapshot;
  readonly view: KernelView;
  /** Affinity changes (and any other instants) to mark on the time series. */
  readonly marks: readonly TimeMark[];
  /** Which irqs' and peers' series to draw (as series.csv has them). */
  readonly series: SeriesChoice;
  readonly interrupted: boolean;
  /** Generator, version and commit. */
  readonly footer: string;
}

/** The whole page. Plots render headless (Vega), so this takes a moment for a big run. */
export async function buildRunReport(input: RunReportInput): Promise<string> {
  const s = input.snapshot;
  const latencyCharts = [...stageHistograms(s)];
  const ccdf = latencyCcdf(s);
  if (ccdf !== null) latencyCharts.unshift(ccdf);
  const seriesCharts = timeSeriesCharts(s, input.marks);
  const scope = scopeRateChart(s, chooseScopeRows(s.scopeSeries, input.series), input.marks);
  if (scope !== null) seriesCharts.push(scope);
  const lead = [input.description, input.setup];
  if (input.interrupted) lead.push(`Stopped early at ${formatNs(s.run.endNs)} of ${formatNs(s.run.durationNs)}: everything below covers the time simulated.`);
  const sections: PageSection[] = [
    { id: 'summary', heading: 'Summary', body: summaryBody(s) },
    { id: 'latency', heading: 'Latency', body: await figures(latencyCharts) },
    { id: 'series', heading: 'Over time', body: await figures(seriesCharts) },
    { id: 'placement', heading: 'Where each irq sits', body: placementBody(s, input.view) },
  ];
  return htmlPage({ title: `irqstorm: ${input.name}`, lead, sections, footer: input.footer });
}

async function figures(charts: readonly Chart[]): Promise<string> {
  const out: string[] = [];
  for (const c of charts) out.push(plotFigure(c.name, await renderSvg(c.spec), c.caption));
  return out.join('\n');
}

function value(rows: readonly SummaryRow[], scope: string, id: string, metric: string): number {
  return rows.find((r) => r.scope === scope && r.id === id && r.metric === metric)?.value ?? Number.NaN;
}

type Pair = readonly [string, string];
const pairColumns = (first: string, second: string): TableColumn<Pair>[] => [
  { label: first, cell: (r) => r[0] },
  { label: second, cell: (r) => r[1], numeric: true },
];

function summaryBody(s: MetricsSnapshot): string {
  const sum = s.summary;
  const parts: string[] = [];
  const rates: Pair[] = ['triggered', 'handled', 'coalesced', 'lost'].map((m) => [m, formatRate(value(sum, 'run', '', `${m}_rate`))]);
  parts.push(htmlTable(pairColumns('fate', 'rate'), rates, 'Throughput (statistics window)'));
  const fates: Pair[] = sum
    .filter((r) => r.scope === 'fate' && r.metric !== 'identity_violations' && (r.value !== 0 || !/^(coalesced|lost)_/.test(r.metric)))
    .map((r) => [r.metric, formatCount(r.value)]);
  parts.push(htmlTable(pairColumns('fate', 'count'), fates, 'Trigger fates (whole run)'));
  const stageColumns: TableColumn<MetricsSnapshot['latency'][number]>[] = [
    { label: 'stage', cell: (l) => l.stage },
    { label: 'count', cell: (l) => formatCount(l.count), numeric: true },
    ...(['meanNs', 'p50Ns', 'p90Ns', 'p99Ns', 'p999Ns', 'maxNs'] as const).map((k) => ({
      label: k.replace('Ns', '').replace('p999', 'p99.9'),
      cell: (l: MetricsSnapshot['latency'][number]) => (l.count === 0 ? '-' : formatNs(l[k])),
      numeric: true,
    })),
  ];
  parts.push(htmlTable(stageColumns, s.latency.filter((l) => l.scope === 'all'), 'Latency (statistics window)'));
  const cpus: Pair[] = sum.filter((r) => r.scope === 'cpu' && r.metric === 'utilisation').map((r) => [`cpu${r.id}`, formatPercent(r.value)]);
  parts.push(htmlTable(pairColumns('CPU', 'utilisation'), cpus, 'CPU (statistics window)'));
  const iec = sum.filter((r) => r.scope === 'iec');
  if (iec.length > 0) {
    const rows: Pair[] = iec.map((r) => [r.metric.replace('_', ' '), r.unit === 'fraction' ? `${(r.value * 100).toPrecision(3)} %` : formatCount(r.value)]);
    parts.push(htmlTable(pairColumns('IRTE lookups', 'value'), rows, 'Interrupt Entry Cache (whole run)'));
  }
  const out = [sideBySide(parts)];
  if (s.peers.rows.length > 0) out.push(fateTable(s.peers, 'peer', 'Per peer (fates: whole run; end-to-end latency: statistics window)', s));
  if (s.peers.rows.length > PAGE_TABLE_ROWS) out.push(note(`The ${PAGE_TABLE_ROWS} peers with the most triggers of ${s.peers.rows.length}; irqs.csv has every peer.`));
  if (s.identityViolations.length > 0) out.push(note(`The accounting identity does not hold: ${s.identityViolations.map((v) => v.message).join('; ')}`));
  return out.join('\n');
}

/** Fates of every row of a scope table, with end-to-end p50/p99 when per-peer latency exists. */
function fateTable(t: ScopeTable, label: string, caption: string, s: MetricsSnapshot): string {
  const col = (name: string): number => t.columns.findIndex((c) => c.name === name);
  const e2e = (name: string) => s.latency.find((l) => l.stage === 'end_to_end' && l.scope === name);
  const columns: TableColumn<ScopeTable['rows'][number]>[] = [
    { label, cell: (r) => r.name },
    ...['triggered', 'handled', 'coalesced', 'lost', 'in_flight'].map((name) => ({
      label: name.replace('_', ' '),
      cell: (r: ScopeTable['rows'][number]) => formatCount(r.values[col(name)]),
      numeric: true,
    })),
    { label: 'e2e p50', cell: (r) => latencyCell(e2e(r.name), 'p50Ns'), numeric: true },
    { label: 'e2e p99', cell: (r) => latencyCell(e2e(r.name), 'p99Ns'), numeric: true },
  ];
  return htmlTable(columns, busiest(t.rows, (r) => r.values[col('triggered')]), caption);
}

/** The PAGE_TABLE_ROWS rows with the largest `weight`, in their own order. */
function busiest<Row>(rows: readonly Row[], weight: (r: Row) => number): readonly Row[] {
  if (rows.length <= PAGE_TABLE_ROWS) return rows;
  const keep = new Set([...rows].sort((a, b) => weight(b) - weight(a)).slice(0, PAGE_TABLE_ROWS));
  return rows.filter((r) => keep.has(r));
}

function latencyCell(l: MetricsSnapshot['latency'][number] | undefined, k: 'p50Ns' | 'p99Ns'): string {
  return l === undefined || l.count === 0 ? '-' : formatNs(l[k]);
}

function placementBody(s: MetricsSnapshot, view: KernelView): string {
  const byId = new Map(s.irqs.rows.map((r) => [r.id, r]));
  const fateValue = (virq: number, name: string): number => {
    const row = byId.get(virq);
    return row === undefined ? Number.NaN : row.values[s.irqs.columns.findIndex((c) => c.name === name)];
  };
  const fate = (virq: number, name: string): string => (Number.isNaN(fateValue(virq, name)) ? '-' : formatCount(fateValue(virq, name)));
  type Irq = KernelView['irqs'][number];
  const columns: TableColumn<Irq>[] = [
    { label: 'irq', cell: (i) => String(i.virq), numeric: true },
    { label: 'name', cell: (i) => i.name },
    { label: 'action', cell: (i) => i.actionName ?? '' },
    { label: 'chip', cell: (i) => i.levels[0]?.chip ?? '' },
    { label: 'affinity', cell: (i) => i.affinity, title: 'smp_affinity_list' },
    { label: 'effective', cell: (i) => i.effective, title: 'effective_affinity_list' },
    { label: 'cpu', cell: (i) => (i.vector === 0 ? '-' : String(i.cpu)), numeric: true },
    { label: 'vector', cell: (i) => (i.vector === 0 ? '-' : String(i.vector)), numeric: true },
    { label: 'IRTE', cell: (i) => (i.irteIndex < 0 ? '-' : String(i.irteIndex)), numeric: true },
    { label: 'interrupts', cell: (i) => i.kstat.map(formatCount).join(' / '), numeric: true, title: 'per CPU, as /proc/interrupts counts them (whole run)' },
    ...['triggered', 'handled', 'coalesced', 'lost'].map((name) => ({ label: name, cell: (i: Irq) => fate(i.virq, name), numeric: true })),
  ];
  const requested = view.irqs.filter((i) => i.actionName !== null);
  const shown = busiest(requested, (i) => fateValue(i.virq, 'triggered'));
  const left = view.irqs.length - requested.length;
  const pmn = view.archRows.find((a) => a.name === 'PMN');
  return [
    htmlTable(columns, shown, 'Requested irqs at the end of the run (interrupts.txt, irq-debugfs.txt and irqs.csv have the rest)'),
    shown.length < requested.length ? note(`The ${shown.length} irqs with the most triggers of ${requested.length} requested.`) : '',
    left > 0 ? note(`${left} allocated irqs have no handler requested and are not listed.`) : '',
    pmn === undefined ? '' : note(`Posted MSI notifications per CPU: ${pmn.perCpu.map(formatCount).join(' / ')}.`),
  ].join('\n');
}
