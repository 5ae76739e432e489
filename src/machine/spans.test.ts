/**
 * The timeline seam (src/metrics/span-sink.ts) as the machine drives it: hand-computed calls
 * for one CPU and one raw MSI peer (hard irqs, ack chains, actions, IRR depth, a coalesced
 * trigger), a ring client whose tasklet run a hard irq preempts (the run's span holds the hard
 * irq's), and proper nesting on every CPU of several library workloads, with the sink's counts
 * matching the fates the metrics booked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COALESCED_IRR } from '../metrics/accounting.js';
import { SPAN_FATE_COALESCED } from '../metrics/span-sink.js';
import { loadWorkload } from '../workload/load.js';
import { toMachineConfig } from '../workload/to-machine-config.js';
import { NR_VECTORS } from '../x86/vectors.js';
import { COST_NAMES } from './costs.js';
import { Machine } from './machine.js';
import { det, peerConfig, testConfig, traceArrival } from './testing/config-builder.js';
import { RecordingSpanSink } from './testing/recording-span-sink.js';
import { fate } from './testing/snapshot-reader.js';
import type { MachineConfig } from './config.js';

/** Builds, runs to the end and returns the machine and what its sink recorded. */
function record(config: MachineConfig): { m: Machine; sink: RecordingSpanSink } {
  const sink = new RecordingSpanSink();
  const m = new Machine(config, { spans: sink });
  m.finish();
  return { m, sink };
}

/** The vector `virq` has on `cpu`, as the sink prints it. */
function vectorOf(m: Machine, cpu: number, virq: number): string {
  const table = m.hierarchy.vector.vectorIrq;
  for (let v = 0; v < NR_VECTORS; v++) if (table[cpu * NR_VECTORS + v] === virq) return `0x${v.toString(16)}`;
  throw new Error(`virq ${virq} has no vector on cpu ${cpu}`);
}

/**
 * The calls of one hard irq on CPU 0 with nothing pending behind it, whose zero-cost ack ends
 * where its action starts: IRR depth 1 → enter → depth 0 → ack → action → exit.
 */
function lonelyIrq(m: Machine, virq: number, peer: number, t: { written: number; enter: number; action: number; actionEnd: number; exit: number }): string[] {
  return [
    `cpu0 irrDepth 1 @${t.enter}`,
    `cpu0 hardirqEnter ${vectorOf(m, 0, virq)} @${t.enter}`,
    `cpu0 irrDepth 0 @${t.enter}`,
    `cpu0 ackChain virq${virq} @${t.action}..${t.action}`,
    `cpu0 actionStart virq${virq} for peer${peer} written@${t.written} @${t.action}`,
    `cpu0 actionEnd virq${virq} ret1 @${t.actionEnd}`,
    `cpu0 hardirqExit @${t.exit}`,
  ];
}

describe('span sink: one CPU, one raw MSI peer', () => {
  it('reports hard irqs, ack chains, actions and IRR depth at the hand-computed times', () => {
    // Costs: delivery 500, entry 100, exit 30, ack = eoi 40 + 1 level × 5 = 45, isr 20, item
    // 1000, wire 2 × 100. Triggers at 1000, 1100, 1150 land at 1700, 1800, 1850.
    //   1700: hard irq, entry to 1800, ack to 1845, action 1845..2865, iret at 2895.
    //   1800: the second write sets IRR (depth 1) while the CPU is in hard irq.
    //   1850: the third write finds the bit set: coalesced (irr).
    //   2895: the CPU is back and takes the second: ack 2995..3040, action 3040..4060, iret 4090.
    const { m, sink } = record(
      testConfig({
        durationNs: 100_000,
        zeroCosts: true,
        costs: { msiDeliveryNs: det(500), irqEntryNs: det(100), irqExitNs: det(30), ackLevelNs: det(5), eoiNs: det(40), isrNs: det(20) },
        peer: { arrival: traceArrival([1000, 1100, 1150]), itemWork: det(1000), linkLatencyNs: 100, hops: 2 },
      }),
    );
    const virq = m.irqBySelector('p0/q0');
    const vec = vectorOf(m, 0, virq);
    expect(sink.calls).toEqual([
      `trigger virq${virq} peer0 written@1000 @1700`,
      'cpu0 irrDepth 1 @1700',
      `cpu0 hardirqEnter ${vec} @1700`,
      'cpu0 irrDepth 0 @1700',
      `cpu0 ackChain virq${virq} @1800..1845`,
      `cpu0 actionStart virq${virq} for peer0 written@1000 @1845`,
      `trigger virq${virq} peer0 written@1100 @1800`,
      'cpu0 irrDepth 1 @1800',
      `trigger virq${virq} peer0 written@1150 @1850`,
      `fate ${SPAN_FATE_COALESCED}/${COALESCED_IRR} virq${virq} peer0 written@1150 @1850`,
      `cpu0 actionEnd virq${virq} ret1 @2865`,
      'cpu0 hardirqExit @2895',
      `cpu0 hardirqEnter ${vec} @2895`,
      'cpu0 irrDepth 0 @2895',
      `cpu0 ackChain virq${virq} @2995..3040`,
      `cpu0 actionStart virq${virq} for peer0 written@1100 @3040`,
      `cpu0 actionEnd virq${virq} ret1 @4060`,
      'cpu0 hardirqExit @4090',
    ]);
    expect(sink.nestingProblems()).toEqual([]);
    // Busy 1700..2895 and 2895..4090: the hard irq spans cover it exactly.
    const hardirqNs = sink.spans.filter((s) => s.kind === 'hardirq').reduce((t, s) => t + s.endNs - s.startNs, 0);
    expect(hardirqNs).toBe(2390);
  });

  it('costs nothing to leave off: the same run without a sink gives the same snapshot', () => {
    const config = testConfig({ durationNs: 200_000, peer: { arrival: traceArrival([1000, 1100, 1150, 50_000]) } });
    const { m } = record(config);
    const plain = new Machine(config);
    plain.finish();
    expect(JSON.stringify(m.metrics.snapshot())).toBe(JSON.stringify(plain.metrics.snapshot()));
  });
});

/**
 * A ring queue behind the doorbell vector whose peer rings at 1000, and a raw MSI peer
 * triggering at `rawNs` (a time past the run's 100 µs: never); one CPU, entry 100, exit 30,
 * mmio read 1000, item 200, all else 0.
 */
function doorbellRingConfig(rawNs: readonly number[]): MachineConfig {
  const db = peerConfig({ name: 'db', mechanism: 'doorbell', client: 'ring', arrival: traceArrival([1000]), itemWork: det(200), linkLatencyNs: 0 });
  const raw = peerConfig({ name: 'raw', arrival: traceArrival(rawNs), itemWork: det(200), linkLatencyNs: 0 });
  return testConfig({
    durationNs: 100_000,
    zeroCosts: true,
    costs: { irqEntryNs: det(100), irqExitNs: det(30), mmioReadNs: det(1000) },
    ntb: { device: 'idt', design: 'ntb-domain' },
    peers: [db, raw],
  });
}

describe('span sink: a ring client in softirq, preempted', () => {
  it('a hard irq that preempts a tasklet run nests inside the run, which ends that much later', () => {
    // As machine.test.ts's "softirq under hardirqs": one CPU, entry 100, exit 30, all else 0,
    // wire 0. The ring item at 1000: hard irq 1000..1100, the ISR schedules the tasklet, softirq
    // from 1100 (the hard irq ends there). The raw trigger at 5000 preempts the run (which
    // started at 1100): hard irq 5000..5330, action 5100..5300. The run's 10 µs item is done at
    // 11430; the tail (a doorbell read of 0 ns) ends it; softirq ends with the iret at 11460.
    const ring = peerConfig({ name: 'ring', client: 'ring', arrival: traceArrival([1000]), itemWork: det(10_000), linkLatencyNs: 0 });
    const raw = peerConfig({ name: 'raw', arrival: traceArrival([5000]), itemWork: det(200), linkLatencyNs: 0 });
    const { m, sink } = record(
      testConfig({
        durationNs: 100_000,
        zeroCosts: true,
        costs: { irqEntryNs: det(100), irqExitNs: det(30) },
        ntb: { device: 'idt', design: 'ntb-domain' },
        peers: [ring, raw],
      }),
    );
    const ringVirq = m.irqBySelector('ring/q0');
    const rawVirq = m.irqBySelector('raw/q0');
    const rawIrq = lonelyIrq(m, rawVirq, 1, { written: 5000, enter: 5000, action: 5100, actionEnd: 5300, exit: 5330 });
    expect(sink.callsOf(0)).toEqual([
      ...lonelyIrq(m, ringVirq, 0, { written: 1000, enter: 1000, action: 1100, actionEnd: 1100, exit: 1100 }),
      'cpu0 softirqEnter @1100',
      // The run's start is reported once certain: when its dispatch step (0 ns) is done at 1100.
      'cpu0 taskletStart q0 @1100',
      ...rawIrq,
      'cpu0 taskletEnd q0 items1 @11430',
      'cpu0 softirqExit @11460',
    ]);
    expect(sink.nestingProblems()).toEqual([]);
  });

  it("a run's span lasts to the next run's start, its tail included", () => {
    // The ring at 1000: hard irq 1000, entry to 1100, the db callback reads the register (1000)
    // and schedules the tasklet: softirq from 2100. The run does its item (200); its tail reads
    // the bit (1000), finds it set, clears it and reads back (1000), and the tasklet runs again:
    // 2100..4300. The second run finds no item and a clear bit: 4300..5300; the iret at 5330.
    const { sink } = record(doorbellRingConfig([1_000_000]));
    const calls = sink.callsOf(0);
    expect(calls.slice(calls.indexOf('cpu0 hardirqExit @2100'))).toEqual([
      'cpu0 hardirqExit @2100',
      'cpu0 softirqEnter @2100',
      'cpu0 taskletStart q0 @2100',
      'cpu0 taskletEnd q0 items1 @4300',
      'cpu0 taskletStart q0 @4300',
      'cpu0 taskletEnd q0 items0 @5300',
      'cpu0 softirqExit @5330',
    ]);
    expect(sink.nestingProblems()).toEqual([]);
  });

  it("a hard irq in a run's tail moves the next run's start, and the run's span holds the hard irq", () => {
    // As above, with the raw peer triggering at 3000, in the first run's tail (2300..4300): the
    // hard irq 3000..3330 (entry to 3100, its item to 3300, exit 30) pauses softirq, so the
    // second run, due at 4300, starts 330 later: the first run's span ends there, at 4630.
    const { m, sink } = record(doorbellRingConfig([3000]));
    const raw = m.irqBySelector('raw/q0');
    const calls = sink.callsOf(0);
    expect(calls.slice(calls.indexOf('cpu0 taskletStart q0 @2100'))).toEqual([
      'cpu0 taskletStart q0 @2100',
      ...lonelyIrq(m, raw, 1, { written: 3000, enter: 3000, action: 3100, actionEnd: 3300, exit: 3330 }),
      'cpu0 taskletEnd q0 items1 @4630',
      'cpu0 taskletStart q0 @4630',
      'cpu0 taskletEnd q0 items0 @5630',
      'cpu0 softirqExit @5660',
    ]);
    expect(sink.nestingProblems()).toEqual([]);
  });
});

describe('span sink on library workloads', () => {
  const cases: Array<[string, string[]]> = [
    ['workloads/doorbell-vs-msi.yaml', ['duration=10ms', 'warmup=0', 'peers[0].arrival.over=10ms', 'peers[1].arrival.over=10ms']],
    ['workloads/posted-msi-saturation.yaml', ['duration=3ms', 'warmup=0']],
    ['workloads/edge-migration-livelock.yaml', ['duration=8ms']],
    ['workloads/affinity-move-no-remap.yaml', ['duration=32ms']],
    ['workloads/message-link-storm.yaml', ['duration=10ms']],
    ['workloads/pingpong.yaml', []],
  ];
  it.each(cases)('%s: spans on each CPU nest properly and match the booked fates', (path, sets) => {
    const config = toMachineConfig(loadWorkload(readFileSync(path, 'utf8'), path, sets, { costNames: COST_NAMES }));
    const { m, sink } = record(config);
    const s = m.metrics.snapshot();
    expect(sink.nestingProblems()).toEqual([]);
    const count = (prefix: string): number => sink.calls.filter((c) => c.startsWith(prefix)).length;
    expect(count('trigger ')).toBe(fate(s, 'triggered'));
    expect(count('fate ')).toBe(fate(s, 'coalesced') + fate(s, 'lost'));
    // Every action that ended booked a handled trigger or a spurious entry.
    expect(sink.spans.filter((x) => x.kind === 'action').length).toBe(fate(s, 'handled') + fate(s, 'spurious'));
    expect(sink.spans.filter((x) => x.kind === 'hardirq').length).toBeGreaterThan(0);
  });
});
