import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBaselineFile, writeBaselineFile } from './baseline.js';
import { GateInputError } from './gate-error.js';
import type { CaseMeasurement } from './run-gate.js';
import { updateBaseline } from './update-baseline.js';

const NOW = new Date('2025-01-02T03:04:05.000Z');

describe('updateBaseline', () => {
  it('creates gate.json for new cases in a fresh folder', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'irqstorm-upd-')), 'baseline');
    const measurements = new Map<string, CaseMeasurement>([['hold', { instructions: 1234567, metrics: { dispatched: 200000 } }]]);
    const r = updateBaseline({ baselineDir: dir, measurements, commit: 'abc1234', now: NOW });
    expect(r.diff).toBe('hold: new case, instructions 1,234,567, 1 metrics');
    expect(r.written).toEqual([join(dir, 'gate.json')]);
    expect(readBaselineFile(join(dir, 'gate.json'))).toEqual({
      schemaVersion: 1,
      createdCommit: 'abc1234',
      createdAt: '2025-01-02T03:04:05.000Z',
      cases: { hold: { instructions: 1234567, metrics: { dispatched: 200000 } } },
    });
  });

  it('rewrites the file holding the case, keeps thresholds and tolerances, and reports a diff', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqstorm-upd-'));
    writeBaselineFile(join(dir, 'engine.json'), {
      schemaVersion: 1,
      createdCommit: 'old',
      cases: { hold: { instructions: 1000, thresholdPct: 1, metrics: { a: 1, b: 2 }, tolerances: { a: { absolute: 1 } } } },
    });
    const measurements = new Map<string, CaseMeasurement>([['hold', { instructions: 1100, metrics: { a: 1, b: 3, c: 4 } }]]);
    const r = updateBaseline({ baselineDir: dir, measurements, commit: 'new', now: NOW });
    // 1000 → 1100 = +10.00 %.
    expect(r.diff.split('\n')).toEqual(['hold: instructions 1,000 → 1,100 (+10.00 %)', 'hold: metric b 2 → 3', 'hold: metric c added = 4']);
    const file = readBaselineFile(join(dir, 'engine.json'));
    expect(file.createdCommit).toBe('new');
    expect(file.cases.hold).toEqual({ instructions: 1100, thresholdPct: 1, metrics: { a: 1, b: 3, c: 4 }, tolerances: { a: { absolute: 1 } } });
  });

  it('writes nothing when nothing changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqstorm-upd-'));
    writeBaselineFile(join(dir, 'gate.json'), { schemaVersion: 1, createdCommit: 'old', cases: { hold: { instructions: 5 } } });
    const r = updateBaseline({ baselineDir: dir, measurements: new Map([['hold', { instructions: 5, metrics: null }]]), commit: 'new' });
    expect(r).toEqual({ diff: 'no changes', written: [] });
    expect(readBaselineFile(join(dir, 'gate.json')).createdCommit).toBe('old');
  });

  it('refuses to overwrite a corrupt baseline file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irqstorm-upd-'));
    writeFileSync(join(dir, 'gate.json'), 'not json');
    expect(() => updateBaseline({ baselineDir: dir, measurements: new Map([['x', { instructions: 1, metrics: null }]]), commit: 'c' })).toThrow(GateInputError);
  });
});
