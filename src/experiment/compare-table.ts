/**
 * The compare table for a terminal: one line per metric, each variant's mean ± the 95 % CI
 * half-width across seeds, and beside every variant after the first its paired difference from
 * the first with the p-value of the paired t-test (* when p < 0.05). Readable units, no locale.
 */
import { alignColumns, formatCount, formatNs, formatRate } from '../report/summary-table.js';
import type { CompareResult } from './compare-results.js';
import { CONFIDENCE, type Estimate, type PairedDifference } from './statistics.js';

/** A value in its unit, for people. */
export function formatValue(x: number, unit: string): string {
  if (!Number.isFinite(x)) return '-';
  switch (unit) {
    case 'ns':
      return formatNs(x);
    case 'Hz':
      return formatRate(x);
    case 'fraction':
      return percent(x);
    case 'count':
      return Number.isInteger(x) || Math.abs(x) >= 100 ? formatCount(x) : x.toPrecision(3);
    default:
      return String(x);
  }
}

/** A fraction as a percentage to about 3 significant digits: 30.4 %, 2.15 %, 0.042 %. */
function percent(fraction: number): string {
  const v = fraction * 100;
  const a = Math.abs(v);
  const text = a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : a === 0 ? '0' : v.toPrecision(2);
  return `${text} %`;
}

function signed(x: number, unit: string): string {
  const text = formatValue(Math.abs(x), unit);
  return x > 0 ? `+${text}` : x < 0 ? `-${text}` : text;
}

/** `mean ± half-width` (just the mean with one seed). */
export function formatEstimate(e: Estimate, unit: string): string {
  if (e.n === 0) return '-';
  return Number.isNaN(e.halfWidth) ? formatValue(e.mean, unit) : `${formatValue(e.mean, unit)} ± ${formatValue(e.halfWidth, unit)}`;
}

/** A p-value to two significant digits, small ones as "p<0.001". */
export function formatP(p: number): string {
  if (Number.isNaN(p)) return '';
  return p < 0.001 ? 'p<0.001' : `p=${p.toPrecision(2)}`;
}

/** `+12.0 ns ± 3.1 ns p=0.004 *`. */
export function formatDifference(d: PairedDifference, unit: string): string {
  if (d.n === 0) return '-';
  const hw = Number.isNaN(d.halfWidth) ? '' : ` ± ${formatValue(d.halfWidth, unit)}`;
  const p = formatP(d.p);
  return `${signed(d.mean, unit)}${hw}${p === '' ? '' : ` ${p}`}${d.significant ? ' *' : ''}`;
}

/** The table's lines, with a header naming the variants and what Δ means. */
export function formatCompareTable(variants: readonly string[], seeds: readonly number[], result: CompareResult): string {
  const level = `${Math.round(CONFIDENCE * 100)} %`;
  const header = ['metric'];
  variants.forEach((v, i) => header.push(v, ...(i === 0 ? [] : [`Δ vs ${variants[0]}`])));
  const body = result.rows.map((r) => {
    const cells = [r.name];
    r.estimates.forEach((e, i) => {
      cells.push(formatEstimate(e, r.unit));
      const d = r.differences[i];
      if (i > 0) cells.push(d === null ? '-' : formatDifference(d, r.unit));
    });
    return cells;
  });
  const lines = [
    `${variants.length} variants × ${seeds.length} seeds (${seeds.join(', ')}); mean ± ${level} confidence interval across seeds.`,
    `Δ: paired difference from ${variants[0]}, seed by seed (the variants share seeds, so common random numbers);`,
    `p: paired t-test on the per-seed differences, * where p < ${(1 - CONFIDENCE).toFixed(2)}.`,
    '',
    ...alignColumns([header, ...body]),
  ];
  if (result.hiddenZero > 0) lines.push('', `  (${result.hiddenZero} metrics that are 0 in every run not shown; compare.csv has every row)`);
  for (const [a, b] of result.identical) {
    lines.push(`  note: ${variants[b]} gave byte-identical results to ${variants[a]} on every seed: the change has no effect on this workload.`);
  }
  return lines.join('\n');
}
