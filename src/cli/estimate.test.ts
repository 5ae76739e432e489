import { describe, expect, it } from 'vitest';
import { peerConfig, testConfig } from '../machine/testing/config-builder.js';
import { estimateRun } from './estimate.js';

describe('estimateRun', () => {
  it('counts an rx ring for ring clients only, at its own size', () => {
    const raw = estimateRun(testConfig({ peer: { client: 'raw', ringSize: 65536 } }), { trace: false });
    const ring = estimateRun(testConfig({ peer: { client: 'ring', ringSize: 65536 } }), { trace: false });
    expect(ring.memoryBytes - raw.memoryBytes).toBe(65536 * 8);
  });

  it('refuses a run whose rings do not fit, and says the rings are the reason', () => {
    const peers = [0, 1, 2, 3].map((i) => peerConfig({ name: `p${i}`, client: 'ring', queues: 8, ringSize: 65536 }));
    const config = testConfig({ ntb: { device: 'idt' }, peers });
    // 32 rings × 65536 entries × 8 bytes = 16 MiB (+ histograms), against a 4 MiB allowance;
    // 32 queues at 10 kHz for 1 ms are 320 triggers.
    expect(() => estimateRun(config, { trace: false, source: 'w.yaml', memoryLimitBytes: 4 * 2 ** 20 })).toThrow(
      /^w\.yaml: this run needs about 320 triggers, 960 events, \d+ MiB, more than the .* GiB it may use; the receive rings are most of it: lower ringSize or queues$/,
    );
  });
});

describe('estimateRun of a ping-pong peer', () => {
  const pingpong = { mechanism: 'doorbell', client: 'pingpong', linkLatencyNs: 100, hops: 2, pingDelayNs: 1000 } as const;

  it('counts one trigger per round trip, not its unused arrival process', () => {
    // Every cost 0 but the doorbell latency (1000): round trip 2 × 1000 delay + 2 × 200 wire
    // + 2 × 1000 doorbell = 4400 ns, so 1 ms holds 227 triggers.
    const config = testConfig({ zeroCosts: true, costs: { doorbellLatencyNs: { type: 'deterministic', value: 1000 } }, peer: pingpong });
    expect(estimateRun(config, { trace: false }).triggers).toBeCloseTo(1e6 / 4400, 6);
  });

  it('refuses a round trip of 0 ns, which would never let simulated time pass', () => {
    const config = testConfig({ zeroCosts: true, peer: { ...pingpong, linkLatencyNs: 0, pingDelayNs: 0 } });
    expect(() => estimateRun(config, { trace: false, source: 'pp.yaml' })).toThrow(
      'pp.yaml: peers[0].pingDelay: with this delay and these costs a ping-pong round trip takes 0 ns, so simulated time would never pass; give pingDelay or the doorbell costs a length',
    );
  });
});

describe('estimateRun of a traced run', () => {
  it('counts the trace on disk, not in memory: ten times longer costs only the series', () => {
    const short = estimateRun(testConfig({ durationNs: 100e6, statsIntervalNs: 1e6 }), { trace: true, eventsPerTrigger: 2, traceBytesPerEvent: 30 });
    const long = estimateRun(testConfig({ durationNs: 1000e6, statsIntervalNs: 1e6 }), { trace: true, eventsPerTrigger: 2, traceBytesPerEvent: 30 });
    // 10 kHz × 1 s × 2 events × 30 bytes = 600,000 bytes of trace.csv.
    expect(long.traceDiskBytes).toBeCloseTo(600_000, 6);
    expect(long.traceDiskBytes).toBeCloseTo(10 * short.traceDiskBytes, 6);
    // Memory grows by the series points only: 300 bytes each in the heap, 16 outside it.
    expect(long.memoryBytes - short.memoryBytes).toBeCloseTo(((long.heapBytes - short.heapBytes) * 316) / 300, 3);
  });

  it('counts a ramp by its cumulative rate, not its final rate', () => {
    const ramp = testConfig({ durationNs: 200e6, peer: { arrival: { type: 'ramp', from: 0, to: 1e6, over: '200ms' } } });
    expect(estimateRun(ramp, { trace: false }).triggers).toBeCloseTo(100_000, 6);
  });
});
