/**
 * The chart shapes irqstorm's reports draw, as Vega-Lite specs built from plain rows: a line
 * chart (optionally one line per series, confidence bands and labelled vertical rules), a bar
 * chart with error bars, and a histogram over bucket bounds. Every chart states its axes' titles
 * and units; a log scale is asked for by name. Render with renderSvg().
 */
import type { TopLevelSpec } from 'vega-lite';

/** One row of a chart's data: field name → number or string. */
export type ChartRow = Readonly<Record<string, number | string | null>>;

export type ScaleKind = 'linear' | 'log';

export interface AxisSpec {
  /** The row field plotted on this axis. */
  readonly field: string;
  /** The axis title, with its unit, e.g. "latency (ns)". */
  readonly title: string;
  readonly scale?: ScaleKind;
  /** A d3-format string for the tick labels, e.g. "~s" (SI prefixes) or ".0%". */
  readonly format?: string;
}

export interface SeriesSpec {
  /** The row field naming the series (one line, bar group or band per value). */
  readonly field: string;
  readonly title: string;
}

export interface RuleSpec {
  /** Where the vertical rule stands, in the x field's unit. */
  readonly at: number;
  readonly label: string;
}

export interface ChartSize {
  readonly width?: number;
  readonly height?: number;
}

export interface LineChartSpec extends ChartSize {
  readonly title: string;
  readonly data: readonly ChartRow[];
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  readonly series?: SeriesSpec;
  /** A band from `lo` to `hi` (row fields) around each line, e.g. a 95 % confidence interval. */
  readonly band?: { readonly lo: string; readonly hi: string };
  /** Vertical rules with a label (warm-up end, an affinity change). */
  readonly rules?: readonly RuleSpec[];
  /** Draw a point at every row (for sparse data such as a sweep's points). */
  readonly points?: boolean;
  /** Draw steps (the value holds until the next x), for per-interval series. */
  readonly step?: boolean;
}

export interface BarChartSpec extends ChartSize {
  readonly title: string;
  readonly data: readonly ChartRow[];
  /** The categorical axis (one bar, or one group of bars, per value). */
  readonly category: { readonly field: string; readonly title: string };
  readonly value: AxisSpec;
  /** Bars side by side per category, one per series value. */
  readonly series?: SeriesSpec;
  /** Error bars from `lo` to `hi` (row fields). */
  readonly error?: { readonly lo: string; readonly hi: string };
}

export interface HistogramSpec extends ChartSize {
  readonly title: string;
  /** One row per bucket: its low and high bound and its count (or density). */
  readonly data: readonly ChartRow[];
  readonly low: string;
  readonly high: string;
  readonly count: AxisSpec;
  /** The bucket-bound axis title and scale; `domain` fixes its range (else the data's). */
  readonly x: { readonly title: string; readonly scale?: ScaleKind; readonly format?: string; readonly domain?: readonly [number, number] };
  readonly series?: SeriesSpec;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const DEFAULT_WIDTH = 560;
const DEFAULT_HEIGHT = 260;
/** Plain, legible defaults; no external fonts (the reports open offline). */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' as const },
  view: { stroke: '#ccc' },
};

function scaleOf(kind: ScaleKind | undefined): { type: ScaleKind; zero?: boolean; nice?: boolean } {
  // A log axis rounded out to whole decades wastes most of its width on empty decades.
  return kind === 'log' ? { type: 'log', nice: false } : { type: 'linear', zero: false };
}

function axisOf(spec: { title: string; format?: string }): Record<string, unknown> {
  return spec.format === undefined ? { title: spec.title } : { title: spec.title, format: spec.format };
}

function colorOf(series: SeriesSpec | undefined): Record<string, unknown> {
  return series === undefined ? {} : { color: { field: series.field, type: 'nominal', title: series.title } };
}

/** Rows as the spec's inline data (copied, so the caller's rows are never touched by Vega). */
function values(rows: readonly ChartRow[]): Record<string, number | string | null>[] {
  return rows.map((r) => ({ ...r }));
}

/** Rows a log axis can show: a value ≤ 0 has no place on it. */
function positiveOn(rows: readonly ChartRow[], fields: readonly string[]): readonly ChartRow[] {
  return rows.filter((r) => fields.every((f) => typeof r[f] === 'number' && (r[f] as number) > 0));
}

function ruleLayers(rules: readonly RuleSpec[] | undefined): object[] {
  if (rules === undefined || rules.length === 0) return [];
  const data = { values: rules.map((r) => ({ at: r.at, label: r.label })) };
  return [
    { data, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: { field: 'at', type: 'quantitative' } } },
    {
      data,
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 2, fontSize: 10, color: '#555' },
      encoding: { x: { field: 'at', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
    },
  ];
}

/** What every chart's top level holds: the schema, its title, its size and the shared look. */
function frame(spec: ChartSize & { readonly title: string }): object {
  return { $schema: SCHEMA, title: spec.title, width: spec.width ?? DEFAULT_WIDTH, height: spec.height ?? DEFAULT_HEIGHT, config: CONFIG };
}

/** A line chart: y against x, one line per series value, with optional bands and rules. */
export function lineChart(spec: LineChartSpec): TopLevelSpec {
  const logFields = [spec.x.scale === 'log' ? spec.x.field : '', spec.y.scale === 'log' ? spec.y.field : ''].filter((f) => f !== '');
  const rows = logFields.length > 0 ? positiveOn(spec.data, logFields) : spec.data;
  const x = { field: spec.x.field, type: 'quantitative', scale: scaleOf(spec.x.scale), axis: axisOf(spec.x) };
  const y = { field: spec.y.field, type: 'quantitative', scale: scaleOf(spec.y.scale), axis: axisOf(spec.y) };
  const layers: object[] = [];
  if (spec.band !== undefined) {
    layers.push({
      mark: { type: 'area', opacity: 0.18, ...(spec.step ? { interpolate: 'step-after' } : {}) },
      encoding: {
        x,
        y: { field: spec.band.lo, type: 'quantitative', scale: scaleOf(spec.y.scale), axis: axisOf(spec.y) },
        y2: { field: spec.band.hi },
        ...colorOf(spec.series),
      },
    });
  }
  layers.push({
    mark: { type: 'line', point: spec.points === true, ...(spec.step ? { interpolate: 'step-after' } : {}) },
    encoding: { x, y, ...colorOf(spec.series) },
  });
  const top = {
    ...frame(spec),
    layer: [{ data: { values: values(rows) }, layer: layers }, ...ruleLayers(spec.rules)],
  };
  return top as unknown as TopLevelSpec;
}

/** A bar chart: one bar per category (or a group per category, one bar per series value), with error bars. */
export function barChart(spec: BarChartSpec): TopLevelSpec {
  const category = { field: spec.category.field, type: 'nominal', title: spec.category.title, sort: null, axis: { labelAngle: 0 } };
  const value = { field: spec.value.field, type: 'quantitative', scale: scaleOf(spec.value.scale), axis: axisOf(spec.value) };
  const offset = spec.series === undefined ? {} : { xOffset: { field: spec.series.field, type: 'nominal', sort: null } };
  const layers: object[] = [{ mark: { type: 'bar' }, encoding: { x: category, y: value, ...offset, ...colorOf(spec.series) } }];
  if (spec.error !== undefined) {
    layers.push({
      mark: { type: 'errorbar', ticks: { size: 10, color: '#222' }, rule: { color: '#222' } },
      encoding: {
        x: category,
        y: { field: spec.error.lo, type: 'quantitative', scale: scaleOf(spec.value.scale), title: spec.value.title },
        y2: { field: spec.error.hi },
        ...offset,
      },
    });
  }
  const top = {
    ...frame(spec),
    data: { values: values(spec.data) },
    layer: layers,
  };
  return top as unknown as TopLevelSpec;
}

/** A histogram over explicit bucket bounds (e.g. an HDR histogram's non-empty buckets). */
export function histogramChart(spec: HistogramSpec): TopLevelSpec {
  const rows = spec.x.scale === 'log' ? positiveOn(spec.data, [spec.low, spec.high]) : spec.data;
  const domain = spec.x.domain === undefined ? {} : { domain: [...spec.x.domain] };
  const x = { field: spec.low, type: 'quantitative', scale: { ...scaleOf(spec.x.scale), ...domain }, axis: axisOf(spec.x) };
  const top = {
    ...frame(spec),
    data: { values: values(rows) },
    mark: { type: 'rect', opacity: spec.series === undefined ? 0.85 : 0.5 },
    encoding: {
      x,
      x2: { field: spec.high },
      y: { field: spec.count.field, type: 'quantitative', scale: scaleOf(spec.count.scale), axis: axisOf(spec.count) },
      y2: { datum: spec.count.scale === 'log' ? 1 : 0 },
      ...colorOf(spec.series),
    },
  };
  return top as unknown as TopLevelSpec;
}
