/**
 * timeline.json and trace.txt as the machine drives them: the hand-computed one-CPU scenario of
 * src/machine/spans.test.ts gives exact slices, instants, flows, counters and ftrace lines; a
 * window cuts them; library workloads give files that pass the Trace Event Format checker
 * (testing/trace-event-check.ts) and the ftrace line grammar, with every line in time order.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COST_NAMES } from '../../machine/costs.js';
import { readKernelView } from '../../machine/kernel-view.js';
import { Machine } from '../../machine/machine.js';
import type { MachineConfig } from '../../machine/config.js';
import { det, peerConfig, testConfig, traceArrival } from '../../machine/testing/config-builder.js';
import { fate } from '../../machine/testing/snapshot-reader.js';
import { runSimulation } from '../../run.js';
import { loadWorkload } from '../../workload/load.js';
import { toMachineConfig } from '../../workload/to-machine-config.js';
import { StreamedFile } from '../streamed-file.js';
import { checkTraceEventFile, type TraceEvent } from './testing/trace-event-check.js';
import { TimelineFiles } from './timeline-files.js';
import { timelineNames } from './timeline-names.js';
import { usText, wholeRun, type TimelineWindow } from './timeline-window.js';

interface Recorded {
  readonly events: TraceEvent[];
  readonly problems: string[];
  readonly lines: string[];
  readonly sink: TimelineFiles;
  readonly machine: Machine;
  readonly snapshot: ReturnType<typeof runSimulation>['snapshot'];
}

/** Runs `config` with both writers (progress steps of `stepNs`, as the CLI's advance calls) and reads the files back. */
function record(config: MachineConfig, window: TimelineWindow = wholeRun(config.durationNs), stepNs = 100_000): Recorded {
  const dir = mkdtempSync(join(tmpdir(), 'irqstorm-timeline-'));
  const json = new StreamedFile(join(dir, 'timeline.json'));
  const text = new StreamedFile(join(dir, 'trace.txt'));
  const built = new Machine(config);
  const names = timelineNames('test', readKernelView(built), config.peers.map((p) => p.name));
  const sink = new TimelineFiles(json, text, names, window);
  const result = runSimulation(config, { spans: sink, progressEveryNs: stepNs, onProgress: (t) => sink.advance(t) });
  sink.finish(result.simulatedNs);
  json.commit();
  text.commit();
  const { events, problems } = checkTraceEventFile(readFileSync(join(dir, 'timeline.json'), 'utf8'));
  const lines = readFileSync(join(dir, 'trace.txt'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  return { events, problems, lines, sink, machine: built, snapshot: result.snapshot };
}

/** The hand-computed scenario of spans.test.ts: one CPU, one raw MSI peer writing at 1000, 1100, 1150. */
function oneCpuConfig(): MachineConfig {
  return testConfig({
    durationNs: 100_000,
    zeroCosts: true,
    costs: { msiDeliveryNs: det(500), irqEntryNs: det(100), irqExitNs: det(30), ackLevelNs: det(5), eoiNs: det(40), isrNs: det(20) },
    peer: { arrival: traceArrival([1000, 1100, 1150]), itemWork: det(1000), linkLatencyNs: 100, hops: 2 },
  });
}

/** One event, shortened to what a test compares. */
function brief(e: TraceEvent): string {
  const args = e.args === undefined ? '' : ` ${JSON.stringify(e.args)}`;
  return `${e.ph} ${e.pid}/${e.tid ?? '-'} ${e.cat ?? ''}:${e.name} @${e.ts}${e.dur === undefined ? '' : `+${e.dur}`}${e.id === undefined ? '' : ` #${e.id}`}${args}`;
}

// One ftrace line, as kernel/trace/trace_output.c prints it for the irq events.
const FTRACE_LINE =
  /^ {10}<idle>-0 {7}\[(\d{3})\] ([d.][.][hHs.][0-9.][.]) +(\d+)\.(\d{6}): (irq_handler_entry: irq=\d+ name=\S+|irq_handler_exit: irq=\d+ ret=(?:handled|unhandled)|softirq_(?:entry|exit): vec=6 \[action=TASKLET\])$/;

describe('timeline.json and trace.txt: one CPU, one raw MSI peer (hand-computed)', () => {
  it('writes the slices, instants, flows and counters at the hand-computed times', () => {
    // As spans.test.ts: hard irq 1700..2895 (ack 1800..1845, action 1845..2865), the second
    // 2895..4090 (ack 2995..3040, action 3040..4060); the write at 1150 is coalesced at 1850.
    const r = record(oneCpuConfig());
    expect(r.problems).toEqual([]);
    const virq = r.machine.irqBySelector('p0/q0');
    const vector = readKernelView(r.machine).irqs.find((i) => i.virq === virq)?.vector ?? -1;
    const hwirq = readKernelView(r.machine).irqs.find((i) => i.virq === virq)?.levels[0].hwirq;
    const peer = r.machine.config.peers[0].name;
    const name = readKernelView(r.machine).irqs.find((i) => i.virq === virq)?.actionName;
    const hard = `irq ${virq} ${name}`;
    const body = r.events.filter((e) => e.ph !== 'M').map(brief);
    const vec = `"0x${vector.toString(16)}"`;
    expect(body).toEqual([
      `i 2/1000000 trigger:trigger irq ${virq} @1 {"irq":${virq},"landed_us":1.7}`,
      'C 1/- :IRR depth CPU 0 @1.7 {"vectors":1}',
      'C 1/- :busy CPU 0 @1.7 {"busy":1}',
      'C 1/- :IRR depth CPU 0 @1.7 {"vectors":0}',
      `X 1/1 ack:ack+EOI irq ${virq} @1.8+0.045 {"irq":${virq}}`,
      `i 2/1000000 trigger:trigger irq ${virq} @1.1 {"irq":${virq},"landed_us":1.8}`,
      'C 1/- :IRR depth CPU 0 @1.8 {"vectors":1}',
      `i 2/1000000 trigger:trigger irq ${virq} @1.15 {"irq":${virq},"landed_us":1.85}`,
      `i 2/1000000 coalesced:coalesced (irr) irq ${virq} @1.85 {"irq":${virq},"reason":"irr","written_us":1.15}`,
      `X 1/1 action:${hard} @1.845+1.02 {"irq":${virq},"ret":"handled","peer":"${peer}","written_us":1}`,
      'f 2/1000000 flow:served @1 #1'.replace('f ', 's '),
      'f 1/1 flow:served @1.845 #1',
      `X 1/1 hardirq:${hard} @1.7+1.195 {"irq":${virq},"vector":${vec},"hwirq":${hwirq},"peer":"${peer}"}`,
      'C 1/- :IRR depth CPU 0 @2.895 {"vectors":0}',
      `X 1/1 ack:ack+EOI irq ${virq} @2.995+0.045 {"irq":${virq}}`,
      `X 1/1 action:${hard} @3.04+1.02 {"irq":${virq},"ret":"handled","peer":"${peer}","written_us":1.1}`,
      's 2/1000000 flow:served @1.1 #2',
      'f 1/1 flow:served @3.04 #2',
      `X 1/1 hardirq:${hard} @2.895+1.195 {"irq":${virq},"vector":${vec},"hwirq":${hwirq},"peer":"${peer}"}`,
      // The CPU was busy from 1700 to 4090 without a gap (the second irq entered at the first's iret).
      'C 1/- :busy CPU 0 @4.09 {"busy":0}',
    ]);
    expect(r.lines).toEqual([
      `          <idle>-0       [000] d.h1.     0.000001: irq_handler_entry: irq=${virq} name=${name}`,
      `          <idle>-0       [000] d.h1.     0.000002: irq_handler_exit: irq=${virq} ret=handled`,
      `          <idle>-0       [000] d.h1.     0.000003: irq_handler_entry: irq=${virq} name=${name}`,
      `          <idle>-0       [000] d.h1.     0.000004: irq_handler_exit: irq=${virq} ret=handled`,
    ]);
    for (const l of r.lines) expect(l).toMatch(FTRACE_LINE);
  });

  it('a window keeps the slices that start in it, cut at its end, and only flows with both ends inside', () => {
    const r = record(oneCpuConfig(), { fromNs: 2000, toNs: 3500 });
    expect(r.problems).toEqual([]);
    const slices = r.events.filter((e) => e.ph === 'X').map((e) => `${e.cat} @${e.ts}+${e.dur}`);
    // The first hard irq (1700..2895) and all in it started before 2000: out. The second hard
    // irq 2895..4090 → ..3500, its ack 2995..3040 whole, its action 3040..4060 → ..3500.
    expect(slices).toEqual(['ack @2.995+0.045', 'action @3.04+0.46', 'hardirq @2.895+0.605']);
    // Every trigger was written before 2000: no instants, no flows; the coalescing at 1850 is out.
    expect(r.events.filter((e) => e.ph === 'i' || e.ph === 's' || e.ph === 'f')).toEqual([]);
    expect(r.lines.map((l) => l.slice(l.indexOf(': ') + 2))).toEqual([`irq_handler_exit: irq=${r.machine.irqBySelector('p0/q0')} ret=handled`, expect.stringMatching(/^irq_handler_entry/)]);
  });

  it('writes µs with the ns kept', () => {
    expect(usText(0)).toBe('0.000');
    expect(usText(1234567)).toBe('1234.567');
    expect(usText(1005)).toBe('1.005');
    expect(usText(1050.4)).toBe('1.050');
  });
});

describe('timeline.json and trace.txt: softirq', () => {
  it('softirq is a B/E pair holding its tasklet runs; trace.txt has softirq_entry/exit with the s flag', () => {
    // spans.test.ts's doorbell ring: hard irq 1000..2100, softirq 2100..5330 with runs
    // 2100..4300 and 4300..5300.
    const db = peerConfig({ name: 'db', mechanism: 'doorbell', client: 'ring', arrival: traceArrival([1000]), itemWork: det(200), linkLatencyNs: 0 });
    const config = testConfig({
      durationNs: 100_000,
      zeroCosts: true,
      costs: { irqEntryNs: det(100), irqExitNs: det(30), mmioReadNs: det(1000) },
      ntb: { device: 'idt', design: 'ntb-domain' },
      peers: [db],
    });
    const r = record(config);
    expect(r.problems).toEqual([]);
    const cpu0 = r.events.filter((e) => e.tid === 1 && (e.cat === 'softirq' || e.cat === 'tasklet')).map((e) => `${e.ph} ${e.name} @${e.ts}${e.dur === undefined ? '' : `+${e.dur}`}`);
    expect(cpu0).toEqual(['B softirq TASKLET @2.1', 'X tasklet q0 @2.1+2.2', 'X tasklet q0 @4.3+1', 'E softirq TASKLET @5.33']);
    const soft = r.lines.filter((l) => l.includes('softirq_'));
    expect(soft).toEqual([
      '          <idle>-0       [000] ..s1.     0.000002: softirq_entry: vec=6 [action=TASKLET]',
      '          <idle>-0       [000] ..s1.     0.000005: softirq_exit: vec=6 [action=TASKLET]',
    ]);
  });
});

describe('timeline.json and trace.txt on library workloads', () => {
  const cases: Array<[string, string[]]> = [
    ['workloads/doorbell-vs-msi.yaml', ['duration=4ms', 'warmup=0', 'peers[0].arrival.over=4ms', 'peers[1].arrival.over=4ms']],
    ['workloads/posted-msi-saturation.yaml', ['duration=1ms', 'warmup=0']],
    ['workloads/edge-migration-livelock.yaml', ['duration=8ms']],
    ['workloads/affinity-move-no-remap.yaml', ['duration=32ms']],
    ['workloads/message-link-storm.yaml', ['duration=4ms']],
  ];
  it.each(cases)('%s: a valid Trace Event file; ftrace lines in grammar and time order', (path, sets) => {
    const config = toMachineConfig(loadWorkload(readFileSync(path, 'utf8'), path, sets, { costNames: COST_NAMES }));
    const r = record(config);
    expect(r.problems.slice(0, 10)).toEqual([]);
    const s = r.snapshot;
    const count = (ph: string, cat: string): number => r.events.filter((e) => e.ph === ph && e.cat === cat).length;
    // Every trigger, every coalesced or lost one, and every action run (handled or spurious) is there.
    expect(count('i', 'trigger')).toBe(fate(s, 'triggered'));
    expect(count('i', 'coalesced') + count('i', 'lost')).toBe(fate(s, 'coalesced') + fate(s, 'lost'));
    expect(count('X', 'action')).toBe(fate(s, 'handled') + fate(s, 'spurious') + r.events.filter((e) => e.args?.ret === 'running').length);
    expect(count('s', 'flow')).toBeGreaterThan(0);
    expect(count('X', 'hardirq')).toBeGreaterThan(0);
    // With posted MSI, hard irqs on the notification vector are named so and hold the handler's slice.
    const posted = r.events.filter((e) => e.ph === 'X' && e.cat === 'posted').length;
    expect(r.events.filter((e) => e.ph === 'X' && e.cat === 'hardirq' && e.name === 'posted MSI notification').length).toBe(posted);
    if (path.includes('posted')) expect(posted).toBeGreaterThan(0);
    // trace.txt: every line in grammar, timestamps never going back, nothing late, though (with
    // two CPUs busy at once) the machine reported some out of order: the buffer had work to do.
    expect(r.sink.ftrace.late).toBe(0);
    if (path.includes('affinity-move')) expect(r.sink.ftrace.reordered).toBeGreaterThan(0);
    let last = -1;
    for (const l of r.lines) {
      const m = FTRACE_LINE.exec(l);
      expect(m, l).not.toBeNull();
      const us = Number(m?.[3]) * 1e6 + Number(m?.[4]);
      expect(us).toBeGreaterThanOrEqual(last);
      last = us;
    }
    expect(r.lines.filter((l) => l.includes('irq_handler_entry')).length).toBe(count('X', 'action'));
    // The ordering window stays small: a few progress steps' lines, not the run's.
    expect(r.sink.ftrace.peakHeld).toBeLessThan(r.lines.length);
  });
});

describe('timeline.json and trace.txt with a window on a library workload', () => {
  it('keeps a valid file with everything inside the window (softirq and tasklets crossing its edges)', () => {
    const path = 'workloads/doorbell-vs-msi.yaml';
    const sets = ['duration=4ms', 'warmup=0', 'peers[0].arrival.over=4ms', 'peers[1].arrival.over=4ms'];
    const config = toMachineConfig(loadWorkload(readFileSync(path, 'utf8'), path, sets, { costNames: COST_NAMES }));
    const r = record(config, { fromNs: 1_000_000, toNs: 3_000_000 });
    expect(r.problems.slice(0, 10)).toEqual([]);
    for (const e of r.events) {
      if (e.ph === 'M') continue;
      expect(e.ts).toBeGreaterThanOrEqual(1000);
      expect((e.ts ?? 0) + (e.dur ?? 0)).toBeLessThanOrEqual(3000);
    }
    expect(r.events.filter((e) => e.ph === 's').length).toBeGreaterThan(0);
    expect(r.events.filter((e) => e.cat === 'tasklet').length).toBeGreaterThan(0);
    expect(r.sink.ftrace.late).toBe(0);
  });
});
