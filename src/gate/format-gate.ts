/**
 * The gate's verdict for people: a fixed-width table for the terminal and a Markdown table for
 * the GitHub Actions job summary ($GITHUB_STEP_SUMMARY), failures first so they are seen.
 */
import { appendFileSync } from 'node:fs';
import type { CheckKind, GateCheck, Verdict } from './gate-check.js';
import type { GateResult } from './run-gate.js';

const VERDICT_ORDER: Record<Verdict, number> = { fail: 0, warn: 1, pass: 2 };
const HEADERS = ['verdict', 'case', 'kind', 'subject', 'baseline', 'now', 'change', 'note'] as const;

/** Checks with failures first, then warnings, then passes; run order kept within each group. */
export function sortChecks(checks: readonly GateCheck[]): GateCheck[] {
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => VERDICT_ORDER[a.c.verdict] - VERDICT_ORDER[b.c.verdict] || a.i - b.i)
    .map((x) => x.c);
}

/** A figure in its kind's natural form: instructions with thousands separators, ms to 3 digits. */
export function formatFigure(kind: CheckKind, x: number | null): string {
  if (x === null) return '—';
  if (kind === 'instructions') return Math.round(x).toLocaleString('en-US');
  if (kind === 'wall-clock') return `${x.toPrecision(4)} ms`;
  if (kind === 'bench') return `×${x.toPrecision(4)}`;
  return String(x);
}

/** "+1.23 %", "−0.50 %", "0.00 %" or "—". */
export function formatChange(pct: number | null): string {
  if (pct === null) return '—';
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '';
  return `${sign}${Math.abs(pct).toFixed(2)} %`;
}

function cells(c: GateCheck): string[] {
  return [
    c.verdict.toUpperCase(),
    c.case,
    c.kind,
    c.subject,
    formatFigure(c.kind, c.baseline),
    formatFigure(c.kind, c.now),
    formatChange(c.changePct),
    c.note,
  ];
}

function summaryLine(result: GateResult): string {
  let fail = 0;
  let warn = 0;
  for (const c of result.checks) {
    if (c.verdict === 'fail') fail++;
    else if (c.verdict === 'warn') warn++;
  }
  const base = result.baselineCommits.length > 0 ? ` against baseline ${result.baselineCommits.join(', ')}` : '';
  return `perf gate ${result.verdict.toUpperCase()}${base}: ${result.checks.length} checks, ${fail} failed, ${warn} warnings`;
}

/** The terminal table: aligned columns, a summary line last. */
export function formatGateTable(result: GateResult): string {
  const rows = [HEADERS.slice() as string[], ...sortChecks(result.checks).map(cells)];
  const widths = HEADERS.map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  const numeric = new Set([4, 5, 6]);
  const lines = rows.map((r) =>
    r
      .map((cell, col) => (col === r.length - 1 ? cell : numeric.has(col) ? cell.padStart(widths[col]) : cell.padEnd(widths[col])))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  lines.push('', summaryLine(result));
  return lines.join('\n') + '\n';
}

/** A Markdown section (heading, summary, table) for the CI job summary. */
export function formatGateMarkdown(result: GateResult): string {
  const esc = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const icon: Record<Verdict, string> = { fail: '❌ fail', warn: '⚠️ warn', pass: '✅ pass' };
  const lines = [
    `### irqstorm perf gate: ${result.verdict.toUpperCase()}`,
    '',
    summaryLine(result),
    '',
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map((_, i) => (i >= 4 && i <= 6 ? ' ---: ' : ' --- ')).join('|')}|`,
  ];
  for (const c of sortChecks(result.checks)) {
    const r = cells(c);
    r[0] = icon[c.verdict];
    lines.push(`| ${r.map(esc).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Appends formatGateMarkdown(result) to the file named by env.GITHUB_STEP_SUMMARY, if set.
 * Returns whether it wrote. (The CLI passes process.env: only cli/ reads the environment.)
 */
export function writeStepSummary(result: GateResult, env: Readonly<Record<string, string | undefined>>): boolean {
  const path = env.GITHUB_STEP_SUMMARY;
  if (path === undefined || path === '') return false;
  appendFileSync(path, formatGateMarkdown(result) + '\n');
  return true;
}
