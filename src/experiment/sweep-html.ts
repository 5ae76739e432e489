/**
 * sweep.html: the sweep's curves (a metric against an axis, one line per value of another axis
 * or per id of a starred metric, a band for the 95 % CI across seeds), one chart per value of
 * any remaining axes, and a table of every point's means. A self-contained page (inline SVG, no
 * script), drawn with the shared plotting module.
 */
import { htmlPage, htmlTable, note, plotFigure, type PageSection } from '../report/html/index.js';
import { barChart, lineChart, renderSvg, type ChartRow } from '../report/plot/index.js';
import { axisValueText } from './axis-values.js';
import { formatEstimate } from './compare-table.js';
import type { ExperimentSpec } from './experiment.js';
import { parseMetricSelector, type MetricSelector } from './metric-selector.js';
import type { PlotSpec } from './plan-schema.js';
import type { SweepAggregates } from './sweep-results.js';

/** Most charts one plot spec expands to (one per combination of the other axes' values). */
const MAX_CHARTS_PER_PLOT = 12;

/** What the page says about where the results came from. */
export interface SweepPageInfo {
  readonly irqstorm: string;
  readonly commit: string;
  readonly runs: string;
}

function numericAxis(spec: ExperimentSpec, a: number): boolean {
  return spec.axes[a].values.every((v) => typeof v === 'number');
}

/** The plots to draw: the plan's, or per metric the first numeric axis against the next axis. */
export function defaultPlots(spec: ExperimentSpec): PlotSpec[] {
  if (spec.plots.length > 0) return [...spec.plots];
  const xAxis = spec.axes.findIndex((_, i) => numericAxis(spec, i));
  const x = spec.axes[xAxis === -1 ? 0 : xAxis]?.path;
  if (x === undefined) return [];
  const series = spec.axes.find((a) => a.path !== x)?.path;
  return spec.metrics.map((y) => ({ x, y, ...(series === undefined ? {} : { series }) }));
}

function titleOf(sel: MetricSelector, unit: string): string {
  const u = unit === 'fraction' ? '' : unit === 'Hz' ? ' (/s)' : unit === 'count' ? '' : ` (${unit})`;
  return `${sel.text}${u}`;
}

/** The charts of one plot spec: for each combination of the axes it does not use, one chart. */
async function plotCharts(spec: ExperimentSpec, aggregates: SweepAggregates, plot: PlotSpec, n: number): Promise<string[]> {
  const sel = parseMetricSelector(plot.y);
  const xi = spec.axes.findIndex((a) => a.path === plot.x);
  const si = plot.series === undefined ? -1 : spec.axes.findIndex((a) => a.path === plot.series);
  // Axes that move with x (explicit points listing both peers' rates together) do not split charts.
  const followsX = (j: number): boolean => {
    const seen = new Map<string, string>();
    return spec.points.every((p) => {
      const k = axisValueText(p.values[xi]);
      const v = axisValueText(p.values[j]);
      return (seen.get(k) ?? seen.set(k, v).get(k)) === v;
    });
  };
  const rest = spec.axes.map((_, i) => i).filter((i) => i !== xi && i !== si && !followsX(i));
  const groups = new Map<string, number[]>();
  for (const p of spec.points) {
    const key = rest.map((i) => `${spec.axes[i].path}=${axisValueText(p.values[i])}`).join(', ');
    groups.set(key, [...(groups.get(key) ?? []), p.index]);
  }
  const numeric = numericAxis(spec, xi);
  const xs = spec.axes[xi].values.filter((v): v is number => typeof v === 'number');
  const log = numeric && xs.length > 1 && xs.every((v) => v > 0) && Math.max(...xs) / Math.min(...xs) >= 20;
  const out: string[] = [];
  let g = 0;
  for (const [key, members] of groups) {
    if (g++ >= MAX_CHARTS_PER_PLOT) break;
    const rows: ChartRow[] = [];
    let unit = '';
    for (const pi of members) {
      const point = spec.points[pi];
      for (const [name, m] of aggregates[pi]) {
        if (m.scope !== sel.scope || m.metric !== sel.metric || (sel.id !== '*' && m.id !== sel.id)) continue;
        const e = m.stats.estimate();
        unit = m.unit;
        const parts = [si >= 0 ? axisValueText(point.values[si]) : '', sel.id === '*' ? m.id : ''].filter((s) => s !== '');
        const hw = Number.isNaN(e.halfWidth) ? 0 : e.halfWidth;
        rows.push({
          x: numeric ? (point.values[xi] as number) : axisValueText(point.values[xi]),
          y: e.mean,
          lo: e.mean - hw,
          hi: e.mean + hw,
          series: parts.length === 0 ? name : parts.join(' '),
        });
      }
    }
    const seriesTitle = [si >= 0 ? spec.axes[si].path : '', sel.id === '*' ? sel.scope : ''].filter((s) => s !== '').join(' / ') || 'metric';
    const title = `${plot.title ?? sel.text}${key === '' ? '' : ` (${key})`}`;
    const yAxis = { field: 'y', title: titleOf(sel, unit), ...(unit === 'fraction' ? { format: '.0%' } : unit === 'ns' || unit === 'Hz' ? { format: '~s' } : {}) };
    const chart = numeric
      ? lineChart({ title, data: rows, x: { field: 'x', title: plot.x, ...(log ? { scale: 'log' as const, format: '~s' } : {}) }, y: yAxis, series: { field: 'series', title: seriesTitle }, band: { lo: 'lo', hi: 'hi' }, points: true })
      : barChart({ title, data: rows, category: { field: 'x', title: plot.x }, value: yAxis, series: { field: 'series', title: seriesTitle }, error: { lo: 'lo', hi: 'hi' } });
    out.push(plotFigure(`plot-${n}-${g}`, await renderSvg(chart), `${sel.text}: mean across ${spec.seeds.length} seeds, band: 95 % confidence interval`));
  }
  if (groups.size > MAX_CHARTS_PER_PLOT) out.push(note(`${groups.size - MAX_CHARTS_PER_PLOT} more charts of ${plot.y} not drawn; sweep.csv has every value.`));
  return out;
}

/** The page's HTML. */
export async function sweepHtml(spec: ExperimentSpec, aggregates: SweepAggregates, info: SweepPageInfo): Promise<string> {
  const plots = defaultPlots(spec);
  const figures: string[] = [];
  for (let i = 0; i < plots.length; i++) figures.push(...(await plotCharts(spec, aggregates, plots[i], i)));
  const names = [...new Set(aggregates.flatMap((m) => [...m.keys()]))];
  const table = htmlTable(
    [
      { label: 'point', cell: (i: number) => String(i), numeric: true },
      ...spec.axes.map((a, ai) => ({ label: a.path, cell: (i: number) => axisValueText(spec.points[i].values[ai]) })),
      ...names.map((name) => ({
        label: name,
        numeric: true,
        cell: (i: number) => {
          const m = aggregates[i].get(name);
          return m === undefined ? '-' : formatEstimate(m.stats.estimate(), m.unit);
        },
      })),
    ],
    spec.points.map((p) => p.index),
    `mean ± 95 % confidence interval across ${spec.seeds.length} seeds`,
  );
  const sections: PageSection[] = [
    { id: 'curves', heading: 'Curves', body: figures.length > 0 ? figures.join('\n') : note('No plot: the plan has no axis to draw against.') },
    { id: 'points', heading: 'Points', body: table },
  ];
  return htmlPage({
    title: `irqstorm sweep: ${spec.name}`,
    lead: [spec.description, `${spec.points.length} points × ${spec.seeds.length} seeds (${spec.seeds.join(', ')}); ${info.runs}`],
    sections,
    footer: `irqstorm ${info.irqstorm} (${info.commit}); sweep.csv holds every run's values`,
  });
}
