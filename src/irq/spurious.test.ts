import { describe, expect, it } from 'vitest';
import { EDGE_DONE, EDGE_RUN, handleEdgeIrq, handleIrqEventDone } from './handle-edge-irq.js';
import { LOG_NOBODY_CARED } from './irq-core.js';
import {
  IRQD_IRQ_DISABLED,
  IRQS_PENDING,
  IRQS_POLL_INPROGRESS,
  IRQS_SPURIOUS_DISABLED,
  IRQ_HANDLED,
  IRQ_NONE,
} from './irq-flags.js';
import { SPURIOUS_UNHANDLED_LIMIT, SPURIOUS_WINDOW_EVENTS, noteInterrupt } from './spurious.js';
import { FakeClock, createFakeCore, createFakeHierarchy, requestFakeIrq } from './testing/fake-chip.js';

const JIFFY_NS = 4_000_000; // HZ = 250: HZ/10 = 25 jiffies = 100 ms

function setup(noIrqDebug = false) {
  const clock = new FakeClock();
  const f = createFakeCore({ clock, jiffyNs: JIFFY_NS, noIrqDebug });
  const h = createFakeHierarchy(f);
  const virq = requestFakeIrq(h);
  return { ...f, clock, virq };
}

/** Feeds `n` events with result `ret`; returns the 1-based index (from `start`) of the one that disabled, or -1. */
function feed(s: ReturnType<typeof setup>, n: number, ret: number, start = 1): number {
  let hit = -1;
  for (let i = 0; i < n; i++) if (noteInterrupt(s.core, s.virq, ret) && hit < 0) hit = start + i;
  return hit;
}

describe('note_interrupt: the 100,000-event window', () => {
  it('uses the kernel constants', () => {
    expect(SPURIOUS_WINDOW_EVENTS).toBe(100_000);
    expect(SPURIOUS_UNHANDLED_LIMIT).toBe(99_900);
  });

  it('99,901 unhandled in 100,000 disables at exactly the 100,000th event', () => {
    // All at t = 0, so no HZ/10 reset: irqs_unhandled climbs to 99,901 (> 99,900).
    const s = setup();
    expect(feed(s, 99_901, IRQ_NONE)).toBe(-1);
    expect(feed(s, 98, IRQ_HANDLED, 99_902)).toBe(-1); // events 99,902 … 99,999
    expect(s.desc.irqdState[s.virq] & IRQD_IRQ_DISABLED).toBe(0);
    expect(noteInterrupt(s.core, s.virq, IRQ_HANDLED)).toBe(true); // event 100,000
    expect(s.desc.istate[s.virq] & IRQS_SPURIOUS_DISABLED).toBe(IRQS_SPURIOUS_DISABLED);
    expect(s.desc.irqdState[s.virq] & IRQD_IRQ_DISABLED).toBe(IRQD_IRQ_DISABLED);
    expect(s.desc.depth[s.virq]).toBe(1); // request_irq left 0; the kill adds one level
    expect(s.hooks.logs).toEqual([[LOG_NOBODY_CARED, s.virq]]);
    // The window restarts.
    expect(s.desc.irqCount[s.virq]).toBe(0);
    expect(s.desc.irqsUnhandled[s.virq]).toBe(0);
  });

  it('exactly 99,900 unhandled does not disable (the test is "> 99,900"), and the counts restart', () => {
    const s = setup();
    expect(feed(s, 99_900, IRQ_NONE)).toBe(-1);
    expect(feed(s, 100, IRQ_HANDLED)).toBe(-1);
    expect(s.desc.istate[s.virq] & IRQS_SPURIOUS_DISABLED).toBe(0);
    expect(s.desc.depth[s.virq]).toBe(0);
    expect(s.desc.irqCount[s.virq]).toBe(0);
    expect(s.desc.irqsUnhandled[s.virq]).toBe(0);
    expect(s.hooks.logs).toEqual([]);
  });

  it('handled events never disable', () => {
    const s = setup();
    expect(feed(s, 250_000, IRQ_HANDLED)).toBe(-1);
    expect(s.desc.irqdState[s.virq] & IRQD_IRQ_DISABLED).toBe(0);
  });

  it('an unhandled storm that starts after handled traffic is still caught within 100,000 events of its start', () => {
    // Regression (was a bug at src/irq/spurious.ts:29, fixed): since 2021 ("genirq: Reduce irqdebug cacheline bouncing")
    // note_interrupt() returns before irq_count++ while irqs_unhandled == 0, so the window
    // starts at the first unhandled event. Here: 50,000 handled, then 100,000 unhandled at
    // t = 0: the kernel's irq_count reaches 100,000 on the 100,000th unhandled event with
    // irqs_unhandled = 100,000 > 99,900 → disabled at overall event 150,000. The model counts
    // the handled events too: its window closes at event 100,000 with 50,000 unhandled
    // (reset), and at event 150,000 only 50,000 of the next window have been seen → no disable.
    const s = setup();
    expect(feed(s, 50_000, IRQ_HANDLED)).toBe(-1);
    expect(feed(s, 100_000, IRQ_NONE, 50_001)).toBe(150_000);
  });

  it('IRQS_POLL_INPROGRESS events are not counted', () => {
    const s = setup();
    s.desc.istate[s.virq] |= IRQS_POLL_INPROGRESS;
    feed(s, 10, IRQ_NONE);
    expect(s.desc.irqsUnhandled[s.virq]).toBe(0);
    expect(s.desc.irqCount[s.virq]).toBe(0);
  });

  it('noirqdebug turns the detector off', () => {
    const s = setup(true);
    expect(feed(s, 100_000, IRQ_NONE)).toBe(-1);
    expect(s.desc.irqsUnhandled[s.virq]).toBe(0);
    expect(s.desc.irqdState[s.virq] & IRQD_IRQ_DISABLED).toBe(0);
  });
});

describe('note_interrupt: the HZ/10 reset, in whole jiffies', () => {
  // time_after(jiffies, last_unhandled + HZ/10): strictly more than 25 jiffies later at HZ = 250.
  it.each([
    // [last unhandled ns, now ns, irqs_unhandled after the second event]
    [0, 25 * JIFFY_NS, 2], //                 jiffy 25 vs 0 + 25: not after → 2
    [0, 26 * JIFFY_NS, 1], //                 jiffy 26 > 25 → reset to 1
    [0, 26 * JIFFY_NS - 1, 2], //             103.999999 ms: still jiffy 25 → 2
    [JIFFY_NS - 1, 26 * JIFFY_NS, 1], //      jiffy 0 → jiffy 26 (only 100.000001 ms apart) → 1
    [JIFFY_NS, 26 * JIFFY_NS + JIFFY_NS - 1, 2], // jiffy 1 → jiffy 26: 25 jiffies → 2 (though 103.99 ms)
  ])('last unhandled at %d ns, next at %d ns → irqs_unhandled = %d', (lastNs, nowNs, expected) => {
    const s = setup();
    s.clock.nowNs = lastNs;
    noteInterrupt(s.core, s.virq, IRQ_NONE);
    expect(s.desc.irqsUnhandled[s.virq]).toBe(1);
    s.clock.nowNs = nowNs;
    noteInterrupt(s.core, s.virq, IRQ_NONE);
    expect(s.desc.irqsUnhandled[s.virq]).toBe(expected);
    expect(s.desc.lastUnhandledNs[s.virq]).toBe(nowNs);
  });

  it('odd strays spaced more than HZ/10 apart never add up to a disable', () => {
    // One unhandled event every 27 jiffies among handled traffic: irqs_unhandled stays ≤ 1.
    const s = setup();
    let disabled = false;
    let maxUnhandled = 0;
    for (let i = 0; i < 300_000; i++) {
      if (i % 1000 === 0) s.clock.nowNs += 27 * JIFFY_NS;
      disabled ||= noteInterrupt(s.core, s.virq, i % 1000 === 0 ? IRQ_NONE : IRQ_HANDLED);
      maxUnhandled = Math.max(maxUnhandled, s.desc.irqsUnhandled[s.virq]);
    }
    expect(maxUnhandled).toBe(1);
    expect(disabled).toBe(false);
  });
});

describe('note_interrupt inside the flow handler', () => {
  it('a spurious disable ends the replay loop with the edge left pending', () => {
    const s = setup();
    // One event short of the window, all unhandled so far.
    s.desc.irqCount[s.virq] = SPURIOUS_WINDOW_EVENTS - 1;
    s.desc.irqsUnhandled[s.virq] = SPURIOUS_WINDOW_EVENTS - 1;
    expect(handleEdgeIrq(s.core, s.virq, 0, true)).toBe(EDGE_RUN);
    handleEdgeIrq(s.core, s.virq, 1, true); // deferred: PENDING
    expect(handleIrqEventDone(s.core, s.virq, 0, IRQ_NONE)).toBe(EDGE_DONE);
    expect(s.desc.istate[s.virq] & (IRQS_SPURIOUS_DISABLED | IRQS_PENDING)).toBe(IRQS_SPURIOUS_DISABLED | IRQS_PENDING);
  });
});
