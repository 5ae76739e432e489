/**
 * Per-interval time series: the run's [0, duration) split into fixed intervals, a sum and a count
 * per (metric, row, interval) in preallocated Float64Arrays, so rates, means and busy fractions can
 * all be exported. A simulator-side stand-in for sampling /proc/interrupts every interval.
 */

/** How a series is exported: sum per second, mean per sample, plain sum, or sum / interval ns. */
export type SeriesKind = 'rate' | 'mean' | 'sum' | 'fraction';

/** One series metric. `rows` > 1 gives one series per scope member (e.g. per CPU). */
export interface SeriesMetric {
  /** CSV name (snake_case). */
  readonly name: string;
  /** Scope of the rows: 'all' (one row) or 'cpu', 'irq', 'peer'. */
  readonly scope: string;
  readonly rows: number;
  readonly kind: SeriesKind;
  /** Unit of the exported value (e.g. 'Hz', 'ns', 'fraction'). */
  readonly unit: string;
  readonly description: string;
}

/** One exported point. `scope` is 'all' or e.g. 'cpu2'. */
export interface SeriesPoint {
  readonly intervalStartNs: number;
  readonly metric: string;
  readonly scope: string;
  readonly value: number;
  /**
   * Samples behind the value: events for a rate (a rate of 1 lost trigger in a short interval
   * reads large; the count says it was one), samples for a mean or sum; NaN for a busy fraction,
   * which is time, not samples.
   */
  readonly count: number;
}

/** The most intervals one series may have (the workload schema checks statsInterval against it). */
export const MAX_SERIES_INTERVALS = 1_000_000;

/** Fixed-interval sums and counts for a fixed set of metrics. */
export class TimeSeries {
  readonly intervalNs: number;
  readonly durationNs: number;
  /** ceil(duration / interval); the last interval may be shorter. */
  readonly bucketCount: number;
  readonly metrics: readonly SeriesMetric[];
  /** First slot row of each metric: slot = (rowBase[m] + row) * bucketCount + bucket. */
  rowBase: Int32Array;
  sum: Float64Array;
  count: Float64Array;
  /** Samples whose time fell at or after durationNs (or before 0) and were dropped. */
  outOfRange = 0;
  // PERF: the interval of the last sample, [#lastStartNs, #lastEndNs) = bucket #lastBucket:
  // samples arrive in near time order, so most skip the division.
  #lastStartNs = 0;
  #lastEndNs = 0;
  #lastBucket = 0;

  constructor(durationNs: number, intervalNs: number, metrics: readonly SeriesMetric[]) {
    if (!Number.isSafeInteger(durationNs) || durationNs <= 0) {
      throw new RangeError(`series duration must be an integer number of ns > 0, got ${durationNs}`);
    }
    if (!Number.isSafeInteger(intervalNs) || intervalNs <= 0) {
      throw new RangeError(`series interval must be an integer number of ns > 0, got ${intervalNs}`);
    }
    const bucketCount = Math.ceil(durationNs / intervalNs);
    if (bucketCount > MAX_SERIES_INTERVALS) {
      throw new RangeError(
        `series interval ${intervalNs} ns over ${durationNs} ns gives ${bucketCount} intervals; at most 1,000,000 are allowed`,
      );
    }
    this.durationNs = durationNs;
    this.intervalNs = intervalNs;
    this.bucketCount = bucketCount;
    this.metrics = metrics;
    this.rowBase = new Int32Array(metrics.length);
    let rows = 0;
    for (let m = 0; m < metrics.length; m++) {
      const r = metrics[m].rows;
      if (!Number.isInteger(r) || r < 1) {
        throw new RangeError(`series metric "${metrics[m].name}": rows must be an integer >= 1, got ${r}`);
      }
      this.rowBase[m] = rows;
      rows += r;
    }
    this.sum = new Float64Array(rows * bucketCount);
    this.count = new Float64Array(rows * bucketCount);
  }

  /** Adds one sample of `value` at `timeNs` to metric `metric`, row `row`. Hot path. */
  add(metric: number, timeNs: number, value: number, row = 0): void {
    // The run is [0, duration): a sample at the duration itself lies past the last interval.
    if (timeNs < 0 || timeNs >= this.durationNs) {
      this.outOfRange++;
      return;
    }
    let b = this.#lastBucket;
    if (timeNs < this.#lastStartNs || timeNs >= this.#lastEndNs) {
      b = Math.floor(timeNs / this.intervalNs);
      this.#lastBucket = b;
      this.#lastStartNs = b * this.intervalNs;
      this.#lastEndNs = this.#lastStartNs + this.intervalNs;
    }
    const slot = (this.rowBase[metric] + row) * this.bucketCount + b;
    this.sum[slot] += value;
    this.count[slot]++;
  }

  /**
   * Spreads the span [startNs, endNs) over the intervals it overlaps, adding the overlapping ns
   * to each (busy time for a utilisation series). Counts one sample in the interval of startNs.
   */
  addSpan(metric: number, startNs: number, endNs: number, row = 0): void {
    let t = startNs < 0 ? 0 : startNs;
    const end = endNs > this.durationNs ? this.durationNs : endNs;
    if (t >= end) return;
    const base = (this.rowBase[metric] + row) * this.bucketCount;
    let b = Math.floor(t / this.intervalNs);
    this.count[base + b]++;
    while (t < end) {
      const bucketEnd = (b + 1) * this.intervalNs;
      const stop = bucketEnd < end ? bucketEnd : end;
      this.sum[base + b] += stop - t;
      t = stop;
      b++;
    }
  }

  /** Length of interval `bucket` in ns (the last one may be cut short by the duration, or by `endNs` when the run stopped early). */
  bucketLengthNs(bucket: number, endNs: number = this.durationNs): number {
    const start = bucket * this.intervalNs;
    const end = Math.min(start + this.intervalNs, this.durationNs, endNs);
    return end - start;
  }

  /**
   * The exported value of (metric, row, bucket), by the metric's kind: `rate` = sum per second of
   * the interval, `mean` = sum / count (NaN without samples), `sum`, `fraction` = sum / interval ns.
   */
  value(metric: number, row: number, bucket: number, endNs: number = this.durationNs): number {
    const slot = (this.rowBase[metric] + row) * this.bucketCount + bucket;
    const s = this.sum[slot];
    switch (this.metrics[metric].kind) {
      case 'rate':
        return (s * 1e9) / this.bucketLengthNs(bucket, endNs);
      case 'mean':
        return this.count[slot] === 0 ? Number.NaN : s / this.count[slot];
      case 'sum':
        return s;
      case 'fraction':
        return s / this.bucketLengthNs(bucket, endNs);
    }
  }

  /** Samples added to (metric, row, bucket); NaN for a `fraction` metric (see SeriesPoint.count). */
  samples(metric: number, row: number, bucket: number): number {
    if (this.metrics[metric].kind === 'fraction') return Number.NaN;
    return this.count[(this.rowBase[metric] + row) * this.bucketCount + bucket];
  }

  /**
   * Every point in (interval, metric, row) order; `mean` metrics skip intervals with no samples.
   * Rows of a per-member scope are named `<scope><row>` (e.g. 'cpu2', also 'cpu0' on a
   * one-CPU machine); scope 'all' stays 'all'. A run stopped early at `endNs` has points only
   * for the intervals it reached, the last one as long as it got.
   */
  points(endNs: number = this.durationNs): SeriesPoint[] {
    const out: SeriesPoint[] = [];
    const buckets = endNs >= this.durationNs ? this.bucketCount : Math.ceil(endNs / this.intervalNs);
    for (let b = 0; b < buckets; b++) {
      for (let m = 0; m < this.metrics.length; m++) {
        const metric = this.metrics[m];
        for (let row = 0; row < metric.rows; row++) {
          const v = this.value(m, row, b, endNs);
          if (Number.isNaN(v)) continue;
          out.push({
            intervalStartNs: b * this.intervalNs,
            metric: metric.name,
            scope: metric.scope === 'all' ? 'all' : `${metric.scope}${row}`,
            value: v,
            count: this.samples(m, row, b),
          });
        }
      }
    }
    return out;
  }

  /** An independent copy (sums, counts and the out-of-range count). Cold. */
  clone(): TimeSeries {
    const copy = new TimeSeries(this.durationNs, this.intervalNs, this.metrics);
    copy.sum.set(this.sum);
    copy.count.set(this.count);
    copy.outOfRange = this.outOfRange;
    return copy;
  }

  reset(): void {
    this.sum.fill(0);
    this.count.fill(0);
    this.outOfRange = 0;
  }
}
