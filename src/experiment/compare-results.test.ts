import { describe, expect, it } from 'vitest';
import { compareVariants } from './compare-results.js';
import { formatCompareTable } from './compare-table.js';
import type { TidyRow } from './point-rows.js';

function run(handled: number, p99: number, lostStale = 0, writeMsgCount = 0): TidyRow[] {
  return [
    ['run', '', 'handled_rate', handled, 'Hz'],
    ['run', '', 'triggered_rate', handled, 'Hz'],
    ['fate', 'all', 'lost', lostStale, 'count'],
    ['fate', 'all', 'lost_stale_vector', lostStale, 'count'],
    ['fate', 'all', 'lost_window_fault', 0, 'count'],
    ['stage', 'end_to_end', 'count', 10, 'count'],
    ['stage', 'end_to_end', 'p99_ns', p99, 'ns'],
    ['stage', 'write_msg', 'count', writeMsgCount, 'count'],
    ['stage', 'write_msg', 'p99_ns', 0, 'ns'],
    ['peer', 'p', 'handled', 1, 'count'], // not a compare metric
  ];
}

describe('compareVariants', () => {
  const a = [run(100, 1000), run(110, 1100), run(120, 1300)];
  const b = [run(100, 1200), run(110, 1250), run(120, 1500, 3)];

  it('gives each variant mean ± CI and the paired difference from the first', () => {
    const r = compareVariants([a, b]);
    const p99 = r.rows.find((x) => x.name === 'stage/end_to_end/p99_ns');
    expect(p99?.estimates[0].mean).toBeCloseTo(3400 / 3, 9); // (1000 + 1100 + 1300) / 3
    expect(p99?.estimates[1].mean).toBeCloseTo(3950 / 3, 9);
    // differences 200, 150, 200: mean 183.33, sd 28.87, t(0.975,2) = 4.302652730 → ± 71.72
    const d = p99?.differences[1];
    expect(d?.mean).toBeCloseTo(183.3333333, 6);
    expect(d?.halfWidth).toBeCloseTo((4.30265273 * Math.sqrt(2500 / 3)) / Math.sqrt(3), 5);
    expect(d?.significant).toBe(true);
    expect(p99?.differences[0]).toBeNull();
  });

  it('keeps throughput and lost rows, hides all-zero rows and stages without samples, in table order', () => {
    const r = compareVariants([a, b]);
    expect(r.rows.map((x) => x.name)).toEqual(['run/triggered_rate', 'run/handled_rate', 'fate/all/lost', 'fate/all/lost_stale_vector', 'stage/end_to_end/p99_ns']);
    expect(r.hiddenZero).toBe(2); // lost_window_fault, write_msg p99 (no samples)
  });

  it('notes variants whose rows are byte-identical on every seed', () => {
    const r = compareVariants([a, b, a.map((rows) => rows.slice())]);
    expect(r.identical).toEqual([[0, 2]]);
    const text = formatCompareTable(['x', 'y', 'z'], [1, 2, 3], r);
    expect(text).toContain('note: z gave byte-identical results to x on every seed');
    expect(text).toContain('paired t-test');
    expect(text).toMatch(/stage\/end_to_end\/p99_ns +1\.13 µs ± /);
  });
});
