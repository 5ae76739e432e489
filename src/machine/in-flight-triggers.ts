/**
 * Per queue, the trigger times of interrupt writes on their way to the host, oldest first: a
 * ring client's item lands in the ring before its interrupt, so its trigger time waits here
 * from the payload's landing to the interrupt's. Posted writes stay in order, so each queue's
 * interrupts land in the order their items did: a FIFO per queue.
 */
export class InFlightTriggers {
  /** Per queue a ring buffer of trigger times; it doubles when full (no allocation once warm). */
  #buf: Float64Array[] = [];
  readonly #head: Int32Array;
  readonly #count: Int32Array;

  constructor(queues: number) {
    for (let q = 0; q < queues; q++) this.#buf.push(new Float64Array(4));
    this.#head = new Int32Array(queues);
    this.#count = new Int32Array(queues);
  }

  /** Queue q's interrupt for the trigger made at `triggerNs` is on its way. */
  push(q: number, triggerNs: number): void {
    let buf = this.#buf[q];
    const n = this.#count[q];
    if (n === buf.length) {
      const grown = new Float64Array(buf.length * 2);
      for (let i = 0; i < n; i++) grown[i] = buf[(this.#head[q] + i) % buf.length];
      this.#buf[q] = buf = grown;
      this.#head[q] = 0;
    }
    buf[(this.#head[q] + n) % buf.length] = triggerNs;
    this.#count[q] = n + 1;
  }

  /** The oldest of queue q's interrupts lands: its trigger time (the FIFO must not be empty). */
  shift(q: number): number {
    const buf = this.#buf[q];
    const h = this.#head[q];
    this.#head[q] = (h + 1) % buf.length;
    this.#count[q]--;
    return buf[h];
  }
}
