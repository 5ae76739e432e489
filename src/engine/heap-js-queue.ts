/**
 * The event queue on heap-js (the queue the project was specified with): a Heap of plain
 * integer ids whose comparator reads (timeNs, tie) from the pool's columns. heap-js is not
 * stable on ties, hence the explicit tie key. Only add/pop/peek are used: remove() is O(n),
 * cancels are tombstones in the pool instead.
 */
import { Heap } from 'heap-js';
import type { EventPool } from './event-pool.js';
import type { EventQueue } from './event-queue.js';

export class HeapJsQueue implements EventQueue {
  #heap: Heap<number>;
  #pool: EventPool;

  constructor(pool: EventPool) {
    this.#pool = pool;
    // Built once; reads the pool's current columns, which may be replaced when the pool grows.
    const compare = (a: number, b: number): number => {
      const ta = pool.timeNs[a];
      const tb = pool.timeNs[b];
      if (ta !== tb) return ta - tb;
      return pool.tie[a] - pool.tie[b];
    };
    this.#heap = new Heap<number>(compare);
  }

  get size(): number {
    return this.#heap.length;
  }

  push(ev: number): void {
    // add(), not push(): push takes rest arguments and allocates an array per call.
    this.#heap.add(ev);
  }

  pop(): number {
    const ev = this.#heap.pop();
    return ev === undefined ? -1 : ev;
  }

  peek(): number {
    const ev = this.#heap.peek();
    return ev === undefined ? -1 : ev;
  }

  replaceTop(ev: number): void {
    this.#heap.replace(ev);
  }

  peekTimeNs(): number {
    const ev = this.#heap.peek();
    return ev === undefined ? Infinity : this.#pool.timeNs[ev];
  }

  clear(): void {
    this.#heap.clear();
  }
}
