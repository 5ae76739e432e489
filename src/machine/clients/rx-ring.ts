/**
 * ntb_transport's receive rings, one per queue of a ring client: the peer puts an item in the
 * ring before it rings, the host's tasklet takes items from the head. The model keeps only each
 * item's arrival time (its end-to-end latency starts there). A full ring holds the peer back.
 * Each ring has its own peer's size; queues of other clients have none.
 */
export class RxRing {
  /** Entries of each queue's ring (0: the queue has no ring). */
  readonly size: Int32Array;
  readonly head: Int32Array;
  readonly count: Int32Array;
  /** Where each queue's ring starts in arrivalNs. */
  readonly #base: Int32Array;
  readonly #arrivalNs: Float64Array;

  /** `sizes[q]`: ring entries of queue q, 0 for none. */
  constructor(sizes: readonly number[]) {
    const n = sizes.length;
    this.size = Int32Array.from(sizes);
    this.head = new Int32Array(n);
    this.count = new Int32Array(n);
    this.#base = new Int32Array(n);
    let total = 0;
    for (let q = 0; q < n; q++) {
      this.#base[q] = total;
      total += sizes[q];
    }
    this.#arrivalNs = new Float64Array(total);
  }

  /** Puts an item that arrived at `arrivalNs` in queue `q`'s ring; false when the ring is full. */
  push(q: number, arrivalNs: number): boolean {
    const n = this.count[q];
    const size = this.size[q];
    if (n === size) return false;
    this.#arrivalNs[this.#base[q] + ((this.head[q] + n) % size)] = arrivalNs;
    this.count[q] = n + 1;
    return true;
  }

  /** Takes the item at the head of `q`'s ring (which must not be empty) and returns its arrival time. */
  shift(q: number): number {
    const h = this.head[q];
    const arrivalNs = this.#arrivalNs[this.#base[q] + h];
    this.head[q] = (h + 1) % this.size[q];
    this.count[q]--;
    return arrivalNs;
  }
}
