/**
 * Many latency histograms of one layout in flat typed arrays: row h's counts are
 * counts[h * length …], its count, sum, min and max sit at [h] of small columns. This is what
 * the hot path records into (one row per stage and scope); a row becomes a LatencyHistogram,
 * with the library's percentile rules, only when it is queried.
 *
 * PERF: one LatencyHistogram object per row put every record behind an array-of-objects load
 * and a scattered object header (the first cache miss of recordLatency in the profile); here
 * the per-row scalars of every row share a few cache lines.
 */
import { DEBUG } from '../engine/debug.js';
import { DEFAULT_HIGHEST_TRACKABLE_NS, LatencyHistogram, hdrCountsIndex } from './latency-histogram.js';

export class LatencyHistogramSet {
  readonly rows: number;
  readonly highestTrackableNs: number;
  /** Counts per row, HdrHistogram layout: counts[row * rowLength + index]. */
  readonly counts: Float64Array;
  readonly rowLength: number;
  /** Per row: values recorded, values clamped to highestTrackableNs, exact sum after clamping (ns). */
  readonly count: Float64Array;
  readonly clamped: Float64Array;
  readonly sumNs: Float64Array;
  /** Per row: exact smallest and largest value before clamping (ns); ±Infinity when empty. */
  readonly minRawNs: Float64Array;
  readonly maxRawNs: Float64Array;
  // The layout, taken from a LatencyHistogram so both always agree.
  readonly #subBucketMask: number;
  readonly #halfCountMagnitude: number;
  readonly #halfCount: number;
  /** Query-side histogram, refilled from whichever row was asked for last. */
  readonly #view: LatencyHistogram;

  constructor(rows: number, highestTrackableNs: number = DEFAULT_HIGHEST_TRACKABLE_NS) {
    if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`histogram rows must be an integer >= 0, got ${rows}`);
    this.#view = new LatencyHistogram(highestTrackableNs);
    this.rows = rows;
    this.highestTrackableNs = highestTrackableNs;
    this.rowLength = this.#view.counts.length;
    this.#subBucketMask = this.#view.subBucketMask;
    this.#halfCountMagnitude = this.#view.subBucketHalfCountMagnitude;
    this.#halfCount = this.#view.subBucketHalfCount;
    this.counts = new Float64Array(rows * this.rowLength);
    this.count = new Float64Array(rows);
    this.clamped = new Float64Array(rows);
    this.sumNs = new Float64Array(rows);
    this.minRawNs = new Float64Array(rows).fill(Infinity);
    this.maxRawNs = new Float64Array(rows).fill(-Infinity);
  }

  /** Records one latency (integer ns ≥ 0; a fractional part is truncated) in row `h`. Allocation-free. */
  record(h: number, ns: number): void {
    if (DEBUG && !(ns >= 0)) badLatency(ns);
    if (ns < this.minRawNs[h]) this.minRawNs[h] = ns;
    if (ns > this.maxRawNs[h]) this.maxRawNs[h] = ns;
    let v = ns;
    if (v > this.highestTrackableNs) {
      v = this.highestTrackableNs;
      this.clamped[h]++;
    }
    this.counts[h * this.rowLength + hdrCountsIndex(v, this.#subBucketMask, this.#halfCountMagnitude, this.#halfCount)]++;
    this.count[h]++;
    this.sumNs[h] += v;
  }

  /** Forgets everything recorded in every row (the end of warm-up). */
  reset(): void {
    this.counts.fill(0);
    this.count.fill(0);
    this.clamped.fill(0);
    this.sumNs.fill(0);
    this.minRawNs.fill(Infinity);
    this.maxRawNs.fill(-Infinity);
  }

  /**
   * Row `h` as a histogram for queries (percentiles, buckets, mean). Cold path. The object is
   * shared, reads the row in place (never record into it) and is refilled by the next call:
   * read what you need from it before asking for another row, or copy it with `copyOf`.
   */
  histogram(h: number): LatencyHistogram {
    this.#fill(this.#view, h);
    return this.#view;
  }

  /** Row `h` as a histogram of its own (keeps its contents across later calls). Cold path. */
  copyOf(h: number): LatencyHistogram {
    return this.copyOfSum(h, 1);
  }

  /**
   * Rows h … h + n − 1 together, as one histogram of their own: what recording every value of
   * those rows into one histogram would give. Exact (counts add; sums are of integer ns, exact
   * below 2^53 in any order). Cold path.
   */
  copyOfSum(h: number, n: number): LatencyHistogram {
    const out = new LatencyHistogram(this.highestTrackableNs);
    this.#fill(out, h, n, true);
    return out;
  }

  /** histogramOfSum: like copyOfSum, into the shared view (see `histogram`). Cold path. */
  histogramOfSum(h: number, n: number): LatencyHistogram {
    this.#fill(this.#view, h, n);
    return this.#view;
  }

  // `own`: the histogram gets counts of its own, never a view of this set's rows.
  #fill(out: LatencyHistogram, h: number, n = 1, own = false): void {
    if (!(Number.isInteger(h) && Number.isInteger(n) && n >= 1 && h >= 0 && h + n <= this.rows)) {
      const which = n === 1 ? `row ${h} is` : `rows ${h}…${h + n - 1} are`;
      throw new RangeError(`histogram ${which} not in [0, ${this.rows})`);
    }
    if (n === 1) {
      const start = h * this.rowLength;
      const row = own ? this.counts.slice(start, start + this.rowLength) : this.counts.subarray(start, start + this.rowLength);
      out.load(row, this.count[h], this.clamped[h], this.sumNs[h], this.minRawNs[h], this.maxRawNs[h]);
      return;
    }
    const len = this.rowLength;
    const counts = this.counts;
    const merged = new Float64Array(len);
    let count = 0;
    let clamped = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let r = h; r < h + n; r++) {
      if (this.count[r] === 0) continue;
      addRow(merged, counts, r * len, len);
      count += this.count[r];
      clamped += this.clamped[r];
      sum += this.sumNs[r];
      if (this.minRawNs[r] < min) min = this.minRawNs[r];
      if (this.maxRawNs[r] > max) max = this.maxRawNs[r];
    }
    out.load(merged, count, clamped, sum, min, max);
  }
}

// PERF: a function of its own with its arrays as arguments, so the add loop is optimised on its own.
function addRow(into: Float64Array, counts: Float64Array, offset: number, length: number): void {
  for (let i = 0; i < length; i++) into[i] += counts[offset + i];
}

// PERF: the debug build's check throws from here, so the message is no part of record()'s bytecode (V8's inlining budget).
function badLatency(ns: number): never {
  throw new RangeError(`latency must be a number of ns >= 0, got ${ns}`);
}
