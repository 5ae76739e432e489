/**
 * The Interrupt Entry Cache's summary rows: hits, misses and the miss rate of the remapping
 * hardware's IRTE lookups over the whole run (warm-up included, like the fates: the cache starts
 * cold, so the first lookup of each IRTE misses).
 */
import type { SummaryRow } from './metrics.js';

/** Rows of scope "iec" for summary.csv and the terminal summary; none without remapping. */
export function iecSummaryRows(iec: { readonly hits: number; readonly misses: number } | null): SummaryRow[] {
  if (iec === null) return [];
  const lookups = iec.hits + iec.misses;
  return [
    { scope: 'iec', id: 'all', metric: 'hits', value: iec.hits, unit: 'count' },
    { scope: 'iec', id: 'all', metric: 'misses', value: iec.misses, unit: 'count' },
    { scope: 'iec', id: 'all', metric: 'miss_rate', value: lookups > 0 ? iec.misses / lookups : 0, unit: 'fraction' },
  ];
}
