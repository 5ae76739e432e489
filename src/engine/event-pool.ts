/**
 * The event pool: every pending event is a row in struct-of-arrays columns, recycled through
 * an Int32Array free list, so scheduling allocates nothing once the pool has reached its
 * working size. Capacity only ever doubles, and only when every row is in use.
 */

/** Row states. A cancelled row stays in the queue as a tombstone until it is popped. */
export const EV_FREE = 0;
export const EV_PENDING = 1;
export const EV_CANCELLED = 2;

/** Ties at one timestamp run by priority (lower first), then in scheduling order (SimPy). */
export const PRIO_URGENT = 0;
export const PRIO_NORMAL = 1;
export const PRIO_LATE = 2;

export class EventPool {
  /** when the event fires (ns) */
  timeNs: Float64Array;
  /** order among equal times: prio · 2^45 + scheduling seq (event-queue.ts tieKey) */
  tie: Float64Array;
  /** event kind (src/events.ts) */
  kind: Uint16Array;
  /** first integer argument (a row id: virq, cpu, peer, …) */
  a0: Int32Array;
  /** second integer argument */
  a1: Int32Array;
  /** EV_FREE | EV_PENDING | EV_CANCELLED */
  state: Uint8Array;
  #free: Int32Array;
  #freeTop = 0;
  #capacity = 0;
  /** Times the pool doubled; stays constant in steady state. */
  growths = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.timeNs = new Float64Array(cap);
    this.tie = new Float64Array(cap);
    this.kind = new Uint16Array(cap);
    this.a0 = new Int32Array(cap);
    this.a1 = new Int32Array(cap);
    this.state = new Uint8Array(cap);
    this.#free = new Int32Array(cap);
    this.#fillFree(0, cap);
    this.#capacity = cap;
  }

  get capacity(): number {
    return this.#capacity;
  }

  /** Rows currently taken (pending or tombstoned). */
  get inUse(): number {
    return this.#capacity - this.#freeTop;
  }

  /** Takes a free row, doubling the pool if none is left. The caller fills the columns. */
  alloc(): number {
    if (this.#freeTop === 0) this.#grow();
    return this.#free[--this.#freeTop];
  }

  /** Returns a row to the free list. */
  release(ev: number): void {
    this.state[ev] = EV_FREE;
    this.#free[this.#freeTop++] = ev;
  }

  #grow(): void {
    const old = this.#capacity;
    const cap = old * 2;
    this.timeNs = growF64(this.timeNs, cap);
    this.tie = growF64(this.tie, cap);
    const kind = new Uint16Array(cap);
    kind.set(this.kind);
    this.kind = kind;
    this.a0 = growI32(this.a0, cap);
    this.a1 = growI32(this.a1, cap);
    const state = new Uint8Array(cap);
    state.set(this.state);
    this.state = state;
    this.#free = new Int32Array(cap);
    this.#freeTop = 0;
    this.#fillFree(old, cap);
    this.#capacity = cap;
    this.growths++;
  }

  // Highest ids at the bottom of the stack so rows are handed out in ascending order.
  #fillFree(from: number, to: number): void {
    for (let ev = to - 1; ev >= from; ev--) this.#free[this.#freeTop++] = ev;
  }
}

function growF64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

function growI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}
