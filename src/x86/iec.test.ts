import { describe, expect, it } from 'vitest';
import { InterruptEntryCache } from './iec.js';

describe('InterruptEntryCache', () => {
  it('a miss fills, the next lookup hits', () => {
    const c = new InterruptEntryCache(4, 2);
    expect(c.lookup(10)).toBe(false);
    expect(c.lookup(10)).toBe(true);
    expect(c.hits).toBe(1);
    expect(c.misses).toBe(1);
    expect(c.capacity).toBe(8);
  });

  it('evicts the least recently used line of a full set', () => {
    // 4 sets × 2 ways: indices 1, 5, 9 all map to set 1 (index & 3).
    const c = new InterruptEntryCache(4, 2);
    c.lookup(1);
    c.lookup(5);
    c.lookup(1); // 1 is now more recent than 5
    c.lookup(9); // set full: evicts 5
    expect(c.contains(1)).toBe(true);
    expect(c.contains(5)).toBe(false);
    expect(c.contains(9)).toBe(true);
    // Other sets are untouched by set 1's traffic.
    c.lookup(2);
    expect(c.contains(2)).toBe(true);
  });

  it('ways = 1 is direct-mapped: two aliasing indices thrash', () => {
    const c = new InterruptEntryCache(4, 1);
    for (let i = 0; i < 3; i++) {
      c.lookup(0);
      c.lookup(4);
    }
    expect(c.hits).toBe(0);
    expect(c.misses).toBe(6);
  });

  it('invalidate(index, 0) drops exactly that entry', () => {
    const c = new InterruptEntryCache(8, 2);
    c.lookup(3);
    c.lookup(4);
    c.invalidate(3, 0);
    expect(c.contains(3)).toBe(false);
    expect(c.contains(4)).toBe(true);
    expect(c.lookup(3)).toBe(false); // refetched after the flush
    expect(c.linesInvalidated).toBe(1);
    expect(c.invalidations).toBe(1);
  });

  it('invalidate(index, mask) drops the aligned 2^mask block, small and large', () => {
    const c = new InterruptEntryCache(4, 4);
    for (const i of [8, 9, 10, 11, 12, 7]) c.lookup(i);
    // mask 2: block of 4 aligned at 8 → 8..11, whichever index inside it is named.
    c.invalidate(10, 2);
    expect([8, 9, 10, 11].some((i) => c.contains(i))).toBe(false);
    expect(c.contains(12)).toBe(true);
    expect(c.contains(7)).toBe(true);
    // mask 4: 16 entries ≥ 4 sets → whole-cache scan for tags in 0..15.
    c.lookup(20);
    c.invalidate(5, 4);
    expect(c.contains(12)).toBe(false);
    expect(c.contains(7)).toBe(false);
    expect(c.contains(20)).toBe(true);
    expect(c.linesInvalidated).toBe(6);
  });

  it('invalidateAll empties the cache', () => {
    const c = new InterruptEntryCache(2, 2);
    c.lookup(0);
    c.lookup(1);
    c.invalidateAll();
    expect(c.contains(0)).toBe(false);
    expect(c.contains(1)).toBe(false);
    expect(c.linesInvalidated).toBe(2);
  });

  it('rejects a geometry that is not a power-of-two set count', () => {
    expect(() => new InterruptEntryCache(3, 2)).toThrow(/sets must be a power of two .* got 3/);
    expect(() => new InterruptEntryCache(4, 0)).toThrow(/ways must be .* got 0/);
  });
});
