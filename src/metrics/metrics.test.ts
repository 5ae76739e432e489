import { describe, expect, it } from 'vitest';
import { COALESCED_IRR, LOST_STALE_VECTOR } from './accounting.js';
import { CPU_INTERRUPTS, Metrics, SERIES_HANDLED, SERIES_LATENCY, SERIES_TRIGGERED, type MetricsSpec } from './metrics.js';
import { STAGE_DELIVERY, STAGE_END_TO_END, STAGE_HANDLER } from './stages.js';

const SPEC: MetricsSpec = {
  cpus: 2,
  irqs: 2,
  peers: 2,
  durationNs: 10_000,
  intervalNs: 1_000,
  warmupNs: 2_000,
  irqNames: ['peer0/q0', 'peer1/q0'],
};

function summaryValue(m: Metrics, scope: string, id: string, metric: string): number | undefined {
  return m.snapshot().summary.find((r) => r.scope === scope && r.id === id && r.metric === metric)?.value;
}

describe('Metrics warm-up', () => {
  it('resets histograms, counters and busy time at startStatistics but keeps fates and series', () => {
    const m = new Metrics(SPEC);
    m.triggered(0, 0, 500);
    m.handled(0, 0, 900);
    m.recordLatency(STAGE_END_TO_END, 0, 400, 900);
    m.cpu.inc(1, CPU_INTERRUPTS);
    m.cpuEnter(1, 500);
    m.cpuExit(1, 900);
    m.startStatistics(2_000);
    expect(m.histogram(STAGE_END_TO_END).count).toBe(0);
    expect(m.histogram(STAGE_END_TO_END, 0).count).toBe(0);
    expect(m.cpu.get(1, CPU_INTERRUPTS)).toBe(0);
    expect(m.busy.busyNs[1]).toBe(0);
    expect(m.irqFate.triggered[0]).toBe(1); // fates cover the whole run
    expect(m.series.value(SERIES_TRIGGERED, 0, 0)).toBe(1e6); // 1 trigger in a 1000-ns interval
    expect(m.checkIdentity()).toEqual([]);
  });

  it('computes window rates from fates recorded after warm-up only', () => {
    const m = new Metrics(SPEC);
    for (let i = 0; i < 4; i++) m.triggered(0, 0, 100 * i); // warm-up
    m.startStatistics();
    for (let i = 0; i < 8; i++) m.triggered(1, 1, 3_000 + i); // window: 8 triggers in 8000 ns
    for (let i = 0; i < 12; i++) m.handled(i % 2, i % 2, 4_000);
    // 8 / 8000 ns = 1e6 Hz
    expect(summaryValue(m, 'run', '', 'triggered_rate')).toBeCloseTo(1e6, 6);
    // handled: 12 after warm-up → 1.5e6 Hz
    expect(summaryValue(m, 'run', '', 'handled_rate')).toBeCloseTo(1.5e6, 6);
    expect(summaryValue(m, 'fate', 'all', 'triggered')).toBe(12);
  });
});

describe('Metrics hot-path recording', () => {
  it('books each fate in both the irq row and the peer row, and none for peer -1', () => {
    const m = new Metrics(SPEC);
    m.triggered(1, 0, 10);
    m.triggered(1, -1, 11);
    m.triggered(1, 0, 12);
    m.coalesced(1, 0, COALESCED_IRR, 12);
    m.lost(1, -1, LOST_STALE_VECTOR, 13);
    m.addInFlight(1, 0, 1);
    expect(m.checkIdentity()).toEqual([]);
    expect(m.irqFate.triggered[1]).toBe(3);
    expect(m.peerFate.triggered[0]).toBe(2);
  });

  it('reports identity violations from both scopes', () => {
    const m = new Metrics(SPEC);
    m.triggered(0, 1, 10); // never resolved, never declared in flight
    const v = m.checkIdentity();
    expect(v.map((x) => `${x.scope}:${x.row}`)).toEqual(['irq:0', 'irq:-1', 'peer:1', 'peer:-1']);
    expect(m.snapshot().identityViolations.length).toBe(4);
    expect(summaryValue(m, 'fate', 'all', 'identity_violations')).toBe(4);
  });

  it('records latency for all and for the peer, end-to-end also in the series', () => {
    const m = new Metrics(SPEC);
    m.recordLatency(STAGE_END_TO_END, 1, 300, 1_500);
    m.recordLatency(STAGE_END_TO_END, -1, 500, 1_600);
    m.recordLatency(STAGE_DELIVERY, 1, 50, 1_600);
    expect(m.histogram(STAGE_END_TO_END).count).toBe(2);
    expect(m.histogram(STAGE_END_TO_END, 1).count).toBe(1);
    expect(m.histogram(STAGE_END_TO_END, 0).count).toBe(0);
    expect(m.series.points().find((p) => p.metric === 'latency_end_to_end')?.value).toBe(400); // (300+500)/2
    const lat = m.snapshot().latency;
    // 'all' rows for every stage (6), plus non-empty peer rows: end_to_end/peer1 and delivery/peer1.
    expect(lat.length).toBe(8);
    expect(lat.filter((l) => l.scope === 'peer1').map((l) => l.stage)).toEqual(['end_to_end', 'delivery']);
  });

  it('books an action end as handled() plus handler and end-to-end latency, and skips end-to-end for -1', () => {
    const m = new Metrics(SPEC);
    m.handledAfterAction(0, 0, 120, 700, 1_500); // interval 1: 1 handled, latency 700
    m.handledAfterAction(1, 1, 80, -1, 2_500); // interval 2: a ring client's action books no end-to-end
    expect(m.irqFate.handled[0]).toBe(1);
    expect(m.peerFate.handled[1]).toBe(1);
    const handler = m.histogram(STAGE_HANDLER);
    expect([handler.count, handler.mean]).toEqual([2, 100]);
    expect(m.histogram(STAGE_HANDLER, 1).count).toBe(1);
    expect(m.histogram(STAGE_END_TO_END).count).toBe(1);
    expect(m.histogram(STAGE_END_TO_END, 0).mean).toBe(700);
    expect(m.series.value(SERIES_LATENCY, 0, 1)).toBe(700);
    expect(m.series.value(SERIES_LATENCY, 0, 2)).toBeNaN(); // no end-to-end sample in interval 2
    expect(m.series.value(SERIES_HANDLED, 0, 2)).toBe(1e6); // 1 handled in a 1000-ns interval
  });

  it('records a stage without a series sample; only end-to-end samples the latency series', () => {
    const m = new Metrics(SPEC);
    m.recordStage(STAGE_DELIVERY, 0, 50);
    m.recordEndToEnd(0, 300, 1_500);
    expect(m.histogram(STAGE_DELIVERY, 0).count).toBe(1);
    expect(m.histogram(STAGE_END_TO_END, 0).count).toBe(1);
    expect(m.series.points().filter((p) => p.metric === 'latency_end_to_end').map((p) => p.value)).toEqual([300]);
  });

  it("names a peer's latency rows after the peer", () => {
    const m = new Metrics({ ...SPEC, peerNames: ['near', 'far'] });
    m.recordLatency(STAGE_END_TO_END, 1, 300, 1_500);
    const rows = m.snapshot().latency.filter((l) => l.stage === 'end_to_end');
    expect(rows.map((l) => [l.scope, l.count])).toEqual([
      ['all', 1],
      ['far', 1],
    ]);
  });

  it('turns per-peer histograms off above the peer limit', () => {
    const m = new Metrics({ ...SPEC, peers: 17, irqNames: undefined });
    expect(m.latencyScopes).toBe(1);
    m.recordLatency(STAGE_END_TO_END, 16, 300, 10);
    expect(m.histogram(STAGE_END_TO_END).count).toBe(1);
    expect(() => m.histogram(STAGE_END_TO_END, 3)).toThrow(/per-peer latency histograms are off/);
  });
});

describe('Metrics snapshot', () => {
  it('gives per-CPU busy time and utilisation over the statistics window', () => {
    const m = new Metrics(SPEC);
    m.startStatistics(2_000);
    m.cpuEnter(0, 3_000);
    m.cpuExit(0, 5_000);
    m.cpuEnter(1, 9_000); // still busy at the end: counted up to 10,000
    const s = m.snapshot();
    const names = s.cpus.columns.map((c) => c.name);
    const busy = names.indexOf('busy_ns');
    const util = names.indexOf('utilisation');
    // window = 10,000 - 2,000 = 8,000 ns; cpu0 busy 2,000 → 0.25; cpu1 busy 1,000 → 0.125
    expect(s.cpus.rows.map((r) => [r.values[busy], r.values[util]])).toEqual([
      [2_000, 0.25],
      [1_000, 0.125],
    ]);
    expect(summaryValue(m, 'run', '', 'mean_cpu_utilisation')).toBe(0.1875);
    expect(s.irqs.rows.map((r) => r.name)).toEqual(['peer0/q0', 'peer1/q0']);
    expect(s.peers.rows.map((r) => r.name)).toEqual(['peer0', 'peer1']);
    expect(s.irqs.rows[0].values.length).toBe(s.irqs.columns.length);
  });

  it('leaves out irqs without an action while they counted nothing, as /proc/interrupts does', () => {
    const irqNames = ['switchtec/event', 'switchtec/msix4', 'switchtec/msix5', 'peer0/q0'];
    const m = new Metrics({ cpus: 1, irqs: 4, peers: 0, durationNs: 1_000, intervalNs: 1_000, warmupNs: 0, irqNames, irqHasAction: [true, false, false, true] });
    // msix5 has no action but a trigger reached it (say a stale write): it stays listed.
    m.triggered(2, -1, 10);
    m.lost(2, -1, LOST_STALE_VECTOR, 10);
    const s = m.snapshot();
    expect(s.irqs.rows.map((r) => [r.id, r.name])).toEqual([
      [0, 'switchtec/event'],
      [2, 'switchtec/msix5'],
      [3, 'peer0/q0'],
    ]);
    expect([s.run.irqs, s.run.requestedIrqs]).toEqual([4, 2]);
    expect(summaryValue(m, 'run', '', 'requested_irqs')).toBe(2);
    expect(() => new Metrics({ ...SPEC, irqHasAction: [true] })).toThrow(/irqHasAction: expected 2 entries, got 1/);
  });

  it('counts a span still open at the end in the cpu_busy series too, as busy_ns does', () => {
    const m = new Metrics(SPEC);
    m.cpuEnter(1, 8_500); // still busy at the end (10,000): 500 ns in 8,000…9,000, all of 9,000…10,000
    const busy = (): number[][] =>
      m
        .snapshot()
        .series.filter((p) => p.metric === 'cpu_busy' && p.scope === 'cpu1' && p.intervalStartNs >= 8_000)
        .map((p) => [p.intervalStartNs, p.value]);
    expect(busy()).toEqual([
      [8_000, 0.5],
      [9_000, 1],
    ]);
    expect(busy()).toEqual([
      [8_000, 0.5],
      [9_000, 1],
    ]); // a snapshot leaves the recorded series as it was
    m.cpuExit(1, 9_000);
    expect(busy()).toEqual([
      [8_000, 0.5],
      [9_000, 0],
    ]);
  });

  it("names a one-CPU machine's busy series cpu0, like every per-CPU row", () => {
    const m = new Metrics({ ...SPEC, cpus: 1 });
    const scopes = new Set(m.snapshot().series.filter((p) => p.metric === 'cpu_busy').map((p) => p.scope));
    expect([...scopes]).toEqual(['cpu0']);
  });

  it('rejects inconsistent sizes', () => {
    expect(() => new Metrics({ ...SPEC, warmupNs: 10_000 })).toThrow(/warm-up \(10000 ns\) must be shorter/);
    expect(() => new Metrics({ ...SPEC, cpus: 0 })).toThrow(/cpus must be an integer >= 1, got 0/);
    expect(() => new Metrics({ ...SPEC, irqNames: ['x'] })).toThrow(/irqNames: expected 2 names, got 1/);
  });
});
