/**
 * The complementary CDF of a latency histogram, P(X > x), as chart rows: the tail of a latency
 * distribution reads best on log-log axes, where p99 and p99.9 are a decade apart in y.
 */
import type { ChartRow } from './charts.js';

export interface Bucket {
  /** Highest value counted in the bucket (inclusive). */
  readonly high: number;
  readonly count: number;
}

/**
 * Rows `{ [x]: bucket high, [y]: fraction of samples above it }` for buckets in ascending order,
 * thinned to at most `maxPoints` rows by keeping evenly spaced buckets (the last always kept, so
 * the maximum shows). The last row's fraction is 0, which a log axis leaves out.
 */
export function ccdfRows(buckets: readonly Bucket[], x: string, y: string, maxPoints = 400, extra: Readonly<Record<string, string>> = {}): ChartRow[] {
  let total = 0;
  for (const b of buckets) total += b.count;
  if (total === 0) return [];
  const step = Math.max(1, Math.ceil(buckets.length / maxPoints));
  const rows: ChartRow[] = [];
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i].count;
    if (i % step === 0 || i === buckets.length - 1) rows.push({ ...extra, [x]: buckets[i].high, [y]: (total - seen) / total });
  }
  return rows;
}
