/**
 * The IEC-miss in-flight table (issue 18, problem 9): sized from the workload and grown when
 * full, so a valid workload never dies mid-run on a hidden limit (1,024 slots before).
 */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../run.js';
import { IecMissSlots, iecMissSlotCount } from './iec-miss-slots.js';
import { det, peerConfig, periodicArrival, testConfig } from './testing/config-builder.js';

describe('iecMissSlotCount', () => {
  it('is four times the writes Little expects in the window, plus 64, rounded up to a power of two', () => {
    expect(iecMissSlotCount(0, 170)).toBe(64);
    // 3.2 M/s × 170 ns = 0.544 → 64 + 4 = 68 → 128.
    expect(iecMissSlotCount(3.2e6, 170)).toBe(128);
    // 30 M/s × 1 ms = 30,000 → 120,064 → 131,072.
    expect(iecMissSlotCount(30e6, 1e6)).toBe(131_072);
    expect(iecMissSlotCount(Infinity, 1e6)).toBe(64);
  });
});

describe('IecMissSlots', () => {
  it('grows when full and keeps every carried trigger', () => {
    const t = new IecMissSlots(2);
    const a = t.take(10, 1, 7, 100);
    const b = t.take(20, 2, 8, 200);
    const c = t.take(30, 3, 9, 300); // full: doubles
    expect(t.growths).toBe(1);
    expect(t.slots.size).toBe(4);
    expect(new Set([a, b, c]).size).toBe(3);
    expect([t.slots.triggerNs[a], t.slots.triggerNs[b], t.slots.triggerNs[c]]).toEqual([10, 20, 30]);
    expect([t.slots.virq[a], t.slots.virq[b], t.slots.virq[c]]).toEqual([7, 8, 9]);
    t.release(b);
    expect(t.slots.carries(b)).toBe(false);
    expect(t.take(40, 4, 10, 400)).toBe(b); // a freed slot is reused before growing again
    t.take(50, 5, 11, 500);
    expect(t.growths).toBe(1);
  });
});

describe('a machine whose IEC misses last 1 ms', () => {
  it('runs to the end with tens of thousands of writes in the miss window, and the books balance', () => {
    // 300 irqs cycle through a 256-entry LRU IEC: every write misses. 300 × 100 kHz × 1 ms
    // ≈ 30,000 writes wait out a miss at once, far past the old fixed 1,024 slots.
    const peers = Array.from({ length: 300 }, (_, i) => peerConfig({ name: `p${i}`, arrival: periodicArrival(100_000), itemWork: det(0) }));
    const config = testConfig({
      durationNs: 3_000_000,
      cpus: 4,
      remapping: 'remapped',
      ntb: { device: 'storm', design: 'ntb-domain' },
      peers,
      costs: { iecMissNs: det(1_000_000) },
    });
    const r = runSimulation(config);
    expect(r.counters.iecMisses).toBeGreaterThan(50_000);
    expect(r.snapshot.identityViolations).toEqual([]);
  });
});
