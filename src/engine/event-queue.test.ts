/**
 * Tests for the two pending-event queues behind the EventQueue interface
 * (binary-heap-queue.ts, heap-js-queue.ts): the same (timeNs, prio, seq) order from both,
 * checked against a sorted reference, plus the tie key's exactness at its limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryHeapQueue } from './binary-heap-queue.js';
import { EventPool } from './event-pool.js';
import { MAX_SEQ, tieKey, type EventQueue, type QueueKind } from './event-queue.js';
import { HeapJsQueue } from './heap-js-queue.js';

function makeQueue(kind: QueueKind, pool: EventPool): EventQueue {
  return kind === 'heap-js' ? new HeapJsQueue(pool) : new BinaryHeapQueue(pool, 16);
}

describe('tieKey', () => {
  it('keeps prio dominant and seq exact up to prio 255 and seq MAX_SEQ - 1', () => {
    // 255 × 2^45 + 2^45 − 1 = 2^53 − 1: the largest exact integer, so neighbours stay distinct.
    expect(tieKey(255, MAX_SEQ - 1)).toBe(2 ** 53 - 1);
    expect(tieKey(255, MAX_SEQ - 1) - tieKey(255, MAX_SEQ - 2)).toBe(1);
    expect(tieKey(254, MAX_SEQ - 1)).toBeLessThan(tieKey(255, MAX_SEQ - 2));
  });
});

describe.each<QueueKind>(['binary-heap', 'heap-js'])('%s queue', (kind) => {
  it('is empty at first: pop and peek give -1', () => {
    const q = makeQueue(kind, new EventPool(16));
    expect(q.size).toBe(0);
    expect(q.peek()).toBe(-1);
    expect(q.pop()).toBe(-1);
  });

  it('orders by time, then prio, then seq', () => {
    const pool = new EventPool(16);
    const q = makeQueue(kind, pool);
    // [timeNs, prio, seq] for rows 0..5
    const rows = [
      [20, 1, 0],
      [10, 2, 1],
      [10, 1, 2],
      [10, 1, 3],
      [10, 0, 4],
      [5, 2, 5],
    ];
    for (let ev = 0; ev < rows.length; ev++) {
      pool.timeNs[ev] = rows[ev][0];
      pool.tie[ev] = tieKey(rows[ev][1], rows[ev][2]);
      q.push(ev);
    }
    expect(q.size).toBe(6);
    expect(q.peek()).toBe(5);
    const out: number[] = [];
    for (let ev = q.pop(); ev >= 0; ev = q.pop()) out.push(ev);
    // 5 @5; then @10: prio 0 (4), prio 1 in seq order (2, 3), prio 2 (1); then 0 @20.
    expect(out).toEqual([5, 4, 2, 3, 1, 0]);
    expect(q.size).toBe(0);
  });

  it('clear() empties the queue', () => {
    const pool = new EventPool(16);
    const q = makeQueue(kind, pool);
    for (let ev = 0; ev < 5; ev++) {
      pool.timeNs[ev] = 5 - ev;
      q.push(ev);
    }
    q.clear();
    expect(q.size).toBe(0);
    expect(q.pop()).toBe(-1);
  });

  it('matches a sorted reference for any mix of pushes and pops, past its initial capacity', () => {
    const op = fc.oneof(
      { weight: 3, arbitrary: fc.record({ t: fc.integer({ min: 0, max: 20 }), prio: fc.integer({ min: 0, max: 3 }) }) },
      { weight: 2, arbitrary: fc.constant(null) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const pool = new EventPool(256);
        const q = makeQueue(kind, pool);
        const ref: number[] = [];
        let seq = 0;
        // The reference orders by the (time, prio, seq) triple itself, not by the folded key.
        const keys: [number, number, number][] = [];
        const before = (a: number, b: number) => {
          const ka = keys[a];
          const kb = keys[b];
          return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
        };
        for (const o of ops) {
          if (o === null) {
            ref.sort(before);
            expect(q.peek()).toBe(ref.length > 0 ? ref[0] : -1);
            expect(q.pop()).toBe(ref.length > 0 ? ref.shift() : -1);
          } else {
            const ev = seq; // rows are never reused here, so the row is the seq
            keys.push([o.t, o.prio, seq]);
            pool.timeNs[ev] = o.t;
            pool.tie[ev] = tieKey(o.prio, seq++);
            q.push(ev);
            ref.push(ev);
          }
          expect(q.size).toBe(ref.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe.each(['binary-heap', 'heap-js'] as const)('%s replaceTop', (kind) => {
  it('removes the first id and inserts the new one, as pop then push would', () => {
    const pool = new EventPool(16);
    const q = kind === 'binary-heap' ? new BinaryHeapQueue(pool, 16) : new HeapJsQueue(pool);
    // rows: 0 @30, 1 @10, 2 @20; then row 3 @25 replaces the first (row 1 @10).
    const times = [30, 10, 20, 25];
    for (let ev = 0; ev < 4; ev++) {
      pool.timeNs[ev] = times[ev];
      pool.tie[ev] = tieKey(1, ev);
    }
    q.push(0);
    q.push(1);
    q.push(2);
    expect(q.peekTimeNs()).toBe(10);
    q.replaceTop(3);
    expect(q.size).toBe(3);
    expect([q.pop(), q.pop(), q.pop(), q.pop()]).toEqual([2, 3, 0, -1]);
    expect(q.peekTimeNs()).toBe(Infinity);
  });
});
