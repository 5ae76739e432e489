import { describe, expect, it } from 'vitest';
import { det, testConfig, traceArrival } from '../machine/testing/config-builder.js';
import type { StageLatency } from '../metrics/metrics.js';
import { runSimulation } from '../run.js';
import { MAX_HISTOGRAM_BINS, logBins } from './run-report-charts.js';
import { buildRunReport } from './run-report.js';

function stage(buckets: { lowNs: number; highNs: number; count: number }[]): StageLatency {
  const count = buckets.reduce((n, b) => n + b.count, 0);
  return { stage: 's', scope: 'all', count, clamped: 0, minNs: 0, meanNs: 0, p50Ns: 0, p90Ns: 0, p99Ns: 0, p999Ns: 0, maxNs: 0, buckets };
}

describe('logBins', () => {
  it('keeps every positive sample, in at most MAX_HISTOGRAM_BINS bins of equal log width, in order', () => {
    const buckets = Array.from({ length: 3000 }, (_, i) => ({ lowNs: i + 1, highNs: i + 1, count: (i % 7) + 1 }));
    const { bins, domain } = logBins(stage([{ lowNs: 0, highNs: 0, count: 50 }, ...buckets]));
    expect(bins.reduce((n, b) => n + b.n, 0)).toBe(buckets.reduce((n, b) => n + b.count, 0));
    expect(bins.length).toBeLessThanOrEqual(MAX_HISTOGRAM_BINS);
    const ratios = bins.map((b) => b.hi / b.lo);
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0], 9);
    for (let i = 1; i < bins.length; i++) expect(bins[i].lo).toBeGreaterThanOrEqual(bins[i - 1].hi * (1 - 1e-12));
    expect(domain[0]).toBe(1);
    expect(domain[1]).toBe(3001);
  });

  it('widens a single value to a visible bar: the axis spans 1.25× around it', () => {
    const { bins, domain } = logBins(stage([{ lowNs: 800, highNs: 800, count: 10 }]));
    expect(bins).toHaveLength(1);
    expect(bins[0].n).toBe(10);
    expect(bins[0].lo).toBeLessThanOrEqual(800.5);
    expect(bins[0].hi).toBeGreaterThanOrEqual(800.5);
    expect(domain[1] / domain[0]).toBeCloseTo(1.25, 9);
  });

  it('has nothing to draw when every sample is 0 ns', () => {
    expect(logBins(stage([{ lowNs: 0, highNs: 0, count: 3 }])).bins).toEqual([]);
  });
});

describe('buildRunReport', () => {
  it('is one self-contained page: escaped text, inline SVG plots, no script, nothing fetched', async () => {
    const config = testConfig({
      cpus: 2,
      durationNs: 200_000,
      peer: { arrival: traceArrival(Array.from({ length: 150 }, (_, k) => 1000 + 1200 * k)), itemWork: det(900) },
      affinityChanges: [{ atNs: 100_000, irq: 'p0/q0', cpus: [1] }],
    });
    const r = runSimulation(config, { seriesFocus: 'all' });
    const html = await buildRunReport({
      name: 'tiny',
      description: 'Does <b>this</b> & that escape?',
      setup: '1 peer, 2 CPUs',
      snapshot: r.snapshot,
      view: r.kernelView,
      marks: [{ atNs: 100_000, label: 'p0/q0 → CPU 1' }],
      series: { names: [], top: 8 },
      interrupted: false,
      footer: 'irqstorm test',
    });
    expect(html).toContain('<p class="lead">Does &lt;b&gt;this&lt;/b&gt; &amp; that escape?</p>');
    for (const id of ['summary', 'latency', 'series', 'placement']) expect(html).toContain(`<section id="${id}">`);
    expect(html).not.toMatch(/<script|<link|<img|src=|href="http/);
    const plots = [...html.matchAll(/<figure class="plot" data-plot="([^"]+)"><svg/g)].map((m) => m[1]);
    expect(plots).toEqual(expect.arrayContaining(['fate-rates', 'cpu-busy', 'latency-end_to_end', 'scope-rates']));
    // The move is marked on the time series.
    expect(html).toContain('p0/q0 → CPU 1');
  });
});
