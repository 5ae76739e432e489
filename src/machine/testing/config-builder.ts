/**
 * Test configs for the machine: a minimal valid MachineConfig (1 CPU, remapping off, the
 * Switchtec function with its 32 vectors, one MSI peer with a raw client) with overrides, and
 * small spec helpers. Not a kernel mirror: this is what tests build machines from instead of
 * a workload file (src/workload makes the same shape from YAML/JSON).
 */
import type { DistributionSpec } from '../../engine/distributions.js';
import type { ArrivalSpec } from '../../traffic/arrival-spec.js';
import type { MachineConfig, PeerConfig } from '../config.js';
import { COST_NAMES, type CostName } from '../costs.js';

/** A fixed cost of `ns` nanoseconds. */
export function det(ns: number): DistributionSpec {
  return { type: 'deterministic', value: ns };
}

/** Arrivals at exactly these times (ns after the start), in order. */
export function traceArrival(timestampsNs: readonly number[]): ArrivalSpec {
  return { type: 'trace', timestamps: timestampsNs };
}

/** One arrival every 1/rateHz, the first one period after the start. */
export function periodicArrival(rateHz: number): ArrivalSpec {
  return { type: 'periodic', rate: rateHz };
}

/**
 * The costs tests work their expected times out from (ns): the costs.ts defaults of the time
 * of writing, pinned, so re-calibrating costs.ts does not move hand-computed numbers. A cost
 * added to or removed from costs.ts must be added or removed here (the type says so).
 */
export const REFERENCE_COSTS_NS: Readonly<Record<CostName, number>> = {
  msiDeliveryNs: 500,
  iecHitNs: 30,
  iecMissNs: 200,
  irteWriteNs: 50,
  iecFlushNs: 3000,
  irqEntryNs: 100,
  irqExitNs: 30,
  ackLevelNs: 5,
  eoiNs: 40,
  isrNs: 20,
  vectorAssignNs: 200,
  ipiNs: 1000,
  mmioWriteNs: 100,
  mmioReadNs: 1000,
  peerSpadReadNs: 2000,
  doorbellLatencyNs: 3000,
  messageLatencyNs: 3000,
  taskletNs: 500,
  peerIrqNs: 1500,
  postedDemuxNs: 30,
};

/** REFERENCE_COSTS_NS as deterministic cost overrides. */
export function referenceCosts(): Record<string, DistributionSpec> {
  const out: Record<string, DistributionSpec> = {};
  for (const name of COST_NAMES) out[name] = det(REFERENCE_COSTS_NS[name]);
  return out;
}

/** Every cost in the model set to 0 ns (the model reduces to a textbook queue). */
export function zeroCosts(): Record<string, DistributionSpec> {
  const out: Record<string, DistributionSpec> = {};
  for (const name of COST_NAMES) out[name] = det(0);
  return out;
}

/** A peer with defaults: MSI mechanism, raw client, one queue at 10 kHz, 200 ns of work, 2 hops of 150 ns. */
export function peerConfig(overrides: Partial<PeerConfig> = {}): PeerConfig {
  return {
    name: 'p0',
    mechanism: 'msi',
    client: 'raw',
    queues: 1,
    arrival: periodicArrival(10_000),
    itemWork: det(200),
    handlerReturns: 'handled',
    linkLatencyNs: 150,
    hops: 2,
    ringSize: 256,
    ...overrides,
  };
}

/** What a test may change; `ntb` and `costs` merge into the defaults, `peer` into the single default peer. */
export interface TestConfigOverrides extends Partial<Omit<MachineConfig, 'ntb' | 'costs'>> {
  readonly ntb?: Partial<MachineConfig['ntb']>;
  /** Overrides of the one default peer (ignored when `peers` is given). */
  readonly peer?: Partial<PeerConfig>;
  /** Cost overrides (ns), merged over REFERENCE_COSTS_NS (or over all-zero with zeroCosts). */
  readonly costs?: Readonly<Record<string, DistributionSpec>>;
  /** Start from every cost at 0 ns instead of REFERENCE_COSTS_NS. @defaultValue false */
  readonly zeroCosts?: boolean;
}

/**
 * A minimal valid MachineConfig: 1 ms on 1 CPU, remapping off, no warm-up, switchtec with
 * nirqs 32 and 4 real MSI-X entries, a 64 KiB LUT window, one peer from peerConfig(), every
 * cost given explicitly (REFERENCE_COSTS_NS, or 0 with zeroCosts).
 */
export function testConfig(overrides: TestConfigOverrides = {}): MachineConfig {
  const { ntb, peer, costs, zeroCosts: zero, ...rest } = overrides;
  const durationNs = rest.durationNs ?? 1_000_000;
  return {
    seed: 1,
    durationNs,
    warmupNs: 0,
    statsIntervalNs: Math.max(1, Math.floor(durationNs / 10)),
    cpus: 1,
    remapping: 'off',
    sourceIdCheck: 'bus',
    dmaAliasQuirk: true,
    reservationMode: true,
    edgeMigrationFix: true,
    hz: 1000,
    noirqdebug: false,
    affinity: [],
    affinityChanges: [],
    irqbalanceIntervalNs: null,
    ...rest,
    ntb: {
      device: 'switchtec',
      design: 'virtual-msix',
      nirqs: 32,
      msixTableSize: 4,
      window: { type: 'lut', sizeBytes: 0x10000 },
      messageOverflow: 'overwrite',
      ...ntb,
    },
    peers: rest.peers ?? [peerConfig(peer)],
    costs: { ...(zero === true ? zeroCosts() : referenceCosts()), ...costs },
  };
}
