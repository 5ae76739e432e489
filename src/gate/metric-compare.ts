/**
 * The model-metric check: simulated figures of a seeded case (handled, lost, latency
 * percentiles, …) against the baseline. Same seed, same code path ⇒ same numbers, so the
 * default tolerance is exact; a baseline may widen one metric by a relative or absolute band
 * (e.g. where float summation order legitimately changes).
 */
import type { MetricTolerance } from './baseline.js';
import type { CaseMetrics } from './case-protocol.js';
import { changePct, type GateCheck } from './gate-check.js';

/** Does `now` lie within `tol` of `baseline`? (Exact when tol is undefined.) */
export function withinTolerance(baseline: number, now: number, tol: MetricTolerance | undefined): boolean {
  const diff = Math.abs(now - baseline);
  if (tol === undefined) return diff === 0;
  if ('absolute' in tol) return diff <= tol.absolute;
  return diff <= (Math.abs(baseline) * tol.relativePct) / 100;
}

/** "exact", "±0.5 %" or "±3". */
export function describeTolerance(tol: MetricTolerance | undefined): string {
  if (tol === undefined) return 'exact';
  return 'absolute' in tol ? `±${tol.absolute}` : `±${tol.relativePct} %`;
}

/**
 * One check per metric in either set, in name order. A metric that moved beyond its tolerance
 * or vanished fails; a new metric warns. Each note is a readable diff line:
 * `lost: 12 → 15 (+3, +25.00 %; tolerance exact)`.
 */
export function compareMetrics(
  caseName: string,
  baseline: CaseMetrics | undefined,
  now: CaseMetrics | null,
  tolerances: Readonly<Record<string, MetricTolerance>> = {},
): GateCheck[] {
  if (baseline === undefined) {
    if (now === null) return [];
    return [wholeCase(caseName, 'warn', `no baseline metrics; this run printed ${Object.keys(now).length}: record them with updateBaseline`)];
  }
  if (now === null) {
    return [wholeCase(caseName, 'fail', `the case printed no metrics line; the baseline has ${Object.keys(baseline).length}`)];
  }
  const names = [...new Set([...Object.keys(baseline), ...Object.keys(now)])].sort();
  const checks: GateCheck[] = [];
  for (const name of names) {
    const b = Object.hasOwn(baseline, name) ? baseline[name] : null;
    const n = Object.hasOwn(now, name) ? now[name] : null;
    const tol = tolerances[name];
    const pct = changePct(b, n);
    let verdict: GateCheck['verdict'];
    let note: string;
    if (b === null) {
      verdict = 'warn';
      note = `${name}: new metric = ${n} (not in baseline)`;
    } else if (n === null) {
      verdict = 'fail';
      note = `${name}: ${b} → missing (the case no longer reports it)`;
    } else {
      verdict = withinTolerance(b, n, tol) ? 'pass' : 'fail';
      note = `${name}: ${diffLine(b, n, pct)}; tolerance ${describeTolerance(tol)}`;
    }
    checks.push({ case: caseName, kind: 'metric', subject: name, baseline: b, now: n, changePct: pct, verdict, note });
  }
  return checks;
}

function diffLine(b: number, n: number, pct: number | null): string {
  if (b === n) return `${b} (unchanged)`;
  const d = n - b;
  const sign = d > 0 ? '+' : '−';
  const pctText = pct === null ? '' : `, ${pct > 0 ? '+' : '−'}${Math.abs(pct).toFixed(2)} %`;
  return `${b} → ${n} (${sign}${trim(Math.abs(d))}${pctText})`;
}

/** Drops float noise from a difference (0.30000000000000004 → 0.3) without hiding real digits. */
function trim(x: number): string {
  return String(Number(x.toPrecision(12)));
}

// A check about a case's metrics as a whole (none recorded, none printed).
function wholeCase(caseName: string, verdict: 'warn' | 'fail', note: string): GateCheck {
  return { case: caseName, kind: 'metric', subject: '(all)', baseline: null, now: null, changePct: null, verdict, note };
}
