/**
 * The writes waiting out an IEC miss: each sits `iecMissNs - iecHitNs` between the remap and its
 * IRR bit, carried in a slot of a TriggerSlots table with a free stack. No finite table is sound
 * for every workload (Poisson writes can bunch without limit inside the window), so the table is
 * sized from the workload up front and doubles when full, as the event pool does: allocation
 * happens only when the high-water mark rises, never in the steady state.
 */
import { TriggerSlots } from './trigger-slots.js';

/** The smallest table made. */
const MIN_SLOTS = 64;

/**
 * Slots to start with: the writes expected in the miss window at once (Little's law: the total
 * offered rate × the window), four times over for bursts, plus MIN_SLOTS, as a power of two.
 */
export function iecMissSlotCount(totalRateHz: number, missExtraNs: number): number {
  const expected = Number.isFinite(totalRateHz) ? (totalRateHz * missExtraNs) / 1e9 : 0;
  const want = Math.min(2 ** 24, MIN_SLOTS + 4 * Math.ceil(expected));
  return 2 ** Math.ceil(Math.log2(want));
}

export class IecMissSlots {
  /** The carried triggers; replaced (grown) when full, so read it after take(). */
  slots: TriggerSlots;
  /** Times the table doubled. */
  growths = 0;
  #free: Int32Array;
  #top = 0;

  constructor(capacity: number) {
    this.slots = new TriggerSlots(capacity);
    this.#free = new Int32Array(capacity);
    for (let i = capacity - 1; i >= 0; i--) this.#free[this.#top++] = i;
  }

  /** A free slot carrying this trigger. */
  take(triggerNs: number, peer: number, virq: number, setNs: number): number {
    if (this.#top === 0) this.#grow();
    const slot = this.#free[--this.#top];
    this.slots.set(slot, triggerNs, peer, virq, setNs);
    return slot;
  }

  /** The write arrived: its slot is cleared and free again (read its fields first). */
  release(slot: number): void {
    this.slots.clear(slot);
    this.#free[this.#top++] = slot;
  }

  #grow(): void {
    const old = this.slots;
    const size = old.size * 2;
    const next = new TriggerSlots(size);
    next.triggerNs.set(old.triggerNs);
    next.peer.set(old.peer);
    next.virq.set(old.virq);
    next.setNs.set(old.setNs);
    this.slots = next;
    // Every old slot is taken (the stack was empty): the new half is free.
    this.#free = new Int32Array(size);
    this.#top = 0;
    for (let i = size - 1; i >= old.size; i--) this.#free[this.#top++] = i;
    this.growths++;
  }
}
