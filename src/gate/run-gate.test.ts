import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBaselineFile } from './baseline.js';
import { writeBenchCsv, type BenchRow } from './bench-csv.js';
import { CaseRegistry } from './case-registry.js';
import { EXIT_BAD_INPUT, EXIT_PASS, EXIT_REGRESSION, GateInputError, exitCodeForGateError } from './gate-error.js';
import { runGate, type CaseMeasurement, type CaseRunner } from './run-gate.js';

/** A temp root with a fake case script and a baseline folder holding `cases`. */
function fixture(cases: Record<string, { instructions?: number; metrics?: Record<string, number>; thresholdPct?: number }>) {
  const root = mkdtempSync(join(tmpdir(), 'irqstorm-gate-'));
  writeFileSync(join(root, 'case.js'), '');
  const baselineDir = join(root, 'baseline');
  writeBaselineFile(join(baselineDir, 'gate.json'), { schemaVersion: 1, createdCommit: 'base123', cases });
  return { root, baselineDir };
}

function registry(...names: string[]): CaseRegistry {
  const r = new CaseRegistry();
  for (const name of names) r.register({ name, script: 'case.js', args: ['--seed', '1'] });
  return r;
}

/** Injected measurements instead of valgrind. */
function fake(byCase: Record<string, CaseMeasurement>): CaseRunner {
  return async (c) => byCase[c.name];
}

describe('runGate: instruction counts (injected, no valgrind)', () => {
  it('fails a regression beyond the threshold: exit 1', async () => {
    // 1 000 000 → 1 025 000 = +2.5 % > 2 % default.
    const { root, baselineDir } = fixture({ hold: { instructions: 1_000_000 } });
    const r = await runGate({ registry: registry('hold'), rootDir: root, baselineDir, runCase: fake({ hold: { instructions: 1_025_000, metrics: null } }) });
    expect(r.exitCode).toBe(EXIT_REGRESSION);
    expect(r.checks[0]).toMatchObject({ case: 'hold', kind: 'instructions', verdict: 'fail', baseline: 1_000_000, now: 1_025_000 });
  });

  it('passes a change within the threshold: exit 0', async () => {
    // +1.5 % ≤ 2 %.
    const { root, baselineDir } = fixture({ hold: { instructions: 1_000_000 } });
    const r = await runGate({ registry: registry('hold'), rootDir: root, baselineDir, runCase: fake({ hold: { instructions: 1_015_000, metrics: null } }) });
    expect(r.exitCode).toBe(EXIT_PASS);
    expect(r.verdict).toBe('pass');
    expect(r.measurements.get('hold')?.instructions).toBe(1_015_000);
  });

  it('threshold precedence: option > baseline > case > default', async () => {
    // +1.5 %: the baseline's 1 % fails it; an option of 3 % passes it again.
    const { root, baselineDir } = fixture({ hold: { instructions: 1_000_000, thresholdPct: 1 } });
    const runCase = fake({ hold: { instructions: 1_015_000, metrics: null } });
    expect((await runGate({ registry: registry('hold'), rootDir: root, baselineDir, runCase })).exitCode).toBe(EXIT_REGRESSION);
    expect((await runGate({ registry: registry('hold'), rootDir: root, baselineDir, runCase, thresholdPct: 3 })).exitCode).toBe(EXIT_PASS);
  });
});

describe('runGate: where the baseline was counted', () => {
  function stamped(environment: { node: string; cpu: string }) {
    const root = mkdtempSync(join(tmpdir(), 'irqstorm-gate-'));
    writeFileSync(join(root, 'case.js'), '');
    const baselineDir = join(root, 'baseline');
    writeBaselineFile(join(baselineDir, 'gate.json'), {
      schemaVersion: 1,
      createdCommit: 'base123',
      environment,
      cases: { hold: { instructions: 1_000_000, metrics: { handled: 5 } } },
    });
    return { root, baselineDir };
  }
  const here = { node: 'v20.20.2', cpu: 'AMD EPYC' };
  // +10 % instructions: a failure when comparable.
  const runCase = fake({ hold: { instructions: 1_100_000, metrics: { handled: 5 } } });

  it('judges instructions when the baseline was counted on the same Node and CPU model', async () => {
    const { root, baselineDir } = stamped(here);
    const r = await runGate({ registry: registry('hold'), rootDir: root, baselineDir, runCase, environment: here });
    expect(r.checks[0]).toMatchObject({ kind: 'instructions', verdict: 'fail' });
    expect(r.exitCode).toBe(EXIT_REGRESSION);
  });

  it('only warns on instructions counted elsewhere, and still judges metrics exactly', async () => {
    const { root, baselineDir } = stamped({ node: 'v22.1.0', cpu: 'Intel Xeon' });
    const r = await runGate({ registry: registry('hold'), rootDir: root, baselineDir, runCase, environment: here });
    expect(r.checks[0]).toMatchObject({ kind: 'instructions', verdict: 'warn' });
    expect(r.checks[0].note).toContain('baseline counted on v22.1.0 / Intel Xeon, this is v20.20.2 / AMD EPYC');
    expect(r.exitCode).toBe(EXIT_PASS);
    const changed = await runGate({
      registry: registry('hold'),
      rootDir: root,
      baselineDir,
      runCase: fake({ hold: { instructions: 1_000_000, metrics: { handled: 6 } } }),
      environment: here,
    });
    expect(changed.exitCode).toBe(EXIT_REGRESSION);
  });
});

describe('runGate: model metrics', () => {
  it('fails a changed metric, with the diff in the note', async () => {
    const { root, baselineDir } = fixture({ storm: { instructions: 100, metrics: { handled: 990, lost: 10 } } });
    const r = await runGate({
      registry: registry('storm'),
      rootDir: root,
      baselineDir,
      runCase: fake({ storm: { instructions: 100, metrics: { handled: 989, lost: 11 } } }),
    });
    expect(r.exitCode).toBe(EXIT_REGRESSION);
    const notes = r.checks.filter((c) => c.kind === 'metric').map((c) => c.note);
    expect(notes).toEqual(['handled: 990 → 989 (−1, −0.10 %); tolerance exact', 'lost: 10 → 11 (+1, +10.00 %); tolerance exact']);
  });
});

describe('runGate: selection and bookkeeping', () => {
  it('`only` runs matching cases; a filter matching nothing is bad input', async () => {
    const { root, baselineDir } = fixture({ a: { instructions: 1 }, b: { instructions: 1 } });
    const ran: string[] = [];
    const runCase: CaseRunner = async (c) => {
      ran.push(c.name);
      return { instructions: 1, metrics: null };
    };
    await runGate({ registry: registry('a', 'b'), rootDir: root, baselineDir, runCase, only: 'b' });
    expect(ran).toEqual(['b']);
    await expect(runGate({ registry: registry('a', 'b'), rootDir: root, baselineDir, runCase, only: 'zzz' })).rejects.toThrow(
      /"zzz" matches no registered case; known: a, b/,
    );
  });

  it('warns about a new case without baseline and a baseline case nobody registers', async () => {
    const { root, baselineDir } = fixture({ old: { instructions: 7 } });
    const r = await runGate({ registry: registry('fresh'), rootDir: root, baselineDir, runCase: fake({ fresh: { instructions: 5, metrics: null } }) });
    expect(r.exitCode).toBe(EXIT_PASS);
    expect(r.checks.map((c) => [c.case, c.verdict])).toEqual([
      ['fresh', 'warn'],
      ['old', 'warn'],
    ]);
  });

  it('calibrated bench ratios: a 2× slower task beyond noise fails', async () => {
    const { root, baselineDir } = fixture({ a: { instructions: 1 } });
    const row = (task: string, ratio: number): BenchRow => ({
      task,
      opsPerS: 1,
      nsPerOpMean: 1,
      nsPerOpMedian: 1,
      nsPerOpP99: 1,
      rmePct: 2,
      samples: 100,
      calibrationRatio: ratio,
    });
    await writeBenchCsv(join(root, 'bench-base', 'x86.csv'), [row('ack', 1.0), row('eoi', 0.5)]);
    await writeBenchCsv(join(root, 'bench-now', 'x86.csv'), [row('ack', 2.0), row('eoi', 0.51)]);
    const r = await runGate({
      registry: registry('a'),
      rootDir: root,
      baselineDir,
      runCase: fake({ a: { instructions: 1, metrics: null } }),
      bench: { baselineDir: join(root, 'bench-base'), currentDir: join(root, 'bench-now') },
    });
    const bench = r.checks.filter((c) => c.kind === 'bench');
    expect(bench.map((c) => [c.subject, c.verdict])).toEqual([
      ['ack', 'fail'],
      ['eoi', 'pass'],
    ]);
    expect(r.exitCode).toBe(EXIT_REGRESSION);
  });
});

describe('runGate: bad input → exit 2, naming the file', () => {
  it('a corrupt baseline file', async () => {
    const { root, baselineDir } = fixture({ a: { instructions: 1 } });
    const path = join(baselineDir, 'gate.json');
    writeFileSync(path, '{"schemaVersion": 1, "createdCommit": "x", "cases": {"a": {"instructions": "many"}}}');
    let err: unknown;
    let ran = false;
    try {
      await runGate({ registry: registry('a'), rootDir: root, baselineDir, runCase: async () => ((ran = true), { instructions: 1, metrics: null }) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GateInputError);
    expect((err as GateInputError).file).toBe(path);
    expect((err as GateInputError).message).toMatch(/cases\.a\.instructions/);
    expect(exitCodeForGateError(err)).toBe(EXIT_BAD_INPUT);
    expect(ran).toBe(false); // the baseline is checked before any slow measurement
  });

  it('a missing baseline folder', async () => {
    const { root } = fixture({});
    const missing = join(root, 'no-such-dir');
    const run = runGate({ registry: registry('a'), rootDir: root, baselineDir: missing, runCase: fake({}) });
    await expect(run).rejects.toThrow(`${missing}: baseline folder not found`);
    expect(exitCodeForGateError(await run.catch((e: unknown) => e))).toBe(EXIT_BAD_INPUT);
  });

  it('a case script that was not built', async () => {
    const { root, baselineDir } = fixture({ a: { instructions: 1 } });
    const r = new CaseRegistry().register({ name: 'a', script: 'dist/missing.js', args: [] });
    await expect(runGate({ registry: r, rootDir: root, baselineDir, runCase: fake({}) })).rejects.toThrow(/missing\.js: script of case "a" not found; build first/);
  });

  it('a bad threshold option', async () => {
    const { root, baselineDir } = fixture({});
    await expect(runGate({ registry: registry('a'), rootDir: root, baselineDir, thresholdPct: -1 })).rejects.toThrow(/--threshold: must be a percentage > 0, got -1/);
  });

  it('exitCodeForGateError rethrows anything that is not bad input (a bug)', () => {
    expect(() => exitCodeForGateError(new TypeError('bug'))).toThrow('bug');
  });
});
