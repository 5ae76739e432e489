import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchRowFromLatency, compareBenchRows, parseBenchCsv, readBenchCsv, writeBenchCsv, type BenchRow } from './bench-csv.js';
import { GateInputError } from './gate-error.js';

const HEADER = 'task,ops_per_s,ns_per_op_mean,ns_per_op_median,ns_per_op_p99,rme_pct,samples,calibration_ratio';

describe('benchRowFromLatency', () => {
  it('converts per-call ms into per-op ns and the calibration ratio (hand-worked)', () => {
    // 1000 ops per call, mean 0.05 ms/call → 50 ns/op; median 0.048 → 48; p99 0.09 → 90.
    // ops/s = 1e9 / 50 = 2e7. Calibration 25 ns/op → ratio 50/25 = 2.
    const r = benchRowFromLatency('ack chain, 3 levels', 1000, { mean: 0.05, p50: 0.048, p99: 0.09, rme: 1.5, samplesCount: 400 }, 25);
    expect(r.nsPerOpMean).toBeCloseTo(50, 9);
    expect(r.nsPerOpMedian).toBeCloseTo(48, 9);
    expect(r.nsPerOpP99).toBeCloseTo(90, 9);
    expect(r.opsPerS).toBeCloseTo(2e7, 0);
    expect(r.calibrationRatio).toBeCloseTo(2, 12);
    expect(r.samples).toBe(400);
    expect(() => benchRowFromLatency('t', 0, { mean: 1, p50: 1, p99: 1, rme: 1, samplesCount: 1 }, 1)).toThrow(/opsPerCall must be > 0, got 0/);
  });
});

describe('bench CSV', () => {
  const rows: BenchRow[] = [
    { task: 'ack chain, 3 levels', opsPerS: 2e7, nsPerOpMean: 50, nsPerOpMedian: 48, nsPerOpP99: 90, rmePct: 1.5, samples: 400, calibrationRatio: 2 },
    { task: 'eoi "fast"', opsPerS: 1e8, nsPerOpMean: 10.123456789, nsPerOpMedian: 10, nsPerOpP99: 12, rmePct: 0.7, samples: 800, calibrationRatio: 0.4 },
  ];

  it('writes the documented columns atomically and reads them back (quotes and commas survive)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqstorm-csv-'));
    const path = join(dir, 'x86.csv');
    await writeBenchCsv(path, rows);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toBe(HEADER);
    expect(readdirSync(dir)).toEqual(['x86.csv']); // the temp file was renamed away
    const back = await readBenchCsv(path);
    expect(back[0]).toEqual(rows[0]);
    expect(back[1].task).toBe('eoi "fast"');
    expect(back[1].nsPerOpMean).toBe(10.1235); // 6 significant digits
  });

  it('names the file and the problem for a missing file, a bad header, a bad number or a short row', async () => {
    await expect(readBenchCsv('/nonexistent/x.csv')).rejects.toThrow('/nonexistent/x.csv: bench CSV not found');
    await expect(parseBenchCsv('task,ops_per_s\na,1\n', 'f.csv')).rejects.toThrow(/^f\.csv: bench CSV header lacks ns_per_op_mean/);
    await expect(parseBenchCsv(`${HEADER}\na,1,2,3,4,5,6,x\n`, 'f.csv')).rejects.toThrow(/line 2: calibration_ratio = "x" is not a number/);
    await expect(parseBenchCsv(`${HEADER}\na,1,2\n`, 'f.csv')).rejects.toBeInstanceOf(GateInputError);
  });
});

describe('compareBenchRows', () => {
  const row = (task: string, ratio: number, rmePct = 2): BenchRow => ({
    task,
    opsPerS: 1,
    nsPerOpMean: 1,
    nsPerOpMedian: 1,
    nsPerOpP99: 1,
    rmePct,
    samples: 100,
    calibrationRatio: ratio,
  });

  it('applies the rule: fail beyond ×1.5 and 2× the combined error, warn beyond ×1.10', () => {
    const checks = compareBenchRows(
      'x86',
      [row('double', 1), row('double-noisy', 1, 30), row('plus20', 1), row('same', 1)],
      [row('double', 2), row('double-noisy', 2, 40), row('plus20', 1.2), row('same', 1.05)],
    );
    // double: r = 2, u = √(2² + 2²) = 2.83 %, growth 100 % > 5.7 % → fail.
    // double-noisy: u = √(30² + 40²) = 50 %, growth 100 % ≤ 2u = 100 % → not fail; r > 1.10 → warn.
    // plus20: r = 1.2 ∈ (1.10, 1.5] → warn. same: r = 1.05 → pass.
    expect(checks.map((c) => [c.subject, c.verdict])).toEqual([
      ['double', 'fail'],
      ['double-noisy', 'warn'],
      ['plus20', 'warn'],
      ['same', 'pass'],
    ]);
  });

  it('warns about tasks present on one side only', () => {
    const checks = compareBenchRows('x86', [row('gone', 1)], [row('new', 1)]);
    expect(checks.map((c) => [c.subject, c.verdict, c.note])).toEqual([
      ['gone', 'warn', 'task not measured in this run'],
      ['new', 'warn', 'new task, not in baseline'],
    ]);
  });
});
