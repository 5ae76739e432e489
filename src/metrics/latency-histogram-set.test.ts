import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.js';
import { LatencyHistogramSet } from './latency-histogram-set.js';

/** Everything a query can read of a histogram, as plain data. */
function summary(h: LatencyHistogram): Record<string, unknown> {
  return {
    count: h.count,
    clamped: h.clampedCount,
    min: h.min,
    max: h.max,
    mean: h.mean,
    p50: h.percentile(50),
    p99: h.percentile(99),
    p999: h.percentile(99.9),
    p100: h.percentile(100),
    buckets: h.buckets(),
  };
}

describe('LatencyHistogramSet', () => {
  it('answers every query exactly as a LatencyHistogram fed the same values', () => {
    const values = fc.array(
      fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2 ** 40 })),
      { minLength: 1, maxLength: 300 },
    );
    fc.assert(
      fc.property(values, (vs) => {
        const set = new LatencyHistogramSet(3, 1e12);
        const ref = new LatencyHistogram(1e12);
        for (const v of vs) {
          set.record(1, v);
          ref.record(v);
        }
        expect(summary(set.histogram(1))).toEqual(summary(ref));
      }),
      { numRuns: 50 },
    );
  });

  it('sums rows into what one histogram fed every value of them would hold', () => {
    const rows = fc.array(fc.array(fc.integer({ min: 0, max: 2 ** 36 }), { maxLength: 60 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(rows, (perRow) => {
        fc.pre(perRow.some((r) => r.length > 0));
        const set = new LatencyHistogramSet(perRow.length + 2, 1e10);
        const ref = new LatencyHistogram(1e10);
        perRow.forEach((values, i) => {
          for (const v of values) {
            set.record(1 + i, v);
            ref.record(v);
          }
        });
        set.record(0, 5); // rows outside the range do not count
        set.record(perRow.length + 1, 7);
        expect(summary(set.copyOfSum(1, perRow.length))).toEqual(summary(ref));
        expect(summary(set.histogramOfSum(1, perRow.length))).toEqual(summary(ref));
      }),
      { numRuns: 40 },
    );
  });

  it('keeps rows apart', () => {
    const set = new LatencyHistogramSet(3);
    set.record(0, 100);
    set.record(2, 7);
    set.record(2, 9);
    expect(set.histogram(0).count).toBe(1);
    expect(set.histogram(0).max).toBe(100);
    expect(set.histogram(1).count).toBe(0);
    expect(set.histogram(1).percentile(50)).toBe(0);
    expect(set.histogram(2).min).toBe(7);
    expect(set.histogram(2).max).toBe(9);
    expect(set.histogram(2).mean).toBe(8);
  });

  it('clamps values above the highest trackable one and counts them, keeping the raw max', () => {
    const set = new LatencyHistogramSet(1, 1000);
    set.record(0, 5000);
    set.record(0, 10);
    const h = set.histogram(0);
    expect(h.clampedCount).toBe(1);
    expect(h.max).toBe(5000);
    expect(h.mean).toBe((1000 + 10) / 2);
  });

  it('refills the shared view per call, while copyOf keeps its contents', () => {
    const set = new LatencyHistogramSet(2);
    set.record(0, 50);
    set.record(1, 70);
    const copy = set.copyOf(0);
    const view = set.histogram(0);
    expect(view.max).toBe(50);
    set.histogram(1);
    expect(view.max).toBe(70); // the same object, now showing row 1
    expect(copy.max).toBe(50);
    set.record(0, 90);
    expect(copy.count).toBe(1); // a copy does not follow later records
  });

  it('forgets everything on reset', () => {
    const set = new LatencyHistogramSet(2);
    set.record(0, 50);
    set.record(1, 3e12);
    set.reset();
    for (const row of [0, 1]) {
      const h = set.histogram(row);
      expect(h.count).toBe(0);
      expect(h.clampedCount).toBe(0);
      expect(h.buckets()).toEqual([]);
      expect(h.min).toBe(0);
    }
    set.record(1, 4);
    expect(set.histogram(1).min).toBe(4);
  });

  it('rejects a row outside the set and a bad row count', () => {
    const set = new LatencyHistogramSet(2);
    expect(() => set.histogram(2)).toThrow(/row 2 is not in \[0, 2\)/);
    expect(() => set.copyOf(-1)).toThrow(/row -1/);
    expect(() => set.copyOfSum(1, 2)).toThrow(/rows 1…2 are not in \[0, 2\)/);
    expect(() => new LatencyHistogramSet(1.5)).toThrow(/rows must be an integer/);
  });

  it('rejects a negative or NaN latency in the debug build (tests run it) and records nothing', () => {
    const set = new LatencyHistogramSet(1);
    expect(() => set.record(0, -1)).toThrow(/latency must be a number of ns >= 0, got -1/);
    expect(() => set.record(0, Number.NaN)).toThrow(/got NaN/);
    expect(set.histogram(0).count).toBe(0);
  });
});
