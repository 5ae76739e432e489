/**
 * The bench runner: imports every `*.bench.js` beside it (bench/ compiles to dist/bench/), runs
 * each task with tinybench (time-based, warm-up, a minimum sample count), prints a row per task
 * and writes results/bench/<suite>.csv atomically. A calibration loop timed in the same process
 * gives every task a calibration_ratio that compares across machines. A filtered run that leaves
 * out some of a suite's tasks writes that suite to <out>/filtered/<suite>.csv, never over the full
 * suite's file. Before the suites, the GC check (gc-check.ts), the experiment runner's
 * measurements (experiment.ts) and the speed ratios (ratios.ts) run, each in its own process;
 * with --filter they are skipped unless --gc-check, --experiment or --ratios asks for them.
 * Usage: npm run bench -- [--filter <substr>] [--gc-check] [--experiment] [--ratios] [--time <ms>] [--min-samples <n>] [--out <dir>]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Bench } from 'tinybench';
import { benchRowFromLatency, writeBenchCsv, type BenchRow, type LatencyStatsMs } from '../src/gate/bench-csv.js';
import { gitShortCommit } from '../src/gate/git-commit.js';
import { CALIBRATION_TASK_NAME, createCalibrationTask } from './calibration.js';
import type { BenchSuite, BenchTask } from './suite.js';

/** Default time budget per task (ms). About 0.6 s a task with warm-up: ~100 tasks in 2 minutes. */
export const DEFAULT_TIME_MS = 500;
/** Default minimum timed calls per task, whatever the time budget. */
export const DEFAULT_MIN_SAMPLES = 16;
/** Calibration rounds before the first suite (one more runs before each suite; the minimum is used). */
const INITIAL_CALIBRATION_ROUNDS = 3;
const SUITE_FILE = /\.bench\.m?js$/;
const SUITE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface RunBenchOptions {
  /** Folder holding the compiled *.bench.js files. */
  readonly suitesDir: string;
  /** Where <suite>.csv files go. */
  readonly outDir: string;
  /** Only tasks whose "suite/task" contains this (case-insensitive). */
  readonly filter?: string;
  /** Run the GC check first (main() only). @defaultValue true without a filter, false with one */
  readonly gcCheck?: boolean;
  /** Run the experiment runner's measurements first (main() only). @defaultValue as gcCheck */
  readonly experiment?: boolean;
  /** Run the speed ratios (ratios.ts) first (main() only). @defaultValue as gcCheck */
  readonly ratios?: boolean;
  /** @defaultValue DEFAULT_TIME_MS */
  readonly timeMs?: number;
  /** @defaultValue DEFAULT_MIN_SAMPLES */
  readonly minSamples?: number;
  /** Receives every printed line. @defaultValue console.log */
  readonly log?: (line: string) => void;
  /** Commit for the header. @defaultValue gitShortCommit() */
  readonly commit?: string;
  /** Suites to run instead of discovering them (tests). */
  readonly suites?: readonly BenchSuite[];
}

/** Sub-folder of the output folder for suites a filter ran only in part. */
export const FILTERED_SUBDIR = 'filtered';

/** One suite's outcome. */
export interface SuiteOutcome {
  readonly suite: string;
  /** <out>/<suite>.csv when every task ran, <out>/filtered/<suite>.csv when the filter left some out. */
  readonly csvPath: string;
  /** The calibration row first, then the suite's tasks. */
  readonly rows: readonly BenchRow[];
}

/** Is `x` shaped like a BenchSuite (bench files are plain modules; check before trusting). */
function isSuite(x: unknown): x is BenchSuite {
  return typeof x === 'object' && x !== null && typeof (x as BenchSuite).name === 'string' && Array.isArray((x as BenchSuite).tasks);
}

/** Checks a suite's names and tasks; throws with the file and the problem. */
export function validateSuite(suite: BenchSuite, file: string): void {
  if (!SUITE_NAME.test(suite.name)) throw new Error(`${file}: suite name must be file-safe (${SUITE_NAME}), got ${JSON.stringify(suite.name)}`);
  const seen = new Set<string>();
  for (const t of suite.tasks) {
    if (typeof t.name !== 'string' || t.name === '') throw new Error(`${file}: suite "${suite.name}" has a task without a name`);
    if (t.name === CALIBRATION_TASK_NAME) throw new Error(`${file}: task name ${CALIBRATION_TASK_NAME} is reserved`);
    if (seen.has(t.name)) throw new Error(`${file}: suite "${suite.name}" has two tasks named "${t.name}"`);
    seen.add(t.name);
    if (!(Number.isFinite(t.opsPerCall) && t.opsPerCall > 0)) {
      throw new Error(`${file}: task "${t.name}": opsPerCall must be a positive number, got ${t.opsPerCall}`);
    }
    if (typeof t.fn !== 'function') throw new Error(`${file}: task "${t.name}": fn must be a function`);
  }
}

/**
 * Imports every *.bench.js (or .mjs) in `dir` and collects the BenchSuite values each exports
 * (default or named, single or in an array), sorted by suite name.
 */
export async function discoverSuites(dir: string): Promise<BenchSuite[]> {
  const files = readdirSync(dir)
    .filter((f) => SUITE_FILE.test(f))
    .sort();
  const suites: BenchSuite[] = [];
  const owner = new Map<string, string>();
  for (const f of files) {
    const path = join(dir, f);
    const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    const found: BenchSuite[] = [];
    for (const value of Object.values(mod)) {
      if (isSuite(value)) found.push(value);
      else if (Array.isArray(value)) found.push(...value.filter(isSuite));
    }
    if (found.length === 0) throw new Error(`${path}: exports no BenchSuite ({ name, tasks })`);
    for (const s of new Set(found)) {
      validateSuite(s, path);
      const other = owner.get(s.name);
      if (other !== undefined) throw new Error(`${path}: suite "${s.name}" is also defined in ${other}`);
      owner.set(s.name, path);
      suites.push(s);
    }
  }
  return suites.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Runs one task with tinybench and returns its per-call latency statistics (ms). */
export function measureTask(task: BenchTask, timeMs: number, minSamples: number): LatencyStatsMs {
  task.setup?.();
  const bench = new Bench({
    time: timeMs,
    iterations: minSamples,
    warmup: true,
    warmupTime: Math.max(20, timeMs / 5),
    warmupIterations: 4,
    throws: true,
  });
  bench.add(task.name, task.fn);
  bench.runSync();
  const result = bench.tasks[0].result;
  if (result.state !== 'completed') {
    const why = result.state === 'errored' ? result.error.message : result.state;
    throw new Error(`task "${task.name}" did not complete: ${why}`);
  }
  const l = result.latency;
  return { mean: l.mean, p50: l.p50, p99: l.p99, rme: l.rme, samplesCount: l.samplesCount };
}

/** Runs the calibration task once; returns its statistics and median ns/op. */
function calibrate(timeMs: number, minSamples: number): { stats: LatencyStatsMs; nsPerOp: number } {
  const task = createCalibrationTask();
  const stats = measureTask(task, timeMs, minSamples);
  return { stats, nsPerOp: (stats.p50 * 1e6) / task.opsPerCall };
}

/** Matches "suite/task" against the filter, case-insensitively. */
function wanted(suite: string, task: string, filter: string | undefined): boolean {
  return filter === undefined || `${suite}/${task}`.toLowerCase().includes(filter.toLowerCase());
}

/** Runs every (filtered) task of every suite; writes one CSV per suite that ran. */
export async function runBench(options: RunBenchOptions): Promise<SuiteOutcome[]> {
  const timeMs = options.timeMs ?? DEFAULT_TIME_MS;
  const minSamples = options.minSamples ?? DEFAULT_MIN_SAMPLES;
  if (!(timeMs > 0)) throw new RangeError(`--time must be a positive number of ms, got ${timeMs}`);
  if (!(Number.isInteger(minSamples) && minSamples >= 1)) throw new RangeError(`--min-samples must be an integer ≥ 1, got ${minSamples}`);
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const suites = options.suites ?? (await discoverSuites(options.suitesDir));
  const calibrationMs = Math.max(100, timeMs / 2);

  // MODEL: the machine's speed is the fastest calibration seen (a min filters out moments when the
  // other core was busy); it is re-measured before each suite so a slow start does not stick.
  let best = calibrate(calibrationMs, minSamples);
  for (let i = 1; i < INITIAL_CALIBRATION_ROUNDS; i++) {
    const c = calibrate(calibrationMs, minSamples);
    if (c.nsPerOp < best.nsPerOp) best = c;
  }
  const cpu = cpus();
  log(
    `irqstorm bench  commit ${options.commit ?? gitShortCommit()}  node ${process.version}  ` +
      `${cpu[0]?.model.trim() ?? 'unknown cpu'} ×${cpu.length}  time ${timeMs} ms/task  min ${minSamples} samples  ` +
      `calibration ${best.nsPerOp.toFixed(2)} ns/op`,
  );
  const outcomes: SuiteOutcome[] = [];
  for (const suite of suites) {
    const tasks = suite.tasks.filter((t) => wanted(suite.name, t.name, options.filter));
    if (tasks.length === 0) continue;
    const c = calibrate(calibrationMs, minSamples);
    if (c.nsPerOp < best.nsPerOp) best = c;
    // A suite's file holds every task of it: a run of some tasks goes beside, never over it.
    const partial = tasks.length < suite.tasks.length;
    const csvPath = partial ? join(options.outDir, FILTERED_SUBDIR, `${suite.name}.csv`) : join(options.outDir, `${suite.name}.csv`);
    log('');
    log(`suite ${suite.name} (${partial ? `${tasks.length} of ${suite.tasks.length}` : tasks.length} tasks) → ${csvPath}`);
    log(header());
    const rows: BenchRow[] = [];
    for (const task of tasks) {
      const row = benchRowFromLatency(task.name, task.opsPerCall, measureTask(task, timeMs, minSamples), best.nsPerOp);
      rows.push(row);
      log(formatRow(row));
    }
    const calRow = benchRowFromLatency(CALIBRATION_TASK_NAME, createCalibrationTask().opsPerCall, best.stats, best.nsPerOp);
    const all = [calRow, ...rows];
    await writeBenchCsv(csvPath, all);
    outcomes.push({ suite: suite.name, csvPath, rows: all });
  }
  if (outcomes.length === 0) log(options.filter === undefined ? 'no bench suites found' : `no task matches --filter ${JSON.stringify(options.filter)}`);
  log('');
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return outcomes;
}

const COLS: readonly [string, number][] = [
  ['ns/op mean', 11],
  ['median', 10],
  ['p99', 10],
  ['±rme %', 7],
  ['samples', 8],
  ['×calib', 8],
  ['ops/s', 12],
];
const TASK_WIDTH = 36;

function header(): string {
  return '  ' + 'task'.padEnd(TASK_WIDTH) + COLS.map(([h, w]) => h.padStart(w)).join(' ');
}

/** One printed table row. */
export function formatRow(r: BenchRow): string {
  const ns = (x: number): string => (x >= 1000 ? x.toFixed(0) : x.toPrecision(4));
  const cells = [ns(r.nsPerOpMean), ns(r.nsPerOpMedian), ns(r.nsPerOpP99), r.rmePct.toFixed(2), String(r.samples), r.calibrationRatio.toFixed(3), Math.round(r.opsPerS).toLocaleString('en-US')];
  const name = r.task.length > TASK_WIDTH ? r.task.slice(0, TASK_WIDTH - 1) + '…' : r.task;
  return '  ' + name.padEnd(TASK_WIDTH) + cells.map((c, i) => c.padStart(COLS[i][1])).join(' ');
}

/** Parses the runner's flags (strict: an unknown flag or a bad number throws with the flag named). */
export function parseBenchArgs(argv: readonly string[], here: string): RunBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      filter: { type: 'string' },
      'gc-check': { type: 'boolean' },
      experiment: { type: 'boolean' },
      ratios: { type: 'boolean' },
      time: { type: 'string' },
      'min-samples': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const num = (flag: string, text: string | undefined, fallback: number): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw new RangeError(`--${flag}: expected a number, got ${JSON.stringify(text)}`);
    return n;
  };
  return {
    suitesDir: here,
    outDir: resolve(values.out ?? join('results', 'bench')),
    filter: values.filter,
    gcCheck: values['gc-check'] === true || values.filter === undefined,
    experiment: values.experiment === true || values.filter === undefined,
    ratios: values.ratios === true || values.filter === undefined,
    timeMs: num('time', values.time, DEFAULT_TIME_MS),
    minSamples: num('min-samples', values['min-samples'], DEFAULT_MIN_SAMPLES),
  };
}

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  let options: RunBenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2), here);
  } catch (err) {
    console.error(`bench: ${(err as Error).message}`);
    console.error('usage: node dist/bench/index.js [--filter <substr>] [--gc-check] [--experiment] [--ratios] [--time <ms>] [--min-samples <n>] [--out <dir>]');
    process.exitCode = 2;
    return;
  }
  // Each in a fresh process, as before the suites are loaded: the GC check counts the hold
  // model's collections alone, and the experiment runner measures heap growth with --expose-gc.
  const before: [boolean | undefined, string[]][] = [
    [options.gcCheck, [join(here, 'gc-check.js'), '--out', options.outDir]],
    [options.experiment, ['--expose-gc', join(here, 'experiment.js'), '--out', options.outDir]],
    [options.ratios, [join(here, 'ratios.js'), '--out', options.outDir]],
  ];
  for (const [wanted, args] of before) {
    if (wanted !== true) continue;
    mkdirSync(options.outDir, { recursive: true });
    const child = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (child.status !== 0) {
      process.exitCode = child.status ?? 1;
      return;
    }
  }
  await runBench(options);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  });
}
