import fc from 'fast-check';
import { Float64Histogram } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HIGHEST_TRACKABLE_NS, LatencyHistogram } from './latency-histogram.js';

/** The value at rank ceil(p/100 · n) (1-based) of the sorted samples: the definition HdrHistogram approximates. */
function referencePercentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length - 1e-9));
  return sorted[rank - 1];
}

describe('LatencyHistogram.indexOf', () => {
  const h = new LatencyHistogram();
  const lib = new Float64Histogram(1, DEFAULT_HIGHEST_TRACKABLE_NS, 3);

  it('matches the library at bucket edges and around 2^32', () => {
    // 2047/2048: end of bucket 0 (sub-bucket count 2048); 4095/4096: bucket 1 → 2; 2^31 and 2^32: the
    // int32 sign bit and the switch from clz32 on v to clz32 on v / 2^32.
    const edges = [0, 1, 1023, 1024, 2047, 2048, 2049, 4095, 4096, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1];
    for (const v of [...edges, 2 ** 35 - 1, 2 ** 35, DEFAULT_HIGHEST_TRACKABLE_NS]) {
      expect(h.indexOf(v), `value ${v}`).toBe(lib.countsArrayIndex(v));
    }
  });

  it('matches the library for any value up to 60 s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: DEFAULT_HIGHEST_TRACKABLE_NS }), (v) => {
        expect(h.indexOf(v)).toBe(lib.countsArrayIndex(v));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('LatencyHistogram percentiles', () => {
  it('agree with a sorted-array reference within 0.1 % on random data', () => {
    // Log-uniform values from 1 ns to ~1 s, so every bucket size is exercised.
    const sample = fc.array(
      fc.double({ min: 0, max: Math.log(1e9), noNaN: true }).map((x) => Math.floor(Math.exp(x))),
      { minLength: 1, maxLength: 400 },
    );
    fc.assert(
      fc.property(sample, (values) => {
        const h = new LatencyHistogram();
        for (const v of values) h.record(v);
        const sorted = [...values].sort((a, b) => a - b);
        for (const p of [1, 25, 50, 90, 99, 99.9, 100]) {
          const ref = referencePercentile(sorted, p);
          const got = h.percentile(p);
          // The histogram reports the top of the reference value's bucket: never below it, and
          // above it by less than one bucket width (< ref / 1024 with 3 significant digits).
          expect(got).toBeGreaterThanOrEqual(ref);
          expect(got).toBeLessThanOrEqual(ref * 1.001);
        }
        expect(h.count).toBe(values.length);
        expect(h.min).toBe(sorted[0]);
        expect(h.max).toBe(sorted[sorted.length - 1]);
      }),
      { numRuns: 60 },
    );
  });

  it('is exact below 2048 ns and gives an exact mean', () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 10; v++) h.record(v * 100); // 100 … 1000
    // Sorted ranks: p50 → ceil(5) = 5th value = 500; p90 → 9th = 900. Bucket width 1 below 2048.
    expect(h.percentile(50)).toBe(500);
    expect(h.percentile(90)).toBe(900);
    expect(h.percentile(100)).toBe(1000);
    // (100 + … + 1000) / 10 = 5500 / 10 = 550
    expect(h.mean).toBe(550);
  });

  it('rejects percentiles outside (0, 100] and returns 0 when empty', () => {
    const h = new LatencyHistogram();
    expect(h.percentile(50)).toBe(0);
    expect(h.min).toBe(0);
    expect(h.max).toBe(0);
    expect(h.mean).toBe(0);
    expect(() => h.percentile(0)).toThrow(/\(0, 100\]/);
    expect(() => h.percentile(100.5)).toThrow(/got 100.5/);
  });
});

describe('LatencyHistogram clamping and reset', () => {
  it('clamps values above the highest trackable value and counts them', () => {
    const h = new LatencyHistogram(1_000_000); // 1 ms
    h.record(500);
    h.record(5_000_000); // clamped to 1,000,000
    expect(h.clampedCount).toBe(1);
    expect(h.count).toBe(2);
    expect(h.max).toBe(5_000_000); // raw maximum is kept exactly
    // Mean uses the clamped value: (500 + 1,000,000) / 2 = 500,250
    expect(h.mean).toBe(500_250);
    const p100 = h.percentile(100);
    expect(p100).toBeGreaterThanOrEqual(1_000_000);
    expect(p100).toBeLessThanOrEqual(1_001_000);
  });

  it('rejects a highest trackable value that is not an integer >= 2', () => {
    expect(() => new LatencyHistogram(1)).toThrow(/>= 2, got 1/);
    expect(() => new LatencyHistogram(1.5)).toThrow(/got 1.5/);
  });

  it('forgets everything on reset and records afresh', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 100; i++) h.record(10_000);
    expect(h.percentile(50)).toBeGreaterThanOrEqual(10_000);
    h.reset();
    expect(h.count).toBe(0);
    expect(h.percentile(99)).toBe(0);
    expect(h.buckets()).toEqual([]);
    h.record(42);
    expect(h.percentile(50)).toBe(42);
    expect(h.min).toBe(42);
    expect(h.max).toBe(42);
  });

  it('rejects a negative latency under DEBUG', () => {
    expect(() => new LatencyHistogram().record(-1)).toThrow(/>= 0, got -1/);
  });
});

describe('LatencyHistogram.buckets', () => {
  it('lists non-empty buckets in order, each holding its values, counts summing to the total', () => {
    const h = new LatencyHistogram();
    const values = [5, 5, 2047, 2048, 2049, 1_000_000, 1_000_500];
    for (const v of values) h.record(v);
    const b = h.buckets();
    // 5 (×2) and 2047 are single-ns buckets; 2048 and 2049 share the 2-ns bucket [2048, 2049];
    // 1,000,000 lies in a 512-ns bucket (2^19 ≤ v < 2^20: width 2^(19-10)) = [999,936, 1,000,447];
    // 1,000,500 in the next one, [1,000,448, 1,000,959].
    expect(b).toEqual([
      { lowNs: 5, highNs: 5, count: 2 },
      { lowNs: 2047, highNs: 2047, count: 1 },
      { lowNs: 2048, highNs: 2049, count: 2 },
      { lowNs: 999_936, highNs: 1_000_447, count: 1 },
      { lowNs: 1_000_448, highNs: 1_000_959, count: 1 },
    ]);
  });
});

describe('LatencyHistogram percentiles and the exact max', () => {
  it('never reports a percentile above the largest value recorded', () => {
    // 301501 ns lies in a bucket 256 ns wide whose top is 301567: uncapped, p99.9 would exceed the max.
    const h = new LatencyHistogram();
    h.record(1106);
    h.record(301501);
    expect(h.percentile(99.9)).toBe(301501);
    expect(h.percentile(100)).toBe(h.max);
    expect(h.percentile(50)).toBe(1106);
  });

  it('keeps p50 ≤ p90 ≤ p99 ≤ p99.9 ≤ max for any sample', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 36 }), { minLength: 1, maxLength: 200 }), (values) => {
        const h = new LatencyHistogram();
        for (const v of values) h.record(v);
        const ps = [50, 90, 99, 99.9, 100].map((p) => h.percentile(p));
        for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeGreaterThanOrEqual(ps[i - 1]);
        expect(ps[ps.length - 1]).toBeLessThanOrEqual(h.max);
      }),
      { numRuns: 100 },
    );
  });
});
