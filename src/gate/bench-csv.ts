/**
 * The bench result file, results/bench/<suite>.csv: one row per task, written by bench/index.ts
 * and read back by the gate. calibration_ratio = task ns/op ÷ the calibration loop's ns/op in
 * the same process, which makes figures from machines of different speed comparable; the gate
 * compares those ratios, never raw ns, across runs.
 */
import { readFileSync } from 'node:fs';
import { parseString, writeToString } from 'fast-csv';
import { writeFileAtomicSync as writeFileAtomic } from '../report/atomic-write.js';
import { changePct, type GateCheck, type Verdict } from './gate-check.js';
import { GateInputError } from './gate-error.js';

/** Column order of a bench CSV. */
export const BENCH_CSV_COLUMNS = [
  'task',
  'ops_per_s',
  'ns_per_op_mean',
  'ns_per_op_median',
  'ns_per_op_p99',
  'rme_pct',
  'samples',
  'calibration_ratio',
] as const;

/** One task's figures. */
export interface BenchRow {
  readonly task: string;
  /** Operations per second from the mean: 1e9 / nsPerOpMean. */
  readonly opsPerS: number;
  readonly nsPerOpMean: number;
  readonly nsPerOpMedian: number;
  readonly nsPerOpP99: number;
  /** tinybench's relative margin of error of the mean (95 %), in percent. */
  readonly rmePct: number;
  /** Timed calls (each of opsPerCall operations). */
  readonly samples: number;
  /** nsPerOpMean ÷ calibration ns/op measured in the same process. */
  readonly calibrationRatio: number;
}

/** The latency statistics tinybench reports per call, in ms (a subset of its Statistics). */
export interface LatencyStatsMs {
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  /** Relative margin of error, percent. */
  readonly rme: number;
  readonly samplesCount: number;
}

/** Converts per-call latency (ms) into per-operation figures (ns): ns/op = ms × 1e6 / opsPerCall. */
export function benchRowFromLatency(task: string, opsPerCall: number, latencyMs: LatencyStatsMs, calibrationNsPerOp: number): BenchRow {
  if (!(opsPerCall > 0)) throw new RangeError(`task "${task}": opsPerCall must be > 0, got ${opsPerCall}`);
  if (!(calibrationNsPerOp > 0)) throw new RangeError(`calibration ns/op must be > 0, got ${calibrationNsPerOp}`);
  const perOp = 1e6 / opsPerCall;
  const nsPerOpMean = latencyMs.mean * perOp;
  return {
    task,
    opsPerS: nsPerOpMean > 0 ? 1e9 / nsPerOpMean : Infinity,
    nsPerOpMean,
    nsPerOpMedian: latencyMs.p50 * perOp,
    nsPerOpP99: latencyMs.p99 * perOp,
    rmePct: latencyMs.rme,
    samples: latencyMs.samplesCount,
    calibrationRatio: nsPerOpMean / calibrationNsPerOp,
  };
}

/** CSV text of `rows` with the BENCH_CSV_COLUMNS header (numbers to 6 significant digits). */
export async function formatBenchCsv(rows: readonly BenchRow[]): Promise<string> {
  const records = rows.map((r) => [
    r.task,
    num(r.opsPerS, 6),
    num(r.nsPerOpMean, 6),
    num(r.nsPerOpMedian, 6),
    num(r.nsPerOpP99, 6),
    num(r.rmePct, 3),
    String(r.samples),
    num(r.calibrationRatio, 6),
  ]);
  return writeToString([[...BENCH_CSV_COLUMNS], ...records], { includeEndRowDelimiter: true });
}

/** Writes `rows` to `path` atomically (temp + rename). */
export async function writeBenchCsv(path: string, rows: readonly BenchRow[]): Promise<void> {
  writeFileAtomic(path, await formatBenchCsv(rows));
}

/** Parses bench CSV text; any malformed header, row or number is a GateInputError naming `source`. */
export function parseBenchCsv(text: string, source: string): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const rows: BenchRow[] = [];
    let failed = false;
    const fail = (problem: string): void => {
      if (!failed) reject(new GateInputError(source, problem));
      failed = true;
    };
    parseString<Record<string, string>, Record<string, string>>(text, {
      headers: (header) => {
        const got = header.map((h) => h ?? '');
        const missing = BENCH_CSV_COLUMNS.filter((c) => !got.includes(c));
        if (missing.length > 0) fail(`bench CSV header lacks ${missing.join(', ')}; got ${got.join(',')}`);
        return got;
      },
      strictColumnHandling: true,
    })
      .on('data', (rec: Record<string, string>) => {
        if (failed) return;
        const line = rows.length + 2;
        const field = (col: (typeof BENCH_CSV_COLUMNS)[number]): number => {
          const v = Number(rec[col]);
          if (rec[col] === '' || !(Number.isFinite(v) || v === Infinity)) fail(`line ${line}: ${col} = ${JSON.stringify(rec[col])} is not a number`);
          return v;
        };
        rows.push({
          task: rec.task,
          opsPerS: field('ops_per_s'),
          nsPerOpMean: field('ns_per_op_mean'),
          nsPerOpMedian: field('ns_per_op_median'),
          nsPerOpP99: field('ns_per_op_p99'),
          rmePct: field('rme_pct'),
          samples: field('samples'),
          calibrationRatio: field('calibration_ratio'),
        });
      })
      .on('data-invalid', (_row: unknown, rowNumber: number) => fail(`row ${rowNumber}: wrong number of columns`))
      .on('error', (err: Error) => fail(`not a valid CSV: ${err.message}`))
      .on('end', () => {
        if (!failed) resolve(rows);
      });
  });
}

/** Reads and parses a bench CSV; a missing file is a GateInputError. */
export async function readBenchCsv(path: string): Promise<BenchRow[]> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new GateInputError(path, code === 'ENOENT' ? 'bench CSV not found' : `cannot read bench CSV: ${(err as Error).message}`);
  }
  return parseBenchCsv(text, path);
}

export interface BenchRuleOptions {
  /** Calibrated-ratio growth (×) that fails when it is also beyond twice the combined error. @defaultValue 1.5 */
  readonly tripwire?: number;
  /** Calibrated-ratio growth (×) that warns. @defaultValue 1.10 */
  readonly noticeRatio?: number;
}

/**
 * Compares calibration ratios task by task. With r = now ratio ÷ baseline ratio and
 * u = √(rme_b² + rme_now²) the combined relative error in percent:
 * fail if r > tripwire AND 100·(r − 1) > 2u; warn if r > noticeRatio (or beyond the tripwire but
 * within noise), or a task is missing on either side; pass otherwise. One in-process run per
 * side is weak evidence, hence the wide default tripwire.
 */
export function compareBenchRows(
  suite: string,
  baseline: readonly BenchRow[],
  now: readonly BenchRow[],
  options: BenchRuleOptions = {},
): GateCheck[] {
  const tripwire = options.tripwire ?? 1.5;
  const noticeRatio = options.noticeRatio ?? 1.1;
  const base = new Map(baseline.map((r) => [r.task, r]));
  const cur = new Map(now.map((r) => [r.task, r]));
  const checks: GateCheck[] = [];
  for (const task of [...new Set([...base.keys(), ...cur.keys()])]) {
    const b = base.get(task);
    const n = cur.get(task);
    const bRatio = b?.calibrationRatio ?? null;
    const nRatio = n?.calibrationRatio ?? null;
    let verdict: Verdict = 'pass';
    let note: string;
    if (b === undefined || n === undefined) {
      verdict = 'warn';
      note = b === undefined ? 'new task, not in baseline' : 'task not measured in this run';
    } else {
      const r = n.calibrationRatio / b.calibrationRatio;
      const u = Math.hypot(b.rmePct, n.rmePct);
      const grewPct = 100 * (r - 1);
      const figures = `calibrated ×${r.toFixed(3)}, combined rme ±${u.toFixed(1)} %`;
      if (r > tripwire && grewPct > 2 * u) {
        verdict = 'fail';
        note = `slower beyond tripwire ×${tripwire} and noise; ${figures}`;
      } else if (r > noticeRatio) {
        verdict = 'warn';
        note = `slower than ×${noticeRatio}; ${figures}`;
      } else {
        note = figures;
      }
    }
    checks.push({ case: suite, kind: 'bench', subject: task, baseline: bRatio, now: nRatio, changePct: changePct(bRatio, nRatio), verdict, note });
  }
  return checks;
}

function num(x: number, digits: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : String(x);
}
