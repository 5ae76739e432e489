import { describe, expect, it } from 'vitest';
import { GateInputError } from './gate-error.js';
import { InstructionCounter, judgeInstructions, parseInstructionRefs, runUnderValgrind, type ValgrindRunner } from './instructions.js';

// Tail of a real `valgrind --tool=cachegrind --cache-sim=no` run of node (valgrind 3.19).
const STDERR = `==7173== Cachegrind, a cache and branch-prediction profiler
==7173== Command: node --predictable --hash-seed=1 --random-seed=1 empty.mjs
--7173-- warning: L3 cache found, using its data for the LL simulation.
==7173==
==7173== I   refs:      544,076,711
`;

describe('parseInstructionRefs', () => {
  it('reads the I refs total, commas removed', () => {
    expect(parseInstructionRefs(STDERR)).toBe(544_076_711);
  });
  it('throws when the summary is absent', () => {
    expect(() => parseInstructionRefs('==1== ERROR SUMMARY')).toThrow(/no "I refs:" line/);
  });
});

describe('InstructionCounter', () => {
  it('subtracts node start-up, measured once on an empty .mjs and cached', async () => {
    const seen: string[] = [];
    const fake: ValgrindRunner = async (script) => {
      seen.push(script);
      // Start-up 500 M; the case adds 12 345 678.
      return script.endsWith('empty.mjs')
        ? { totalInstructions: 500_000_000, stdout: '' }
        : { totalInstructions: 512_345_678, stdout: 'out\n' };
    };
    const counter = new InstructionCounter(fake);
    const a = await counter.measure('/x/case.js', ['--n', '1']);
    const b = await counter.measure('/x/case.js');
    expect(a).toEqual({ instructions: 12_345_678, stdout: 'out\n' });
    expect(b.instructions).toBe(12_345_678);
    expect(seen.filter((s) => s.endsWith('empty.mjs'))).toHaveLength(1);
    expect(seen.filter((s) => s === '/x/case.js')).toHaveLength(2);
  });
});

describe('judgeInstructions (threshold 2 %)', () => {
  it('fails an increase beyond the threshold', () => {
    // 1 000 000 → 1 030 000: +3.00 % > 2 % → fail.
    const c = judgeInstructions('hold-model', 1_000_000, 1_030_000, 2);
    expect(c.verdict).toBe('fail');
    expect(c.changePct).toBeCloseTo(3, 10);
    expect(c.note).toMatch(/threshold ±2 %/);
  });
  it('passes a change within the threshold, either way', () => {
    expect(judgeInstructions('c', 1_000_000, 1_019_999, 2).verdict).toBe('pass');
    expect(judgeInstructions('c', 1_000_000, 1_020_000, 2).verdict).toBe('pass'); // exactly +2 % is not "above"
    expect(judgeInstructions('c', 1_000_000, 985_000, 2).verdict).toBe('pass');
  });
  it('warns on a large improvement (the baseline should be updated) and on a missing baseline', () => {
    expect(judgeInstructions('c', 1_000_000, 900_000, 2).verdict).toBe('warn');
    const none = judgeInstructions('c', null, 900_000, 2);
    expect(none.verdict).toBe('warn');
    expect(none.note).toMatch(/no baseline/);
  });
});

describe('runUnderValgrind', () => {
  it('says how to install valgrind when it is missing (a GateInputError: exit 2)', async () => {
    const run = runUnderValgrind('/tmp/x.mjs', [], process.cwd(), '/nonexistent/valgrind');
    await expect(run).rejects.toBeInstanceOf(GateInputError);
    await expect(run).rejects.toThrow(/apt-get install -y valgrind/);
  });
});
