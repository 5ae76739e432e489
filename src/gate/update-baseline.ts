/**
 * Recording a new baseline: write each measured case's instruction count and metrics into the
 * baseline file that already holds it (or gate.json for a new case), keep hand-set thresholds
 * and tolerances, and return a human diff for the commit message or PR.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  BASELINE_SCHEMA_VERSION,
  DEFAULT_BASELINE_FILE,
  loadBaselines,
  writeBaselineFile,
  type BaselineCase,
  type BaselineFile,
  type GateEnvironment,
} from './baseline.js';
import type { CaseMetrics } from './case-protocol.js';
import { changePct } from './gate-check.js';
import type { CaseMeasurement } from './run-gate.js';

export interface UpdateBaselineOptions {
  /** Folder of baseline *.json files; created if missing. */
  readonly baselineDir: string;
  /** Case name → measurement (from measureCases or a GateResult). */
  readonly measurements: ReadonlyMap<string, CaseMeasurement>;
  /** Commit stamped as createdCommit of every file that changes. */
  readonly commit: string;
  /** Timestamp for createdAt. @defaultValue new Date() */
  readonly now?: Date;
  /** File for cases no baseline file holds yet. @defaultValue DEFAULT_BASELINE_FILE */
  readonly newCaseFile?: string;
  /** Where the counts were taken, stamped on every file written. */
  readonly environment?: GateEnvironment;
}

export interface UpdateBaselineResult {
  /** One line per change ("hold-model: instructions 100 → 110 (+10.00 %)"), or "no changes". */
  readonly diff: string;
  /** Paths rewritten. */
  readonly written: readonly string[];
}

/** Rewrites the baseline files with `measurements`; a corrupt existing file throws GateInputError and nothing is written. */
export function updateBaseline(options: UpdateBaselineOptions): UpdateBaselineResult {
  const dir = options.baselineDir;
  const hasFiles = existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json'));
  const set = hasFiles ? loadBaselines(dir) : null;
  const files = new Map<string, BaselineFile>(set?.files ?? []);
  const changed = new Set<string>();
  const diff: string[] = [];

  for (const name of [...options.measurements.keys()].sort()) {
    const m = options.measurements.get(name) as CaseMeasurement;
    const path = set?.caseFile.get(name) ?? join(dir, options.newCaseFile ?? DEFAULT_BASELINE_FILE);
    const file = files.get(path) ?? { schemaVersion: BASELINE_SCHEMA_VERSION, createdCommit: options.commit, cases: {} };
    const old: BaselineCase | undefined = file.cases[name];
    const next: BaselineCase = { ...old, instructions: m.instructions };
    if (m.metrics !== null) next.metrics = { ...m.metrics };
    else delete next.metrics;
    const lines = caseDiff(name, old, next);
    if (lines.length === 0) continue;
    diff.push(...lines);
    files.set(path, { ...file, cases: { ...file.cases, [name]: next } });
    changed.add(path);
  }

  const createdAt = (options.now ?? new Date()).toISOString();
  for (const path of changed) {
    const file = files.get(path) as BaselineFile;
    const stamped: BaselineFile = { ...file, createdCommit: options.commit, createdAt };
    if (options.environment !== undefined) stamped.environment = options.environment;
    writeBaselineFile(path, stamped);
  }
  return { diff: diff.length === 0 ? 'no changes' : diff.join('\n'), written: [...changed].sort() };
}

function caseDiff(name: string, old: BaselineCase | undefined, next: BaselineCase): string[] {
  const nMetrics = next.metrics === undefined ? 0 : Object.keys(next.metrics).length;
  if (old === undefined) {
    return [`${name}: new case, instructions ${fmtInt(next.instructions)}, ${nMetrics} metrics`];
  }
  const out: string[] = [];
  if (old.instructions !== next.instructions) {
    const pct = changePct(old.instructions ?? null, next.instructions ?? null);
    const pctText = pct === null ? '' : ` (${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(2)} %)`;
    out.push(`${name}: instructions ${fmtInt(old.instructions)} → ${fmtInt(next.instructions)}${pctText}`);
  }
  out.push(...metricsDiff(name, old.metrics, next.metrics));
  return out;
}

function metricsDiff(name: string, old: CaseMetrics | undefined, next: CaseMetrics | undefined): string[] {
  const a = old ?? {};
  const b = next ?? {};
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const has = Object.hasOwn(a, k);
    const will = Object.hasOwn(b, k);
    if (has && !will) out.push(`${name}: metric ${k} removed (was ${a[k]})`);
    else if (!has && will) out.push(`${name}: metric ${k} added = ${b[k]}`);
    else if (a[k] !== b[k]) out.push(`${name}: metric ${k} ${a[k]} → ${b[k]}`);
  }
  return out;
}

function fmtInt(x: number | undefined): string {
  return x === undefined ? '—' : x.toLocaleString('en-US');
}
