/**
 * ntb_transport's receive path as the kernel runs it, on hand-worked timelines: the peer's
 * payload (and DESC_DONE_FLAG) lands in the ring before its interrupt, a tasklet run polls the
 * ring item by item (ntb_process_rxc) until it is empty or has taken rx_max_entry = the ring's
 * frame count, an interrupt for items an earlier run took finds an empty ring, and a vector that
 * became pending during a hard irq is taken as soon as softirq starts (interrupts are enabled
 * in handle_softirqs()). Every expected time is worked out in a comment from the costs set.
 */
import { describe, expect, it } from 'vitest';
import { EV_ACTION_DONE, EV_PAYLOAD_LANDS, EV_SOFTIRQ_STEP_DONE, EV_SOURCE_WRITE_LANDS } from '../events.js';
import { runSimulation, type RunResult } from '../run.js';
import type { MachineConfig } from './config.js';
import { det, peerConfig, testConfig, traceArrival } from './testing/config-builder.js';
import { cpuValue, fate, irqValue, peerStage, stage } from './testing/snapshot-reader.js';

function runTraced(config: MachineConfig): { result: RunResult; log: [number, number][] } {
  const log: [number, number][] = [];
  const result = runSimulation(config, { trace: (t, kind) => log.push([t, kind]) });
  return { result, log };
}

/** One MSI ring peer on one CPU, wire 0, every cost 0 except those given. */
function msiRing(timestampsNs: readonly number[], costs: Record<string, number>, peer: Partial<MachineConfig['peers'][number]> = {}): MachineConfig {
  const c: Record<string, ReturnType<typeof det>> = {};
  for (const [k, v] of Object.entries(costs)) c[k] = det(v);
  return testConfig({
    durationNs: 100_000,
    zeroCosts: true,
    costs: c,
    ntb: { device: 'idt', design: 'ntb-domain' },
    peers: [peerConfig({ name: 'a', client: 'ring', arrival: traceArrival(timestampsNs), linkLatencyNs: 0, ...peer })],
  });
}

describe('ntb_transport receive path: a tasklet run polls the ring', () => {
  it('takes an item whose MSI has not landed yet; that MSI then finds an empty ring', () => {
    // msiDelivery 2000, irqEntry 100, tasklet 100, mmioRead 50, items 200; triggers 0 and 1000.
    // Payloads land at 0 and 1000 (wire 0), the MSIs at 2000 and 3000.
    //   2000 MSI a → entry to 2100, the ISR schedules the tasklet; softirq from 2100:
    //        dispatch 2100..2200, item 0 2200..2400 (end-to-end 2400),
    //        item 1 is in the ring (since 1000), its MSI is not: 2400..2600 (end-to-end 1600),
    //        the ring is empty: the tail reads the doorbell register (50) to 2650, iret.
    //   3000 MSI for item 1 → entry to 3100, tasklet scheduled; softirq: dispatch 3100..3200,
    //        the ring is empty (an empty run), tail 50 to 3250.
    const { result, log } = runTraced(msiRing([0, 1000], { msiDeliveryNs: 2000, irqEntryNs: 100, taskletNs: 100, mmioReadNs: 50 }, { itemWork: det(200) }));
    expect(log).toEqual([
      [0, EV_PAYLOAD_LANDS],
      [1000, EV_PAYLOAD_LANDS],
      [2000, EV_SOURCE_WRITE_LANDS],
      [2100, EV_ACTION_DONE],
      [2200, EV_SOFTIRQ_STEP_DONE],
      [2400, EV_SOFTIRQ_STEP_DONE],
      [2600, EV_SOFTIRQ_STEP_DONE],
      [3000, EV_SOURCE_WRITE_LANDS],
      [3100, EV_ACTION_DONE],
      [3200, EV_SOFTIRQ_STEP_DONE],
    ]);
    const s = result.snapshot;
    expect([stage(s, 'end_to_end').minNs, stage(s, 'end_to_end').maxNs, stage(s, 'end_to_end').count]).toEqual([1600, 2400, 2]);
    expect(irqValue(s, 'a/q0', 'empty_tasklet_runs')).toBe(1);
    // Busy 2000..2650 and 3000..3250: the empty run costs its hard irq, dispatch and doorbell read.
    expect(cpuValue(s, 0, 'busy_ns')).toBe(650 + 250);
    expect([fate(s, 'triggered'), fate(s, 'handled')]).toEqual([2, 2]);
    expect(s.identityViolations).toEqual([]);
  });

  it('stops a run at rx_max_entry = the ring frame count and reschedules the tasklet', () => {
    // ringSize 2 (so rx_max_entry 2); msiDelivery 1000, tasklet 150, mmioRead 50, items 500,
    // entry 0; triggers 0, 100, 1700. Payloads land at 0, 100, 1700; MSIs at 1000, 1100, 2700.
    //   1000 MSI 0 → the ISR schedules the tasklet; softirq from 1000: dispatch to 1150.
    //   1100 MSI 1 preempts (0 ns): the tasklet, running, is scheduled again (to the tail).
    //   1150 item 0 to 1650 (end-to-end 1650); item 1 to 2150 (end-to-end 2050). Item 2 has
    //        been in the ring since 1700, but the run has taken rx_max_entry = 2: it stops, its
    //        tail reschedules it (already scheduled) and reads nothing.
    //   2150 run 2: dispatch to 2300, item 2 to 2800 (MSI 2 preempts at 2700 for 0 ns;
    //        end-to-end 1100); empty: tail 50 to 2850.
    //   2850 run 3 (scheduled by MSI 2): dispatch to 3000, empty (counted), tail to 3050.
    const { result, log } = runTraced(msiRing([0, 100, 1700], { msiDeliveryNs: 1000, taskletNs: 150, mmioReadNs: 50 }, { itemWork: det(500), ringSize: 2 }));
    const steps = log.filter(([, k]) => k === EV_SOFTIRQ_STEP_DONE).map(([t]) => t);
    expect(steps).toEqual([1150, 1650, 2150, 2300, 2800, 3000]);
    const s = result.snapshot;
    expect([stage(s, 'end_to_end').minNs, stage(s, 'end_to_end').maxNs, stage(s, 'end_to_end').meanNs]).toEqual([1100, 2050, (1650 + 2050 + 1100) / 3]);
    expect(irqValue(s, 'a/q0', 'empty_tasklet_runs')).toBe(1);
    // Busy 1000..3050 without a gap.
    expect(cpuValue(s, 0, 'busy_ns')).toBe(2050);
    expect(result.counters.sourceHeldBack).toBe(0);
    expect(s.identityViolations).toEqual([]);
  });

  it('a doorbell client under load: one doorbell, the run polls every item in, the others coalesce', () => {
    // Doorbell ring peer, wire 0: doorbellLatency 1000, tasklet 100, mmioRead 50, mmioWrite 10,
    // items 300, all else 0; triggers 0, 200, 400. Payloads land at 0, 200, 400; the doorbell
    // writes at 1000 (the bit rises: MSI-X), 1200 and 1400 (the bit is still set: coalesced).
    //   1000 the doorbell ISR: ntb_transport's callback reads the register (50), schedules the
    //        tasklet; softirq from 1050: dispatch to 1150, items 0, 1, 2 to 1450, 1750, 2050
    //        (end-to-end 1450, 1550, 1650), empty; the tail reads the bit (50), finds it set,
    //        clears it (10) and reads back (50): 2160, and schedules the tasklet again.
    //   2160 run 2: dispatch to 2260, empty (counted); tail: the bit is clear, read 50 → 2310.
    // Under gated service (items seen only when their doorbell lands) items 1 and 2 would have
    // waited for a second run behind the tail: polling hides the slow doorbell.
    const cfg = testConfig({
      durationNs: 100_000,
      zeroCosts: true,
      costs: { doorbellLatencyNs: det(1000), taskletNs: det(100), mmioReadNs: det(50), mmioWriteNs: det(10) },
      ntb: { device: 'idt' },
      peers: [peerConfig({ name: 'db', mechanism: 'doorbell', client: 'ring', arrival: traceArrival([0, 200, 400]), itemWork: det(300), linkLatencyNs: 0 })],
    });
    const { result, log } = runTraced(cfg);
    const steps = log.filter(([, k]) => k === EV_SOFTIRQ_STEP_DONE).map(([t]) => t);
    expect(steps).toEqual([1150, 1450, 1750, 2050, 2260]);
    const s = result.snapshot;
    expect([stage(s, 'end_to_end').minNs, stage(s, 'end_to_end').meanNs, stage(s, 'end_to_end').maxNs]).toEqual([1450, 1550, 1650]);
    expect([fate(s, 'triggered'), fate(s, 'handled'), fate(s, 'coalesced_doorbell')]).toEqual([3, 1, 2]);
    expect(irqValue(s, 'switchtec/doorbell', 'empty_tasklet_runs')).toBe(1);
    expect(cpuValue(s, 0, 'busy_ns')).toBe(2310 - 1000);
    expect(s.identityViolations).toEqual([]);
  });
});
describe('softirq start: a vector pending from the hard irq is taken at once', () => {
  it("the issue's reproducer: b's MSI, pending since 1300, preempts a's run as softirq starts", () => {
    // One CPU, no IR, two MSI ring peers, irqEntry 2000, items 5 µs, all else 0, wire 0. a's MSI
    // lands at 800, b's at 1300 (during a's hard irq, 800..2800). At 2800 irq_exit() starts
    // softirq with interrupts enabled: b is taken at once (queueing 2800 − 1300 = 1500), its
    // entry to 4800 schedules b's tasklet; a's run goes on from 4800: its item to 9800
    // (end-to-end 9000); then b's run: its item to 14800 (end-to-end 13500).
    // (With the bug b waited for the end of a's run: queueing 7800 − 1300 = 6500.)
    const ring = { client: 'ring', linkLatencyNs: 0, itemWork: det(5000) } as const;
    const cfg = testConfig({
      durationNs: 100_000,
      zeroCosts: true,
      costs: { irqEntryNs: det(2000) },
      ntb: { device: 'idt', design: 'ntb-domain' },
      peers: [peerConfig({ ...ring, name: 'a', arrival: traceArrival([800]) }), peerConfig({ ...ring, name: 'b', arrival: traceArrival([1300]) })],
    });
    const s = runSimulation(cfg).snapshot;
    expect(peerStage(s, 'queueing', 'a').maxNs).toBe(0);
    expect(peerStage(s, 'queueing', 'b').maxNs).toBe(1500);
    expect(peerStage(s, 'end_to_end', 'a').maxNs).toBe(9000);
    expect(peerStage(s, 'end_to_end', 'b').maxNs).toBe(13500);
    expect(cpuValue(s, 0, 'busy_ns')).toBe(14800 - 800);
    expect(s.identityViolations).toEqual([]);
  });
});
