/**
 * The plots of a run's report.html, as chart specs for the plotting module built from the
 * snapshot's plain data: each stage's latency distribution (a histogram over log-spaced bins,
 * and the CCDF of every stage on log-log axes), the fate rates and per-CPU busy share over time
 * with warm-up and affinity changes marked, and the chosen irqs' and peers' trigger rates.
 * Long inputs are thinned for drawing only (the CSV files keep every point).
 */
import type { MetricsSnapshot, StageLatency } from '../metrics/metrics.js';
import type { ScopeSeriesRow } from '../metrics/scope-series.js';
import { ccdfRows, histogramChart, lineChart, type ChartRow, type RuleSpec } from './plot/index.js';
import type { TopLevelSpec } from 'vega-lite';

/** A labelled instant to mark on the time series (ns). */
export interface TimeMark {
  readonly atNs: number;
  readonly label: string;
}

/** Histogram bins drawn per stage: equal widths on the log latency axis. */
export const MAX_HISTOGRAM_BINS = 100;
/** Points drawn per time series at most; consecutive intervals are averaged above it. */
export const MAX_SERIES_POINTS = 1000;

export interface Chart {
  /** data-plot name of the figure. */
  readonly name: string;
  readonly spec: TopLevelSpec;
  readonly caption: string;
}

/** One histogram per stage with samples (scope all), on a log latency axis. */
export function stageHistograms(s: MetricsSnapshot): Chart[] {
  const out: Chart[] = [];
  for (const l of s.latency) {
    if (l.scope !== 'all' || l.count === 0) continue;
    const zero = l.buckets.filter((b) => b.highNs <= 0).reduce((n, b) => n + b.count, 0);
    const { bins, domain } = logBins(l);
    if (bins.length === 0) continue; // every sample was 0 ns: nothing a log axis can show
    out.push({
      name: `latency-${l.stage}`,
      spec: histogramChart({
        title: `${l.stage}: latency distribution`,
        data: bins,
        low: 'lo',
        high: 'hi',
        count: { field: 'n', title: 'samples (log)', scale: 'log', format: '~s' },
        x: { title: 'latency (ns)', scale: 'log', domain },
        height: 180,
      }),
      caption:
        `${l.count} samples in the statistics window, p50 ${l.p50Ns} ns, p99 ${l.p99Ns} ns, max ${l.maxNs} ns` +
        (zero > 0 ? `; ${zero} samples of 0 ns are off the log axis` : ''),
    });
  }
  return out;
}

/** The CCDF of every stage that has more than one distinct value, on log-log axes. */
export function latencyCcdf(s: MetricsSnapshot): Chart | null {
  const rows: ChartRow[] = [];
  for (const l of s.latency) {
    if (l.scope !== 'all' || l.buckets.length < 2) continue;
    rows.push(...ccdfRows(l.buckets.map((b) => ({ high: b.highNs, count: b.count })), 'ns', 'p', 400, { stage: l.stage }));
  }
  if (!rows.some((r) => (r.p as number) > 0)) return null;
  return {
    name: 'latency-ccdf',
    spec: lineChart({
      title: 'Latency tails: P(latency > x) per stage',
      data: rows,
      x: { field: 'ns', title: 'latency (ns)', scale: 'log' },
      y: { field: 'p', title: 'P(latency > x)', scale: 'log' },
      series: { field: 'stage', title: 'stage' },
      step: true,
    }),
    caption: 'p99 is where a line crosses 0.01, p99.9 where it crosses 0.001; stages with a single value have no tail to draw.',
  };
}

/** Fate rates over the run and the per-CPU busy share, warm-up and affinity changes marked. */
export function timeSeriesCharts(s: MetricsSnapshot, marks: readonly TimeMark[]): Chart[] {
  const rules = timeRules(s, marks);
  const fates = ['triggered', 'handled', 'coalesced', 'lost'];
  const rates = thin(s.series.filter((p) => p.scope === 'all' && fates.includes(p.metric)).map((p) => ({ ms: p.intervalStartNs / 1e6, rate: p.value, fate: p.metric })), 'fate', 'rate');
  const busy = thin(s.series.filter((p) => p.metric === 'cpu_busy').map((p) => ({ ms: p.intervalStartNs / 1e6, busy: p.value, cpu: p.scope })), 'cpu', 'busy');
  const x = { field: 'ms', title: 'time (ms)' };
  const caption = `per ${s.run.intervalNs / 1e6} ms interval over the whole run, warm-up included`;
  return [
    {
      name: 'fate-rates',
      spec: lineChart({ title: 'Trigger fates per second', data: rates.rows, x, y: { field: 'rate', title: 'rate (/s)', format: '~s' }, series: { field: 'fate', title: 'fate' }, rules, step: true }),
      caption: caption + rates.note,
    },
    {
      name: 'cpu-busy',
      spec: lineChart({ title: 'CPU busy share', data: busy.rows, x, y: { field: 'busy', title: 'busy share', format: '.0%' }, series: { field: 'cpu', title: 'CPU' }, rules, step: true }),
      caption: caption + busy.note,
    },
  ];
}

/** The chosen irqs' and peers' trigger rates (series.csv's per-irq and per-peer rows), or null for none. */
export function scopeRateChart(s: MetricsSnapshot, chosen: readonly ScopeSeriesRow[], marks: readonly TimeMark[]): Chart | null {
  if (chosen.length === 0) return null;
  const points: { ms: number; rate: number; scope: string }[] = [];
  const lengths = s.scopeSeries.intervalLengthsNs;
  for (const r of chosen) {
    for (let b = 0; b < lengths.length; b++) points.push({ ms: (b * s.scopeSeries.intervalNs) / 1e6, rate: (r.counts[0][b] * 1e9) / lengths[b], scope: r.name });
  }
  const thinned = thin(points, 'scope', 'rate');
  return {
    name: 'scope-rates',
    spec: lineChart({
      title: 'Triggers per second, per irq and peer',
      data: thinned.rows,
      x: { field: 'ms', title: 'time (ms)' },
      y: { field: 'rate', title: 'rate (/s)', format: '~s' },
      series: { field: 'scope', title: 'irq or peer' },
      rules: timeRules(s, marks),
      step: true,
    }),
    caption: `the irqs and peers with the most triggers, or those named with --series (the ones series.csv has)${thinned.note}`,
  };
}

function timeRules(s: MetricsSnapshot, marks: readonly TimeMark[]): RuleSpec[] {
  const rules: RuleSpec[] = [];
  if (s.run.warmupNs > 0) rules.push({ at: s.run.warmupNs / 1e6, label: 'warm-up end' });
  for (const m of marks) if (m.atNs <= s.run.endNs) rules.push({ at: m.atNs / 1e6, label: m.label });
  return rules;
}

/** Histogram bins span at least this ratio on the latency axis, so a single value draws a visible bar. */
const MIN_SPAN_RATIO = 1.25;

/**
 * Counts HDR buckets into MAX_HISTOGRAM_BINS bins of equal width on a log axis spanning the
 * samples (at least MIN_SPAN_RATIO wide: the axis's domain), each bucket in the bin its midpoint
 * falls in; empty bins are left out, and so are buckets at 0 ns, which a log axis cannot show.
 */
export function logBins(l: StageLatency): { bins: { lo: number; hi: number; n: number }[]; domain: [number, number] } {
  const buckets = l.buckets.filter((b) => b.highNs > 0);
  if (buckets.length === 0) return { bins: [], domain: [1, 1] };
  let lo = Math.max(1, buckets[0].lowNs);
  let hi = buckets[buckets.length - 1].highNs + 1;
  if (hi / lo < MIN_SPAN_RATIO) {
    const widen = Math.sqrt(MIN_SPAN_RATIO / (hi / lo));
    lo /= widen;
    hi *= widen;
  }
  const logLo = Math.log(lo);
  const width = (Math.log(hi) - logLo) / MAX_HISTOGRAM_BINS;
  const counts = new Float64Array(MAX_HISTOGRAM_BINS);
  for (const b of buckets) {
    const mid = Math.max(lo, (Math.max(1, b.lowNs) + b.highNs + 1) / 2);
    counts[Math.min(MAX_HISTOGRAM_BINS - 1, Math.floor((Math.log(mid) - logLo) / width))] += b.count;
  }
  const bins: { lo: number; hi: number; n: number }[] = [];
  for (let i = 0; i < MAX_HISTOGRAM_BINS; i++) {
    if (counts[i] > 0) bins.push({ lo: Math.exp(logLo + i * width), hi: Math.exp(logLo + (i + 1) * width), n: counts[i] });
  }
  return { bins, domain: [lo, hi] };
}

/**
 * At most MAX_SERIES_POINTS points per series: groups of k consecutive intervals become their
 * mean (the intervals are equally long, so a mean rate or share is the group's own). Returns
 * the rows and a caption note when it thinned.
 */
function thin<R extends { ms: number }>(rows: readonly R[], key: keyof R, value: keyof R): { rows: ChartRow[]; note: string } {
  const bySeries = new Map<string, R[]>();
  for (const r of rows) {
    const k = String(r[key]);
    const list = bySeries.get(k);
    if (list === undefined) bySeries.set(k, [r]);
    else list.push(r);
  }
  let longest = 0;
  for (const list of bySeries.values()) longest = Math.max(longest, list.length);
  const k = Math.ceil(longest / MAX_SERIES_POINTS);
  if (k <= 1) return { rows: rows as unknown as ChartRow[], note: '' };
  const out: ChartRow[] = [];
  for (const [name, list] of bySeries) {
    for (let i = 0; i < list.length; i += k) {
      const group = list.slice(i, i + k);
      const mean = group.reduce((a, r) => a + Number(r[value]), 0) / group.length;
      out.push({ ms: group[0].ms, [String(value)]: mean, [String(key)]: name });
    }
  }
  return { rows: out, note: `; drawn as means of ${k} intervals` };
}
