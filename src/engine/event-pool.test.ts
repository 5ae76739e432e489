/**
 * Tests for the struct-of-arrays event pool (event-pool.ts): rows handed out in ascending
 * order, recycled last-in-first-out through the free list, and columns kept intact when the
 * pool doubles.
 */
import { describe, expect, it } from 'vitest';
import { EV_FREE, EV_PENDING, EventPool } from './event-pool.js';

describe('EventPool', () => {
  it('never starts below 16 rows', () => {
    expect(new EventPool(0).capacity).toBe(16);
    expect(new EventPool(3).capacity).toBe(16);
    expect(new EventPool(100).capacity).toBe(100);
  });

  it('hands out rows in ascending order and reuses the last released first', () => {
    const pool = new EventPool(16);
    expect([pool.alloc(), pool.alloc(), pool.alloc()]).toEqual([0, 1, 2]);
    expect(pool.inUse).toBe(3);
    pool.release(1);
    pool.release(0);
    expect(pool.inUse).toBe(1);
    // Free stack top is 0, then 1, then the untouched 3.
    expect([pool.alloc(), pool.alloc(), pool.alloc()]).toEqual([0, 1, 3]);
  });

  it('marks a released row free', () => {
    const pool = new EventPool(16);
    const ev = pool.alloc();
    pool.state[ev] = EV_PENDING;
    pool.release(ev);
    expect(pool.state[ev]).toBe(EV_FREE);
  });

  it('doubles only when every row is taken, keeping every column', () => {
    const pool = new EventPool(16);
    for (let i = 0; i < 16; i++) {
      const ev = pool.alloc();
      pool.timeNs[ev] = 1_000_000_000_000 + i;
      pool.tie[ev] = 2 ** 46 + i;
      pool.kind[ev] = 60_000 + i;
      pool.a0[ev] = -1 - i;
      pool.a1[ev] = 2 ** 31 - 1 - i;
      pool.state[ev] = EV_PENDING;
    }
    expect(pool.growths).toBe(0);
    expect(pool.alloc()).toBe(16); // the 17th row forces one doubling, to 32
    expect(pool.growths).toBe(1);
    expect(pool.capacity).toBe(32);
    for (let i = 0; i < 16; i++) {
      expect([pool.timeNs[i], pool.tie[i], pool.kind[i], pool.a0[i], pool.a1[i], pool.state[i]]).toEqual([
        1_000_000_000_000 + i,
        2 ** 46 + i,
        60_000 + i,
        -1 - i,
        2 ** 31 - 1 - i,
        EV_PENDING,
      ]);
    }
    // The new half is handed out in ascending order too: 17 … 31, then a second doubling.
    for (let ev = 17; ev < 32; ev++) expect(pool.alloc()).toBe(ev);
    expect(pool.growths).toBe(1);
    expect(pool.alloc()).toBe(32);
    expect(pool.growths).toBe(2);
    expect(pool.inUse).toBe(33);
  });
});
