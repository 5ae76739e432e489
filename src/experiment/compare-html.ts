/**
 * compare.html: the compare table (each variant's mean ± 95 % CI across seeds, the paired
 * difference from the first variant with its p-value) and bar charts with error bars for the
 * headline metrics. A self-contained page (inline SVG, no script).
 */
import { htmlPage, htmlTable, note, plotFigure } from '../report/html/index.js';
import { barChart, renderSvg, type ChartRow } from '../report/plot/index.js';
import type { CompareResult, CompareRow } from './compare-results.js';
import { formatDifference, formatEstimate } from './compare-table.js';
import { CONFIDENCE } from './statistics.js';

/** Metrics drawn as bar charts when present, in this order. */
const CHARTED = ['run/handled_rate', 'stage/end_to_end/mean_ns', 'stage/end_to_end/p99_ns', 'run/mean_cpu_utilisation', 'fate/all/lost', 'fate/all/coalesced'];

export interface ComparePageInfo {
  readonly title: string;
  readonly lead: readonly string[];
  readonly irqstorm: string;
  readonly commit: string;
}

function axisTitle(row: CompareRow): { title: string; format?: string } {
  switch (row.unit) {
    case 'ns':
      return { title: `${row.name} (ns)`, format: '~s' };
    case 'Hz':
      return { title: `${row.name} (/s)`, format: '~s' };
    case 'fraction':
      return { title: row.name, format: '.0%' };
    default:
      return { title: row.name };
  }
}

async function chart(row: CompareRow, variants: readonly string[], i: number): Promise<string> {
  const data: ChartRow[] = row.estimates.map((e, v) => {
    const hw = Number.isNaN(e.halfWidth) ? 0 : e.halfWidth;
    return { variant: variants[v], mean: e.mean, lo: e.mean - hw, hi: e.mean + hw };
  });
  const svg = await renderSvg(
    barChart({ title: row.name, data, category: { field: 'variant', title: 'variant' }, value: { field: 'mean', ...axisTitle(row) }, error: { lo: 'lo', hi: 'hi' } }),
  );
  return plotFigure(`compare-${i}`, svg, `mean across seeds; error bars: ${Math.round(CONFIDENCE * 100)} % confidence interval`);
}

export async function compareHtml(variants: readonly string[], seeds: readonly number[], result: CompareResult, info: ComparePageInfo): Promise<string> {
  const charts: string[] = [];
  for (const name of CHARTED) {
    const row = result.rows.find((r) => r.name === name);
    // A chart of zeros says nothing the table does not.
    if (row !== undefined && row.estimates.some((e) => e.mean !== 0)) charts.push(await chart(row, variants, charts.length));
  }
  const columns = [
    { label: 'metric', cell: (r: CompareRow) => r.name },
    ...variants.flatMap((v, i) => [
      { label: v, numeric: true, cell: (r: CompareRow) => formatEstimate(r.estimates[i], r.unit) },
      ...(i === 0
        ? []
        : [{ label: `Δ vs ${variants[0]}`, numeric: true, title: 'paired difference, seed by seed; p: paired t-test; * p < 0.05', cell: (r: CompareRow) => { const d = r.differences[i]; return d === null ? '-' : formatDifference(d, r.unit); } }]),
    ]),
  ];
  const notes = result.identical.map(([a, b]) => note(`${variants[b]} gave byte-identical results to ${variants[a]} on every seed: the change has no effect on this workload.`));
  if (result.hiddenZero > 0) notes.push(note(`${result.hiddenZero} metrics that are 0 in every run are not shown; compare.csv has every row.`));
  const method = note(
    `Each cell: mean ± the ${Math.round(CONFIDENCE * 100)} % confidence interval across ${seeds.length} seeds (${seeds.join(', ')}), Student t with ${seeds.length - 1} degrees of freedom. ` +
      `Δ: the mean of the per-seed differences from ${variants[0]}; the variants share seeds (common random numbers), so p is a paired t-test on those differences; * marks p < ${(1 - CONFIDENCE).toFixed(2)}.`,
  );
  return htmlPage({
    title: info.title,
    lead: info.lead,
    sections: [
      { id: 'table', heading: 'Metrics', body: [method, htmlTable(columns, result.rows), ...notes].join('\n') },
      { id: 'charts', heading: 'Charts', body: charts.length > 0 ? charts.join('\n') : note('No headline metric to chart.') },
    ],
    footer: `irqstorm ${info.irqstorm} (${info.commit}); compare.csv holds every run's values`,
  });
}
