import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatChange, formatGateMarkdown, formatGateTable, writeStepSummary } from './format-gate.js';
import type { GateCheck } from './gate-check.js';
import type { GateResult } from './run-gate.js';

const CHECKS: GateCheck[] = [
  { case: 'hold-model', kind: 'instructions', subject: '', baseline: 800_000_000, now: 801_000_000, changePct: 0.125, verdict: 'pass', note: 'within threshold ±2 %' },
  { case: 'storm', kind: 'metric', subject: 'lost', baseline: 12, now: 15, changePct: 25, verdict: 'fail', note: 'lost: 12 → 15 (+3, +25.00 %); tolerance exact' },
  { case: 'a/b', kind: 'wall-clock', subject: '10 rounds', baseline: 812.3, now: 830.1, changePct: 2.19, verdict: 'warn', note: 'a | b' },
];
const RESULT: GateResult = { checks: CHECKS, measurements: new Map(), verdict: 'fail', exitCode: 1, baselineCommits: ['abc1234'] };

describe('formatGateTable', () => {
  it('puts failures first, aligns columns and ends with a summary', () => {
    const lines = formatGateTable(RESULT).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^verdict\s+case\s+kind\s+subject\s+baseline\s+now\s+change\s+note$/);
    expect(lines[2]).toMatch(/^FAIL\s+storm\s+metric\s+lost\s+12\s+15\s+\+25\.00 %\s+lost: 12 → 15/);
    expect(lines[3]).toMatch(/^WARN\s+a\/b/);
    expect(lines[4]).toContain('800,000,000');
    expect(lines[4]).toContain('801,000,000');
    expect(lines.at(-1)).toBe('perf gate FAIL against baseline abc1234: 3 checks, 1 failed, 1 warnings');
    // Columns line up: "now" header ends where every "now" cell ends.
    const nowEnd = lines[0].indexOf('now') + 3;
    expect(lines[4].slice(0, nowEnd).endsWith('801,000,000')).toBe(true);
  });
});

describe('formatGateMarkdown', () => {
  it('is a heading plus a table, with pipes in notes escaped', () => {
    const md = formatGateMarkdown(RESULT);
    expect(md.startsWith('### irqstorm perf gate: FAIL\n')).toBe(true);
    expect(md).toContain('| ❌ fail | storm | metric | lost | 12 | 15 | +25.00 % |');
    expect(md).toContain('a \\| b');
    expect(md.split('\n').filter((l) => l.startsWith('|'))).toHaveLength(2 + CHECKS.length);
  });
});

describe('writeStepSummary', () => {
  it('appends to $GITHUB_STEP_SUMMARY when set, and does nothing otherwise', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'irqstorm-sum-')), 'summary.md');
    writeFileSync(path, 'before\n');
    expect(writeStepSummary(RESULT, { GITHUB_STEP_SUMMARY: path })).toBe(true);
    expect(readFileSync(path, 'utf8')).toMatch(/^before\n### irqstorm perf gate: FAIL/);
    expect(writeStepSummary(RESULT, {})).toBe(false);
  });
});

describe('formatChange', () => {
  it('signs with a true minus', () => {
    expect(formatChange(-0.5)).toBe('−0.50 %');
    expect(formatChange(0)).toBe('0.00 %');
    expect(formatChange(null)).toBe('—');
  });
});
