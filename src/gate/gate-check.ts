/**
 * One row of the gate's verdict: what was compared, the baseline and current figures, and why
 * it passed, warned or failed. Every check kind (instructions, model metrics, wall-clock A/B,
 * calibrated bench ratios) reports in this one shape so the table and CI summary are uniform.
 */

/** pass: within bounds; warn: worth a look, does not fail CI; fail: a regression (exit 1). */
export type Verdict = 'pass' | 'warn' | 'fail';

/** What a check measured. */
export type CheckKind = 'instructions' | 'metric' | 'wall-clock' | 'bench';

export interface GateCheck {
  /** Case name (registry name, A/B label, or bench suite). */
  readonly case: string;
  readonly kind: CheckKind;
  /** What within the case: a metric name, a bench task; "" for the case as a whole. */
  readonly subject: string;
  /** Baseline figure in the check's unit (instructions, metric unit, ms, calibration ratio); null if none. */
  readonly baseline: number | null;
  /** Current figure in the same unit; null if not measured. */
  readonly now: number | null;
  /** 100 × (now − baseline) / baseline; null when either side is missing or the baseline is 0. */
  readonly changePct: number | null;
  readonly verdict: Verdict;
  /** Why: the rule applied and the numbers it used. */
  readonly note: string;
}

/** 100 × (now − baseline) / |baseline|, or null when undefined (missing side, zero baseline). */
export function changePct(baseline: number | null, now: number | null): number | null {
  if (baseline === null || now === null || baseline === 0) return null;
  return (100 * (now - baseline)) / Math.abs(baseline);
}

/** The worst verdict of a list: fail > warn > pass; pass for an empty list. */
export function worstVerdict(checks: readonly GateCheck[]): Verdict {
  let worst: Verdict = 'pass';
  for (const c of checks) {
    if (c.verdict === 'fail') return 'fail';
    if (c.verdict === 'warn') worst = 'warn';
  }
  return worst;
}
