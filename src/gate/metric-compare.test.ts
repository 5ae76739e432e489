import { describe, expect, it } from 'vitest';
import { compareMetrics, describeTolerance, withinTolerance } from './metric-compare.js';

describe('withinTolerance', () => {
  it('is exact by default, else relative (percent of baseline) or absolute', () => {
    expect(withinTolerance(100, 100, undefined)).toBe(true);
    expect(withinTolerance(100, 100.000001, undefined)).toBe(false);
    // 1 % of 200 = 2: 202 in, 202.01 out.
    expect(withinTolerance(200, 202, { relativePct: 1 })).toBe(true);
    expect(withinTolerance(200, 202.01, { relativePct: 1 })).toBe(false);
    expect(withinTolerance(-200, -198, { relativePct: 1 })).toBe(true);
    expect(withinTolerance(10, 13, { absolute: 3 })).toBe(true);
    expect(withinTolerance(10, 13.5, { absolute: 3 })).toBe(false);
    expect(describeTolerance({ absolute: 3 })).toBe('±3');
  });
});

describe('compareMetrics', () => {
  it('passes identical metrics', () => {
    const checks = compareMetrics('storm', { handled: 1000, lost: 0 }, { handled: 1000, lost: 0 });
    expect(checks.map((c) => c.verdict)).toEqual(['pass', 'pass']);
    expect(checks[0].note).toBe('handled: 1000 (unchanged); tolerance exact');
  });

  it('fails a changed metric with a readable diff line', () => {
    const checks = compareMetrics('storm', { handled: 1000, lost: 12 }, { handled: 1000, lost: 15 });
    const lost = checks.find((c) => c.subject === 'lost');
    // 12 → 15: +3, +25.00 %.
    expect(lost?.verdict).toBe('fail');
    expect(lost?.note).toBe('lost: 12 → 15 (+3, +25.00 %); tolerance exact');
    expect(lost?.changePct).toBeCloseTo(25, 10);
  });

  it('applies a per-metric tolerance', () => {
    // 1 % of 5000 = 50: a move of 40 is inside, of 60 outside.
    const tol = { latencyP99Ns: { relativePct: 1 } };
    expect(compareMetrics('s', { latencyP99Ns: 5000 }, { latencyP99Ns: 5040 }, tol)[0].verdict).toBe('pass');
    const out = compareMetrics('s', { latencyP99Ns: 5000 }, { latencyP99Ns: 4940 }, tol)[0];
    expect(out.verdict).toBe('fail');
    expect(out.note).toBe('latencyP99Ns: 5000 → 4940 (−60, −1.20 %); tolerance ±1 %');
  });

  it('fails a vanished metric, warns on a new one', () => {
    const checks = compareMetrics('s', { a: 1, b: 2 }, { b: 2, c: 3 });
    expect(checks.map((c) => [c.subject, c.verdict])).toEqual([
      ['a', 'fail'],
      ['b', 'pass'],
      ['c', 'warn'],
    ]);
    expect(checks[0].note).toMatch(/missing/);
  });

  it('fails when the case printed no metrics but the baseline has some; warns when there is no baseline', () => {
    expect(compareMetrics('s', { a: 1 }, null)[0].verdict).toBe('fail');
    expect(compareMetrics('s', undefined, { a: 1 })[0].verdict).toBe('warn');
    expect(compareMetrics('s', undefined, null)).toEqual([]);
  });
});
