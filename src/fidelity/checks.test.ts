import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COST_NAMES } from '../machine/costs.js';
import { runSimulation } from '../run.js';
import { loadWorkload } from '../workload/load.js';
import { toMachineConfig } from '../workload/to-machine-config.js';
import { QUICK_PLAN, caseTiming, fidelityConfig, fidelityWorkload, runFidelityChecks, type FidelityModel } from './checks.js';

describe('runFidelityChecks (quick)', () => {
  it('finds M/M/1 and M/D/1 at loads 0.5 and 0.8 inside every confidence interval', () => {
    const report = runFidelityChecks({ quick: true, models: ['M/M/1', 'M/D/1'], loads: [0.5, 0.8] });
    // M/M/1: mean, p50, p99 at two loads = 6; M/D/1: mean, p_idle, p99 at 0.5 and
    // mean, p_idle, p50, p99 at 0.8 = 7 (its median at 0.5 sits on the atom at D).
    expect(report.rows).toHaveLength(13);
    expect(report.level).toBeCloseTo(1 - 0.05 / 13, 12);
    const failed = report.rows.filter((r) => r.verdict !== 'pass');
    expect(failed).toEqual([]);
    for (const r of report.rows) {
      expect(r.ciLow).toBeLessThanOrEqual(r.simulated);
      expect(r.simulated).toBeLessThanOrEqual(r.ciHigh);
    }
    // The intervals mean something: at ρ = 0.5 the mean is pinned within 3 %.
    const mm1Mean = report.rows.find((r) => r.case === 'M/M/1 ρ=0.5' && r.metric === 'mean_ns');
    expect(mm1Mean?.theory).toBeCloseTo(2000, 9);
    expect(((mm1Mean?.ciHigh ?? 0) - (mm1Mean?.ciLow ?? 0)) / 2).toBeLessThan(60);
    const idle = report.rows.find((r) => r.case === 'M/D/1 ρ=0.5' && r.metric === 'p_idle');
    expect(idle?.theory).toBeCloseTo(0.5, 12);
    expect(report.cases).toHaveLength(4);
    for (const c of report.cases) expect(c.items).toBeGreaterThanOrEqual(QUICK_PLAN.replications * QUICK_PLAN.minItems * 0.95);
  }, 60_000);

  it('rejects an unknown model and a bad load', () => {
    expect(() => runFidelityChecks({ models: ['M/M/2' as FidelityModel] })).toThrow(/unknown fidelity model "M\/M\/2"/);
    expect(() => runFidelityChecks({ models: ['M/M/1'], loads: [1] })).toThrow(/load ρ must be in \(0, 1\), got 1/);
  });
});

describe('caseTiming', () => {
  it('sizes a run from the relaxation time and the item floor', () => {
    // M/M/1 ρ = 0.8, E[S] = 1 µs: τ = 1000/(1 − √0.8)² = 89 721 ns. Quick plan: 10 batches of
    // 20τ = 17.9 ms in all, but 100 000 items at 800 kHz need 125 ms, which wins. Warm-up target
    // 20τ = 1.794 ms; 12.5 ms per batch / 1.794 ms → 7 intervals per batch of ⌈1785.7⌉ = 1786 µs;
    // batch 12.502 ms; warm-up ⌈1.794/1.786⌉ = 2 intervals = 3.572 ms; duration 3.572 + 125.02 ms.
    const t = caseTiming(0.8, { type: 'exponential', mean: 1000 }, QUICK_PLAN);
    expect(t.relaxationNs).toBeCloseTo(89_721.36, 1);
    expect(t.perBatch).toBe(7);
    expect(t.intervalNs).toBe(1_786_000);
    expect(t.batchNs).toBe(12_502_000);
    expect(t.warmupNs).toBe(3_572_000);
    expect(t.durationNs).toBe(128_592_000);
    expect(t.rateHz).toBeCloseTo(800_000, 6);
  });
});

describe('the workload files', () => {
  // The files zero only the costs on the ring-over-MSI path; the checks zero every cost. Equal
  // latencies on the same seed show the two describe the same queue.
  const timing = { intervalNs: 1_000_000, warmupNs: 2_000_000, durationNs: 20_000_000 };
  const sets = ['seed=5', 'duration=20ms', 'warmup=2ms', 'statsInterval=1ms'];
  it.each([
    ['workloads/mg1.yaml', 'M/G/1'],
    ['workloads/mmc-independent.yaml', '2xM/M/1'],
    ['workloads/mm1.yaml', 'M/M/1'],
    ['workloads/md1.yaml', 'M/D/1'],
  ] as const)('%s runs the same queue as the %s check at ρ = 0.8', (file, model) => {
    const fromFile = toMachineConfig(loadWorkload(readFileSync(file, 'utf8'), file, sets, { costNames: COST_NAMES }));
    const fromCheck = fidelityConfig(fidelityWorkload(model, 0.8, 5, timing), model);
    const a = runSimulation(fromFile).snapshot.latency.filter((l) => l.stage === 'end_to_end');
    const b = runSimulation(fromCheck).snapshot.latency.filter((l) => l.stage === 'end_to_end');
    expect(a.length).toBeGreaterThan(0);
    expect(a[0].count).toBeGreaterThan(10_000);
    expect(a.map((l) => [l.scope, l.count, l.meanNs, l.p99Ns])).toEqual(b.map((l) => [l.scope, l.count, l.meanNs, l.p99Ns]));
  });
});
