import { describe, expect, it } from 'vitest';
import { COALESCED_IRR, LOST_STALE_VECTOR } from './accounting.js';
import { ScopeSeriesMetrics } from './scope-series-metrics.js';
import { Metrics } from './metrics.js';
import { SCOPE_HANDLED, SCOPE_SERIES_SLOT_LIMIT, SCOPE_TRIGGERED, ScopeSeries } from './scope-series.js';

const SPEC = { cpus: 1, irqs: 3, peers: 2, durationNs: 3000, intervalNs: 1000, warmupNs: 0, peerNames: ['a', 'b'] };

/** 3 irqs, 2 peers, three 1 µs intervals; every row tracked unless `focus` names some. */
function metrics(focus = { irqs: [0, 1, 2], peers: [0, 1], all: true }): Metrics {
  return new ScopeSeriesMetrics(SPEC, focus);
}

describe('per-irq and per-peer series', () => {
  it('count each fate in its irq row and its peer row, per interval, and add up to the all-scope series', () => {
    const m = metrics();
    m.triggered(0, 0, 100);
    m.triggered(0, 0, 900);
    m.handled(0, 0, 950);
    m.triggered(1, 1, 1500);
    m.coalesced(1, 1, COALESCED_IRR, 1600);
    m.triggered(2, -1, 2500); // a switch event: no peer
    m.lost(2, -1, LOST_STALE_VECTOR, 2900);
    m.triggered(1, 1, 3000); // at the duration: past the last interval, counted nowhere
    const s = m.snapshot().scopeSeries;
    const counts = (rows: typeof s.irqs) => rows.map((r) => ({ name: r.name, counts: r.counts.map((c) => Array.from(c)) }));
    // counts[metric][interval], metrics triggered, handled, coalesced, lost.
    expect(counts(s.irqs)).toEqual([
      { name: 'irq0', counts: [[2, 0, 0], [1, 0, 0], [0, 0, 0], [0, 0, 0]] },
      { name: 'irq1', counts: [[0, 1, 0], [0, 0, 0], [0, 1, 0], [0, 0, 0]] },
      { name: 'irq2', counts: [[0, 0, 1], [0, 0, 0], [0, 0, 0], [0, 0, 1]] },
    ]);
    expect(counts(s.peers)).toEqual([
      { name: 'a', counts: [[2, 0, 0], [1, 0, 0], [0, 0, 0], [0, 0, 0]] },
      { name: 'b', counts: [[0, 1, 0], [0, 0, 0], [0, 1, 0], [0, 0, 0]] },
    ]);
    expect(s.intervalLengthsNs).toEqual([1000, 1000, 1000]);
    // The all-scope triggered rate is the irq rows' sum per second of interval.
    const all = m.snapshot().series.filter((p) => p.metric === 'triggered').map((p) => p.value);
    expect(all).toEqual([2e6, 1e6, 1e6]);
  });

  it('track only the rows named, whatever their number', () => {
    const m = metrics({ irqs: [2], peers: [1], all: false });
    m.triggered(0, 0, 100);
    m.triggered(2, 1, 100);
    const s = m.snapshot().scopeSeries;
    expect(s.irqs.map((r) => [r.id, r.counts[0][0]])).toEqual([[2, 1]]);
    expect(s.peers.map((r) => [r.name, r.counts[0][0]])).toEqual([['b', 1]]);
  });

  it('are not counted by the plain Metrics, whose fate methods stay as they were', () => {
    const m = new Metrics(SPEC);
    expect(m.triggered(0, 0, 1500)).toBe(1);
    expect(m.triggered(0, 0, 3000)).toBe(-1);
    const s = m.snapshot().scopeSeries;
    expect([s.irqs, s.peers, s.intervalLengthsNs]).toEqual([[], [], [1000, 1000, 1000]]);
  });

  it('stop at the run end when the run stopped early: the last interval as long as it got', () => {
    const m = metrics();
    m.triggered(0, 0, 1200);
    const s = m.snapshot(1500).scopeSeries;
    expect(s.intervalLengthsNs).toEqual([1000, 500]);
    expect(Array.from(s.irqs[0].counts[0])).toEqual([0, 1]);
  });
});

describe('ScopeSeries bounds', () => {
  it('drops every row, with a note, when all of them would pass the limit; named rows are kept', () => {
    const rows = Array.from({ length: 1024 }, (_, i) => i);
    const buckets = SCOPE_SERIES_SLOT_LIMIT / (2 * 1024 * 4) + 1; // (1024 + 1024) × 4 × buckets > limit
    const all = new ScopeSeries(buckets, 1024, 1024, rows, rows, true);
    expect(all.irqs).toEqual([]);
    expect(all.irqCounts.length + all.peerCounts.length).toBe(0);
    expect(all.note).toMatch(/^per-irq and per-peer series are off: 1024 irqs and 1024 peers over 513 intervals would take 4202496 counts \(limit 4194304\); name the ones you want with --series$/);
    all.add(SCOPE_TRIGGERED, 5, 5, 0); // untracked rows: nothing to count, nothing thrown

    const named = new ScopeSeries(buckets, 1024, 1024, rows, rows, false);
    expect(named.note).toBe('');
    named.add(SCOPE_HANDLED, 5, 7, 3);
    expect(named.rows('irq', [], buckets)[5].counts[SCOPE_HANDLED][3]).toBe(1);
    expect(named.rows('peer', [], buckets)[7].counts[SCOPE_HANDLED][3]).toBe(1);
  });

  it('refuses a row out of range or named twice', () => {
    expect(() => new ScopeSeries(2, 3, 0, [3], [], false)).toThrow('series: no irq row 3 (3 rows)');
    expect(() => new ScopeSeries(2, 3, 2, [], [1, 1], false)).toThrow('series: peer row 1 named twice');
  });
});
