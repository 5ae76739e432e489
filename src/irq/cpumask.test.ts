import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CpuMask, cpumaskFromList, formatBitList } from './cpumask.js';

describe('CpuMask', () => {
  it('set/test/clear across word boundaries', () => {
    const m = new CpuMask(100);
    m.set(0).set(31).set(32).set(99);
    expect(m.test(31)).toBe(true);
    expect(m.test(32)).toBe(true);
    expect(m.test(30)).toBe(false);
    expect(m.test(100)).toBe(false); // outside capacity is never set
    m.clear(31);
    expect(m.test(31)).toBe(false);
    expect(m.toList()).toEqual([0, 32, 99]);
  });

  it('first/next walk in ascending order and end with -1', () => {
    const m = cpumaskFromList(200, [5, 63, 64, 130]);
    expect(m.first()).toBe(5);
    expect(m.next(5)).toBe(63);
    expect(m.next(63)).toBe(64);
    expect(m.next(64)).toBe(130);
    expect(m.next(130)).toBe(-1);
    expect(m.next(-1)).toBe(5);
    expect(m.next(199)).toBe(-1);
    expect(new CpuMask(8).first()).toBe(-1);
  });

  it('weight counts bits, including bit 31 of a word', () => {
    // 0..31 (32 CPUs) + 40 + 95 = 34
    const m = new CpuMask(96).fillFirst(32).set(40).set(95);
    expect(m.weight()).toBe(34);
    expect(new CpuMask(96).fillFirst(96).weight()).toBe(96);
  });

  it('fillFirst sets exactly the first n CPUs', () => {
    const m = new CpuMask(70).fillFirst(33);
    expect(m.test(32)).toBe(true);
    expect(m.test(33)).toBe(false);
    expect(m.toString()).toBe('0-32');
  });

  it('and/intersects/copy/equals/isEmpty', () => {
    const a = cpumaskFromList(64, [1, 2, 3, 40]);
    const b = cpumaskFromList(64, [3, 40, 41]);
    const out = new CpuMask(64);
    expect(out.and(a, b)).toBe(true);
    expect(out.toList()).toEqual([3, 40]);
    expect(out.and(a, cpumaskFromList(64, [0]))).toBe(false);
    expect(out.isEmpty()).toBe(true);
    expect(a.intersects(b)).toBe(true);
    expect(a.intersects(cpumaskFromList(64, [0, 63]))).toBe(false);
    const c = new CpuMask(64).copy(a);
    expect(c.equals(a)).toBe(true);
    c.clear(40);
    expect(c.equals(a)).toBe(false);
  });

  it('rejects bad capacities, CPUs and mismatched masks with clear errors', () => {
    expect(() => new CpuMask(0)).toThrow(/capacity .* got 0/);
    expect(() => new CpuMask(8).set(8)).toThrow(/\[0, 7\], got 8/);
    expect(() => new CpuMask(8).copy(new CpuMask(16))).toThrow(/capacities differ: 8 vs 16/);
  });

  it('formatBitList prints kernel-style ranges', () => {
    const w = new Uint32Array(8);
    // bits 0, 2-4, 31-33
    for (const b of [0, 2, 3, 4, 31, 32, 33]) w[b >>> 5] |= 1 << (b & 31);
    expect(formatBitList(w, 256)).toBe('0,2-4,31-33');
    expect(formatBitList(new Uint32Array(8), 256)).toBe('');
  });

  it('property: toList round-trips fromList, weight equals the set size', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 299 }), { maxLength: 60 }), (cpus) => {
        const m = cpumaskFromList(300, cpus);
        const sorted = [...cpus].sort((x, y) => x - y);
        expect(m.toList()).toEqual(sorted);
        expect(m.weight()).toBe(cpus.length);
        expect(m.first()).toBe(sorted.length > 0 ? sorted[0] : -1);
      }),
      { numRuns: 200 },
    );
  });
});
