import { describe, expect, it } from 'vitest';
import { det, peerConfig, testConfig, traceArrival } from '../machine/testing/config-builder.js';
import type { KernelView } from '../metrics/kernel-view.js';
import { runSimulation } from '../run.js';
import { formatProcInterrupts, irqColumnWidth } from './proc-interrupts.js';
import { buildTables } from './tables.js';

describe('irqColumnWidth', () => {
  it('is 3 below 1000 irqs and one more per decade, as show_interrupts() counts it', () => {
    expect([1, 999, 1000, 9999, 10_000, 100_000].map(irqColumnWidth)).toEqual([3, 3, 4, 4, 5, 6]);
  });
});

describe('formatProcInterrupts', () => {
  it('lays out rows, widths and arch rows like /proc/interrupts; wide counts push the row out, never truncate', () => {
    const level = { domain: 'VECTOR', hwirq: 7, chip: 'APIC', chipFlags: 0, chipFlagNames: [], composed: { addressHi: 0, addressLo: 0, data: 0 } };
    const irq = (virq: number, kstat: number[], actionName: string | null) => ({
      virq,
      name: `irq${virq}`,
      actionName,
      handler: 'handle_edge_irq',
      flowName: 'edge',
      device: 'dev',
      istate: 0,
      istateNames: [],
      depth: 0,
      dstate: 0,
      dstateNames: [],
      affinity: '0-1',
      effective: '0',
      pending: '',
      kstat,
      levels: [level],
      cpu: 0,
      vector: 34,
      irteIndex: -1,
      peerDescs: [],
    });
    const view: KernelView = {
      cpus: 2,
      irqs: [irq(0, [5, 12345678901], 'a'), irq(1, [0, 0], null), irq(2, [1, 2], 'b')],
      archRows: [{ name: 'PMN', perCpu: [3, 4], description: 'Posted MSI notification event' }],
      iec: null,
    };
    expect(formatProcInterrupts(view)).toBe(
      [
        '           CPU0       CPU1       ',
        '  0:          5 12345678901     APIC   7-edge      a',
        '  2:          1          2     APIC   7-edge      b',
        'PMN:          3          4   Posted MSI notification event',
        '',
      ].join('\n'),
    );
  });

  it('each irq row holds the irq handled count of irqs.csv, and each CPU column the interrupts of cpus.csv', () => {
    // Four peers on four CPUs, bursts close enough to coalesce in IRR, every trigger drained
    // before the end (no action in flight, nothing replayed, no moves): each handler entry is
    // one handled trigger, on the CPU that took it.
    const peers = [0, 1, 2, 3].map((i) =>
      peerConfig({
        name: `p${i}`,
        arrival: traceArrival(Array.from({ length: 300 }, (_, k) => 1000 + 1500 * k + (k % 3) * 150 * i)),
        itemWork: det(600 + 500 * i),
      }),
    );
    const r = runSimulation(testConfig({ cpus: 4, durationNs: 1_000_000, ntb: { device: 'idt' }, peers }));
    const [, cpusCsv, irqsCsv] = buildTables(r.snapshot);
    const handled = new Map(irqsCsv.rows.filter((row) => row[0] === 'irq').map((row) => [Number(row[1]), Number(row[4])]));
    const cpuCol = cpusCsv.columns.findIndex((c) => c.name === 'interrupts');
    const perCpu = cpusCsv.rows.map((row) => Number(row[cpuCol]));

    const lines = formatProcInterrupts(r.kernelView).trimEnd().split('\n').slice(1);
    const columnSums = [0, 0, 0, 0];
    let coalesced = 0;
    for (const line of lines) {
      const [irq, rest] = line.split(':');
      const counts = rest.trim().split(/\s+/).slice(0, 4).map(Number);
      counts.forEach((n, cpu) => (columnSums[cpu] += n));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(handled.get(Number(irq)));
    }
    for (const row of irqsCsv.rows) if (row[0] === 'irq') coalesced += Number(row[5]);
    expect(columnSums).toEqual(perCpu);
    // Not a vacuous check: every peer's irq ran, on more than one CPU's column in all, and some
    // triggers coalesced (they count nowhere in /proc/interrupts).
    expect([...handled.values()].filter((n) => n > 0)).toHaveLength(4);
    expect(perCpu.filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(coalesced).toBeGreaterThan(0);
  });
});
