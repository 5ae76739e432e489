/**
 * src/engine/: the discrete-event engine (no kernel counterpart): integer-ns time, the event pool
 * and queues, the run loop, seeded random streams, distributions.
 *
 * The discrete-event run loop, after SimPy's Environment: a clock in integer ns, a queue of
 * event ids ordered by (time, priority, sequence), and a dispatch function set once that
 * switches on the event kind. Events carry two integer arguments and nothing else, so the
 * loop allocates nothing per event.
 */
import { DEBUG } from './debug.js';
import { BinaryHeapQueue } from './binary-heap-queue.js';
import { EV_CANCELLED, EV_PENDING, EventPool, PRIO_NORMAL } from './event-pool.js';
import { MAX_SEQ, tieKey, type EventQueue, type QueueKind } from './event-queue.js';
import { HeapJsQueue } from './heap-js-queue.js';
import { MAX_TIME_NS, TimeError, checkTimeNs } from './time.js';

/** Called once per event, in order. `ev` is the (already released) id, for logs only. */
export type Dispatch = (kind: number, a0: number, a1: number, ev: number) => void;

export interface SimulatorOptions {
  dispatch?: Dispatch;
  /** @defaultValue 'binary-heap' (measured faster than heap-js; see README "Event queue") */
  queue?: QueueKind;
  /** Rows preallocated in the event pool and queue. @defaultValue 1024 */
  initialCapacity?: number;
}

export interface RunLimits {
  /** Run events with timeNs <= untilNs, then set the clock to untilNs. */
  untilNs?: number;
  /** Stop after this many dispatched events (tombstones do not count). */
  maxEvents?: number;
}

/** Why run() returned. */
export type StopReason = 'until' | 'max-events' | 'stopped' | 'empty';

// The debug build's checks of schedule()'s arguments.
function checkScheduleArgs(kind: number, prio: number, seq: number): void {
  if (!(prio >= 0 && prio <= 255 && prio === (prio | 0))) throw new RangeError(`event prio must be an integer in 0..255, got ${prio}`);
  if (!(kind >= 0 && kind <= 0xffff && kind === (kind | 0))) throw new RangeError(`event kind must be an integer in 0..65535, got ${kind}`);
  // MODEL: 2^45 sequence numbers last 3.5e13 events, far beyond any run the clock allows here.
  if (seq >= MAX_SEQ) throw new RangeError('event sequence exhausted');
}

const noDispatch: Dispatch = (kind) => {
  throw new Error(`no dispatch function set, but event kind ${kind} fired`);
};

export class Simulator {
  /** The current simulated time (ns). */
  nowNs = 0;
  /** Events dispatched since construction. */
  dispatched = 0;
  readonly pool: EventPool;
  readonly queueKind: QueueKind;
  #queue: EventQueue;
  #dispatch: Dispatch;
  #nextSeq = 0;
  #tombstones = 0;
  #stopRequested = false;
  /** True while the event being dispatched has not yet been removed from the queue's root. */
  #topSpent = false;

  constructor(options: SimulatorOptions = {}) {
    const cap = options.initialCapacity ?? 1024;
    this.pool = new EventPool(cap);
    this.queueKind = options.queue ?? 'binary-heap';
    this.#queue = this.queueKind === 'heap-js' ? new HeapJsQueue(this.pool) : new BinaryHeapQueue(this.pool, cap);
    this.#dispatch = options.dispatch ?? noDispatch;
  }

  /** Sets the function every event is handed to. Build it once, before run(). */
  setDispatch(dispatch: Dispatch): void {
    this.#dispatch = dispatch;
  }

  /** Events waiting to fire (cancelled ones excluded). */
  get pendingCount(): number {
    return this.#queue.size - this.#tombstones - (this.#topSpent ? 1 : 0);
  }

  /** Schedules `kind` at absolute time `atNs` (>= now). Returns the event id, valid until it fires or is cancelled. */
  schedule(atNs: number, kind: number, a0 = 0, a1 = 0, prio = PRIO_NORMAL): number {
    if (!(atNs >= this.nowNs && atNs <= MAX_TIME_NS) || atNs !== Math.floor(atNs)) this.#badTime(atNs);
    // PERF: the debug checks and their messages live out of line, so schedule()'s bytecode stays
    // small for V8's inlining budget.
    if (DEBUG) checkScheduleArgs(kind, prio, this.#nextSeq);
    const pool = this.pool;
    const ev = pool.alloc();
    pool.timeNs[ev] = atNs;
    pool.tie[ev] = tieKey(prio, this.#nextSeq++);
    pool.kind[ev] = kind;
    pool.a0[ev] = a0;
    pool.a1[ev] = a1;
    pool.state[ev] = EV_PENDING;
    if (this.#topSpent) {
      // PERF: the event being dispatched still sits at the root: its follow-up replaces it
      // (one sift-down instead of a pop and a push; the classic hold-model fusion).
      this.#topSpent = false;
      this.#queue.replaceTop(ev);
    } else {
      this.#queue.push(ev);
    }
    return ev;
  }

  /** Schedules `kind` at now + delayNs. */
  scheduleAfter(delayNs: number, kind: number, a0 = 0, a1 = 0, prio = PRIO_NORMAL): number {
    return this.schedule(this.nowNs + delayNs, kind, a0, a1, prio);
  }

  /** True while `ev` is scheduled and neither fired nor cancelled. */
  isPending(ev: number): boolean {
    return ev >= 0 && ev < this.pool.capacity && this.pool.state[ev] === EV_PENDING;
  }

  /**
   * Cancels a pending event: it stays in the queue as a tombstone and is dropped when it
   * reaches the front (heap removal would be O(n)). Returns false if it was not pending.
   */
  cancel(ev: number): boolean {
    if (!this.isPending(ev)) return false;
    this.pool.state[ev] = EV_CANCELLED;
    this.#tombstones++;
    return true;
  }

  /** Asks run() to return after the event being dispatched. */
  stop(): void {
    this.#stopRequested = true;
  }

  /** The time of the next live event, or Infinity when none is pending. */
  peekTimeNs(): number {
    this.#settleTop();
    this.#dropTombstones();
    const ev = this.#queue.peek();
    return ev < 0 ? Infinity : this.pool.timeNs[ev];
  }

  /** Dispatches events in order until a limit is reached, stop() is called, or nothing is left. */
  run(limits: RunLimits = {}): StopReason {
    const untilNs = limits.untilNs === undefined ? Infinity : checkTimeNs(limits.untilNs, 'run until');
    if (untilNs < this.nowNs) throw new TimeError(`run until ${untilNs} ns is before now (${this.nowNs} ns)`);
    const maxEvents = limits.maxEvents ?? Infinity;
    const queue = this.#queue;
    const dispatch = this.#dispatch;
    const pool = this.pool;
    let count = 0;
    this.#stopRequested = false;
    while (count < maxEvents) {
      const ev = queue.peek();
      if (ev < 0) {
        // The horizon was asked for: the clock reaches it even when the events run out first.
        if (untilNs !== Infinity) this.nowNs = untilNs;
        return 'empty';
      }
      const t = pool.timeNs[ev];
      if (t > untilNs) {
        this.nowNs = untilNs;
        return 'until';
      }
      if (pool.state[ev] === EV_CANCELLED) {
        queue.pop();
        this.#tombstones--;
        pool.release(ev);
        continue;
      }
      this.nowNs = t;
      const kind = pool.kind[ev];
      const a0 = pool.a0[ev];
      const a1 = pool.a1[ev];
      // Released before dispatch so the handler's own schedule() can reuse the row.
      pool.release(ev);
      count++;
      this.dispatched++;
      this.#topSpent = true;
      dispatch(kind, a0, a1, ev);
      if (this.#topSpent) {
        this.#topSpent = false;
        queue.pop();
      }
      if (this.#stopRequested) return 'stopped';
    }
    return 'max-events';
  }

  // Removes a dispatched event still at the root (a handler asked for the queue mid-dispatch).
  #settleTop(): void {
    if (this.#topSpent) {
      this.#topSpent = false;
      this.#queue.pop();
    }
  }

  #dropTombstones(): void {
    const pool = this.pool;
    for (let ev = this.#queue.peek(); ev >= 0 && pool.state[ev] === EV_CANCELLED; ev = this.#queue.peek()) {
      this.#queue.pop();
      this.#tombstones--;
      pool.release(ev);
    }
  }

  #badTime(atNs: number): never {
    if (atNs < this.nowNs) {
      throw new TimeError(`cannot schedule at ${atNs} ns: it is before now (${this.nowNs} ns)`);
    }
    checkTimeNs(atNs, 'event time');
    throw new TimeError(`bad event time ${atNs}`);
  }
}
