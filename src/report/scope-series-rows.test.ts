import { describe, expect, it } from 'vitest';
import type { ScopeSeriesRow, ScopeSeriesSnapshot } from '../metrics/scope-series.js';
import type { CsvTable } from './csv.js';
import { chooseScopeRows, withScopeSeries } from './scope-series-rows.js';

/** counts[metric][interval] for triggered, handled, coalesced, lost over two intervals. */
function row(id: number, name: string, triggered: [number, number], handled: [number, number] = [0, 0]): ScopeSeriesRow {
  return { id, name, counts: [Float64Array.from(triggered), Float64Array.from(handled), new Float64Array(2), new Float64Array(2)] };
}

// Two intervals of 1 µs, the second cut to 500 ns by the run's end.
const SNAP: ScopeSeriesSnapshot = {
  intervalNs: 1000,
  intervalLengthsNs: [1000, 500],
  irqs: [row(4, 'a/q0', [1, 0], [1, 0]), row(5, 'b/q0', [3, 2], [2, 2]), row(6, 'idle/q0', [0, 0])],
  peers: [row(0, 'a', [1, 0], [1, 0]), row(1, 'b', [3, 2], [2, 2])],
  note: '',
};

const BASE: CsvTable = {
  file: 'series.csv',
  description: '',
  columns: [
    { name: 'interval_start_ns', unit: 'ns', description: '' },
    { name: 'metric', unit: '', description: '' },
    { name: 'scope', unit: '', description: '' },
    { name: 'value', unit: '', description: '' },
    { name: 'count', unit: 'count', description: '' },
  ],
  rows: [
    [0, 'triggered', 'all', 4e6, 4],
    [0, 'cpu_busy', 'cpu0', 0.5, ''],
    [1000, 'triggered', 'all', 4e6, 2],
  ],
};

describe('chooseScopeRows', () => {
  it('takes the N irqs and N peers with the most triggers, in row order, never an idle one', () => {
    expect(chooseScopeRows(SNAP, { names: [], top: 1 }).map((r) => r.name)).toEqual(['b/q0', 'b']);
    expect(chooseScopeRows(SNAP, { names: [], top: 5 }).map((r) => r.name)).toEqual(['a/q0', 'b/q0', 'a', 'b']);
    expect(chooseScopeRows(SNAP, { names: [], top: 0 })).toEqual([]);
  });

  it('takes exactly the rows named when names are given, whatever the top', () => {
    expect(chooseScopeRows(SNAP, { names: ['a', 'idle/q0'], top: 8 }).map((r) => r.name)).toEqual(['idle/q0', 'a']);
  });
});

describe('withScopeSeries', () => {
  it('merges the rates interval by interval after the all-scope rows, per metric then row', () => {
    const t = withScopeSeries(BASE, SNAP, { names: ['b/q0', 'a'], top: 0 });
    const zeros = (start: number, metric: string): unknown[][] => [
      [start, metric, 'b/q0', 0, 0],
      [start, metric, 'a', 0, 0],
    ];
    expect(t.rows).toEqual([
      [0, 'triggered', 'all', 4e6, 4],
      [0, 'cpu_busy', 'cpu0', 0.5, ''],
      // 3 and 1 triggers in a 1 µs interval: 3 M/s and 1 M/s.
      [0, 'triggered', 'b/q0', 3e6, 3],
      [0, 'triggered', 'a', 1e6, 1],
      [0, 'handled', 'b/q0', 2e6, 2],
      [0, 'handled', 'a', 1e6, 1],
      ...zeros(0, 'coalesced'),
      ...zeros(0, 'lost'),
      [1000, 'triggered', 'all', 4e6, 2],
      // 2 triggers in the last interval, 500 ns long: 4 M/s.
      [1000, 'triggered', 'b/q0', 4e6, 2],
      [1000, 'triggered', 'a', 0, 0],
      [1000, 'handled', 'b/q0', 4e6, 2],
      [1000, 'handled', 'a', 0, 0],
      ...zeros(1000, 'coalesced'),
      ...zeros(1000, 'lost'),
    ]);
    expect(t.columns).toBe(BASE.columns);
  });

  it('leaves the table as it is when nothing is chosen', () => {
    expect(withScopeSeries(BASE, SNAP, { names: [], top: 0 })).toBe(BASE);
  });
});
