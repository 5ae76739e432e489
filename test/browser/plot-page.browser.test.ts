// The plotting module's charts, drawn by a real Chromium from a self-contained page: every
// chart kind shows its axes, titles and data, with no console error and no request leaving the file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlPage, htmlTable, plotFigure } from '../../src/report/html/index.js';
import { barChart, ccdfRows, histogramChart, lineChart, renderSvg } from '../../src/report/plot/index.js';
import { drawnPlots, launchChromium, openFile } from './chromium.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function samplePage(): Promise<string> {
  const series = [];
  for (let t = 0; t < 20; t++) {
    for (const cpu of ['cpu0', 'cpu1']) series.push({ t, busy: cpu === 'cpu0' ? 0.2 + t * 0.02 : 0.6 - t * 0.01, cpu });
  }
  const buckets = Array.from({ length: 200 }, (_, i) => ({ high: 100 + i * 10, count: 200 - i }));
  const line = await renderSvg(
    lineChart({
      title: 'CPU busy',
      data: series,
      x: { field: 't', title: 'time (ms)' },
      y: { field: 'busy', title: 'busy fraction', format: '.0%' },
      series: { field: 'cpu', title: 'CPU' },
      rules: [{ at: 5, label: 'warm-up end' }],
      step: true,
    }),
  );
  const ccdf = await renderSvg(
    lineChart({
      title: 'end-to-end latency tail',
      data: ccdfRows(buckets, 'ns', 'p'),
      x: { field: 'ns', title: 'latency (ns)', scale: 'log' },
      y: { field: 'p', title: 'P(latency > x)', scale: 'log' },
    }),
  );
  const bars = await renderSvg(
    barChart({
      title: 'p99 by variant',
      data: [
        { v: 'off', p99: 2.1, lo: 2.0, hi: 2.2 },
        { v: 'remapped', p99: 2.4, lo: 2.3, hi: 2.5 },
        { v: 'posted', p99: 1.9, lo: 1.8, hi: 2.0 },
      ],
      category: { field: 'v', title: 'machine.remapping' },
      value: { field: 'p99', title: 'p99 (µs)' },
      error: { lo: 'lo', hi: 'hi' },
    }),
  );
  const hist = await renderSvg(
    histogramChart({
      title: 'latency histogram',
      data: buckets.map((b) => ({ lo: b.high - 9, hi: b.high, n: b.count })),
      low: 'lo',
      high: 'hi',
      count: { field: 'n', title: 'samples' },
      x: { title: 'latency (ns)', scale: 'log' },
    }),
  );
  const table = htmlTable([{ label: 'name', cell: (r: { n: string }) => r.n }], [{ n: '<peer0/q0>' }]);
  const dir = mkdtempSync(join(tmpdir(), 'irqstorm-plot-'));
  const file = join(dir, 'plots.html');
  writeFileSync(
    file,
    htmlPage({
      title: 'plot module',
      sections: [
        { id: 'line', heading: 'Line', body: plotFigure('busy', line) + plotFigure('ccdf', ccdf) },
        { id: 'bars', heading: 'Bars', body: plotFigure('bars', bars) + plotFigure('hist', hist) + table },
      ],
    }),
  );
  return file;
}

describe('plots in Chromium', () => {
  it('draws every chart with its axes, titles and data, without errors or network requests', async () => {
    const opened = await openFile(browser, await samplePage());
    try {
      const plots = await drawnPlots(opened.page);
      expect(plots.map((p) => p.name)).toEqual(['busy', 'ccdf', 'bars', 'hist']);
      for (const p of plots) {
        expect(p.width, p.name).toBeGreaterThan(300);
        expect(p.height, p.name).toBeGreaterThan(150);
        expect(p.axes, p.name).toBeGreaterThanOrEqual(2);
        expect(p.tickLabels, p.name).toBeGreaterThan(2);
        expect(p.marks, p.name).toBeGreaterThan(0);
      }
      const by = Object.fromEntries(plots.map((p) => [p.name, p]));
      expect(by.busy.axisTitles).toEqual(expect.arrayContaining(['time (ms)', 'busy fraction']));
      expect(by.busy.legendEntries).toBe(2);
      expect(by.ccdf.axisTitles).toEqual(expect.arrayContaining(['latency (ns)', 'P(latency > x)']));
      expect(by.bars.marks).toBeGreaterThanOrEqual(3);
      expect(by.hist.marks).toBe(200);
      expect(await opened.page.textContent('td')).toBe('<peer0/q0>');
      await opened.screenshot('plot-module');
      expect(opened.errors).toEqual([]);
      expect(opened.externalRequests).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
