/**
 * The perf gate: runs every registered case (instructions under valgrind + model metrics),
 * compares with results/baseline/*.json, optionally adds wall-clock A/B and calibrated bench
 * checks, and turns the lot into one verdict and exit code (0 pass, 1 regression; bad input
 * throws GateInputError → 2). The CLI (`irqstorm gate`) is a thin wrapper over this.
 */
import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { baselineCase, loadBaselines, type BaselineSet, type GateEnvironment } from './baseline.js';
import { compareBenchRows, readBenchCsv, type BenchRuleOptions } from './bench-csv.js';
import { parseCaseMetrics, type CaseMetrics } from './case-protocol.js';
import type { CaseRegistry, GateCase } from './case-registry.js';
import { worstVerdict, type GateCheck, type Verdict } from './gate-check.js';
import { EXIT_PASS, EXIT_REGRESSION, GateInputError } from './gate-error.js';
import { DEFAULT_INSTRUCTION_THRESHOLD_PCT, defaultInstructionCounter, judgeInstructions, type InstructionCounter } from './instructions.js';
import { compareMetrics } from './metric-compare.js';
import { abCompare, type AbOptions } from './wall-clock.js';

/** What one case run produced. */
export interface CaseMeasurement {
  /** Instructions beyond node's start-up. */
  readonly instructions: number;
  /** The metrics line it printed, or null. */
  readonly metrics: CaseMetrics | null;
}

/** Measures one case; `scriptPath` is already resolved against rootDir. The seam tests replace. */
export type CaseRunner = (c: GateCase, scriptPath: string) => Promise<CaseMeasurement>;

/**
 * The real runner: valgrind instruction count (node start-up subtracted, measured once per
 * counter) and the metrics line of the same run. Script paths reach it absolute.
 */
export function valgrindCaseRunner(counter: InstructionCounter = defaultInstructionCounter()): CaseRunner {
  return async (c, scriptPath) => {
    const { instructions, stdout } = await counter.measure(scriptPath, c.args);
    return { instructions, metrics: parseCaseMetrics(stdout, scriptPath) };
  };
}

/** One wall-clock A/B comparison to run. */
export interface AbSpec {
  readonly baselineCmd: readonly string[];
  readonly candidateCmd: readonly string[];
  /** @defaultValue 10 */
  readonly rounds?: number;
  readonly options?: AbOptions;
}

export interface MeasureOptions {
  readonly registry: CaseRegistry;
  /** Case scripts are resolved against it. @defaultValue process.cwd() */
  readonly rootDir?: string;
  /** Only cases whose name contains this substring (comma-separated alternatives). */
  readonly only?: string;
  /** @defaultValue valgrindCaseRunner() */
  readonly runCase?: CaseRunner;
  /** Progress lines ("hold-model: counting instructions…"). */
  readonly onProgress?: (line: string) => void;
}

export interface GateOptions extends MeasureOptions {
  /** Folder of baseline *.json files (results/baseline). */
  readonly baselineDir: string;
  /** Fail threshold for instruction increases in percent, overriding baseline and case values. */
  readonly thresholdPct?: number;
  /** Wall-clock A/B comparisons. */
  readonly ab?: readonly AbSpec[];
  /** Calibrated bench comparison: every CSV in baselineDir against the same name in currentDir. */
  readonly bench?: { readonly baselineDir: string; readonly currentDir: string; readonly rule?: BenchRuleOptions };
  /**
   * Where this gate counts. A baseline stamped with another Node or CPU model cannot fail on
   * instructions (the counts are not comparable): its instruction checks become warnings.
   */
  readonly environment?: GateEnvironment;
}

export interface GateResult {
  /** Every check, in run order. */
  readonly checks: readonly GateCheck[];
  /** Case name → what it measured (feed to updateBaseline). */
  readonly measurements: ReadonlyMap<string, CaseMeasurement>;
  readonly verdict: Verdict;
  /** 0 pass (warnings allowed), 1 at least one failure. */
  readonly exitCode: number;
  /** Commits the baselines were recorded at (for the report header). */
  readonly baselineCommits: readonly string[];
}

/** The registered cases selected by `only` (all when unset); a filter matching nothing is a GateInputError. */
export function selectCases(registry: CaseRegistry, only?: string): GateCase[] {
  const all = registry.list();
  if (only === undefined || only.trim() === '') return [...all];
  const parts = only.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const picked = all.filter((c) => parts.some((p) => c.name.includes(p)));
  if (picked.length === 0) {
    throw new GateInputError('--only', `"${only}" matches no registered case; known: ${all.map((c) => c.name).join(', ') || '(none)'}`);
  }
  return picked;
}

/** Runs the selected cases and returns their measurements (no baseline needed: for recording one). */
export async function measureCases(options: MeasureOptions): Promise<Map<string, CaseMeasurement>> {
  const rootDir = options.rootDir ?? process.cwd();
  const runCase = options.runCase ?? valgrindCaseRunner();
  const out = new Map<string, CaseMeasurement>();
  for (const c of selectCases(options.registry, options.only)) {
    const scriptPath = isAbsolute(c.script) ? c.script : resolve(rootDir, c.script);
    if (!existsSync(scriptPath)) {
      throw new GateInputError(scriptPath, `script of case "${c.name}" not found; build first: npx tsc -p tsconfig.json`);
    }
    options.onProgress?.(`${c.name}: measuring ${c.script} ${c.args.join(' ')}`);
    out.set(c.name, await runCase(c, scriptPath));
  }
  return out;
}

/** Runs the whole gate. Throws GateInputError (exit 2) when it cannot judge. */
export async function runGate(options: GateOptions): Promise<GateResult> {
  if (options.thresholdPct !== undefined && !(options.thresholdPct > 0)) {
    throw new GateInputError('--threshold', `must be a percentage > 0, got ${options.thresholdPct}`);
  }
  // Load baselines first: a corrupt file should stop the gate before minutes of valgrind.
  const baselines = loadBaselines(options.baselineDir);
  const measurements = await measureCases(options);
  const checks: GateCheck[] = [];
  for (const c of selectCases(options.registry, options.only)) {
    const m = measurements.get(c.name);
    if (m === undefined) continue;
    const base = baselineCase(baselines, c.name);
    const thresholdPct = options.thresholdPct ?? base?.thresholdPct ?? c.thresholdPct ?? DEFAULT_INSTRUCTION_THRESHOLD_PCT;
    const judged = judgeInstructions(c.name, base?.instructions ?? null, m.instructions, thresholdPct);
    const recordedIn = baselineEnvironment(baselines, c.name);
    const env = options.environment;
    if (env !== undefined && recordedIn !== undefined && (recordedIn.node !== env.node || recordedIn.cpu !== env.cpu)) {
      checks.push({
        ...judged,
        verdict: 'warn',
        note: `${judged.note}; not judged: baseline counted on ${recordedIn.node} / ${recordedIn.cpu}, this is ${env.node} / ${env.cpu} (re-record with --update-baseline)`,
      });
    } else {
      checks.push(judged);
    }
    checks.push(...compareMetrics(c.name, base?.metrics, m.metrics, base?.tolerances));
  }
  checks.push(...staleBaselineChecks(baselines, options));

  for (const spec of options.ab ?? []) {
    options.onProgress?.(`${spec.options?.label ?? 'a/b'}: ${spec.rounds ?? 10} interleaved rounds`);
    const ab = await abCompare(spec.baselineCmd, spec.candidateCmd, spec.rounds ?? 10, { cwd: options.rootDir, ...spec.options });
    checks.push(ab.check);
  }
  if (options.bench !== undefined) checks.push(...(await benchChecks(options.bench)));

  const verdict = worstVerdict(checks);
  return {
    checks,
    measurements,
    verdict,
    exitCode: verdict === 'fail' ? EXIT_REGRESSION : EXIT_PASS,
    baselineCommits: [...new Set([...baselines.files.values()].map((f) => f.createdCommit))],
  };
}

/** Baseline cases no registered case answers for (only among those `only` selects). */
function staleBaselineChecks(baselines: BaselineSet, options: GateOptions): GateCheck[] {
  const parts = options.only?.split(',').map((s) => s.trim()).filter((s) => s !== '') ?? [];
  const out: GateCheck[] = [];
  for (const [name, path] of baselines.caseFile) {
    if (options.registry.get(name) !== undefined) continue;
    if (parts.length > 0 && !parts.some((p) => name.includes(p))) continue;
    out.push({
      case: name,
      kind: 'instructions',
      subject: '',
      baseline: baselineCase(baselines, name)?.instructions ?? null,
      now: null,
      changePct: null,
      verdict: 'warn',
      note: `in ${path} but not a registered case: register it or drop it from the baseline`,
    });
  }
  return out;
}

async function benchChecks(bench: NonNullable<GateOptions['bench']>): Promise<GateCheck[]> {
  if (!existsSync(bench.baselineDir)) throw new GateInputError(bench.baselineDir, 'bench baseline folder not found');
  const files = readdirSync(bench.baselineDir)
    .filter((f) => f.endsWith('.csv'))
    .sort();
  const out: GateCheck[] = [];
  for (const f of files) {
    const suite = f.slice(0, -'.csv'.length);
    const baseRows = await readBenchCsv(join(bench.baselineDir, f));
    const curPath = join(bench.currentDir, f);
    if (!existsSync(curPath)) {
      out.push({ case: suite, kind: 'bench', subject: '(suite)', baseline: null, now: null, changePct: null, verdict: 'warn', note: `${curPath} not found: run npm run bench` });
      continue;
    }
    out.push(...compareBenchRows(suite, baseRows, await readBenchCsv(curPath), bench.rule));
  }
  return out;
}

/** The environment stamped on the baseline file that holds `name`, if any. */
function baselineEnvironment(set: BaselineSet, name: string): GateEnvironment | undefined {
  const path = set.caseFile.get(name);
  return path === undefined ? undefined : set.files.get(path)?.environment;
}
