/**
 * The accounting identity over random small machines (fast-check): every trigger a peer raises
 * ends handled, coalesced, lost or in flight, per irq, per peer and in total, whatever the
 * mechanism, client, remapping mode, costs and affinity moves; and a run is a pure function of
 * its config and seed. Random warm-up and irqbalance too; all costs 0 half the time, so that many
 * events share an instant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DistributionSpec } from '../engine/distributions.js';
import { FATE_EXPORT_COLUMNS } from '../metrics/accounting.js';
import type { MetricsSnapshot } from '../metrics/metrics.js';
import { runSimulation } from '../run.js';
import type { AffinityChange, MachineConfig, PeerConfig } from './config.js';
import { COST_NAMES } from './costs.js';
import { det, peerConfig, testConfig } from './testing/config-builder.js';

// MODEL: costs are whole ns (deterministic, or empirical over whole values with a whole mean):
// continuous distributions make the machine schedule fractional times (see machine.test.ts).
const wholeCost: fc.Arbitrary<DistributionSpec> = fc.oneof(
  fc.integer({ min: 0, max: 3000 }).map(det),
  fc.integer({ min: 0, max: 1500 }).map((a) => ({ type: 'empirical', samples: [a, a + 200, a + 400] }) as DistributionSpec),
);

const arrival = fc.oneof(
  fc.integer({ min: 10_000, max: 3_000_000 }).map((rate) => ({ type: 'poisson', rate }) as const),
  fc.integer({ min: 10_000, max: 2_000_000 }).map((rate) => ({ type: 'periodic', rate }) as const),
  fc.integer({ min: 100_000, max: 5_000_000 }).map((rate) => ({ type: 'onoff', on: 20_000, off: 30_000, rate }) as const),
);

const peerArb = fc.record({
  mechanism: fc.constantFrom('msi', 'msi', 'doorbell', 'message'),
  client: fc.constantFrom('raw', 'ring'),
  queues: fc.integer({ min: 1, max: 3 }),
  arrival,
  itemWork: wholeCost,
  handlerReturns: fc.constantFrom('handled', 'handled', 'handled', 'none'),
  linkLatencyNs: fc.integer({ min: 0, max: 2000 }),
  hops: fc.integer({ min: 1, max: 3 }),
  ringSize: fc.integer({ min: 1, max: 64 }),
  /** Share the first msi peer's irqs (only if this one is msi and not the first msi peer). */
  share: fc.boolean(),
});

const configArb = fc
  .record({
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    durationNs: fc.integer({ min: 100_000, max: 1_500_000 }),
    cpus: fc.integer({ min: 1, max: 4 }),
    remapping: fc.constantFrom('off', 'remapped', 'posted'),
    design: fc.constantFrom('virtual-msix', 'ntb-domain'),
    edgeMigrationFix: fc.boolean(),
    messageOverflow: fc.constantFrom('overwrite', 'drop'),
    hz: fc.constantFrom(1000, 4000, 10_000),
    warmupFraction: fc.constantFrom(0, 0, 0.1, 0.5),
    irqbalanceIntervalNs: fc.constantFrom(null, null, 100_000, 300_000),
    zeroCosts: fc.boolean(),
    peers: fc.array(peerArb, { minLength: 1, maxLength: 6 }),
    costs: fc.dictionary(fc.constantFrom(...COST_NAMES), wholeCost, { maxKeys: 6 }),
    changes: fc.array(
      fc.record({
        atFraction: fc.double({ min: 0, max: 0.95, noNaN: true }),
        target: fc.nat(),
        cpus: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
      }),
      { maxLength: 3 },
    ),
  })
  .map((r): MachineConfig => {
    const peers: PeerConfig[] = [];
    let firstMsi: PeerConfig | null = null;
    r.peers.forEach((p, i) => {
      const { share, ...fields } = p;
      let shares: string | null = null;
      // The shares rule (peer-rules.ts): a raw msi peer may share an msi peer with as many queues.
      if (p.mechanism === 'msi' && p.client === 'raw' && firstMsi !== null && share && p.queues <= firstMsi.queues) shares = firstMsi.name;
      const peer = peerConfig({ ...fields, name: `p${i}`, shares });
      if (p.mechanism === 'msi' && firstMsi === null) firstMsi = peer;
      peers.push(peer);
    });
    // Movable irqs: every queue of a peer with irqs of its own, and the doorbell vector.
    const irqs = ['switchtec/doorbell'];
    for (const p of peers) {
      if (p.mechanism !== 'msi' || p.shares) continue;
      for (let q = 0; q < p.queues; q++) irqs.push(`${p.name}/q${q}`);
    }
    const affinityChanges: AffinityChange[] = r.changes.map((c) => ({
      atNs: Math.floor(c.atFraction * r.durationNs),
      irq: irqs[c.target % irqs.length],
      cpus: c.cpus.filter((cpu) => cpu < r.cpus).length > 0 ? c.cpus.filter((cpu) => cpu < r.cpus) : [0],
    }));
    return testConfig({
      seed: r.seed,
      durationNs: r.durationNs,
      cpus: r.cpus,
      remapping: r.remapping,
      edgeMigrationFix: r.edgeMigrationFix,
      hz: r.hz,
      warmupNs: Math.floor(r.warmupFraction * r.durationNs),
      irqbalanceIntervalNs: r.irqbalanceIntervalNs,
      zeroCosts: r.zeroCosts,
      ntb: { device: 'idt', design: r.design, messageOverflow: r.messageOverflow },
      peers,
      affinityChanges,
      costs: r.costs,
    });
  });

function fateTotalsNonNegative(s: MetricsSnapshot): boolean {
  // Both tables start with the fate columns; their own counters follow.
  const fateColumns = FATE_EXPORT_COLUMNS.length;
  for (const table of [s.irqs, s.peers]) {
    for (const row of table.rows) {
      for (let i = 0; i < fateColumns; i++) if (!(row.values[i] >= 0)) return false;
    }
  }
  return true;
}

describe('accounting identity over random machines', () => {
  it('every trigger is handled, coalesced, lost or in flight; no fate is negative', () => {
    fc.assert(
      fc.property(configArb, (cfg) => {
        const s = runSimulation(cfg).snapshot;
        expect(s.identityViolations).toEqual([]);
        expect(fateTotalsNonNegative(s)).toBe(true);
        // Peer rows cover every trigger: all triggers here come from peers.
        const col = s.peers.columns.findIndex((c) => c.name === 'triggered');
        const byPeer = s.peers.rows.reduce((sum, row) => sum + row.values[col], 0);
        const total = s.summary.find((r) => r.scope === 'fate' && r.metric === 'triggered')?.value;
        expect(byPeer).toBe(total);
      }),
      { numRuns: 60, seed: 20_261_123 },
    );
  });

  it('the same config and seed give the same snapshot, byte for byte', () => {
    fc.assert(
      fc.property(configArb, (cfg) => {
        const a = JSON.stringify(runSimulation(cfg).snapshot);
        const b = JSON.stringify(runSimulation(cfg).snapshot);
        expect(b).toBe(a);
      }),
      { numRuns: 15, seed: 7 },
    );
  });
});
