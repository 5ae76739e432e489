// report.html of a library workload, opened in a real headless Chromium as a person would look
// at it: no console error and no request leaving the file; every plot drawn with its axes, titles
// and data; the affinity changes marked on the time series; the placement table where the
// workload moved its irqs. A screenshot of the whole page is saved for a person to look at.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportInput } from '../../src/cli/report-input.js';
import { loadWorkloadFile } from '../../src/cli/workload-file.js';
import { buildRunReport } from '../../src/report/run-report.js';
import { runSimulation } from '../../src/run.js';
import { chromiumForSuite, drawnPlots, expectEveryPlotDrawn, openFile } from './chromium.js';

const browser = chromiumForSuite();

/** The report of workloads/affinity-move-no-remap.yaml, as `irqstorm run` writes it. */
async function affinityMoveReport(): Promise<string> {
  const loaded = await loadWorkloadFile('workloads/affinity-move-no-remap.yaml');
  // As `irqstorm run … --series-top 8` writes it: the per-irq and per-peer series counted.
  const result = runSimulation(loaded.machine, { seriesFocus: 'all' });
  const html = await buildRunReport(reportInput(loaded, result, { names: [], top: 8 }, false));
  const file = join(mkdtempSync(join(tmpdir(), 'irqstorm-report-')), 'report.html');
  writeFileSync(file, html);
  return file;
}

describe('report.html in Chromium', () => {
  it('shows the question, the tables and every plot with axes and data, without errors or network requests', async () => {
    const opened = await openFile(browser(), await affinityMoveReport());
    try {
      const page = opened.page;
      expect(await page.textContent('h1')).toBe('irqstorm: affinity-move-no-remap');
      expect(await page.textContent('p.lead')).toMatch(/^The same move WITHOUT interrupt remapping/);

      const plots = await drawnPlots(page);
      // Stages with samples in the window: all six (write_msg has the two moves).
      const stages = ['end_to_end', 'delivery', 'queueing', 'ack', 'handler', 'write_msg'];
      expect(plots.map((p) => p.name)).toEqual(['latency-ccdf', ...stages.map((s) => `latency-${s}`), 'fate-rates', 'cpu-busy', 'scope-rates']);
      expectEveryPlotDrawn(plots);
      const by = Object.fromEntries(plots.map((p) => [p.name, p]));
      expect(by['latency-ccdf'].axisTitles).toEqual(expect.arrayContaining(['latency (ns)', 'P(latency > x)']));
      expect(by['latency-handler'].axisTitles).toEqual(expect.arrayContaining(['latency (ns)', 'samples (log)']));
      expect(by['fate-rates'].axisTitles).toEqual(expect.arrayContaining(['time (ms)', 'rate (/s)']));
      expect(by['fate-rates'].legendEntries).toBe(4);
      expect(by['cpu-busy'].legendEntries).toBe(4);
      // Both peers' irqs and both peers have series.
      expect(by['scope-rates'].legendEntries).toBe(4);

      // The two affinity changes are marked where they happen, on every time series.
      const marks = await page.$$eval('figure[data-plot="fate-rates"] text', (ts) => ts.map((t) => t.textContent));
      expect(marks).toEqual(expect.arrayContaining(['peer0/q0 → CPU 2', 'peer1/q0 → CPU 3']));

      // Placement: the moved irqs end on the CPUs they were moved to.
      const rows = await page.$$eval('#placement tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      const byName = new Map(rows.map((r) => [r[1], r]));
      expect(byName.get('peer0/q0')?.slice(4, 7)).toEqual(['2', '2', '2']);
      expect(byName.get('peer1/q0')?.slice(4, 7)).toEqual(['3', '3', '3']);

      const shot = await opened.screenshot('run-report-affinity-move-no-remap');
      expect(shot).toMatch(/results\/test-output\/screenshots\/run-report-affinity-move-no-remap\.png$/);
      expect(opened.errors).toEqual([]);
      expect(opened.externalRequests).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
