/**
 * src/fidelity/: the model held to queueing theory (no kernel counterpart).
 *
 * The fidelity checks: with every cost zero, one CPU serving one ring client with Poisson
 * arrivals is a work-conserving FIFO M/G/1 queue, so its end-to-end latency must match queueing
 * theory (queueing.ts) within a confidence interval (batch-means.ts). Also: CPUs with their own
 * vectors are independent queues. No kernel counterpart; this validates the model, not a kernel path.
 *
 * Run lengths (see `FidelityPlan`): every length is a multiple of the queue's relaxation time τ
 * (queueing.ts relaxationTimeNs; ~12 µs at ρ = 0.5, ~90 µs at 0.8, ~1.6 ms at 0.95 with 1 µs
 * service). The warm-up is `warmupRelax`·τ, after which the start-empty bias (∝ e^(−t/τ)) is
 * negligible; each batch is `batchRelax`·τ long so that adjacent batch means are nearly
 * uncorrelated (the reported lag-1 correlation says how nearly); and a run holds at least
 * `minItems` latencies so that its p99 rests on thousands of tail samples. At ρ = 0.95 τ rules
 * (20 batches of 50τ ≈ 1.5 s simulated per replication); at ρ ≤ 0.8 the item floor does.
 *
 * Confidence level: all checks of one call form a family; each interval is at level
 * 1 − α/m (Bonferroni, m = number of checks, α = `familyAlpha`) so that a correct simulator fails
 * any check with probability at most α. Intervals are never widened beyond that. Quantiles are
 * the simulator's own (its HdrHistogram at 3 significant digits reports a bucket's upper end, up
 * to 0.1 % high), a bias far inside every interval.
 */
import { createSampler, type DistributionSpec } from '../engine/distributions.js';
import { COST_NAMES } from '../machine/costs.js';
import type { MachineConfig } from '../machine/config.js';
import { Machine } from '../machine/machine.js';
import { CPU_INTERRUPTS, SERIES_LATENCY } from '../metrics/metrics.js';
import { STAGE_END_TO_END } from '../metrics/stages.js';
import type { LatencyHistogram } from '../metrics/latency-histogram.js';
import { toMachineConfig } from '../workload/to-machine-config.js';
import { validateWorkload } from '../workload/load.js';
import { batchMeansInterval, groupBatches, lag1Correlation, replicationInterval, type ConfidenceInterval } from './batch-means.js';
import {
  md1SojournQuantileNs,
  mg1MeanSojournNs,
  mm1SojournQuantileNs,
  relaxationTimeNs,
  serviceMoments,
} from './queueing.js';

/** The queue a case reduces to. '2xM/M/1': two CPUs, two peers, each irq pinned to its own CPU. */
export type FidelityModel = 'M/M/1' | 'M/D/1' | 'M/G/1' | '2xM/M/1';

export const FIDELITY_MODELS: readonly FidelityModel[] = ['M/M/1', 'M/D/1', 'M/G/1', '2xM/M/1'];

/** Mean service time of every case (ns). */
export const SERVICE_MEAN_NS = 1000;

/** M/G/1 service: lognormal with mean 1 µs and σ = 1 (c_s² = e − 1 ≈ 1.72, heavier than exponential). */
export const MG1_SERVICE: DistributionSpec = { type: 'lognormal', mu: Math.log(SERVICE_MEAN_NS) - 0.5, sigma: 1 };

const SERVICE: Readonly<Record<FidelityModel, DistributionSpec>> = {
  'M/M/1': { type: 'exponential', mean: SERVICE_MEAN_NS },
  'M/D/1': { type: 'deterministic', value: SERVICE_MEAN_NS },
  'M/G/1': MG1_SERVICE,
  '2xM/M/1': { type: 'exponential', mean: SERVICE_MEAN_NS },
};

/** How long and how often each case runs. */
export interface FidelityPlan {
  /** Independent runs (seeds) per case; quantile intervals are t-intervals over them. */
  readonly replications: number;
  /** Batches per replication after warm-up; the mean's interval pools all replications' batches. */
  readonly batches: number;
  /** Batch length in relaxation times τ (at least). */
  readonly batchRelax: number;
  /** Warm-up in relaxation times τ (at least). */
  readonly warmupRelax: number;
  /** Latencies per replication (at least). */
  readonly minItems: number;
}

export const FULL_PLAN: FidelityPlan = { replications: 10, batches: 20, batchRelax: 50, warmupRelax: 50, minItems: 500_000 };
export const QUICK_PLAN: FidelityPlan = { replications: 5, batches: 10, batchRelax: 20, warmupRelax: 20, minItems: 100_000 };

export interface FidelityOptions {
  /** Fewer, shorter runs (QUICK_PLAN) and fewer cases, same method. @defaultValue false */
  readonly quick?: boolean;
  /** Models to run. @defaultValue all four */
  readonly models?: readonly FidelityModel[];
  /** Loads ρ to run each single-queue model at. @defaultValue [0.5, 0.8, 0.95], quick [0.5, 0.8] */
  readonly loads?: readonly number[];
  /** Load of the 2xM/M/1 case. @defaultValue 0.8 */
  readonly independentLoad?: number;
  /** Probability that a correct simulator fails any check of the family. @defaultValue 0.05 */
  readonly familyAlpha?: number;
  /** Overrides the plan the mode picks. */
  readonly plan?: FidelityPlan;
  /** Called after each case with its run summary (for progress output). */
  readonly onCase?: (summary: FidelityCaseSummary) => void;
}

/** One check: a theoretical value against the simulator's estimate and its confidence interval. */
export interface FidelityRow {
  /** e.g. "M/D/1 ρ=0.8". */
  readonly case: string;
  /** e.g. "mean_ns", "p99_ns", "p_idle" (P(T = D)), "cpu1_mean_ns". */
  readonly metric: string;
  readonly theory: number;
  readonly simulated: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** Confidence level of the interval. */
  readonly level: number;
  /** 'batch-means' (pooled batches) or 'replications'. */
  readonly method: 'batch-means' | 'replications';
  /** Batches or replications behind the interval. */
  readonly samples: number;
  readonly verdict: 'pass' | 'fail';
}

/** What one case ran. */
export interface FidelityCaseSummary {
  readonly case: string;
  readonly model: FidelityModel;
  readonly rho: number;
  readonly relaxationNs: number;
  readonly warmupNs: number;
  readonly batchNs: number;
  /** Simulated ns per replication, warm-up included. */
  readonly durationNs: number;
  readonly replications: number;
  /** Latencies recorded after warm-up, all replications. */
  readonly items: number;
  /** Lag-1 correlation of the batch means, averaged over replications (NaN for 2xM/M/1). */
  readonly batchLag1: number;
  readonly wallMs: number;
}

export interface FidelityReport {
  readonly quick: boolean;
  readonly familyAlpha: number;
  /** Level of every interval: 1 − familyAlpha / rows.length. */
  readonly level: number;
  readonly plan: FidelityPlan;
  readonly rows: readonly FidelityRow[];
  readonly cases: readonly FidelityCaseSummary[];
}

interface CaseSpec {
  readonly name: string;
  readonly model: FidelityModel;
  readonly rho: number;
  readonly service: DistributionSpec;
  readonly metrics: readonly string[];
}

/**
 * Runs the fidelity checks and returns one row per check with its verdict. Deterministic: the
 * seeds are fixed (replication r of case c uses seed 1000·(c + 1) + r).
 */
export function runFidelityChecks(options: FidelityOptions = {}): FidelityReport {
  const quick = options.quick ?? false;
  const plan = options.plan ?? (quick ? QUICK_PLAN : FULL_PLAN);
  checkPlan(plan);
  const familyAlpha = options.familyAlpha ?? 0.05;
  if (!(familyAlpha > 0 && familyAlpha < 1)) throw new RangeError(`familyAlpha must be in (0, 1), got ${familyAlpha}`);
  const cases = planCases(
    options.models ?? FIDELITY_MODELS,
    options.loads ?? (quick ? [0.5, 0.8] : [0.5, 0.8, 0.95]),
    options.independentLoad ?? 0.8,
  );
  let checks = 0;
  for (const c of cases) checks += c.metrics.length;
  const level = 1 - familyAlpha / checks;
  const rows: FidelityRow[] = [];
  const summaries: FidelityCaseSummary[] = [];
  for (let i = 0; i < cases.length; i++) {
    const { rows: caseRows, summary } = runCase(cases[i], plan, level, 1000 * (i + 1));
    rows.push(...caseRows);
    summaries.push(summary);
    options.onCase?.(summary);
  }
  return { quick, familyAlpha, level, plan, rows, cases: summaries };
}

function checkPlan(plan: FidelityPlan): void {
  if (!Number.isInteger(plan.replications) || plan.replications < 2) {
    throw new RangeError(`plan.replications must be an integer >= 2, got ${plan.replications}`);
  }
  if (!Number.isInteger(plan.batches) || plan.batches < 2) {
    throw new RangeError(`plan.batches must be an integer >= 2, got ${plan.batches}`);
  }
  for (const key of ['batchRelax', 'warmupRelax', 'minItems'] as const) {
    if (!(plan[key] > 0)) throw new RangeError(`plan.${key} must be > 0, got ${plan[key]}`);
  }
}

function planCases(models: readonly FidelityModel[], loads: readonly number[], independentLoad: number): CaseSpec[] {
  const out: CaseSpec[] = [];
  for (const model of models) {
    if (!FIDELITY_MODELS.includes(model)) {
      throw new RangeError(`unknown fidelity model ${JSON.stringify(model)}; expected one of ${FIDELITY_MODELS.join(', ')}`);
    }
    const rhos = model === '2xM/M/1' ? [independentLoad] : loads;
    for (const rho of rhos) {
      if (!(rho > 0 && rho < 1)) throw new RangeError(`load ρ must be in (0, 1), got ${rho}`);
      out.push({ name: `${model} ρ=${rho}`, model, rho, service: SERVICE[model], metrics: metricsOf(model, rho) });
    }
  }
  return out;
}

function metricsOf(model: FidelityModel, rho: number): string[] {
  switch (model) {
    case 'M/M/1':
      return ['mean_ns', 'p50_ns', 'p99_ns'];
    case 'M/D/1':
      // P(T ≤ D) = P(W = 0) = 1 − ρ: the atom at D. When 1 − ρ ≥ 0.5 the median sits on that
      // atom's edge, where a sample median is D or just above it depending on the draw, so its
      // replications are not near-normal around the true value; the atom is checked instead.
      return rho > 0.5 ? ['mean_ns', 'p_idle', 'p50_ns', 'p99_ns'] : ['mean_ns', 'p_idle', 'p99_ns'];
    case 'M/G/1':
      return ['mean_ns'];
    case '2xM/M/1':
      return ['cpu0_mean_ns', 'cpu0_p99_ns', 'cpu1_mean_ns', 'cpu1_p99_ns'];
  }
}

function theoryOf(c: CaseSpec, metric: string, rateHz: number): number {
  const m = serviceMoments(c.service);
  const bare = metric.replace(/^cpu[0-9]+_/, '');
  if (bare === 'mean_ns') return mg1MeanSojournNs(rateHz, m.meanNs, m.secondMomentNs2);
  if (bare === 'p_idle') return 1 - c.rho;
  const p = bare === 'p50_ns' ? 0.5 : bare === 'p99_ns' ? 0.99 : Number.NaN;
  if (Number.isNaN(p)) throw new Error(`no theory for metric ${metric}`);
  if (c.model === 'M/D/1') return md1SojournQuantileNs(rateHz, SERVICE_MEAN_NS, p);
  if (c.model === 'M/M/1' || c.model === '2xM/M/1') return mm1SojournQuantileNs(rateHz, SERVICE_MEAN_NS, p);
  throw new Error(`no quantile theory for ${c.model}`);
}

/**
 * Sizes of one case's runs from its relaxation time and the plan. Batches are `perBatch` series
 * intervals each; the warm-up is a whole number of intervals, at most one interval past
 * warmupRelax·τ (an interval is at most warmupRelax·τ unless a batch is shorter than that).
 */
export function caseTiming(
  rho: number,
  service: DistributionSpec,
  plan: FidelityPlan,
): { relaxationNs: number; intervalNs: number; perBatch: number; batchNs: number; warmupNs: number; durationNs: number; rateHz: number } {
  const s = createSampler(service, 'service');
  const rateHz = (rho / s.mean) * 1e9;
  const relaxationNs = relaxationTimeNs(rateHz, s.mean, s.variance / (s.mean * s.mean));
  const windowNs = Math.max(plan.batches * plan.batchRelax * relaxationNs, (plan.minItems / rateHz) * 1e9);
  const warmupTargetNs = plan.warmupRelax * relaxationNs;
  const perBatch = Math.max(1, Math.min(100, Math.ceil(windowNs / plan.batches / warmupTargetNs)));
  const intervalNs = Math.ceil(windowNs / plan.batches / perBatch / 1000) * 1000;
  const batchNs = intervalNs * perBatch;
  const warmupNs = Math.max(1, Math.ceil(warmupTargetNs / intervalNs)) * intervalNs;
  return { relaxationNs, intervalNs, perBatch, batchNs, warmupNs, durationNs: warmupNs + plan.batches * batchNs, rateHz };
}

/**
 * The workload (as a file would hold it) of one replication: every cost zero, Poisson arrivals
 * into ring clients whose ring and rx_max_entry never bind, MSI with remapping off and no link
 * latency. For 2xM/M/1 there are two CPUs and two peers (on an IDT NTB: a Switchtec one
 * addresses a single peer), each peer's irq pinned to its own CPU.
 */
export function fidelityWorkload(
  model: FidelityModel,
  rho: number,
  seed: number,
  timing: { intervalNs: number; warmupNs: number; durationNs: number },
): Record<string, unknown> {
  const s = createSampler(SERVICE[model], 'service');
  const rateHz = (rho / s.mean) * 1e9;
  const two = model === '2xM/M/1';
  const peer = (name: string): Record<string, unknown> => ({
    name,
    mechanism: 'msi',
    client: 'ring',
    arrival: { type: 'poisson', rate: rateHz },
    itemWork: SERVICE[model],
    linkLatency: 0,
    // The largest the schema allows; at ρ = 0.95 the queue exceeds 1000 with probability ~0.95^1000.
    ringSize: 65536,
  });
  const costs: Record<string, number> = {};
  for (const name of COST_NAMES) costs[name] = 0;
  return {
    description: `fidelity check ${model} at load ${rho}`,
    seed,
    duration: timing.durationNs,
    warmup: timing.warmupNs,
    statsInterval: timing.intervalNs,
    machine: { cpus: two ? 2 : 1, remapping: 'off' },
    // A Switchtec NTB addresses one peer; IDT addresses up to 8 (src/ntb/device-limits.ts).
    ntb: { device: two ? 'idt' : 'switchtec', design: 'ntb-domain' },
    peers: two ? [peer('a'), peer('b')] : [peer('src')],
    affinity: two
      ? [
          { irq: 'a/q0', cpus: [0] },
          { irq: 'b/q0', cpus: [1] },
        ]
      : [],
    costs,
  };
}

/** Validates a fidelity workload through the workload layer and returns its machine config. */
export function fidelityConfig(input: Record<string, unknown>, name: string): MachineConfig {
  return toMachineConfig(validateWorkload(input, `fidelity:${name}`, { costNames: COST_NAMES }));
}

function runCase(c: CaseSpec, plan: FidelityPlan, level: number, seedBase: number): { rows: FidelityRow[]; summary: FidelityCaseSummary } {
  const startMs = performance.now();
  const timing = caseTiming(c.rho, c.service, plan);
  const firstInterval = timing.warmupNs / timing.intervalNs;
  const pooledSums = new Float64Array(plan.batches * plan.replications);
  const pooledCounts = new Float64Array(plan.batches * plan.replications);
  // Per-replication values of each replication metric, keyed by metric name.
  const perRep = new Map<string, number[]>();
  for (const m of c.metrics) perRep.set(m, []);
  let items = 0;
  let lag1Sum = 0;
  for (let r = 0; r < plan.replications; r++) {
    const config = fidelityConfig(fidelityWorkload(c.model, c.rho, seedBase + r, timing), c.name);
    const machine = new Machine(config);
    machine.finish();
    const heldBack = machine.counters().sourceHeldBack;
    if (heldBack > 0) throw new Error(`${c.name}: the ring overflowed (${heldBack} items held back); the case is not an M/G/1 queue`);
    const metrics = machine.metrics;
    // The machine is run directly (as run.ts does) because the snapshot's series points carry
    // only each interval's mean, and the batches need its sum and count.
    const series = metrics.series;
    const base = series.rowBase[SERIES_LATENCY] * series.bucketCount;
    const g = groupBatches(
      series.sum.subarray(base, base + series.bucketCount),
      series.count.subarray(base, base + series.bucketCount),
      firstInterval,
      timing.perBatch,
      plan.batches,
    );
    pooledSums.set(g.sums, r * plan.batches);
    pooledCounts.set(g.counts, r * plan.batches);
    lag1Sum += lag1Correlation(g.sums, g.counts);
    if (c.model === '2xM/M/1') {
      for (let cpu = 0; cpu < 2; cpu++) {
        if (metrics.cpu.get(cpu, CPU_INTERRUPTS) === 0) throw new Error(`${c.name}: cpu${cpu} took no interrupts; the pinning did not apply`);
        const h = metrics.histogram(STAGE_END_TO_END, cpu); // peer `cpu` is pinned to CPU `cpu`
        items += h.count;
        perRep.get(`cpu${cpu}_mean_ns`)?.push(h.mean);
        perRep.get(`cpu${cpu}_p99_ns`)?.push(h.percentile(99));
      }
      continue;
    }
    const h = metrics.histogram(STAGE_END_TO_END);
    items += h.count;
    perRep.get('p50_ns')?.push(h.percentile(50));
    perRep.get('p99_ns')?.push(h.percentile(99));
    perRep.get('p_idle')?.push(fractionAtMost(h, SERVICE_MEAN_NS));
  }
  const rows: FidelityRow[] = [];
  for (const metric of c.metrics) {
    const theory = theoryOf(c, metric, timing.rateHz);
    let ci: ConfidenceInterval;
    let method: FidelityRow['method'];
    if (metric === 'mean_ns') {
      ci = batchMeansInterval(pooledSums, pooledCounts, level);
      method = 'batch-means';
    } else {
      ci = replicationInterval(perRep.get(metric) ?? [], level);
      method = 'replications';
    }
    rows.push({
      case: c.name,
      metric,
      theory,
      simulated: ci.estimate,
      ciLow: ci.low,
      ciHigh: ci.high,
      level,
      method,
      samples: ci.samples,
      verdict: ci.low <= theory && theory <= ci.high ? 'pass' : 'fail',
    });
  }
  const summary: FidelityCaseSummary = {
    case: c.name,
    model: c.model,
    rho: c.rho,
    relaxationNs: timing.relaxationNs,
    warmupNs: timing.warmupNs,
    batchNs: timing.batchNs,
    durationNs: timing.durationNs,
    replications: plan.replications,
    items,
    batchLag1: c.model === '2xM/M/1' ? Number.NaN : lag1Sum / plan.replications,
    wallMs: performance.now() - startMs,
  };
  return { rows, summary };
}

/**
 * Fraction of recorded latencies ≤ limitNs. Exact only if the histogram resolves limitNs to
 * itself (values below 2048 ns with 3 significant digits); otherwise an error.
 */
function fractionAtMost(h: LatencyHistogram, limitNs: number): number {
  let below = 0;
  for (const b of h.buckets()) {
    if (b.highNs <= limitNs) below += b.count;
    else if (b.lowNs <= limitNs) throw new Error(`the latency histogram does not resolve ${limitNs} ns exactly (bucket ${b.lowNs}–${b.highNs})`);
  }
  return h.count > 0 ? below / h.count : Number.NaN;
}
