import { describe, expect, it } from 'vitest';
import { peerConfig, periodicArrival, testConfig } from '../machine/testing/config-builder.js';
import type { MachineConfig } from '../machine/config.js';
import { runSimulation } from '../run.js';
import { BREAKDOWN_ROWS, defaultBreakdown, formatBreakdown } from './summary-by.js';
import { formatAffinityTable, withPlacementColumns } from './irq-placement.js';
import { formatNs } from './summary-table.js';
import { buildTables } from './tables.js';

/** `n` MSI peers p0…, peer i at (i + 1) × 10 kHz, so every peer has its own trigger count. */
function peersConfig(n: number, device: MachineConfig['ntb']['device']): MachineConfig {
  const peers = Array.from({ length: n }, (_, i) => peerConfig({ name: `p${i}`, arrival: periodicArrival((i + 1) * 10_000) }));
  return testConfig({ cpus: 2, durationNs: 1_000_000, ntb: { device, design: 'ntb-domain' }, peers });
}

describe('formatBreakdown', () => {
  it('shows a few peers by default, with the fates of irqs.csv and each peer end-to-end latency', () => {
    const r = runSimulation(peersConfig(3, 'idt'));
    expect(defaultBreakdown(r.snapshot)).toBe('peer');
    const lines = formatBreakdown(r.snapshot, r.kernelView, 'peer').trimEnd().split('\n');
    expect(lines[1]).toBe('Per peer (fates: whole run; end_to_end: statistics window)');
    expect(lines[2].split(/\s+/).filter((c) => c !== '')).toEqual(['peer', 'triggered', 'handled', 'coalesced', 'lost', 'e2e', 'p50', 'e2e', 'p99']);
    // Periodic at 10, 20, 30 kHz over 1 ms: 10, 20 and 30 writes, the last at 1 ms itself, still
    // on the link at the end: 9, 19 and 29 triggers, each handled.
    const cells = lines.slice(3).map((l) => l.trim().split(/\s+/));
    expect(cells.map((c) => c.slice(0, 5))).toEqual([
      ['p0', '9', '9', '0', '0'],
      ['p1', '19', '19', '0', '0'],
      ['p2', '29', '29', '0', '0'],
    ]);
    for (const [i, c] of cells.entries()) {
      const l = r.snapshot.latency.find((x) => x.stage === 'end_to_end' && x.scope === `p${i}`);
      expect(`${c[5]} ${c[6]}`).toBe(formatNs(l?.p50Ns ?? NaN));
    }
  });

  it('shows no breakdown by default for one peer, and none when asked', () => {
    const r = runSimulation(testConfig());
    expect(defaultBreakdown(r.snapshot)).toBe('none');
    expect(formatBreakdown(r.snapshot, r.kernelView, 'none')).toBe('');
  });

  it('keeps the busiest rows of a long table, in their order, and says how many it left out', () => {
    const r = runSimulation(peersConfig(25, 'storm'));
    expect(defaultBreakdown(r.snapshot)).toBe('none');
    const lines = formatBreakdown(r.snapshot, r.kernelView, 'peer').trimEnd().split('\n');
    const names = lines.slice(3, 3 + BREAKDOWN_ROWS).map((l) => l.trim().split(/\s+/)[0]);
    // The 20 busiest are p5…p24 (rates grow with the index); above 16 peers there is no per-peer latency.
    expect(names).toEqual(Array.from({ length: 20 }, (_, i) => `p${i + 5}`));
    expect(lines[2]).not.toContain('e2e');
    expect(lines.at(-1)).toBe('  … 5 more peers with fewer (irqs.csv, cpus.csv have every row)');
  });

  it('per irq: only requested irqs, with the CPU and vector they end on', () => {
    const r = runSimulation(peersConfig(2, 'idt'));
    const rows = formatBreakdown(r.snapshot, r.kernelView, 'irq').trimEnd().split('\n').slice(3);
    const named = rows.map((l) => l.trim().split(/\s+/).slice(0, 4));
    const expected = r.kernelView.irqs.filter((i) => i.actionName !== null).map((i) => [String(i.virq), i.name, String(i.cpu), String(i.vector)]);
    expect(named).toEqual(expected);
    expect(named.map((c) => c[1])).toEqual(['switchtec/event', 'switchtec/dma_rpc', 'switchtec/message', 'switchtec/doorbell', 'p0/q0', 'p1/q0']);
  });

  it('per CPU: the counters and utilisation of cpus.csv', () => {
    const r = runSimulation(peersConfig(2, 'idt'));
    const rows = formatBreakdown(r.snapshot, r.kernelView, 'cpu').trimEnd().split('\n').slice(3);
    const interrupts = r.snapshot.cpus.rows.map((row) => String(row.values[0]));
    expect(rows.map((l) => l.trim().split(/\s+/)[1])).toEqual(interrupts);
  });
});

describe('placement', () => {
  it('irqs.csv gains cpu, vector, IRTE and effective affinity on irq rows, empty cells elsewhere', () => {
    const r = runSimulation(testConfig({ cpus: 2, remapping: 'remapped', ntb: { nirqs: 6 } }));
    const t = withPlacementColumns(buildTables(r.snapshot)[2], r.kernelView);
    const tail = (row: readonly unknown[]) => row.slice(-4);
    const byName = new Map(t.rows.map((row) => [row[2], tail(row)]));
    // virtual-msix: the queue takes the first entry without an action, msix4 (virq 4, IRTE 4).
    const q = r.kernelView.irqs[4];
    expect(byName.get('p0/q0')).toEqual([q.cpu, q.vector, 4, String(q.cpu)]);
    const event = r.kernelView.irqs[0];
    expect(byName.get('switchtec/event')).toEqual([event.cpu, event.vector, 0, String(event.cpu)]);
    expect(byName.get('p0')).toEqual(['', '', '', '']);
    expect(t.columns.slice(-4).map((c) => c.name)).toEqual(['cpu', 'vector', 'irte_index', 'effective_affinity']);
  });

  it('leaves the placement cells of an irq without a vector empty (never activated), and keeps its IRTE', () => {
    const r = runSimulation(testConfig({ cpus: 2, remapping: 'remapped', ntb: { nirqs: 6 } }));
    // msix5 is allocated (IRTE 5) but nobody requested it: no vector, no CPU.
    const t = withPlacementColumns({ ...buildTables(r.snapshot)[2], rows: [['irq', 5, 'switchtec/msix5']] }, r.kernelView);
    expect(r.kernelView.irqs[5]).toMatchObject({ actionName: null, vector: 0, irteIndex: 5 });
    expect(t.rows).toEqual([['irq', 5, 'switchtec/msix5', '', '', 5, '']]);
  });

  it('the affinity view lists requested irqs with their masks', () => {
    const r = runSimulation(testConfig({ cpus: 2, affinity: [{ irq: 'p0/q0', cpus: [1] }] }));
    const lines = formatAffinityTable(r.kernelView).trimEnd().split('\n');
    expect(lines[0].split(/\s+/)).toEqual(['name', 'irq', 'smp_affinity_list', 'effective_affinity_list', 'pending', 'cpu', 'vector', 'irte']);
    expect(lines).toHaveLength(6);
    expect(lines[5].split(/\s+/)).toEqual(['p0/q0', '4', '1', '1', '-', '1', String(r.kernelView.irqs[4].vector), '-']);
  });
});
