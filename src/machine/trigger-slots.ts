/**
 * What a pending bit carries: the trigger behind an IRR bit, a PIR bit, an IRQS_PENDING flag
 * or a write in flight. The hardware keeps one bit; the model keeps, beside it, when the peer
 * triggered, which peer, which irq the writer meant and when the bit was set, so the trigger's
 * fate and latency can be booked when the bit is finally consumed. Rows are slots (for example
 * cpu * 256 + vector); triggerNs -1 means the bit carries no trigger (an IPI resend, say).
 */
export class TriggerSlots {
  readonly size: number;
  /** When the peer triggered (ns), -1: no trigger. */
  readonly triggerNs: Float64Array;
  /** The peer behind the trigger, -1: none. */
  readonly peer: Int32Array;
  /** The irq the writer meant, -1: none. */
  readonly virq: Int32Array;
  /** When the bit was set (ns): the start of the queueing stage. */
  readonly setNs: Float64Array;

  constructor(size: number) {
    this.size = size;
    this.triggerNs = new Float64Array(size).fill(-1);
    this.peer = new Int32Array(size).fill(-1);
    this.virq = new Int32Array(size).fill(-1);
    this.setNs = new Float64Array(size);
  }

  set(slot: number, triggerNs: number, peer: number, virq: number, setNs: number): void {
    this.triggerNs[slot] = triggerNs;
    this.peer[slot] = peer;
    this.virq[slot] = virq;
    this.setNs[slot] = setNs;
  }

  /** The bit was consumed: the slot carries nothing (peer and setNs are left, never read alone). */
  clear(slot: number): void {
    this.triggerNs[slot] = -1;
    this.virq[slot] = -1;
  }

  /** Copies slot `from` of `src` into slot `to` and clears `from` there. */
  moveFrom(src: TriggerSlots, from: number, to: number): void {
    this.set(to, src.triggerNs[from], src.peer[from], src.virq[from], src.setNs[from]);
    src.clear(from);
  }

  /** True if `slot` carries a trigger for a known irq (in flight when the run ends). */
  carries(slot: number): boolean {
    return this.triggerNs[slot] >= 0 && this.virq[slot] >= 0;
  }
}
