/**
 * Tests for the run loop (simulator.ts), after SimPy's Environment tests: tiny scenarios with
 * hand-worked event logs, run limits, cancellation by tombstone, pool growth, determinism, and a
 * property test against a sorted reference model. Every block runs on both queue kinds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIO_LATE, PRIO_NORMAL, PRIO_URGENT } from './event-pool.js';
import type { QueueKind } from './event-queue.js';
import { RngFactory } from './rng.js';
import { Simulator } from './simulator.js';
import { MAX_TIME_NS } from './time.js';

const QUEUE_KINDS: QueueKind[] = ['binary-heap', 'heap-js'];

// Event kinds for these tests: LOG only records itself; SPAWN records itself, then its handler acts.
const LOG = 1;
const SPAWN = 2;

/** A simulator whose dispatch appends "timeNs:a0" to `log` and hands SPAWN events to `onSpawn`. */
function logged(
  queue: QueueKind,
  onSpawn: (sim: Simulator, a0: number, a1: number) => void = () => {},
  initialCapacity = 1024,
): { sim: Simulator; log: string[] } {
  const log: string[] = [];
  const sim = new Simulator({ queue, initialCapacity });
  sim.setDispatch((kind, a0, a1) => {
    log.push(`${sim.nowNs}:${a0}`);
    if (kind === SPAWN) onSpawn(sim, a0, a1);
  });
  return { sim, log };
}

/**
 * A hold model with many ties and cancellations: `population` events live at once; each one,
 * when it fires, schedules a successor 0–3 × 100 ns later at a random priority, and every
 * seventh one cancels the most recently scheduled pending event. Returns the log of
 * "timeNs:label:prio" lines.
 */
function tieHeavyRun(queue: QueueKind, seed: number, population: number, events: number): string[] {
  const rng = new RngFactory(seed).stream('hold');
  const log: string[] = [];
  const sim = new Simulator({ queue, initialCapacity: 16 });
  let label = 0;
  let last = -1;
  sim.setDispatch((_kind, a0, a1) => {
    log.push(`${sim.nowNs}:${a0}:${a1}`);
    const prio = rng.nextInt(3);
    last = sim.scheduleAfter(100 * rng.nextInt(4), LOG, label++, prio, prio);
    if (a0 % 7 === 0 && sim.isPending(last)) {
      sim.cancel(last);
      const p = rng.nextInt(3);
      sim.scheduleAfter(100 * rng.nextInt(4), LOG, label++, p, p);
    }
  });
  for (let i = 0; i < population; i++) {
    const prio = rng.nextInt(3);
    sim.schedule(100 * rng.nextInt(4), LOG, label++, prio, prio);
  }
  sim.run({ maxEvents: events });
  return log;
}

describe.each(QUEUE_KINDS)('Simulator on %s', (queue) => {
  describe('ordering', () => {
    it('runs equal-time events by priority, then in scheduling order', () => {
      const { sim, log } = logged(queue);
      sim.schedule(100, LOG, 1, 0, PRIO_NORMAL);
      sim.schedule(100, LOG, 2, 0, PRIO_URGENT);
      sim.schedule(100, LOG, 3, 0, PRIO_LATE);
      sim.schedule(100, LOG, 4, 0, PRIO_NORMAL);
      sim.schedule(50, LOG, 5, 0, PRIO_LATE);
      sim.schedule(100, LOG, 6, 0, PRIO_URGENT);
      expect(sim.run()).toBe('empty');
      // 5 is earliest; at 100: urgent 2 then 6 (FIFO), normal 1 then 4, late 3.
      expect(log).toEqual(['50:5', '100:2', '100:6', '100:1', '100:4', '100:3']);
      expect(sim.nowNs).toBe(100);
      expect(sim.dispatched).toBe(6);
    });

    it('orders events scheduled from inside dispatch among those already queued', () => {
      const { sim, log } = logged(queue, (s, a0) => {
        if (a0 !== 1) return;
        s.schedule(10, LOG, 11, 0, PRIO_NORMAL); // same time, after queued normals (later seq)
        s.schedule(10, LOG, 12, 0, PRIO_URGENT); // same time, ahead of everything left at 10
        s.scheduleAfter(5, LOG, 13); //             at 15, after 4 (scheduled earlier)
      });
      sim.schedule(10, SPAWN, 1);
      sim.schedule(10, LOG, 2);
      sim.schedule(10, LOG, 3, 0, PRIO_LATE);
      sim.schedule(15, LOG, 4);
      sim.run();
      expect(log).toEqual(['10:1', '10:12', '10:2', '10:11', '10:3', '15:4', '15:13']);
    });

    it('hands a0, a1 and kind to dispatch unchanged', () => {
      const seen: number[][] = [];
      const sim = new Simulator({ queue, dispatch: (kind, a0, a1) => seen.push([kind, a0, a1]) });
      sim.schedule(1, 65_535, -2_147_483_648, 2_147_483_647);
      sim.schedule(2, 0, -1, 0);
      sim.run();
      expect(seen).toEqual([
        [65_535, -2_147_483_648, 2_147_483_647],
        [0, -1, 0],
      ]);
    });

    // Regression (was a bug at simulator.ts:79-80, fixed): prio is stored in a Uint8Array and kind in a Uint16Array with no
    // check, so prio 256 silently becomes 0 (urgent) and kind 65536 becomes kind 0.
    it('rejects a priority or kind that its column cannot hold', () => {
      const { sim } = logged(queue);
      expect(() => sim.schedule(10, LOG, 1, 0, 256)).toThrow(/prio/);
      expect(() => sim.schedule(10, LOG, 1, 0, -1)).toThrow(/prio/);
      expect(() => sim.schedule(10, 65_536, 1, 0)).toThrow(/kind/);
    });
  });

  describe('cancel', () => {
    it('never dispatches a cancelled event and says whether it cancelled', () => {
      const { sim, log } = logged(queue);
      sim.schedule(10, LOG, 1);
      const b = sim.schedule(20, LOG, 2);
      sim.schedule(30, LOG, 3);
      expect(sim.isPending(b)).toBe(true);
      expect(sim.cancel(b)).toBe(true);
      expect(sim.isPending(b)).toBe(false);
      expect(sim.cancel(b)).toBe(false); // already a tombstone
      expect(sim.run()).toBe('empty');
      expect(log).toEqual(['10:1', '30:3']);
      expect(sim.dispatched).toBe(2);
    });

    it('returns false for a fired id and for ids that were never handed out', () => {
      const { sim } = logged(queue);
      const a = sim.schedule(10, LOG, 1);
      sim.run();
      expect(sim.cancel(a)).toBe(false);
      expect(sim.cancel(-1)).toBe(false);
      expect(sim.cancel(1e6)).toBe(false);
      expect(sim.cancel(0.5)).toBe(false);
      expect(sim.cancel(5)).toBe(false); // a row of the pool that was never taken
    });

    it('keeps tombstones out of pendingCount and peekTimeNs', () => {
      const { sim } = logged(queue);
      const a = sim.schedule(10, LOG, 1);
      const b = sim.schedule(20, LOG, 2);
      sim.schedule(30, LOG, 3);
      expect(sim.pendingCount).toBe(3);
      sim.cancel(a);
      sim.cancel(b);
      expect(sim.pendingCount).toBe(1);
      expect(sim.peekTimeNs()).toBe(30); // skips the tombstones at 10 and 20
      expect(sim.pendingCount).toBe(1);
      expect(sim.pool.inUse).toBe(1); // peekTimeNs released the two tombstones' rows
      sim.run();
      expect(sim.pendingCount).toBe(0);
      expect(sim.peekTimeNs()).toBe(Infinity);
    });

    it('gives Infinity from peekTimeNs when every event is cancelled', () => {
      const { sim, log } = logged(queue);
      sim.cancel(sim.schedule(10, LOG, 1));
      expect(sim.peekTimeNs()).toBe(Infinity);
      expect(sim.run()).toBe('empty');
      expect(log).toEqual([]);
      expect(sim.nowNs).toBe(0); // a tombstone does not move the clock
    });

    it('reuses a cancelled row only once its tombstone is gone, without confusing the two', () => {
      const { sim, log } = logged(queue);
      const a = sim.schedule(10, LOG, 1);
      sim.cancel(a);
      const b = sim.schedule(20, LOG, 2);
      expect(b).not.toBe(a); // a's tombstone still holds its row
      expect(sim.peekTimeNs()).toBe(20); // drops a's tombstone, freeing its row
      const c = sim.schedule(15, LOG, 3);
      expect(c).toBe(a); // the free list hands back a's row
      expect(sim.isPending(c)).toBe(true);
      expect(sim.pendingCount).toBe(2);
      sim.run();
      expect(log).toEqual(['15:3', '20:2']);
      expect(sim.cancel(c)).toBe(false);
    });

    it('lets a handler cancel a later event at the same time, but not itself', () => {
      const log: string[] = [];
      let later = -1;
      let selfCancel: boolean | undefined;
      let laterCancel: boolean | undefined;
      const sim = new Simulator({
        queue,
        dispatch: (kind, a0, _a1, ev) => {
          log.push(`${sim.nowNs}:${a0}`);
          if (kind !== SPAWN) return;
          selfCancel = sim.cancel(ev); // its row was released before dispatch
          laterCancel = sim.cancel(later);
        },
      });
      sim.schedule(10, SPAWN, 1);
      later = sim.schedule(10, LOG, 2);
      sim.schedule(10, LOG, 3);
      sim.run();
      expect(selfCancel).toBe(false);
      expect(laterCancel).toBe(true);
      expect(log).toEqual(['10:1', '10:3']);
    });
  });

  describe('run limits', () => {
    it('runs events at exactly untilNs, leaves the clock there, and resumes', () => {
      const { sim, log } = logged(queue);
      sim.schedule(10, LOG, 1);
      sim.schedule(20, LOG, 2);
      sim.schedule(20, LOG, 3);
      sim.schedule(30, LOG, 4);
      expect(sim.run({ untilNs: 20 })).toBe('until');
      expect(log).toEqual(['10:1', '20:2', '20:3']);
      expect(sim.nowNs).toBe(20);
      expect(sim.run({ untilNs: 25 })).toBe('until');
      expect(sim.nowNs).toBe(25); // no event in (20, 25], the clock still moves
      expect(log).toHaveLength(3);
      sim.schedule(25, LOG, 5); // now is allowed
      expect(sim.run()).toBe('empty');
      expect(log).toEqual(['10:1', '20:2', '20:3', '25:5', '30:4']);
      expect(sim.nowNs).toBe(30);
    });

    it('allows untilNs equal to now and runs what is due then', () => {
      const { sim, log } = logged(queue);
      sim.schedule(0, LOG, 1);
      sim.schedule(5, LOG, 2);
      expect(sim.run({ untilNs: 0 })).toBe('until');
      expect(log).toEqual(['0:1']);
      expect(sim.nowNs).toBe(0);
    });

    // Regression (was a bug at simulator.ts:133, fixed): when the queue drains before untilNs, run() returns 'empty' with
    // the clock at the last event, against "then set the clock to untilNs" (RunLimits.untilNs).
    it('ends at untilNs even when the queue drains first', () => {
      const { sim, log } = logged(queue);
      sim.schedule(50, LOG, 1);
      sim.run({ untilNs: 100 });
      expect(log).toEqual(['50:1']);
      expect(sim.nowNs).toBe(100); // today: 50
    });

    it('counts only dispatched events against maxEvents, not tombstones', () => {
      const { sim, log } = logged(queue);
      const ids: number[] = [];
      for (let i = 1; i <= 5; i++) ids.push(sim.schedule(i, LOG, i));
      sim.cancel(ids[1]);
      sim.cancel(ids[2]);
      expect(sim.run({ maxEvents: 2 })).toBe('max-events');
      expect(log).toEqual(['1:1', '4:4']); // 2 and 3 were tombstones, skipped free of charge
      expect(sim.nowNs).toBe(4);
      expect(sim.run({ maxEvents: 0 })).toBe('max-events');
      expect(log).toHaveLength(2);
      expect(sim.run({ maxEvents: 5 })).toBe('empty');
      expect(log).toEqual(['1:1', '4:4', '5:5']);
    });

    it('returns after the event whose handler calls stop(), and resumes from the next', () => {
      const { sim, log } = logged(queue, (s) => s.stop());
      sim.schedule(10, LOG, 1);
      sim.schedule(20, SPAWN, 2);
      sim.schedule(20, LOG, 3);
      expect(sim.run({ untilNs: 1000 })).toBe('stopped');
      expect(log).toEqual(['10:1', '20:2']);
      expect(sim.nowNs).toBe(20);
      expect(sim.pendingCount).toBe(1);
      expect(sim.run()).toBe('empty');
      expect(log).toEqual(['10:1', '20:2', '20:3']);
    });

    it('ignores a stop() made outside run()', () => {
      const { sim, log } = logged(queue);
      sim.schedule(10, LOG, 1);
      sim.schedule(20, LOG, 2);
      sim.stop();
      expect(sim.run()).toBe('empty');
      expect(log).toHaveLength(2);
    });

    it("returns 'empty' at once with nothing scheduled", () => {
      const { sim } = logged(queue);
      expect(sim.run()).toBe('empty');
      expect(sim.nowNs).toBe(0);
      expect(sim.dispatched).toBe(0);
    });

    it('rejects times in the past, fractional, non-finite or past MAX_TIME_NS, changing nothing', () => {
      const { sim } = logged(queue);
      sim.schedule(100, LOG, 1);
      sim.run();
      const inUse = sim.pool.inUse;
      expect(() => sim.schedule(99, LOG, 2)).toThrow(/cannot schedule at 99 ns: it is before now \(100 ns\)/);
      expect(() => sim.scheduleAfter(-1, LOG, 2)).toThrow(/before now/);
      expect(() => sim.schedule(100.5, LOG, 2)).toThrow(/event time must be a whole number of ns, got 100.5/);
      expect(() => sim.scheduleAfter(0.25, LOG, 2)).toThrow(/whole number/);
      expect(() => sim.schedule(MAX_TIME_NS + 1, LOG, 2)).toThrow(/past the clock's limit/);
      expect(() => sim.schedule(Infinity, LOG, 2)).toThrow(/finite number/);
      expect(() => sim.schedule(NaN, LOG, 2)).toThrow(/finite number/);
      expect(sim.pendingCount).toBe(0);
      expect(sim.pool.inUse).toBe(inUse);
      expect(sim.schedule(MAX_TIME_NS, LOG, 3)).toBeGreaterThanOrEqual(0); // the last ns is fine
    });

    it('rejects a run limit before now or not a time', () => {
      const { sim } = logged(queue);
      sim.schedule(100, LOG, 1);
      sim.run();
      expect(() => sim.run({ untilNs: 50 })).toThrow(/run until 50 ns is before now \(100 ns\)/);
      expect(() => sim.run({ untilNs: 150.5 })).toThrow(/run until must be a whole number of ns/);
      expect(() => sim.run({ untilNs: -1 })).toThrow(/run until must not be negative/);
      expect(sim.nowNs).toBe(100);
    });

    it('names the event kind when no dispatch function was set', () => {
      const sim = new Simulator({ queue });
      sim.schedule(1, 7);
      expect(() => sim.run()).toThrow(/no dispatch function set, but event kind 7 fired/);
    });
  });

  describe('pool growth', () => {
    it('keeps every event and the order when scheduling far past the initial capacity', () => {
      const rng = new RngFactory(7).stream('growth');
      const { sim, log } = logged(queue, undefined, 16);
      const expected: { t: number; prio: number; label: number }[] = [];
      for (let label = 0; label < 5000; label++) {
        const t = rng.nextInt(1000);
        const prio = rng.nextInt(3);
        sim.schedule(t, LOG, label, 0, prio);
        expected.push({ t, prio, label });
      }
      // 16 → 32 → … → 8192: nine doublings to hold 5000 rows.
      expect(sim.pool.growths).toBe(9);
      expect(sim.pool.capacity).toBe(8192);
      expect(sim.pendingCount).toBe(5000);
      sim.run();
      // Labels are the scheduling order, so (t, prio, label) is the (t, prio, seq) order.
      expected.sort((x, y) => x.t - y.t || x.prio - y.prio || x.label - y.label);
      expect(log).toEqual(expected.map((e) => `${e.t}:${e.label}`));
    });

    it('does not grow in a steady hold loop after warm-up, with or without cancelled timers', () => {
      const rng = new RngFactory(11).stream('hold');
      const sim = new Simulator({ queue, initialCapacity: 16 });
      const TIMER = 3;
      let timer = -1;
      let timerFired = 0;
      sim.setDispatch((kind) => {
        if (kind === TIMER) {
          timerFired++;
          return;
        }
        // Each job re-arms one watchdog timer (cancelling the previous) and schedules its successor.
        if (sim.isPending(timer)) sim.cancel(timer);
        timer = sim.scheduleAfter(50_000, TIMER);
        sim.scheduleAfter(1 + rng.nextInt(2000), LOG);
      });
      for (let i = 0; i < 300; i++) sim.schedule(rng.nextInt(2000), LOG);
      sim.run({ maxEvents: 20_000 }); // warm-up
      const growths = sim.pool.growths;
      const capacity = sim.pool.capacity;
      expect(growths).toBeGreaterThan(0); // 300 jobs do not fit in 16 rows
      sim.run({ maxEvents: 200_000 });
      expect(sim.pool.growths).toBe(growths);
      expect(sim.pool.capacity).toBe(capacity);
      expect(timerFired).toBe(0); // jobs fire every ~3 ns on average, far inside 50 us
      expect(sim.pendingCount).toBe(301); // 300 jobs and one live timer
    });
  });

  describe('determinism', () => {
    it('gives the same event log for the same seed, and a different one for another seed', () => {
      const a = tieHeavyRun(queue, 42, 50, 3000);
      const b = tieHeavyRun(queue, 42, 50, 3000);
      const c = tieHeavyRun(queue, 43, 50, 3000);
      expect(a).toHaveLength(3000);
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
    });
  });

  describe('reference model', () => {
    type Op = { op: 'schedule'; dtNs: number; prio: number } | { op: 'cancel'; pick: number } | { op: 'pop' };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          op: fc.constant('schedule' as const),
          dtNs: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 1e12 })),
          prio: fc.integer({ min: 0, max: 3 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
      { weight: 3, arbitrary: fc.constant({ op: 'pop' as const }) },
    );

    it('dispatches in exactly the (time, prio, seq) order of a sorted reference', () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 150 }), (ops) => {
          const fired: number[] = [];
          const sim = new Simulator({ queue, initialCapacity: 16, dispatch: (_k, a0) => fired.push(a0) });
          // Reference rows: [timeNs, prio, seq, id]; seq doubles as the label passed in a0.
          let ref: number[][] = [];
          let seq = 0;
          for (const o of ops) {
            if (o.op === 'schedule') {
              const t = sim.nowNs + o.dtNs;
              const id = sim.schedule(t, LOG, seq, 0, o.prio);
              ref.push([t, o.prio, seq, id]);
              seq++;
            } else if (o.op === 'cancel') {
              // Only live ids: a fired id's row may already be reused (ids are not generations).
              if (ref.length === 0) continue;
              const victim = ref[o.pick % ref.length];
              expect(sim.cancel(victim[3])).toBe(true);
              expect(sim.cancel(victim[3])).toBe(false);
              ref = ref.filter((r) => r !== victim);
            } else {
              ref.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
              const head = ref.shift();
              const before = fired.length;
              const reason = sim.run({ maxEvents: 1 });
              if (head === undefined) {
                expect(reason).toBe('empty');
                expect(fired.length).toBe(before);
              } else {
                expect(reason).toBe('max-events');
                expect(fired[before]).toBe(head[2]);
                expect(sim.nowNs).toBe(head[0]);
              }
            }
            expect(sim.pendingCount).toBe(ref.length);
            const minT = ref.reduce((m, r) => Math.min(m, r[0]), Infinity);
            expect(sim.peekTimeNs()).toBe(minT);
          }
          // Drain: the rest must come out in reference order too.
          ref.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
          const before = fired.length;
          sim.run();
          expect(fired.slice(before)).toEqual(ref.map((r) => r[2]));
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('both queue kinds', () => {
  it('produce identical event logs on a tie-heavy run with cancellations', () => {
    const heap = tieHeavyRun('binary-heap', 5, 200, 20_000);
    const heapJs = tieHeavyRun('heap-js', 5, 200, 20_000);
    expect(heap).toHaveLength(20_000);
    expect(heapJs).toEqual(heap);
  });

  it('defaults to binary-heap', () => {
    expect(new Simulator().queueKind).toBe('binary-heap');
  });
});
