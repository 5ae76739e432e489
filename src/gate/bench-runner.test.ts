// Tests for the bench runner (bench/index.ts) and calibration loop (bench/calibration.ts). They
// live here because vitest only collects src/** and test/**, and the runner writes the CSV
// format this folder owns (bench-csv.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALIBRATION_TASK_NAME, CalibrationLoop, calibrationSink, createCalibrationTask } from '../../bench/calibration.js';
import { discoverSuites, parseBenchArgs, runBench } from '../../bench/index.js';
import type { BenchSuite } from '../../bench/suite.js';
import { readBenchCsv } from './bench-csv.js';

/** A tiny fixture suite: summing a typed array, 256 additions per call. */
function fixtureSuite(name: string): BenchSuite {
  const data = new Float64Array(256).fill(1);
  let sink = 0;
  return {
    name,
    tasks: [
      {
        name: 'sum, 256',
        opsPerCall: 256,
        fn: () => {
          let s = 0;
          for (let i = 0; i < data.length; i++) s += data[i];
          sink += s;
        },
      },
      { name: 'noop', opsPerCall: 1, setup: () => (sink = 0), fn: () => void sink },
    ],
  };
}

describe('runBench', () => {
  it('measures each task, prints the commit and a row per task, and writes the CSV', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'irqstorm-bench-'));
    const lines: string[] = [];
    const out = await runBench({ suitesDir: '/unused', outDir, timeMs: 20, minSamples: 5, log: (l) => lines.push(l), commit: 'feed123', suites: [fixtureSuite('fixture')] });
    expect(lines[0]).toMatch(/^irqstorm bench {2}commit feed123 {2}node v\d+/);
    expect(lines.some((l) => l.includes('sum, 256'))).toBe(true);
    expect(out).toHaveLength(1);
    const csvPath = join(outDir, 'fixture.csv');
    expect(out[0].csvPath).toBe(csvPath);
    expect(readFileSync(csvPath, 'utf8').split('\n')[0]).toBe(
      'task,ops_per_s,ns_per_op_mean,ns_per_op_median,ns_per_op_p99,rme_pct,samples,calibration_ratio',
    );
    const rows = await readBenchCsv(csvPath);
    expect(rows.map((r) => r.task)).toEqual([CALIBRATION_TASK_NAME, 'sum, 256', 'noop']);
    for (const r of rows) {
      expect(r.samples).toBeGreaterThanOrEqual(5);
      expect(r.nsPerOpMean).toBeGreaterThan(0);
      // ns/op and ops/s describe the same mean. Each is written to 6 significant digits
      // (relative error ≤ 5e-6 each), so their product is 1e9 within a relative 1e-5; asking
      // for ±5000 absolute, as this test first did, failed whenever both roundings went one way.
      expect(Math.abs((r.opsPerS * r.nsPerOpMean) / 1e9 - 1)).toBeLessThanOrEqual(1.0001e-5);
    }
    // Ratios are relative to one calibration figure: ratio_i / ns_i is the same for every row.
    const k = rows[1].calibrationRatio / rows[1].nsPerOpMean;
    expect(rows[2].calibrationRatio / rows[2].nsPerOpMean).toBeCloseTo(k, 6);
  });

  it('--filter keeps matching "suite/task" names only and skips suites with none', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'irqstorm-bench-'));
    const out = await runBench({
      suitesDir: '/unused',
      outDir,
      timeMs: 10,
      minSamples: 3,
      filter: 'ALPHA/NOOP',
      log: () => {},
      commit: 'x',
      suites: [fixtureSuite('alpha'), fixtureSuite('beta')],
    });
    expect(out.map((o) => o.suite)).toEqual(['alpha']);
    expect(out[0].rows.map((r) => r.task)).toEqual([CALIBRATION_TASK_NAME, 'noop']);
  });

  it('a filtered run leaves the full CSVs untouched: partial suites go to filtered/, whole ones to their file', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'irqstorm-bench-'));
    const quick = { suitesDir: '/unused', outDir, timeMs: 10, minSamples: 3, log: () => {}, commit: 'x' };
    await runBench({ ...quick, suites: [fixtureSuite('alpha'), fixtureSuite('beta')] });
    const full = { alpha: readFileSync(join(outDir, 'alpha.csv')), beta: readFileSync(join(outDir, 'beta.csv')) };

    // One task of alpha: its rows land in filtered/alpha.csv; neither full file changes by a byte.
    const partial = await runBench({ ...quick, filter: 'alpha/noop', suites: [fixtureSuite('alpha'), fixtureSuite('beta')] });
    expect(partial.map((o) => o.csvPath)).toEqual([join(outDir, 'filtered', 'alpha.csv')]);
    expect((await readBenchCsv(join(outDir, 'filtered', 'alpha.csv'))).map((r) => r.task)).toEqual([CALIBRATION_TASK_NAME, 'noop']);
    expect(readFileSync(join(outDir, 'alpha.csv'))).toEqual(full.alpha);
    expect(readFileSync(join(outDir, 'beta.csv'))).toEqual(full.beta);

    // A filter that keeps every task of beta is a full run of beta: its file is rewritten whole.
    const whole = await runBench({ ...quick, filter: 'beta/', suites: [fixtureSuite('alpha'), fixtureSuite('beta')] });
    expect(whole.map((o) => o.csvPath)).toEqual([join(outDir, 'beta.csv')]);
    expect((await readBenchCsv(join(outDir, 'beta.csv'))).map((r) => r.task)).toEqual([CALIBRATION_TASK_NAME, 'sum, 256', 'noop']);
    expect(readFileSync(join(outDir, 'alpha.csv'))).toEqual(full.alpha);
  });
});

describe('discoverSuites', () => {
  it('imports *.bench.js / .mjs files, any export shape, sorted by suite name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqstorm-suites-'));
    writeFileSync(join(dir, 'b.bench.mjs'), "export const suite = { name: 'zeta', tasks: [{ name: 't', opsPerCall: 1, fn() {} }] };\n");
    writeFileSync(
      join(dir, 'a.bench.mjs'),
      "export default [{ name: 'eta', tasks: [] }, { name: 'alpha', tasks: [{ name: 'u', opsPerCall: 2, fn() {} }] }];\n",
    );
    writeFileSync(join(dir, 'helper.mjs'), 'throw new Error("must not be imported");\n');
    const suites = await discoverSuites(dir);
    expect(suites.map((s) => s.name)).toEqual(['alpha', 'eta', 'zeta']);
  });

  it('names the file of a bad suite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqstorm-suites-'));
    writeFileSync(join(dir, 'x.bench.mjs'), "export const s = { name: 'x', tasks: [{ name: 't', opsPerCall: 0, fn() {} }] };\n");
    await expect(discoverSuites(dir)).rejects.toThrow(/x\.bench\.mjs: task "t": opsPerCall must be a positive number, got 0/);
    const dir2 = mkdtempSync(join(tmpdir(), 'irqstorm-suites-'));
    writeFileSync(join(dir2, 'y.bench.mjs'), 'export const nothing = 1;\n');
    await expect(discoverSuites(dir2)).rejects.toThrow(/y\.bench\.mjs: exports no BenchSuite/);
  });
});

describe('parseBenchArgs', () => {
  it('reads --filter, --time, --min-samples and --out', () => {
    const o = parseBenchArgs(['--filter', 'ack', '--time', '250', '--min-samples', '8', '--out', '/tmp/o'], '/here');
    expect(o).toMatchObject({ suitesDir: '/here', outDir: '/tmp/o', filter: 'ack', timeMs: 250, minSamples: 8 });
  });
  it('runs the GC check and the experiment measurements on a full run, skips them on a filtered one unless asked', () => {
    expect(parseBenchArgs([], '/here')).toMatchObject({ gcCheck: true, experiment: true, ratios: true });
    expect(parseBenchArgs(['--filter', 'ack'], '/here')).toMatchObject({ gcCheck: false, experiment: false, ratios: false });
    expect(parseBenchArgs(['--filter', 'ack', '--gc-check'], '/here')).toMatchObject({ gcCheck: true, experiment: false, ratios: false });
    expect(parseBenchArgs(['--filter', 'ack', '--experiment'], '/here')).toMatchObject({ gcCheck: false, experiment: true, ratios: false });
    expect(parseBenchArgs(['--filter', 'ack', '--ratios'], '/here')).toMatchObject({ gcCheck: false, experiment: false, ratios: true });
  });
  it('rejects unknown flags and bad numbers', () => {
    expect(() => parseBenchArgs(['--tiem', '5'], '/here')).toThrow(/--tiem/);
    expect(() => parseBenchArgs(['--time', 'fast'], '/here')).toThrow(/--time: expected a number, got "fast"/);
  });
});

describe('CalibrationLoop', () => {
  it('is deterministic: the same ops from reset give the same checksum', () => {
    const a = new CalibrationLoop();
    const b = new CalibrationLoop();
    const ca = a.run(10_000);
    expect(b.run(4_000) === ca).toBe(false); // a prefix differs…
    expect(b.run(6_000)).toBe(ca); // …the whole run matches
    a.reset();
    expect(a.run(10_000)).toBe(ca);
  });

  it('keeps the heap ordered (min at the root) and keys growing', () => {
    const loop = new CalibrationLoop();
    loop.run(50_000);
    const k = loop.keys;
    for (let i = 1; i < k.length; i++) expect(k[(i - 1) >> 1]).toBeLessThanOrEqual(k[i]);
    expect(k[0]).toBeGreaterThan(1023); // every initial key 0…1023 has been replaced by a later one
  });

  it('the task resets in setup, so every measurement starts from the same state', () => {
    // The sink is XORed with each call's checksum: two calls from the same state cancel out.
    const task = createCalibrationTask();
    const before = calibrationSink;
    task.setup?.();
    task.fn();
    expect(calibrationSink).not.toBe(before);
    task.setup?.();
    task.fn();
    expect(calibrationSink).toBe(before);
    expect(task.name).toBe(CALIBRATION_TASK_NAME);
  });
});
