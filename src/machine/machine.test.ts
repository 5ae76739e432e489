/**
 * Behaviour of one whole machine on tiny workloads: hand-computed golden timelines of the MSI
 * path (trigger → delivery → IRR → entry → ack/EOI → handler → exit), IRR latching and
 * coalescing, remapping on/off, the doorbell and message mechanisms, build errors and vector
 * exhaustion. Every expected time is worked out in a comment from the costs the test sets.
 */
import { describe, expect, it } from 'vitest';
import {
  EV_ACTION_DONE,
  EV_CPU_FREE,
  EV_PAYLOAD_LANDS,
  EV_SOFTIRQ_STEP_DONE,
  EV_SOURCE_WRITE_LANDS,
} from '../events.js';
import type { MetricsSnapshot, StageLatency } from '../metrics/metrics.js';
import { runSimulation, type RunResult } from '../run.js';
import type { MachineConfig } from './config.js';
import { Machine } from './machine.js';
import { det, peerConfig, periodicArrival, testConfig, traceArrival } from './testing/config-builder.js';
import { cpuValue, fate, stage } from './testing/snapshot-reader.js';


/** Runs and records (timeNs, kind) of every event the machine dispatched. */
function runTraced(config: MachineConfig): { result: RunResult; log: [number, number][] } {
  const log: [number, number][] = [];
  const result = runSimulation(config, { trace: (t, kind) => log.push([t, kind]) });
  return { result, log };
}

/**
 * The golden-timeline machine: every cost 0 except the MSI path's, with round numbers.
 *   wire       = linkLatency 100 × 2 hops            = 200
 *   delivery   = wire + msiDelivery 500              = 700 after the trigger
 *   entry 100, ack = eoi 40 + 1 ack_parent hop × 5   = 45 (PCI-MSIX → VECTOR)
 *   handler    = isr 20 + item work 1000             = 1020
 *   exit 30
 * So a lone trigger at t is in IRR at t+700, its action starts at t+845 and ends at t+1865, and
 * the CPU is free at t+1895.
 */
function goldenConfig(timestampsNs: readonly number[], overrides: Partial<MachineConfig> = {}): MachineConfig {
  return testConfig({
    durationNs: 100_000,
    zeroCosts: true,
    costs: {
      msiDeliveryNs: det(500),
      irqEntryNs: det(100),
      irqExitNs: det(30),
      ackLevelNs: det(5),
      eoiNs: det(40),
      isrNs: det(20),
    },
    peer: { arrival: traceArrival(timestampsNs), itemWork: det(1000), linkLatencyNs: 100, hops: 2 },
    ...overrides,
  });
}

describe('golden timelines (deterministic costs, trace arrivals)', () => {
  it('a single interrupt: every stage exactly', () => {
    const { result, log } = runTraced(goldenConfig([1000]));
    const s = result.snapshot;
    // Trigger 1000 → IRR at 1700 (delivery 700); CPU idle so queueing 0; entry ends 1800, ack 45
    // → action 1845..2865 (handler 1020); end-to-end 2865 − 1000 = 1865.
    expect(log).toEqual([
      [1700, EV_SOURCE_WRITE_LANDS],
      [2865, EV_ACTION_DONE],
    ]);
    expect([stage(s, 'delivery').minNs, stage(s, 'delivery').maxNs]).toEqual([700, 700]);
    expect(stage(s, 'queueing').maxNs).toBe(0);
    expect(stage(s, 'ack').maxNs).toBe(45);
    expect(stage(s, 'handler').maxNs).toBe(1020);
    expect(stage(s, 'end_to_end').count).toBe(1);
    expect(stage(s, 'end_to_end').maxNs).toBe(1865);
    // Busy from IRR acceptance (1700) to the end of iret (2865 + exit 30 = 2895): 1195 ns.
    expect(cpuValue(s, 0, 'busy_ns')).toBe(1195);
    expect(cpuValue(s, 0, 'interrupts')).toBe(1);
    expect(fate(s, 'handled')).toBe(1);
    expect(s.identityViolations).toEqual([]);
  });

  it('a second edge during the handler latches in IRR and runs right after the first exits', () => {
    const { result, log } = runTraced(goldenConfig([1000, 1100]));
    const s = result.snapshot;
    // Second trigger 1100 → IRR at 1800 while the first action runs (1845..2865; the EOI at
    // 1845 already freed the ISR, but IF=0 in hard-irq). iret ends at 2895 (CPU_FREE); entry to
    // 2995, ack to 3040, action to 4060. Queueing 2895 − 1800 = 1095, end-to-end 4060 − 1100 = 2960.
    expect(log).toEqual([
      [1700, EV_SOURCE_WRITE_LANDS],
      [1800, EV_SOURCE_WRITE_LANDS],
      [2865, EV_ACTION_DONE],
      [2895, EV_CPU_FREE],
      [4060, EV_ACTION_DONE],
    ]);
    expect([stage(s, 'queueing').minNs, stage(s, 'queueing').maxNs]).toEqual([0, 1095]);
    expect([stage(s, 'end_to_end').minNs, stage(s, 'end_to_end').maxNs]).toEqual([1865, 2960]);
    expect([stage(s, 'handler').minNs, stage(s, 'handler').maxNs]).toEqual([1020, 1020]);
    expect(fate(s, 'handled')).toBe(2);
    expect(fate(s, 'coalesced')).toBe(0);
  });

  it('a third edge while the IRR bit is still set coalesces (reason irr)', () => {
    const { result } = runTraced(goldenConfig([1000, 1100, 1150]));
    const s = result.snapshot;
    // 1150 → lands at 1850: the bit set at 1800 is not yet accepted (CPU busy until 2895).
    expect(fate(s, 'triggered')).toBe(3);
    expect(fate(s, 'handled')).toBe(2);
    expect(fate(s, 'coalesced_irr')).toBe(1);
    expect(fate(s, 'coalesced')).toBe(1);
    expect(result.counters.irrCoalesced).toBe(1);
    // The coalesced write adds no latency sample: two delivery samples only.
    expect(stage(s, 'delivery').count).toBe(2);
    expect(s.identityViolations).toEqual([]);
  });

  it('a trigger landing while the CPU is in irq_exit waits for iret, not longer', () => {
    // Second trigger 2170 → IRR at 2870, inside [2865, 2895) (exit). The CPU is free at 2895:
    // queueing 25, action 2895 + 145 = 3040 .. 4060, end-to-end 4060 − 2170 = 1890.
    const { result, log } = runTraced(goldenConfig([1000, 2170]));
    const s = result.snapshot;
    expect(log).toEqual([
      [1700, EV_SOURCE_WRITE_LANDS],
      [2865, EV_ACTION_DONE],
      [2870, EV_SOURCE_WRITE_LANDS],
      [2895, EV_CPU_FREE],
      [4060, EV_ACTION_DONE],
    ]);
    expect(stage(s, 'queueing').maxNs).toBe(25);
    expect(stage(s, 'end_to_end').maxNs).toBe(1890);
    // Busy without a gap: 1700 .. 4090 (4060 + exit 30) = 2390.
    expect(cpuValue(s, 0, 'busy_ns')).toBe(2390);
  });

  it('a trigger landing after iret is served at once (no queueing)', () => {
    // 2300 → IRR at 3000 > 2895: served immediately, ends at 3000 + 1165 = 4165.
    const s = runSimulation(goldenConfig([1000, 2300])).snapshot;
    expect(stage(s, 'queueing').maxNs).toBe(0);
    expect(stage(s, 'end_to_end').maxNs).toBe(1865);
    // Two separate busy spans of 1195 ns each.
    expect(cpuValue(s, 0, 'busy_ns')).toBe(2390);
  });

  it('an interrupt still in its handler at the end of the run is in flight', () => {
    // Trigger 98_500 → action 99_345 .. 100_365 > duration 100_000.
    const s = runSimulation(goldenConfig([1000, 98_500])).snapshot;
    expect(fate(s, 'handled')).toBe(1);
    expect(fate(s, 'in_flight')).toBe(1);
    expect(s.identityViolations).toEqual([]);
  });

  it('with remapping the first write misses the IEC and later ones hit', () => {
    // Remapped: delivery adds iecHit 30 to every write and (iecMiss − iecHit) = 170 to a miss.
    // The IRTE was just written at activation (flushed), so the first lookup misses:
    // 700 + 200 = 900; the second hits: 730. Three chip levels (IR-PCI-MSIX → INTEL-IR → VECTOR)
    // → two ack_parent hops: ack = 40 + 2 × 5 = 50.
    const cfg = goldenConfig([1000, 20_000], { remapping: 'remapped' });
    const costs = { ...cfg.costs, iecHitNs: det(30), iecMissNs: det(200) };
    const { result } = runTraced({ ...cfg, costs });
    const s = result.snapshot;
    expect([stage(s, 'delivery').minNs, stage(s, 'delivery').maxNs]).toEqual([730, 900]);
    expect(stage(s, 'ack').maxNs).toBe(50);
    expect(result.counters.iecMisses).toBe(1);
    expect(result.counters.iecHits).toBe(1);
  });

  it('posted: the first write misses the IEC and is posted (iecMiss − iecHit) = 170 later', () => {
    // As above in posted mode: the IRTE fetch comes before the post, so the first write reaches
    // the posted descriptor at 1000 + 700 + 200 = 1900 and the second at 20000 + 730. Everything
    // after the post (the notification vector, the demux, the action) costs the same for both
    // (each finds the CPU idle), so their end-to-end latencies differ by exactly 170.
    const cfg = goldenConfig([1000, 20_000], { remapping: 'posted' });
    const costs = { ...cfg.costs, iecHitNs: det(30), iecMissNs: det(200) };
    const s = runSimulation({ ...cfg, costs });
    expect(s.counters.iecMisses).toBe(1);
    const e2e = stage(s.snapshot, 'end_to_end');
    expect(e2e.count).toBe(2);
    expect(e2e.maxNs - e2e.minNs).toBe(170);
  });
});

describe.each(['off', 'remapped'] as const)('remapping %s', (remapping) => {
  // 100 kHz for 1 ms on one CPU, reference costs: far below saturation, nothing moves.
  const cfg = testConfig({ remapping, peer: { arrival: periodicArrival(100_000) } });
  const r = runSimulation(cfg);
  const s = r.snapshot;

  it('handles every trigger: the same counts with and without remapping', () => {
    // Arrivals at 10 µs · k, k = 1..100; the last (1 ms) lands after the end: 99 triggers, each
    // done ~1.2 µs after its arrival, long before the next.
    expect(fate(s, 'triggered')).toBe(99);
    expect(fate(s, 'handled')).toBe(99);
    expect(fate(s, 'lost')).toBe(0);
    expect(fate(s, 'coalesced')).toBe(0);
    expect(s.identityViolations).toEqual([]);
  });

  it('counts the remap path only when remapping is on', () => {
    const c = r.counters;
    if (remapping === 'off') {
      expect([c.iecHits, c.iecMisses, c.iecFlushes]).toEqual([0, 0, 0]);
      // Reference costs: wire 150 × 2 + msiDelivery 500 = 800.
      expect([stage(s, 'delivery').minNs, stage(s, 'delivery').maxNs]).toEqual([800, 800]);
    } else {
      // One lookup per write, the first a miss (the activation flushed the entry).
      expect(c.iecMisses).toBe(1);
      expect(c.iecHits).toBe(98);
      // One modify_irte + flush per activated irq: event, dma_rpc, message, doorbell, p0/q0.
      expect(c.iecFlushes).toBe(5);
      // 800 + iecHit 30 = 830; the miss pays iecMiss 200 instead: 1000.
      expect([stage(s, 'delivery').minNs, stage(s, 'delivery').maxNs]).toEqual([830, 1000]);
    }
  });
});

describe('interrupt remapping source-ID checks', () => {
  it('blocks peer writes whose proxy requester ID fails a requester-id check', () => {
    // Peer writes carry the proxy ID 0x0380, the IRTE expects the function's 0x0301.
    const r = runSimulation(testConfig({ remapping: 'remapped', sourceIdCheck: 'requester-id' }));
    expect(fate(r.snapshot, 'lost_remap_blocked')).toBe(fate(r.snapshot, 'triggered'));
    expect(fate(r.snapshot, 'triggered')).toBeGreaterThan(0);
    expect(fate(r.snapshot, 'handled')).toBe(0);
  });

  it('lets them through with the bus check and the DMA-alias quirk, not without the quirk', () => {
    const ok = runSimulation(testConfig({ remapping: 'remapped', sourceIdCheck: 'bus', dmaAliasQuirk: true }));
    expect(fate(ok.snapshot, 'lost')).toBe(0);
    // Without the quirk the write arrives from another bus (0x09) than the function's (0x03).
    const bad = runSimulation(testConfig({ remapping: 'remapped', sourceIdCheck: 'bus', dmaAliasQuirk: false }));
    expect(fate(bad.snapshot, 'lost_remap_blocked')).toBe(fate(bad.snapshot, 'triggered'));
  });
});

describe('ring client (MSI): the ISR defers the item to a tasklet', () => {
  // Regression (was a bug at machine.ts:1204, #actionDone's STAGE_END_TO_END sample, fixed): for a ring client the action only
  // schedules the tasklet, and #softirqStep records the item's end-to-end when its work is done;
  // #actionDone records one more end-to-end sample for the same trigger at the end of the bare
  // ISR. The histogram gets two samples per trigger, half of them ISR-only latencies, so e.g.
  // workloads/mm1.yaml cannot show the M/M/1 sojourn time it promises. Fix: in #actionDone record
  // STAGE_END_TO_END only when the action did the item work itself (raw clients).
  it('records one end-to-end sample per item, at the end of its work in softirq', () => {
    // Golden costs + tasklet 500. Trigger 1000 → the item lands in the ring at 1000 + wire 200
    // = 1200 → its MSI in IRR 1700 → entry 1800 → ack 1845 → ISR 20 (tasklet_schedule only) →
    // 1865 → softirq: the dispatch step to 1865 + 500 = 2365, the item step to 2365 + 1000 =
    // 3365: end-to-end 2365. The ring is empty then: the run ends.
    const base = goldenConfig([1000]);
    const cfg = {
      ...base,
      costs: { ...base.costs, taskletNs: det(500) },
      peers: [{ ...base.peers[0], client: 'ring' as const }],
    };
    const { result, log } = runTraced(cfg);
    expect(log).toEqual([
      [1200, EV_PAYLOAD_LANDS],
      [1700, EV_SOURCE_WRITE_LANDS],
      [1865, EV_ACTION_DONE],
      [2365, EV_SOFTIRQ_STEP_DONE],
      [3365, EV_SOFTIRQ_STEP_DONE],
    ]);
    const s = result.snapshot;
    expect(stage(s, 'handler').maxNs).toBe(20);
    expect(stage(s, 'end_to_end').maxNs).toBe(2365);
    expect(stage(s, 'end_to_end').count).toBe(1);
  });
});

describe('doorbell mechanism', () => {
  /**
   * Doorbell raw client, all costs 0 except doorbellLatency 1000, wire 100 and item work 1000.
   * A ring at t latches idb at t + 1100 and, if the bit rose, the doorbell MSI-X sets IRR then.
   */
  function doorbellConfig(timestampsNs: readonly number[], overrides: Partial<MachineConfig> = {}): MachineConfig {
    return testConfig({
      durationNs: 100_000,
      zeroCosts: true,
      costs: { doorbellLatencyNs: det(1000) },
      peer: { mechanism: 'doorbell', arrival: traceArrival(timestampsNs), itemWork: det(1000), linkLatencyNs: 50 },
      ...overrides,
    });
  }

  it('a re-ring of a still-set bit coalesces (reason doorbell), not in IRR', () => {
    // 100 → idb bit 0 rises at 1200 → MSI → the raw client's callback reads and clears the bit
    // as the action starts (1200) and works until 2200. 150 → lands 1250: the bit rises again →
    // MSI → IRR latched. 200 → lands 1300: bit still set → coalesced 'doorbell'. At 2200 the
    // latched vector runs: the callback finds the bit, clears it, works until 3200.
    const r = runSimulation(doorbellConfig([100, 150, 200]));
    const s = r.snapshot;
    expect(fate(s, 'triggered')).toBe(3);
    expect(fate(s, 'handled')).toBe(2);
    expect(fate(s, 'coalesced_doorbell')).toBe(1);
    expect(fate(s, 'coalesced_irr')).toBe(0);
    expect(r.counters.doorbellBitsCoalesced).toBe(1);
    // End-to-end: 2200 − 100 = 2100 and 3200 − 150 = 3050.
    expect([stage(s, 'end_to_end').minNs, stage(s, 'end_to_end').maxNs]).toEqual([2100, 3050]);
    expect(s.identityViolations).toEqual([]);
  });

  it('ring client: one doorbell schedules every queue tasklet (fan-out), the tail re-reads idb', () => {
    // Three doorbell ring-client peers on an IDT-like device; only peer a rings (once, at 100).
    // One doorbell vector serves them all, so its ISR schedules all three tasklets (§2a.5).
    // Costs: doorbellLatency 1000, tasklet 500, mmioRead 1000, mmioWrite 100, item work 200,
    // wire 100, all else 0. The ring lands at 1200 → IRR → the ISR: ntb_transport's doorbell
    // callback reads the register (1000) and schedules a, b, c → softirq at 2200:
    //   a run: dispatch 2200 + 500 = 2700, its item 2700 + 200 = 2900 (the item's end-to-end
    //           2800; the ring is empty then); tail: read 1000 finds
    //           bit 0 → clear 100 + flushing read 1000, a rescheduled behind b, c → 5000
    //   b step: 5000 + 500 = 5500 (empty ring); tail: read 1000, bit clear → 6500
    //   c step: 6500 + 500 = 7000; tail → 8000
    //   a step: 8000 + 500 = 8500 (empty); tail: read 1000, bit clear → 9500, iret (exit 0).
    const silent = traceArrival([10_000_000]); // after the end of the run: never rings
    const ring = { mechanism: 'doorbell', client: 'ring', linkLatencyNs: 50, itemWork: det(200) } as const;
    const cfg = testConfig({
      durationNs: 100_000,
      zeroCosts: true,
      costs: { doorbellLatencyNs: det(1000), taskletNs: det(500), mmioReadNs: det(1000), mmioWriteNs: det(100) },
      ntb: { device: 'idt' },
      peers: [
        peerConfig({ ...ring, name: 'a', arrival: traceArrival([100]) }),
        peerConfig({ ...ring, name: 'b', arrival: silent }),
        peerConfig({ ...ring, name: 'c', arrival: silent }),
      ],
    });
    const { result, log } = runTraced(cfg);
    const steps = log.filter(([, k]) => k === EV_SOFTIRQ_STEP_DONE).map(([t]) => t);
    expect(steps).toEqual([2700, 2900, 5500, 7000, 8500]);
    const s = result.snapshot;
    // The item's end-to-end (see the ring-client BUG above for the extra sample at ISR end).
    expect(stage(s, 'end_to_end').maxNs).toBe(2800);
    // Busy 1200 .. 9500: the fan-out costs 6.5 µs of hardirq and softirq for one 200 ns item.
    expect(cpuValue(s, 0, 'busy_ns')).toBe(8300);
    expect(fate(s, 'handled')).toBe(1);
    expect(s.identityViolations).toEqual([]);
  });
});

describe('message mechanism', () => {
  function messageConfig(overflow: 'overwrite' | 'drop'): MachineConfig {
    // Message latency 1000, wire 100, item work 1000, all else 0. 100 → imsg0 full at 1200 →
    // MSI → the ISR reads and clears the status at once (1200), works until 2200. 200 → 1300:
    // register empty again → delivered, MSI latched in IRR. 300 → 1400: status still set →
    // overflow: 'overwrite' replaces the message, 'drop' keeps it; either way one trigger is lost.
    return testConfig({
      durationNs: 100_000,
      zeroCosts: true,
      costs: { messageLatencyNs: det(1000) },
      ntb: { messageOverflow: overflow },
      peer: { mechanism: 'message', arrival: traceArrival([100, 200, 300]), itemWork: det(1000), linkLatencyNs: 50 },
    });
  }

  it.each(['overwrite', 'drop'] as const)('overflow %s loses the message that finds the register full', (overflow) => {
    const m = new Machine(messageConfig(overflow));
    m.finish();
    const s = m.metrics.snapshot();
    expect(fate(s, 'triggered')).toBe(3);
    expect(fate(s, 'handled')).toBe(2);
    expect(fate(s, 'lost_msg_overflow')).toBe(1);
    expect(m.counters().messagesOverflowed).toBe(1);
    // Which message survives is the policy's business: the register says which path ran.
    expect(m.regs[0].msgOverwritten).toBe(overflow === 'overwrite' ? 1 : 0);
    expect(m.regs[0].msgDropped).toBe(overflow === 'drop' ? 1 : 0);
    expect(s.identityViolations).toEqual([]);
  });

  // Regression (was a bug at machine.ts:1177-1185, #actionWork ACTION_MESSAGE, fixed): the message ISR never schedules the
  // tasklet of a ring client, so its receive ring is never drained: after ringSize items every
  // later trigger is held back for the rest of the run. Fix: for each delivered message whose
  // queue is a ring client, call #taskletSchedule(cpu, q) (or reject mechanism 'message' with
  // client 'ring' at build time with a clear error).
  it('a ring client behind the message mechanism drains its ring', () => {
    // 4 items per ring, 100 kHz for 1 ms: 99 arrivals, the CPU nearly idle.
    const r = runSimulation(
      testConfig({ peer: { mechanism: 'message', client: 'ring', ringSize: 4, arrival: periodicArrival(100_000) } }),
    );
    expect(r.counters.sourceHeldBack).toBe(0);
    expect(stage(r.snapshot, 'end_to_end').count).toBeGreaterThan(90);
  });

  // Regression (was a bug in the rx ring, fixed): every ring had the largest ringSize of any
  // peer, so a small ring beside a big one never held its peer back.
  it("each ring client's ring has its own peer's size", () => {
    // Five items land within 4 ns; the tasklet runs only after the interrupt's entry, ack and
    // ISR, so the 2-entry ring takes two and the peer holds three back. The big ring beside it
    // takes its one item.
    const small = peerConfig({ name: 'small', client: 'ring', ringSize: 2, arrival: traceArrival([1000, 1001, 1002, 1003, 1004]) });
    const big = peerConfig({ name: 'big', client: 'ring', ringSize: 256, arrival: traceArrival([50_000]) });
    const r = runSimulation(testConfig({ durationNs: 100_000, ntb: { device: 'idt' }, peers: [small, big] }));
    expect(r.counters.sourceHeldBack).toBe(3);
    expect(stage(r.snapshot, 'end_to_end').count).toBe(3);
    expect(r.snapshot.identityViolations).toEqual([]);
  });
});

describe('delivery of the Switchtec MSI-X (doorbell, message)', () => {
  // Regression (was a bug at machine.ts:857-859, #scheduleNextWrite, fixed): an MSI write from the peer pays msiDeliveryNs
  // (+ iecHitNs when remapped) between landing and IRR, but the doorbell and message MSI-X the
  // switch emits pay neither: doorbellLatencyNs is "until the MSI-X is emitted" (costs.ts), the
  // write still has to reach the LAPIC. This favours the doorbell path in the scenario-1
  // comparison by 500–530 ns per interrupt. Fix: add `this.#deliveryNs + (this.remap !== null ?
  // this.#iecHitNs : 0)` for every mechanism (and to #sendMsix's pending resend).
  it('a doorbell interrupt pays the MSI delivery after the switch emits it', () => {
    // Reference costs: wire 150 × 2 = 300, doorbellLatency 3000, msiDelivery 500 → 3800.
    const r = runSimulation(testConfig({ peer: { mechanism: 'doorbell', arrival: traceArrival([1000]) } }));
    expect(stage(r.snapshot, 'delivery').maxNs).toBe(3800);
  });
});

describe('continuous cost distributions', () => {
  // Regression (was a bug at machine.ts:1148 #startAction, :1379 #softirqStep, :769 #itemSampler; costs.ts resolveCosts, fixed): sampled
  // costs are used as they come, so any continuous distribution (exponential, normal, uniform,
  // lognormal, pareto; or a mean that is not whole, used for chip-op charges) schedules an event
  // at a fractional ns and the engine throws TimeError "event time must be a whole number of ns".
  // workloads/mm1.yaml (itemWork exponential, mean 1000) hits it. Fix: round every sample to a
  // whole ns where it is drawn (a rounding Sampler wrapper in resolveCosts and #itemSampler, and
  // Math.round on the means kept in ResolvedCosts.ns).
  it('an exponential item work runs (the M/M/1 workload)', () => {
    const cfg = testConfig({
      zeroCosts: true,
      peer: { client: 'ring', arrival: { type: 'poisson', rate: 800_000 }, itemWork: { type: 'exponential', mean: 1000 } },
    });
    expect(() => runSimulation(cfg)).not.toThrow();
  });
});

describe('build errors', () => {
  it('switchtec with two peers names the one-peer limit', () => {
    const cfg = testConfig({ peers: [peerConfig({ name: 'a' }), peerConfig({ name: 'b' })] });
    expect(() => new Machine(cfg)).toThrow(/switchtec supports at most 1 peer, got 2/);
  });

  it('virtual-msix with more MSI queues than nirqs − 4 says how many are left', () => {
    // nirqs 32 − event, dma_rpc, message, doorbell = 28 free entries.
    expect(() => new Machine(testConfig({ peer: { queues: 28 } }))).not.toThrow();
    expect(() => new Machine(testConfig({ peer: { queues: 29 } }))).toThrow(/29 MSI queues .* nirqs = 32 leaves 28/);
    // The proposed NTB domain has no such limit.
    expect(() => new Machine(testConfig({ ntb: { design: 'ntb-domain' }, peer: { queues: 29 } }))).not.toThrow();
  });

  it('an MSI address outside the 64 KiB LUT window (APIC ID ≥ 16) fails the build with -EFAULT', () => {
    // 32 CPUs: activation spreads the irqs to the CPU with the most free vectors, so the 13th
    // queue (after 4 switchtec vectors and 12 queues on CPUs 0..15) lands on APIC ID 16, i.e.
    // 0xfee10000, outside [0xfee00000, +0x10000).
    expect(() => new Machine(testConfig({ cpus: 32, peer: { queues: 20 } }))).toThrow(
      /p0\/q12: its MSI address 0xfee10000 is outside the lut window \[0xfee00000, \+0x10000\) \(ntb_msi_set_desc: -EFAULT\)/,
    );
    // With remapping the address names an IRTE, not a CPU: the same machine builds.
    expect(() => new Machine(testConfig({ cpus: 32, remapping: 'remapped', peer: { queues: 20 } }))).not.toThrow();
  });

  it('a move outside the window is a window fault: the peer keeps the old descriptor, nothing is lost', () => {
    const r = runSimulation(testConfig({ cpus: 17, affinityChanges: [{ atNs: 100_000, irq: 'p0/q0', cpus: [16] }] }));
    expect(r.counters.windowFaults).toBe(1);
    expect(r.counters.republishes).toBe(0);
    // The new vector on CPU 16 never sees an interrupt, so the move never completes.
    expect(r.counters.vectorMovesStarted).toBe(1);
    expect(r.counters.vectorMovesCompleted).toBe(0);
    expect(fate(r.snapshot, 'lost')).toBe(0);
    expect(fate(r.snapshot, 'handled')).toBe(fate(r.snapshot, 'triggered'));
  });

  it('an unknown irq selector in an affinity change lists the irqs', () => {
    const cfg = testConfig({ affinityChanges: [{ atNs: 1000, irq: 'nope/q0', cpus: [0] }] });
    expect(() => new Machine(cfg)).toThrow(/no irq named "nope\/q0"; irqs are switchtec\/event, /);
  });
});

describe('vector exhaustion (1 CPU: 202 allocatable vectors)', () => {
  // ntb-domain on a 'storm' device: two peers share the queues. The switchtec driver requested 4
  // of its 32 vectors (event, dma_rpc, message, doorbell); in reservation mode the other 28 hold
  // only a reservation, no vector. That leaves 202 − 4 = 198 vectors for NTB queues.
  function stormConfig(queues: number): MachineConfig {
    return testConfig({
      ntb: { device: 'storm', design: 'ntb-domain' },
      peers: [peerConfig({ name: 'a', queues: 100 }), peerConfig({ name: 'b', queues: queues - 100 })],
    });
  }

  it('exactly 202 − 4 = 198 MSI queues fit', () => {
    const m = new Machine(stormConfig(198));
    expect(m.hierarchy.matrix.allocatedOn(0)).toBe(202);
    expect(m.hierarchy.matrix.availableOn(0)).toBe(0);
  });

  it('one more fails with -ENOSPC naming the irq', () => {
    expect(() => new Machine(stormConfig(199))).toThrow(/request_irq\(b\/q98\) failed with -ENOSPC: vector space exhausted/);
  });

  it("a 6.10+ kernel reserves 0xeb even without posted MSI: 201 − 4 = 197 fit, the 198th fails", () => {
    const kernel610 = (queues: number): MachineConfig => ({ ...stormConfig(queues), kernel: '6.10' });
    const m = new Machine(kernel610(197));
    expect(m.hierarchy.matrix.allocatedOn(0)).toBe(201);
    expect(m.hierarchy.matrix.availableOn(0)).toBe(0);
    expect(() => new Machine(kernel610(198))).toThrow(/request_irq\(b\/q97\) failed with -ENOSPC/);
  });
});

describe('the IEC size (machine.iecEntries)', () => {
  // Remapped, 5 raw queues of one peer at 100 kHz each, in phase: their writes land in queue
  // order every 10 µs, so the IEC sees IRTE indices i0..i4 round-robin. With 4 entries (one
  // 4-way set) LRU evicts exactly the entry asked for next: every lookup misses. With the
  // default 256 only each irq's first lookup misses (its entry was flushed at activation).
  const run = (iecEntries: number | undefined) =>
    runSimulation(testConfig({ remapping: 'remapped', iecEntries, peer: { queues: 5, arrival: periodicArrival(100_000) } }));

  it('thrashes a 4-entry cache and warms a 256-entry one', () => {
    const small = run(4).counters;
    expect(small.iecHits).toBe(0);
    expect(small.iecMisses).toBe(5 * 99);
    const dflt = run(undefined).counters;
    expect(dflt.iecMisses).toBe(5);
    expect(dflt.iecHits).toBe(5 * 99 - 5);
  });
});

describe('determinism', () => {
  it('same config and seed give byte-identical snapshots; another seed differs', () => {
    // Random arrivals and random (integer) work: everything the seed drives.
    const cfg = testConfig({ cpus: 2, peer: { arrival: { type: 'poisson', rate: 500_000 }, itemWork: { type: 'empirical', samples: [100, 300, 900] } } });
    const a = JSON.stringify(runSimulation(cfg).snapshot);
    const b = JSON.stringify(runSimulation(cfg).snapshot);
    const c = JSON.stringify(runSimulation({ ...cfg, seed: 2 }).snapshot);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('a Float64Array trace gives the same run as a number[] trace', () => {
    const times = [1000, 1100, 1150, 5000];
    const a = runSimulation(goldenConfig(times)).snapshot;
    const b = runSimulation(goldenConfig(Array.from(new Float64Array(times)))).snapshot;
    const cfg = goldenConfig(times);
    const c = runSimulation({ ...cfg, peers: [{ ...cfg.peers[0], arrival: { type: 'trace', timestamps: new Float64Array(times) } }] }).snapshot;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).toBe(JSON.stringify(a));
  });
});

describe('ping-pong client (ntb_pingpong over doorbells)', () => {
  /*
   * Zero costs except: doorbell latency 1000, peer irq 500, link 100 × 1 hop, pingDelay 200.
   * Ping k is triggered at the peer at T_k and lands at T_k + wire 100 + doorbell 1000 (the
   * delivery is 0). Its handler (all of it 0 ns) clears the bit and pongs: the host waits 200,
   * rings the peer (wire 100 + its switch 1000), the peer's interrupt takes 500, it waits 200
   * and rings back: T_{k+1} = landing_k + 200 + 100 + 1000 + 500 + 200 = T_k + 3100.
   * T = 0, 3100, …, 18 600 (≤ 20 µs): 7 pings, each landing 1100 after its trigger.
   */
  const r = runSimulation(
    testConfig({
      durationNs: 20_000,
      zeroCosts: true,
      costs: { doorbellLatencyNs: det(1000), peerIrqNs: det(500) },
      peer: { mechanism: 'doorbell', client: 'pingpong', pingDelayNs: 200, linkLatencyNs: 100, hops: 1, itemWork: det(0) },
    }),
  );

  it('plays one round trip after another: the ping rate is 1 / (round trip)', () => {
    expect(fate(r.snapshot, 'triggered')).toBe(7);
    expect(fate(r.snapshot, 'handled')).toBe(7);
    expect(stage(r.snapshot, 'end_to_end').maxNs).toBe(1100);
    expect(stage(r.snapshot, 'end_to_end').minNs).toBe(1100);
    expect(r.snapshot.identityViolations).toEqual([]);
  });
});

describe('ntb_transport tasklet', () => {
  // Regression (was a model error, fixed): ntb_transport_rxc_db() ends with ntb_db_read() of the
  // queue's doorbell bit for every queue, also one that signals by MSI (use_msi); the model
  // charged that read only for doorbell queues.
  it('a tasklet run of an MSI queue still reads the doorbell register at its end', () => {
    // Costs: tasklet 500, mmioRead 1000, item work 200, all else 0 (wire 0). The write at 1000
    // is in IRR at once; the ISR only schedules the tasklet; the step runs 1000 + 500 + 200 =
    // 1700 (end-to-end 700), then the tail's read to 2700, and the CPU returns.
    const cfg = testConfig({
      durationNs: 100_000,
      zeroCosts: true,
      costs: { taskletNs: det(500), mmioReadNs: det(1000) },
      peer: { mechanism: 'msi', client: 'ring', arrival: traceArrival([1000]), itemWork: det(200), linkLatencyNs: 0 },
    });
    const s = runSimulation(cfg).snapshot;
    expect(stage(s, 'end_to_end').maxNs).toBe(700);
    expect(cpuValue(s, 0, 'busy_ns')).toBe(1700);
    expect(fate(s, 'handled')).toBe(1);
  });
});

describe('softirq under hardirqs', () => {
  // One CPU, entry 100, exit 30, all else 0, wire 0: a ring peer with one 10 µs item at 1000
  // and a raw peer (200 ns handler) triggering at `rawNs`.
  function preemptConfig(rawNs: readonly number[]): MachineConfig {
    const ring = peerConfig({ name: 'ring', client: 'ring', arrival: traceArrival([1000]), itemWork: det(10_000), linkLatencyNs: 0 });
    const raw = peerConfig({ name: 'raw', arrival: traceArrival(rawNs), itemWork: det(200), linkLatencyNs: 0 });
    return testConfig({
      durationNs: 100_000,
      zeroCosts: true,
      costs: { irqEntryNs: det(100), irqExitNs: det(30) },
      ntb: { device: 'idt', design: 'ntb-domain' },
      peers: [ring, raw],
    });
  }

  function peerStage(s: MetricsSnapshot, name: string, peer: string): StageLatency {
    const row = s.latency.find((l) => l.stage === name && l.scope === peer);
    if (row === undefined) throw new Error(`no ${name} row for ${peer}`);
    return row;
  }

  // Regression (was a model error, fixed): a CPU in softirq ignored new vectors until every
  // tasklet had run, but handle_softirqs() runs with interrupts enabled.
  it('a vector preempts a tasklet run, which then finishes that much later', () => {
    // Costs: entry 100, exit 30, all else 0; wire 0. One CPU.
    //   ring item at 1000 → IRR, entry to 1100, the ISR schedules the tasklet → softirq at 1100;
    //     its one item of 10 µs would be done at 11100.
    //   raw trigger at 5000 → IRR: the vector preempts the run at 5000 → entry to 5100, handler
    //     200 to 5300 (end-to-end 300) → irq exit 30 → back in the run at 5330.
    //   The item is done 330 ns late, at 11430 (end-to-end 10430); the CPU leaves at 11460.
    const s = runSimulation(preemptConfig([5000])).snapshot;
    expect(peerStage(s, 'end_to_end', 'raw').maxNs).toBe(300);
    expect(peerStage(s, 'end_to_end', 'ring').maxNs).toBe(10_430);
    expect(cpuValue(s, 0, 'busy_ns')).toBe(10_460);
    expect(fate(s, 'handled')).toBe(2);
    expect(fate(s, 'coalesced')).toBe(0);
    expect(s.identityViolations).toEqual([]);
  });

  it('a vector that comes during the preempting hardirq waits until the CPU is back in the run', () => {
    // As above, with a second raw trigger at 5100, while the first one's handler runs (IF=0).
    // The first handler ends at 5300 and the CPU is back in the run at 5330, where the second
    // vector preempts it again: entry to 5430, handler to 5630 (end-to-end 530, queueing 230),
    // back in the run at 5660. The item is done 2 × 330 late, at 11760; the CPU leaves at 11790.
    const s = runSimulation(preemptConfig([5000, 5100])).snapshot;
    expect(peerStage(s, 'end_to_end', 'raw').maxNs).toBe(530);
    expect(peerStage(s, 'queueing', 'raw').maxNs).toBe(230);
    expect(peerStage(s, 'end_to_end', 'ring').maxNs).toBe(10_760);
    expect(cpuValue(s, 0, 'busy_ns')).toBe(10_790);
    expect(fate(s, 'handled')).toBe(3);
    expect(s.identityViolations).toEqual([]);
  });
});
