/**
 * A latency histogram in integer ns with 3 significant digits (0.1 % value resolution), in the
 * HdrHistogram bucket layout of hdr-histogram-js 3. Recording is one index computation and one
 * typed-array increment; queries (percentiles, buckets) fold the counts into the library's own
 * Float64Histogram, so percentile semantics are exactly the library's.
 */
import { Float64Histogram } from 'hdr-histogram-js';
import { DEBUG } from '../engine/debug.js';
import { NS_PER_S } from '../engine/time.js';

/** Default highest trackable latency: 60 s in ns. Larger values are clamped to it and counted. */
export const DEFAULT_HIGHEST_TRACKABLE_NS = 60 * NS_PER_S;

/** Significant decimal digits kept: values within 0.1 % of each other may share a bucket. */
export const SIGNIFICANT_DIGITS = 3;

const TWO_POW_32 = 2 ** 32;

/** One non-empty histogram bucket: every value in [lowNs, highNs] (inclusive) was counted in it. */
export interface HistogramBucket {
  readonly lowNs: number;
  readonly highNs: number;
  readonly count: number;
}

/**
 * Integer-ns latency histogram, fixed size from construction.
 *
 * PERF: the library's own `recordValue` allocates nothing but costs 80–190 ns here (it finds the
 * bucket with Math.log2 and Math.pow; measured on Node 20 on this machine class); the event hot path
 * cannot afford that per stage per interrupt. `record` therefore computes the same counts-array
 * index with Math.clz32 (a shift for values below 2^32) into our own Float64Array, and the
 * library's histogram is filled from it only when a query needs it. Tests check the index
 * against the library's `countsArrayIndex`.
 */
export class LatencyHistogram {
  /** Values above this are recorded as this value and counted in `clampedCount` (ns). */
  readonly highestTrackableNs: number;
  /** Counts in HdrHistogram layout: index = bucketIndex * subBucketHalfCount + subBucketIndex. */
  counts: Float64Array;
  /** Recorded values (clamped ones included). */
  count = 0;
  /** Values above `highestTrackableNs` that were clamped. */
  clampedCount = 0;
  /** Exact sum of recorded values after clamping (ns), for an exact mean. */
  sumNs = 0;
  /** Exact smallest and largest value recorded, before clamping (ns); +Inf / -Inf when empty. */
  minRawNs = Infinity;
  maxRawNs = -Infinity;
  // Layout constants copied from the library instance, so the two always agree.
  subBucketHalfCount: number;
  subBucketHalfCountMagnitude: number;
  subBucketMask: number;
  #hdr: Float64Histogram;
  /** Set by record/reset: the library histogram must be refilled before the next query. */
  hdrDirty = false;

  /** @param highestTrackableNs - integer ns ≥ 2; default 60 s. */
  constructor(highestTrackableNs: number = DEFAULT_HIGHEST_TRACKABLE_NS) {
    if (!Number.isSafeInteger(highestTrackableNs) || highestTrackableNs < 2) {
      throw new RangeError(
        `highestTrackableNs must be an integer number of ns >= 2, got ${highestTrackableNs}`,
      );
    }
    this.highestTrackableNs = highestTrackableNs;
    this.#hdr = new Float64Histogram(1, highestTrackableNs, SIGNIFICANT_DIGITS);
    this.#hdr.autoResize = false;
    // With lowestDiscernibleValue 1 the unit magnitude is 0; record() relies on it.
    if (this.#hdr.unitMagnitude !== 0) throw new Error('hdr-histogram-js: unexpected unit magnitude');
    this.subBucketHalfCount = this.#hdr.subBucketHalfCount;
    this.subBucketHalfCountMagnitude = this.#hdr.subBucketHalfCountMagnitude;
    this.subBucketMask = this.#hdr.subBucketMask;
    this.counts = new Float64Array(this.#hdr.countsArrayLength);
  }

  /** Records one latency (integer ns ≥ 0; a fractional part is truncated). Allocation-free. */
  record(ns: number): void {
    if (DEBUG && !(ns >= 0)) throw new RangeError(`latency must be a number of ns >= 0, got ${ns}`);
    if (ns < this.minRawNs) this.minRawNs = ns;
    if (ns > this.maxRawNs) this.maxRawNs = ns;
    let v = ns;
    if (v > this.highestTrackableNs) {
      v = this.highestTrackableNs;
      this.clampedCount++;
    }
    this.counts[hdrCountsIndex(v, this.subBucketMask, this.subBucketHalfCountMagnitude, this.subBucketHalfCount)]++;
    this.count++;
    this.sumNs += v;
    this.hdrDirty = true;
  }

  /**
   * The counts-array index of value `v` (ns, 0 ≤ v ≤ highestTrackableNs), identical to
   * hdr-histogram-js `countsArrayIndex` with unit magnitude 0.
   */
  indexOf(v: number): number {
    return hdrCountsIndex(v, this.subBucketMask, this.subBucketHalfCountMagnitude, this.subBucketHalfCount);
  }

  /**
   * Replaces everything recorded with the given counts (HdrHistogram layout, exactly this
   * histogram's length) and exact scalars. The array is used, not copied: hand over a copy
   * unless the histogram is only read before `counts` changes. Cold: how a LatencyHistogramSet
   * row becomes a histogram that answers queries.
   */
  load(counts: Float64Array, count: number, clamped: number, sumNs: number, minRawNs: number, maxRawNs: number): void {
    if (counts.length !== this.counts.length) {
      throw new RangeError(`counts must have this histogram's ${this.counts.length} entries, got ${counts.length}`);
    }
    this.counts = counts;
    this.count = count;
    this.clampedCount = clamped;
    this.sumNs = sumNs;
    this.minRawNs = minRawNs;
    this.maxRawNs = maxRawNs;
    this.hdrDirty = true;
  }

  /** Forgets everything recorded (the end of warm-up). */
  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.clampedCount = 0;
    this.sumNs = 0;
    this.minRawNs = Infinity;
    this.maxRawNs = -Infinity;
    this.hdrDirty = true;
  }

  /** Smallest recorded value (ns, exact); 0 when empty. */
  get min(): number {
    return this.count === 0 ? 0 : this.minRawNs;
  }

  /** Largest recorded value (ns, exact, before clamping); 0 when empty. */
  get max(): number {
    return this.count === 0 ? 0 : this.maxRawNs;
  }

  /** Exact mean of the recorded values after clamping (ns); 0 when empty. */
  get mean(): number {
    return this.count === 0 ? 0 : this.sumNs / this.count;
  }

  /**
   * The value (ns) that p percent of recorded values are at or below, within 0.1 %: the highest
   * value equivalent to the bucket holding the ceil(p/100 · count)-th value (the library's rule),
   * but never above the exact largest value recorded (the bucket's top can lie past it, which
   * would print a p99.9 above the max). 0 when empty. Cold path.
   */
  percentile(p: number): number {
    if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
    if (this.count === 0) return 0;
    const v = this.#synced().getValueAtPercentile(p);
    return v < this.maxRawNs ? v : this.maxRawNs;
  }

  /**
   * Every non-empty bucket in ascending order, as the library's "recorded values" iteration
   * visits them (one row per non-empty HdrHistogram bucket, bounds inclusive). Cold path.
   */
  buckets(): HistogramBucket[] {
    const out: HistogramBucket[] = [];
    const hdr = this.#hdr;
    const counts = this.counts;
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i];
      if (c === 0) continue;
      const v = hdr.valueFromIndex(i);
      out.push({ lowNs: hdr.lowestEquivalentValue(v), highNs: hdr.highestEquivalentValue(v), count: c });
    }
    return out;
  }

  /** The library histogram, refilled from `counts` if anything was recorded since the last query. */
  #synced(): Float64Histogram {
    const hdr = this.#hdr;
    if (this.hdrDirty) {
      hdr.reset();
      const counts = this.counts;
      for (let i = 0; i < counts.length; i++) {
        if (counts[i] !== 0) hdr.recordValueWithCount(hdr.valueFromIndex(i), counts[i]);
      }
      this.hdrDirty = false;
    }
    return hdr;
  }
}

/**
 * The HdrHistogram counts-array index of integer `v` (0 ≤ v < 2^53) with unit magnitude 0, the
 * same as hdr-histogram-js `countsArrayIndex`, from the layout constants of a histogram.
 */
export function hdrCountsIndex(v: number, subBucketMask: number, halfCountMagnitude: number, halfCount: number): number {
  // PERF: the rare value of 2^32 ns (4.3 s) or more takes a function of its own: a smaller inlinee.
  if (v >= TWO_POW_32) return hdrCountsIndexWide(v, halfCountMagnitude, halfCount);
  // PERF: floor(log2(v | mask)) via clz32; `| mask` keeps small values in bucket 0.
  const bucket = 31 - Math.clz32(v | subBucketMask) - halfCountMagnitude;
  return bucket * halfCount + (v >>> bucket);
}

// hdrCountsIndex() of v ≥ 2^32, from the high 32 bits.
function hdrCountsIndexWide(v: number, halfCountMagnitude: number, halfCount: number): number {
  const hi = Math.floor(v / TWO_POW_32);
  const bucket = 63 - Math.clz32(hi) - halfCountMagnitude;
  return bucket * halfCount + Math.floor(v / 2 ** bucket);
}
