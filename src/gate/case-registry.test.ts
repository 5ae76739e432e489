import { describe, expect, it } from 'vitest';
import { CaseRegistry, createDefaultRegistry, HOLD_MODEL_CASE } from './case-registry.js';

describe('CaseRegistry', () => {
  it('holds the built-in hold-model case and keeps registration order', () => {
    const r = createDefaultRegistry().register({ name: 'storm-basic', script: 'dist/bench/cases/storm.js', args: [] });
    expect(r.list().map((c) => c.name)).toEqual(['hold-model', 'storm-basic']);
    expect(r.get('hold-model')).toBe(HOLD_MODEL_CASE);
    expect(r.get('nope')).toBeUndefined();
  });

  it('rejects duplicate and unsafe names, empty scripts and bad thresholds', () => {
    const r = new CaseRegistry().register({ name: 'a', script: 's.js', args: [] });
    expect(() => r.register({ name: 'a', script: 's.js', args: [] })).toThrow(/"a" is already registered/);
    expect(() => r.register({ name: 'a b', script: 's.js', args: [] })).toThrow(/name must match/);
    expect(() => r.register({ name: 'b', script: ' ', args: [] })).toThrow(/script is empty/);
    expect(() => r.register({ name: 'c', script: 's.js', args: [], thresholdPct: 0 })).toThrow(/thresholdPct must be > 0, got 0/);
  });
});
