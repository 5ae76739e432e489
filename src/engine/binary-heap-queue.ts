/**
 * A binary min-heap written for the event queue: each slot keeps its (time, tie) keys beside
 * the id in parallel typed arrays, so sifting compares numbers in contiguous memory and never
 * reaches back into the pool. Grows by doubling; allocates nothing otherwise.
 */
import type { EventPool } from './event-pool.js';
import { tieKey, type EventQueue } from './event-queue.js';

export class BinaryHeapQueue implements EventQueue {
  #pool: EventPool;
  #time: Float64Array;
  #tie: Float64Array;
  #id: Int32Array;
  #size = 0;

  constructor(pool: EventPool, initialCapacity = 1024) {
    this.#pool = pool;
    const cap = Math.max(16, initialCapacity | 0);
    this.#time = new Float64Array(cap);
    this.#tie = new Float64Array(cap);
    this.#id = new Int32Array(cap);
  }

  get size(): number {
    return this.#size;
  }

  push(ev: number): void {
    if (this.#size === this.#id.length) this.#grow();
    // PERF: keys are read here, never passed as arguments: a double argument to a call V8 does
    // not inline is boxed, one heap number per event (the tie key is always past 2^31).
    const pool = this.#pool;
    const t = pool.timeNs[ev];
    const k = tieKey(pool, ev);
    // Hole-based sift-up: move parents down and write the new slot once.
    const time = this.#time;
    const tie = this.#tie;
    const id = this.#id;
    let i = this.#size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = time[p];
      if (pt < t || (pt === t && tie[p] <= k)) break;
      time[i] = pt;
      tie[i] = tie[p];
      id[i] = id[p];
      i = p;
    }
    time[i] = t;
    tie[i] = k;
    id[i] = ev;
  }

  peek(): number {
    return this.#size === 0 ? -1 : this.#id[0];
  }

  peekTimeNs(): number {
    return this.#size === 0 ? Infinity : this.#time[0];
  }

  replaceTop(ev: number): void {
    // The new element waits one past the end (a spare slot) and sifts down from the root.
    const n = this.#size;
    if (n === this.#id.length) this.#grow();
    const pool = this.#pool;
    this.#time[n] = pool.timeNs[ev];
    this.#tie[n] = tieKey(pool, ev);
    this.#id[n] = ev;
    this.#siftDownRoot(n, n);
  }

  pop(): number {
    const n = this.#size;
    if (n === 0) return -1;
    const top = this.#id[0];
    const last = n - 1;
    this.#size = last;
    if (last > 0) this.#siftDownRoot(last, last);
    return top;
  }

  clear(): void {
    this.#size = 0;
  }

  // Hole-based sift-down from the root of the element stored at index `src`, in a heap of `n`.
  #siftDownRoot(src: number, n: number): void {
    const time = this.#time;
    const tie = this.#tie;
    const id = this.#id;
    const t = time[src];
    const k = tie[src];
    const ev = id[src];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = time[c];
      let ck = tie[c];
      const r = c + 1;
      if (r < n) {
        const rt = time[r];
        if (rt < ct || (rt === ct && tie[r] < ck)) {
          c = r;
          ct = rt;
          ck = tie[r];
        }
      }
      if (t < ct || (t === ct && k <= ck)) break;
      time[i] = ct;
      tie[i] = ck;
      id[i] = id[c];
      i = c;
    }
    time[i] = t;
    tie[i] = k;
    id[i] = ev;
  }

  #grow(): void {
    const cap = this.#id.length * 2;
    const time = new Float64Array(cap);
    time.set(this.#time);
    this.#time = time;
    const tie = new Float64Array(cap);
    tie.set(this.#tie);
    this.#tie = tie;
    const id = new Int32Array(cap);
    id.set(this.#id);
    this.#id = id;
  }
}
