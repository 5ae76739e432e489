/**
 * src/gate/: the perf gate (no kernel counterpart): instruction counts, model metrics and wall
 * clock against baselines.
 *
 * The perf gate's public surface, for `irqstorm gate` (src/cli) and bench/: an explicit list,
 * values first, then types.
 */
export { writeFileAtomicSync } from '../report/atomic-write.js';
export {
  BASELINE_SCHEMA_VERSION,
  DEFAULT_BASELINE_FILE,
  baselineCase,
  formatBaselineFile,
  loadBaselines,
  readBaselineFile,
  writeBaselineFile,
} from './baseline.js';
export { BENCH_CSV_COLUMNS, benchRowFromLatency, compareBenchRows, formatBenchCsv, parseBenchCsv, readBenchCsv, writeBenchCsv } from './bench-csv.js';
export { METRICS_LINE_PREFIX, emitCaseMetrics, formatCaseMetrics, parseCaseMetrics } from './case-protocol.js';
export { CaseRegistry, HOLD_MODEL_CASE, createDefaultRegistry } from './case-registry.js';
export { formatChange, formatFigure, formatGateMarkdown, formatGateTable, sortChecks, writeStepSummary } from './format-gate.js';
export { changePct, worstVerdict } from './gate-check.js';
export { EXIT_BAD_INPUT, EXIT_PASS, EXIT_REGRESSION, GateInputError, exitCodeForGateError } from './gate-error.js';
export { gitShortCommit } from './git-commit.js';
export {
  CACHEGRIND_FLAGS,
  DEFAULT_INSTRUCTION_THRESHOLD_PCT,
  InstructionCounter,
  PREDICTABLE_NODE_FLAGS,
  countInstructions,
  defaultInstructionCounter,
  judgeInstructions,
  parseInstructionRefs,
  runUnderValgrind,
} from './instructions.js';
export { erfc, mannWhitneyU, minTwoSidedP, normalUpperTail } from './mann-whitney.js';
export { compareMetrics, describeTolerance, withinTolerance } from './metric-compare.js';
export { measureCases, runGate, selectCases, valgrindCaseRunner } from './run-gate.js';
export { updateBaseline } from './update-baseline.js';
export { DEFAULT_ALPHA, DEFAULT_NOTICE_RATIO, DEFAULT_TRIPWIRE, abCompare, judgeAb, median, timeCommand } from './wall-clock.js';

export type { BaselineCase, BaselineFile, BaselineSet, MetricTolerance } from './baseline.js';
export type { BenchRow, BenchRuleOptions, LatencyStatsMs } from './bench-csv.js';
export type { CaseMetrics } from './case-protocol.js';
export type { GateCase } from './case-registry.js';
export type { CheckKind, GateCheck, Verdict } from './gate-check.js';
export type { ValgrindRun, ValgrindRunner } from './instructions.js';
export type { MannWhitneyResult } from './mann-whitney.js';
export type { AbSpec, CaseMeasurement, CaseRunner, GateOptions, GateResult, MeasureOptions } from './run-gate.js';
export type { UpdateBaselineOptions, UpdateBaselineResult } from './update-baseline.js';
export type { AbJudgement, AbOptions, AbResult, AbRuleOptions, CommandTimer } from './wall-clock.js';
