import { describe, expect, it } from 'vitest';
import { TriggerSlots } from './trigger-slots.js';

describe('TriggerSlots', () => {
  it('starts empty and carries only a trigger for a known irq', () => {
    const s = new TriggerSlots(4);
    expect([0, 1, 2, 3].map((i) => s.carries(i))).toEqual([false, false, false, false]);
    s.set(1, 500, 2, 7, 900);
    s.set(2, -1, -1, 7, 900); // a bit with no trigger behind it (an IPI resend)
    expect([s.carries(1), s.carries(2)]).toEqual([true, false]);
    expect([s.triggerNs[1], s.peer[1], s.virq[1], s.setNs[1]]).toEqual([500, 2, 7, 900]);
    s.clear(1);
    expect(s.carries(1)).toBe(false);
    expect(s.setNs[1]).toBe(900); // still readable for the queueing stage of a consumed bit
  });

  it('moveFrom copies a slot across tables and empties the source', () => {
    const pir = new TriggerSlots(8);
    const list = new TriggerSlots(8);
    pir.set(5, 100, 1, 3, 150);
    list.moveFrom(pir, 5, 0);
    expect([list.triggerNs[0], list.peer[0], list.virq[0], list.setNs[0]]).toEqual([100, 1, 3, 150]);
    expect(pir.carries(5)).toBe(false);
  });
});
