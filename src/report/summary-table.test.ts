import { describe, expect, it } from 'vitest';
import { COALESCED_IRR, LOST_STALE_VECTOR } from '../metrics/accounting.js';
import { Metrics } from '../metrics/metrics.js';
import { STAGE_END_TO_END } from '../metrics/stages.js';
import { alignColumns, formatCount, formatNs, formatPercent, formatRate, formatRunFooter, formatSummaryTable } from './summary-table.js';

describe('unit formatting', () => {
  it('picks ns / µs / ms / s with 3 significant digits', () => {
    expect(formatNs(0)).toBe('0 ns');
    expect(formatNs(850)).toBe('850 ns');
    expect(formatNs(85.25)).toBe('85.3 ns');
    expect(formatNs(1250)).toBe('1.25 µs');
    expect(formatNs(999.7)).toBe('1.00 µs'); // 999.7 rounds to 1000 ns: promoted to the next unit
    expect(formatNs(12_500_000)).toBe('12.5 ms');
    expect(formatNs(2e9)).toBe('2.00 s');
  });

  it('writes rates as /s, k/s, M/s', () => {
    expect(formatRate(12)).toBe('12.0 /s');
    expect(formatRate(150_000)).toBe('150 k/s');
    expect(formatRate(1_234_567)).toBe('1.23 M/s');
    expect(formatRate(0)).toBe('0 /s');
  });

  it('groups thousands without locale and formats percentages', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(-1000)).toBe('-1,000');
    expect(formatPercent(0.4521)).toBe('45.2 %');
  });

  it('aligns the first column left and the rest right', () => {
    expect(alignColumns([['a', '1'], ['long', '1,000']])).toEqual(['  a         1', '  long  1,000']);
  });
});

describe('formatSummaryTable', () => {
  function run(): Metrics {
    const m = new Metrics({ cpus: 2, irqs: 1, peers: 1, durationNs: 1_000_000, intervalNs: 100_000, warmupNs: 0 });
    // 10 triggers: 8 handled, 1 coalesced in the IRR, 1 lost to a stale vector.
    for (let i = 0; i < 10; i++) m.triggered(0, 0, i * 1000);
    for (let i = 0; i < 8; i++) m.handled(0, 0, i * 1000 + 500);
    m.coalesced(0, 0, COALESCED_IRR, 8000);
    m.lost(0, 0, LOST_STALE_VECTOR, 9000);
    for (let i = 0; i < 8; i++) m.recordLatency(STAGE_END_TO_END, 0, 1000 + 100 * i, i * 1000 + 500);
    m.cpuEnter(0, 0);
    m.cpuExit(0, 250_000); // cpu0 busy 25 % of 1 ms
    return m;
  }

  it('shows throughput, fates with shares, latency and CPU use in aligned columns', () => {
    const text = formatSummaryTable(run().snapshot());
    const lines = text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['2 CPUs, 1 irq, 1 peer', 'ran 1.00 ms (warm-up 0 ns, statistics over 1.00 ms)']);
    // 10 triggers in 1 ms = 10 k/s; 8 handled = 8 k/s
    expect(lines).toContain('  triggered  10.0 k/s');
    expect(lines).toContain('  handled    8.00 k/s');
    // Fates: zero reasons are hidden, shares are of the 10 triggers.
    const fate = lines.slice(lines.indexOf('Trigger fates (whole run)') + 1, lines.indexOf('Latency (statistics window)') - 1);
    // Column widths: label 14 ("  stale_vector" with its indent), count 5 ("count"), share 7 ("100.0 %").
    expect(fate).toEqual([
      '                  count    share',
      '  triggered          10  100.0 %',
      '  handled             8   80.0 %',
      '  coalesced           1   10.0 %',
      '    irr               1   10.0 %',
      '  lost                1   10.0 %',
      '    stale_vector      1   10.0 %',
      '  in flight           0    0.0 %',
      '  spurious            0',
    ]);
    // Latencies 1000 … 1700 ns: mean 1350 ns = 1.35 µs, p50 = 4th value = 1300 ns, max 1700 ns.
    const e2e = lines.find((l) => l.startsWith('  end_to_end'));
    expect(e2e).toBe('  end_to_end      8  1.35 µs  1.30 µs  1.70 µs  1.70 µs  1.70 µs  1.70 µs');
    // CPU columns: 4 wide ("mean"), 11 wide ("utilisation"); cpu1 idle, mean (25 + 0) / 2 = 12.5 %.
    expect(lines).toContain('  0          25.0 %');
    expect(lines).toContain('  1           0.0 %');
    expect(lines).toContain('  mean       12.5 %');
    expect(text).not.toContain('\x1b[');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('opens with what was modelled when told, in aligned rows', () => {
    const text = formatSummaryTable(run().snapshot(), { modelled: [['device', 'storm: hypothetical'], ['design', 'ntb-domain: proposed']] });
    expect(text.split('\n').slice(0, 4)).toEqual(['Modelled', '  device  storm: hypothetical', '  design  ntb-domain: proposed', '']);
    expect(formatSummaryTable(run().snapshot())).not.toContain('Modelled');
  });

  it('uses ANSI bold for headers only when asked', () => {
    const text = formatSummaryTable(run().snapshot(), { color: true });
    expect(text).toContain('\x1b[1mCPU\x1b[22m');
  });

  it('warns about fate identity violations', () => {
    const m = new Metrics({ cpus: 1, irqs: 1, peers: 0, durationNs: 1000, intervalNs: 1000, warmupNs: 0 });
    m.triggered(0, -1, 10);
    expect(formatSummaryTable(m.snapshot())).toContain('  WARNING: 2 fate identity violation(s):\n    irq 0: triggered 1');
  });
});

describe('formatRunFooter', () => {
  it('groups the event count and scales the rate like the summary', () => {
    // 728,021 events in 1.41 s: 516,327 /s → 516 k/s.
    expect(formatRunFooter(728_021, 1.41, 'results/runs/x')).toBe('\n  728,021 events in 1.41 s wall, 516 k/s\n  wrote results/runs/x');
    expect(formatRunFooter(12_345_678, 2, 'd')).toContain('12,345,678 events in 2.00 s wall, 6.17 M/s');
  });
});
