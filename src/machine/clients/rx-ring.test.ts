import { describe, expect, it } from 'vitest';
import { RxRing } from './rx-ring.js';

describe('RxRing', () => {
  it('is FIFO per queue and wraps around its own size', () => {
    const ring = new RxRing([3, 0, 2]);
    expect(ring.push(0, 10)).toBe(true);
    expect(ring.push(0, 20)).toBe(true);
    expect(ring.push(2, 7)).toBe(true);
    expect(ring.shift(0)).toBe(10);
    expect(ring.push(0, 30)).toBe(true);
    expect(ring.push(0, 40)).toBe(true); // wraps: slots 1, 2, 0
    expect(ring.push(0, 50)).toBe(false); // full at 3
    expect([ring.shift(0), ring.shift(0), ring.shift(0)]).toEqual([20, 30, 40]);
    expect(ring.count[0]).toBe(0);
    // Queue 2 kept its own item; queue 1 has no ring at all.
    expect(ring.shift(2)).toBe(7);
    expect(ring.push(1, 1)).toBe(false);
  });

  it('rings do not share storage', () => {
    const ring = new RxRing([2, 2]);
    ring.push(0, 1);
    ring.push(0, 2);
    ring.push(1, 3);
    ring.push(1, 4);
    expect(ring.push(0, 5)).toBe(false);
    expect([ring.shift(1), ring.shift(0), ring.shift(1), ring.shift(0)]).toEqual([3, 1, 4, 2]);
  });
});
