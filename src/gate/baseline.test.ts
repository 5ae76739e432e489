import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineCase, formatBaselineFile, loadBaselines, readBaselineFile, writeBaselineFile, type BaselineFile } from './baseline.js';
import { GateInputError } from './gate-error.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'irqstorm-baseline-'));
}

const GOOD: BaselineFile = {
  schemaVersion: 1,
  createdCommit: 'abc1234',
  cases: {
    'hold-model': { instructions: 800_000_000, metrics: { dispatched: 200000, finalTimeNs: 19980 }, tolerances: { finalTimeNs: { relativePct: 0.5 } } },
  },
};

describe('readBaselineFile', () => {
  it('round-trips a written file', () => {
    const path = join(tempDir(), 'gate.json');
    writeBaselineFile(path, GOOD);
    expect(readBaselineFile(path)).toEqual(GOOD);
  });

  it('names the file when it is missing', () => {
    const path = join(tempDir(), 'nope.json');
    expect(() => readBaselineFile(path)).toThrow(GateInputError);
    expect(() => readBaselineFile(path)).toThrow(`${path}: baseline file not found`);
  });

  it('names the file when it is not JSON', () => {
    const path = join(tempDir(), 'gate.json');
    writeFileSync(path, '{ "schemaVersion": 1, ');
    expect(() => readBaselineFile(path)).toThrow(new RegExp(`^${path}: baseline file is not valid JSON`));
  });

  it('names the field at fault in a malformed file', () => {
    const path = join(tempDir(), 'gate.json');
    writeFileSync(path, JSON.stringify({ ...GOOD, cases: { c: { instructions: -5, tolerances: { m: { relative: 1 } } } } }));
    let err: unknown;
    try {
      readBaselineFile(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GateInputError);
    const g = err as GateInputError;
    expect(g.file).toBe(path);
    expect(g.problem).toMatch(/cases\.c\.instructions/);
    expect(g.problem).toMatch(/cases\.c\.tolerances\.m/);
  });

  it('rejects another schema version with both versions named', () => {
    const path = join(tempDir(), 'gate.json');
    writeFileSync(path, JSON.stringify({ ...GOOD, schemaVersion: 2 }));
    expect(() => readBaselineFile(path)).toThrow(/schemaVersion 2 is not supported; this gate reads version 1/);
  });
});

describe('loadBaselines', () => {
  it('merges the cases of every file and finds each case', () => {
    const dir = tempDir();
    writeBaselineFile(join(dir, 'a.json'), GOOD);
    writeBaselineFile(join(dir, 'b.json'), { schemaVersion: 1, createdCommit: 'def5678', cases: { storm: { instructions: 5 } } });
    const set = loadBaselines(dir);
    expect(set.caseFile.get('storm')).toBe(join(dir, 'b.json'));
    expect(baselineCase(set, 'hold-model')?.instructions).toBe(800_000_000);
    expect(baselineCase(set, 'absent')).toBeUndefined();
  });

  it('rejects a missing folder, an empty folder and a case defined twice', () => {
    const dir = tempDir();
    expect(() => loadBaselines(join(dir, 'missing'))).toThrow(/baseline folder not found/);
    expect(() => loadBaselines(dir)).toThrow(/no baseline \*\.json files/);
    writeBaselineFile(join(dir, 'a.json'), GOOD);
    writeBaselineFile(join(dir, 'b.json'), GOOD);
    expect(() => loadBaselines(dir)).toThrow(/case "hold-model" is also defined in .*a\.json/);
  });
});

describe('formatBaselineFile', () => {
  it('sorts cases and metrics so rewrites diff cleanly', () => {
    const text = formatBaselineFile({ schemaVersion: 1, createdCommit: 'x', cases: { z: { metrics: { b: 1, a: 2 } }, a: { instructions: 1 } } });
    expect(text.indexOf('"a": {')).toBeLessThan(text.indexOf('"z": {'));
    expect(text.indexOf('"a": 2')).toBeLessThan(text.indexOf('"b": 1'));
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('writes atomically (no temp file left behind) and refuses malformed data', () => {
    const dir = tempDir();
    const path = join(dir, 'gate.json');
    writeBaselineFile(path, GOOD);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(GOOD);
    const bad = { ...GOOD, cases: { c: { instructions: 1.5 } } } as BaselineFile;
    expect(() => writeBaselineFile(path, bad)).toThrow(/refusing to write a malformed baseline/);
  });
});
