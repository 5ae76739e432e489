// sweep.html and compare.html as a person opens them: made by the real commands (the compiled
// bin), drawn by a real Chromium from disk, with every plot showing its axes and its series,
// no console error, no request leaving the file, and a screenshot of each page.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawnPlots, launchChromium, openFile } from './chromium.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/irqstorm.js');

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

function cli(args: string[]): void {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`irqstorm ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
}

describe('experiment pages in Chromium', () => {
  it('sweep.html draws one curve per series with CI bands, on labelled axes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqstorm-sweep-page-'));
    const plan = join(dir, 'page-plan.yaml');
    writeFileSync(
      plan,
      [
        'description: "A test sweep <with> markup & quotes"',
        `workload: ${join(ROOT, 'workloads/doorbell-vs-msi.yaml')}`,
        "set: [duration=3ms, warmup=0, 'peers[0].arrival={type: poisson, rate: 1e4}', 'peers[1].arrival={type: poisson, rate: 1e4}']",
        'points:',
        "  - { 'peers[0].arrival.rate': 10000, 'peers[1].arrival.rate': 10000 }",
        "  - { 'peers[0].arrival.rate': 100000, 'peers[1].arrival.rate': 100000 }",
        "  - { 'peers[0].arrival.rate': 300000, 'peers[1].arrival.rate': 300000 }",
        'seeds: 2',
        'metrics: [peer/*/end_to_end_mean_ns, run/handled_rate]',
        'plots:',
        "  - { x: 'peers[0].arrival.rate', y: peer/*/end_to_end_mean_ns }",
        "  - { x: 'peers[0].arrival.rate', y: run/handled_rate }",
        '',
      ].join('\n'),
    );
    cli(['sweep', plan, '--out', dir, '--store', join(dir, 'store'), '--quiet']);
    const opened = await openFile(browser, join(dir, 'page-plan', 'sweep.html'));
    try {
      const plots = await drawnPlots(opened.page);
      expect(plots).toHaveLength(2);
      for (const p of plots) {
        expect(p.axes, p.name).toBeGreaterThanOrEqual(2);
        expect(p.axisTitles, p.name).toContain('peers[0].arrival.rate');
        expect(p.tickLabels, p.name).toBeGreaterThan(2);
        expect(p.marks, p.name).toBeGreaterThan(0);
      }
      expect(plots[0].legendEntries).toBe(2); // db and msi
      expect(plots[0].axisTitles).toContain('peer/*/end_to_end_mean_ns (ns)');
      expect(await opened.page.textContent('p.lead')).toBe('A test sweep <with> markup & quotes');
      expect(await opened.page.locator('table tbody tr').count()).toBe(3);
      await opened.screenshot('sweep');
      expect(opened.errors).toEqual([]);
      expect(opened.externalRequests).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('compare.html shows the table and a bar chart per headline metric with error bars', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqstorm-compare-page-'));
    cli(['compare', 'workloads/default-storm.yaml', '--vary', 'machine.remapping=off,remapped,posted', '--set', 'duration=3ms', '--set', 'warmup=1ms', '--seeds', '3', '--out', dir, '--store', join(dir, 'store'), '--quiet']);
    const opened = await openFile(browser, join(dir, 'default-storm-vary-machine.remapping', 'compare.html'));
    try {
      const plots = await drawnPlots(opened.page);
      // handled rate, end-to-end mean and p99, CPU use, coalesced; nothing is lost, so no chart of zeros.
      expect(plots.map((p) => p.name)).toEqual(['compare-0', 'compare-1', 'compare-2', 'compare-3', 'compare-4']);
      for (const p of plots) {
        expect(p.axes, p.name).toBeGreaterThanOrEqual(2);
        expect(p.axisTitles, p.name).toContain('variant');
        expect(p.marks, p.name).toBeGreaterThanOrEqual(3); // a bar per variant, and its error bar
      }
      const header = await opened.page.locator('thead th').allTextContents();
      expect(header).toEqual(['metric', 'off', 'remapped', 'Δ vs off', 'posted', 'Δ vs off']);
      expect(await opened.page.locator('tbody tr').count()).toBeGreaterThan(10);
      await opened.screenshot('compare');
      expect(opened.errors).toEqual([]);
      expect(opened.externalRequests).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
