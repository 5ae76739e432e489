import { describe, expect, it } from 'vitest';
import { GateInputError } from './gate-error.js';
import { abCompare, judgeAb, median, timeCommand } from './wall-clock.js';

// Ten baseline wall times (ms) with ±4 % spread; median (100 + 100)/2 = 100.
const BASE = [100, 102, 98, 101, 99, 103, 97, 100, 104, 96];

describe('judgeAb (rule: fail iff p < 0.01 and median ratio > 1.5)', () => {
  it('fails a 2× slowdown', () => {
    // Every candidate (≥ 192) beats every baseline (≤ 104): U = 100, σ = √(100·21/12) = 13.22876
    // (no ties across samples; within-sample ties do not change σ much: 100 twice → Σ(t³−t) = 6).
    // z ≈ (100 − 50 − 0.5)/13.22 = 3.74 → p ≈ 0.00018 < 0.01; ratio 200/100 = 2.0 > 1.5 → fail.
    const j = judgeAb(BASE, BASE.map((x) => 2 * x));
    expect(j.medianRatio).toBe(2);
    expect(j.test.pTwoSided).toBeLessThan(0.001);
    expect(j.verdict).toBe('fail');
  });

  it('passes 10 % jitter around the same speed', () => {
    // Candidate = baseline × (1.10, 0.90, 1.05, 0.95, 1.00, 1.08, 0.92, 1.02, 0.98, 1.00):
    // sorted 89.24 91.8 95.95 96 99 101.92 102 102.9 110 111.24 → median 100.46, ratio 1.0046.
    // Ratio below the 1.10 notice level and below the tripwire → pass whatever p is.
    const f = [1.1, 0.9, 1.05, 0.95, 1.0, 1.08, 0.92, 1.02, 0.98, 1.0];
    const j = judgeAb(
      BASE,
      BASE.map((x, i) => x * f[i]),
    );
    expect(j.medianRatio).toBeCloseTo(1.0046, 4);
    expect(j.verdict).toBe('pass');
  });

  it('passes a 30 % slowdown whose noisy samples overlap the baseline (worked from the rule)', () => {
    // Baseline sorted: 96 97 98 99 100 101 102 103 140 150 → median 100.5.
    // Candidate sorted: 95 99 127 128 129 130 131 132 135 160 → median 129.5; ratio 1.28856.
    // U (candidate > baseline pairs): 95 → 0; 99 → 3 + ½ (tie with 99) = 3.5; 127…135 (7 values)
    // → 8 each = 56; 160 → 10. U = 69.5, μ = 50.
    // Ties: one pair of 99s → Σ(t³−t) = 6; σ² = (100/12)(21 − 6/380) = 174.868, σ = 13.2238.
    // z = (69.5 − 50 − 0.5)/13.2238 = 1.4368 → p = 0.1508 ≥ 0.01: not significant.
    // Rule: not (p < 0.01 and r > 1.5) → not fail; not (p < 0.01 and r > 1.10) → no warn;
    // r = 1.289 ≤ 1.5 → no "noisy but large" warn. Verdict: pass.
    const base = [100, 103, 97, 140, 99, 101, 98, 150, 102, 96];
    const cand = [130, 128, 95, 135, 132, 99, 131, 129, 160, 127];
    const j = judgeAb(base, cand);
    expect(j.test.u1).toBe(69.5);
    expect(j.test.pTwoSided).toBeCloseTo(0.15077, 4);
    expect(j.medianRatio).toBeCloseTo(1.28856, 4);
    expect(j.verdict).toBe('pass');
    expect(j.note).toMatch(/no significant slowdown/);
  });

  it('warns on a clean, significant 30 % slowdown below the tripwire', () => {
    // Candidate = baseline × 1.3: all ≥ 124.8 > 104 → U = 100, p ≈ 0.00018; ratio 1.3 ∈ (1.10, 1.5] → warn.
    const j = judgeAb(BASE, BASE.map((x) => 1.3 * x));
    expect(j.verdict).toBe('warn');
    expect(j.note).toMatch(/under tripwire/);
  });

  it('warns, not fails, when the median ratio passes the tripwire but the test is not significant', () => {
    // Baseline: five 10s, five 100s (median 55). Candidate: four 10s, six 100s (median 100): r = 1.82.
    // U = 4·(5·½) + 6·(5 + 5·½) = 10 + 45 = 55; ties 9 and 11 → Σ(t³−t) = 720 + 1320 = 2040;
    // σ² = (100/12)(21 − 2040/380) = 130.26, σ = 11.413; z = 4.5/11.413 = 0.394 → p = 0.69.
    const base = [10, 10, 10, 10, 10, 100, 100, 100, 100, 100];
    const cand = [10, 10, 10, 10, 100, 100, 100, 100, 100, 100];
    const j = judgeAb(base, cand);
    expect(j.medianRatio).toBeCloseTo(100 / 55, 6);
    expect(j.test.pTwoSided).toBeCloseTo(0.6936, 3);
    expect(j.verdict).toBe('warn');
    expect(j.note).toMatch(/not significant/);
  });

  it('warns that 5 rounds a side can never reach p < 0.01, even for a 2× slowdown', () => {
    const j = judgeAb(BASE.slice(0, 5), BASE.slice(0, 5).map((x) => 2 * x));
    expect(j.verdict).toBe('warn');
    expect(j.note).toMatch(/too few rounds/);
  });

  it('honours a custom tripwire', () => {
    expect(judgeAb(BASE, BASE.map((x) => 1.3 * x), { tripwire: 1.2 }).verdict).toBe('fail');
    expect(() => judgeAb(BASE, BASE, { alpha: 2 })).toThrow(/0 < alpha < 1/);
  });
});

describe('abCompare', () => {
  it('interleaves ABBA after a warm-up pair and reports a wall-clock check', async () => {
    const calls: string[] = [];
    const timer = async (cmd: readonly string[]): Promise<number> => {
      calls.push(cmd[0]);
      return cmd[0] === 'base' ? 100 + calls.length / 100 : 250 + calls.length / 100;
    };
    const r = await abCompare(['base'], ['cand'], 6, { timer, label: 'storm' });
    expect(calls).toEqual(['base', 'cand', 'base', 'cand', 'cand', 'base', 'base', 'cand', 'cand', 'base', 'base', 'cand', 'cand', 'base']);
    expect(r.baselineMs).toHaveLength(6);
    expect(r.check.kind).toBe('wall-clock');
    expect(r.check.case).toBe('storm');
    expect(r.check.verdict).toBe('fail');
    expect(r.check.changePct).toBeGreaterThan(140);
  });

  it('rejects bad rounds', async () => {
    await expect(abCompare(['a'], ['b'], 0)).rejects.toThrow(/rounds must be an integer ≥ 1, got 0/);
  });
});

describe('timeCommand', () => {
  it('times a real process and names a failing command', async () => {
    const ms = await timeCommand([process.execPath, '-e', '0']);
    expect(ms).toBeGreaterThan(0);
    const failing = timeCommand([process.execPath, '-e', 'console.error("boom"); process.exit(3)']);
    await expect(failing).rejects.toBeInstanceOf(GateInputError);
    await expect(failing).rejects.toThrow(/code 3: boom/);
  });
});

describe('median', () => {
  it('takes the middle, or the mean of the two middles', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
