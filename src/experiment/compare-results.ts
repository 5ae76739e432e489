/**
 * A compare's results: per metric that matters, each variant's mean ± CI across seeds and each
 * variant's paired difference from the first (the baseline), plus which variants gave
 * byte-identical results on every seed. Built from the stored records, which for a compare are
 * few (variants × seeds), so they are held while the table is built.
 */
import { STAGE_NAMES } from '../metrics/stages.js';
import { parseMetricSelector, rowMetricName, selects } from './metric-selector.js';
import type { TidyRow } from './point-rows.js';
import { estimate, pairedDifference, type Estimate, type PairedDifference } from './statistics.js';

/** The metrics a compare reports, in table order (rows that are zero everywhere are left out). */
export const COMPARE_METRICS: readonly string[] = [
  'run/triggered_rate',
  'run/handled_rate',
  'run/coalesced_rate',
  'run/lost_rate',
  'fate/all/handled',
  'fate/all/coalesced',
  'fate/all/coalesced_irr',
  'fate/all/coalesced_doorbell',
  'fate/all/coalesced_posted',
  'fate/all/coalesced_pending',
  'fate/all/lost',
  'fate/all/lost_stale_vector',
  'fate/all/lost_remap_blocked',
  'fate/all/lost_msg_overflow',
  'fate/all/lost_window_fault',
  'fate/all/lost_masked_dropped',
  'fate/all/in_flight',
  ...STAGE_NAMES.flatMap((s) => [`stage/${s}/mean_ns`, `stage/${s}/p50_ns`, `stage/${s}/p99_ns`, `stage/${s}/p999_ns`]),
  'run/mean_cpu_utilisation',
  'cpu/*/utilisation',
  'machine/iec_miss_rate',
];

/** Rows kept even when zero everywhere: a throughput of 0 is news. */
const ALWAYS_SHOWN = new Set(['run/triggered_rate', 'run/handled_rate', 'fate/all/lost']);

export interface CompareRow {
  /** `scope/id/metric`. */
  readonly name: string;
  readonly unit: string;
  /** Per variant. */
  readonly estimates: readonly Estimate[];
  /** Per variant: its paired difference from variant 0 (null for variant 0 itself). */
  readonly differences: readonly (PairedDifference | null)[];
}

export interface CompareResult {
  readonly rows: readonly CompareRow[];
  /** Metrics left out because every run of every variant had 0 (or no value). */
  readonly hiddenZero: number;
  /** Pairs of variants whose rows were byte-identical on every seed: [a, b], a < b. */
  readonly identical: readonly (readonly [number, number])[];
}

/**
 * `runs[v][s]` holds variant v's rows on seed s (every variant has the same seeds, in order).
 */
export function compareVariants(runs: readonly (readonly (readonly TidyRow[])[])[]): CompareResult {
  const selectors = COMPARE_METRICS.map(parseMetricSelector);
  const variants = runs.length;
  const seeds = variants === 0 ? 0 : runs[0].length;
  // name → values[variant][seed]; table order: selector order, then the rows' own order.
  const table = new Map<string, { unit: string; order: number; values: number[][] }>();
  // Stages with samples in some run: the others' latency rows (all 0) say nothing.
  const counted = new Set<string>();
  for (let v = 0; v < variants; v++) {
    for (let s = 0; s < seeds; s++) {
      for (const row of runs[v][s]) {
        if (row[0] === 'stage' && row[2] === 'count' && row[3] > 0) counted.add(row[1]);
        const sel = selectors.findIndex((x) => selects(x, row));
        if (sel < 0) continue;
        const name = rowMetricName(row);
        let entry = table.get(name);
        if (entry === undefined) {
          entry = { unit: row[4], order: sel, values: Array.from({ length: variants }, () => new Array<number>(seeds).fill(NaN)) };
          table.set(name, entry);
        }
        entry.values[v][s] = row[3];
      }
    }
  }
  const rows: CompareRow[] = [];
  let hiddenZero = 0;
  const ordered = [...table.entries()].sort((a, b) => a[1].order - b[1].order);
  for (const [name, entry] of ordered) {
    const stage = /^stage\/([^/]+)\//.exec(name);
    const allZero = entry.values.every((vs) => vs.every((x) => x === 0 || Number.isNaN(x)));
    if (!ALWAYS_SHOWN.has(name) && (allZero || (stage !== null && !counted.has(stage[1])))) {
      hiddenZero++;
      continue;
    }
    rows.push({
      name,
      unit: entry.unit,
      estimates: entry.values.map((vs) => estimate(vs)),
      differences: entry.values.map((vs, v) => (v === 0 ? null : pairedDifference(entry.values[0], vs))),
    });
  }
  const identical: [number, number][] = [];
  const text = runs.map((seedsRows) => seedsRows.map((rows) => JSON.stringify(rows)));
  for (let a = 0; a < variants; a++) {
    for (let b = a + 1; b < variants; b++) {
      if (text[a].every((t, s) => t === text[b][s])) identical.push([a, b]);
    }
  }
  return { rows, hiddenZero, identical };
}
