/**
 * A binary min-heap written for the event queue: each slot keeps its (time, tie) keys beside
 * the id in parallel typed arrays, so sifting compares numbers in contiguous memory; only the
 * element that moves has its keys read from the pool. Grows by doubling; allocates nothing
 * otherwise.
 */
import type { EventPool } from './event-pool.js';
import type { EventQueue } from './event-queue.js';

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
    const k = pool.tie[ev];
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
    this.#sinkFromRoot(ev, this.#size);
  }

  pop(): number {
    const n = this.#size;
    if (n === 0) return -1;
    const top = this.#id[0];
    const last = n - 1;
    this.#size = last;
    if (last > 0) this.#sinkFromRoot(this.#id[last], last);
    return top;
  }

  clear(): void {
    this.#size = 0;
  }

  // Hole-based sift-down: `ev` takes the root's place in a heap of `n` and sinks to its slot.
  // PERF: one loop for pop and the fused pop + push; its keys come from the pool (see push).
  #sinkFromRoot(ev: number, n: number): void {
    const time = this.#time;
    const tie = this.#tie;
    const id = this.#id;
    const t = this.#pool.timeNs[ev];
    const k = this.#pool.tie[ev];
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
