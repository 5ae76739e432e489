/**
 * The per-irq and per-peer series in series.csv: the triggered, handled, coalesced and lost
 * rates (Hz) and counts of the irqs and peers chosen, merged into the file's interval order with the irq's
 * name (peer3/q0) or the peer's name as the scope. The user chooses with `--series NAME`
 * (exactly those) or `--series-top N` (the N irqs and N peers with the most triggers); by
 * default there are none.
 */
import type { ScopeSeriesRow, ScopeSeriesSnapshot } from '../metrics/scope-series.js';
import { SCOPE_SERIES_METRICS } from '../metrics/scope-series.js';
import type { CsvCell, CsvTable } from './csv.js';

/**
 * Irqs and peers per scope that get series without --series: none, since counting them slows
 * the run (ScopeSeriesMetrics); `--series-top N` asks for the N busiest.
 */
export const DEFAULT_SERIES_TOP = 0;

export interface SeriesChoice {
  /** Irq or peer names; when any are given, exactly these are exported. */
  readonly names: readonly string[];
  /** Otherwise the top N per scope by triggers over the run. */
  readonly top: number;
}

/** The rows series.csv gets, irqs first, each scope in row order. */
export function chooseScopeRows(s: ScopeSeriesSnapshot, choice: SeriesChoice): ScopeSeriesRow[] {
  if (choice.names.length > 0) {
    const wanted = new Set(choice.names);
    return [...s.irqs, ...s.peers].filter((r) => wanted.has(r.name));
  }
  return [...topRows(s.irqs, choice.top), ...topRows(s.peers, choice.top)];
}

function topRows(rows: readonly ScopeSeriesRow[], n: number): ScopeSeriesRow[] {
  const total = (r: ScopeSeriesRow): number => r.counts[0].reduce((a, b) => a + b, 0);
  const busy = rows.filter((r) => total(r) > 0);
  const keep = new Set(busy.sort((a, b) => total(b) - total(a) || a.id - b.id).slice(0, n));
  return rows.filter((r) => keep.has(r));
}

/** `table` (series.csv) with the chosen rows' rates merged in, interval by interval. */
export function withScopeSeries(table: CsvTable, s: ScopeSeriesSnapshot, choice: SeriesChoice): CsvTable {
  const chosen = chooseScopeRows(s, choice);
  if (chosen.length === 0) return table;
  const rows: CsvCell[][] = [];
  let i = 0;
  for (let b = 0; b < s.intervalLengthsNs.length; b++) {
    const start = b * s.intervalNs;
    while (i < table.rows.length && Number(table.rows[i][0]) <= start) rows.push([...table.rows[i++]]);
    const perSecond = 1e9 / s.intervalLengthsNs[b];
    for (let m = 0; m < SCOPE_SERIES_METRICS.length; m++) {
      for (const r of chosen) rows.push([start, SCOPE_SERIES_METRICS[m], r.name, r.counts[m][b] * perSecond, r.counts[m][b]]);
    }
  }
  while (i < table.rows.length) rows.push([...table.rows[i++]]);
  return { ...table, rows };
}
