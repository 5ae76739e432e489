import { describe, expect, it } from 'vitest';
import { TimeSeries, type SeriesMetric } from './series.js';

const METRICS: SeriesMetric[] = [
  { name: 'rate', scope: 'all', rows: 1, kind: 'rate', unit: 'Hz', description: '' },
  { name: 'lat', scope: 'all', rows: 1, kind: 'mean', unit: 'ns', description: '' },
  { name: 'busy', scope: 'cpu', rows: 2, kind: 'fraction', unit: 'fraction', description: '' },
  { name: 'total', scope: 'all', rows: 1, kind: 'sum', unit: 'count', description: '' },
];

describe('TimeSeries', () => {
  it('buckets by floor(time / interval), with a short last interval', () => {
    // 2500 ns in 1000-ns intervals: [0,1000) [1000,2000) [2000,2500)
    const s = new TimeSeries(2500, 1000, METRICS);
    expect(s.bucketCount).toBe(3);
    s.add(0, 0, 1);
    s.add(0, 999, 1);
    s.add(0, 1000, 1);
    s.add(0, 2499, 1);
    s.add(0, 2500, 1); // at the duration: out of range
    s.add(0, -1, 1);
    expect(s.outOfRange).toBe(2);
    // 2 events in 1000 ns = 2e6 Hz; 1 in 1000 ns = 1e6 Hz; 1 in the 500-ns tail = 2e6 Hz.
    expect([s.value(0, 0, 0), s.value(0, 0, 1), s.value(0, 0, 2)]).toEqual([2e6, 1e6, 2e6]);
  });

  it('exports means per interval and skips intervals without samples', () => {
    const s = new TimeSeries(3000, 1000, METRICS);
    s.add(1, 100, 10);
    s.add(1, 200, 30);
    s.add(1, 2100, 7);
    const lat = s.points().filter((p) => p.metric === 'lat');
    expect(lat).toEqual([
      { intervalStartNs: 0, metric: 'lat', scope: 'all', value: 20, count: 2 }, // (10 + 30) / 2
      { intervalStartNs: 2000, metric: 'lat', scope: 'all', value: 7, count: 1 },
    ]);
  });

  it('gives the count behind each rate beside it, and none for a busy fraction', () => {
    // 3 events in the 500-ns tail of a 2500-ns run: 6e6 Hz, which reads like a storm; the count says 3.
    const s = new TimeSeries(2500, 1000, METRICS);
    s.add(0, 2100, 1);
    s.add(0, 2200, 1);
    s.add(0, 2300, 1);
    s.addSpan(2, 0, 500, 0);
    const points = s.points();
    const rate = points.filter((p) => p.metric === 'rate').map((p) => [p.intervalStartNs, p.value, p.count]);
    expect(rate).toEqual([
      [0, 0, 0],
      [1000, 0, 0],
      [2000, 6e6, 3],
    ]);
    const busy = points.find((p) => p.metric === 'busy' && p.scope === 'cpu0' && p.intervalStartNs === 0);
    expect(busy?.value).toBe(0.5);
    expect(busy?.count).toBeNaN();
  });

  it('spreads a busy span over the intervals it overlaps, per row', () => {
    const s = new TimeSeries(3000, 1000, METRICS);
    s.addSpan(2, 800, 2300, 1); // cpu1: 200 ns in [0,1000), 1000 in [1000,2000), 300 in [2000,3000)
    s.addSpan(2, 2900, 5000, 0); // cpu0: 100 ns, cut at the duration
    const busy = s.points().filter((p) => p.metric === 'busy');
    expect(busy.map((p) => [p.intervalStartNs, p.scope, p.value])).toEqual([
      [0, 'cpu0', 0],
      [0, 'cpu1', 0.2],
      [1000, 'cpu0', 0],
      [1000, 'cpu1', 1],
      [2000, 'cpu0', 0.1],
      [2000, 'cpu1', 0.3],
    ]);
  });

  it('keeps plain sums and resets', () => {
    const s = new TimeSeries(1000, 1000, METRICS);
    s.add(3, 10, 4);
    s.add(3, 20, 5);
    expect(s.value(3, 0, 0)).toBe(9);
    s.reset();
    expect(s.value(3, 0, 0)).toBe(0);
  });

  it('rejects bad sizes with the value it got', () => {
    expect(() => new TimeSeries(0, 10, METRICS)).toThrow(/duration .* > 0, got 0/);
    expect(() => new TimeSeries(10, 2.5, METRICS)).toThrow(/interval .* got 2.5/);
    expect(() => new TimeSeries(1e9, 1, METRICS)).toThrow(/1000000000 intervals/);
  });
});

describe('TimeSeries of a run stopped early', () => {
  it('has points only for the intervals reached, the last one as long as it got', () => {
    const rate: SeriesMetric = { name: 'r', scope: 'all', rows: 1, kind: 'rate', unit: 'Hz', description: '' };
    const s = new TimeSeries(10_000, 1000, [rate]);
    s.add(0, 500, 1);
    s.add(0, 2100, 1); // the run stops at 2250 ns: interval 2 is 250 ns long
    const points = s.points(2250);
    expect(points.map((p) => p.intervalStartNs)).toEqual([0, 1000, 2000]);
    expect(points.map((p) => p.value)).toEqual([1e6, 0, 4e6]);
    // On an interval edge the interval that begins there was not reached.
    expect(s.points(2000).map((p) => p.intervalStartNs)).toEqual([0, 1000]);
    expect(s.points().length).toBe(10);
  });
});
