/**
 * One finished run as tidy rows `(scope, id, metric, value, unit)`: what a sweep or a compare
 * keeps of a point. The run's summary rows as summary.csv has them (run, fate, stage, cpu),
 * then per peer its fates, counters and stage latencies, then the machine's own counters and
 * the IEC miss rate. Everything a plan may select is here, so a stored point serves any plan.
 */
import type { RunResult } from '../run.js';

type MachineCounters = RunResult['counters'];

/** [scope, id, metric, value, unit]. A NaN value stands for "not defined" (an empty CSV cell). */
export type TidyRow = readonly [scope: string, id: string, metric: string, value: number, unit: string];

/** Latency statistics kept per peer and stage, with their units (the summary's names for 'all'). */
const PEER_LATENCY_STATS = [
  ['count', 'count'],
  ['mean_ns', 'ns'],
  ['p50_ns', 'ns'],
  ['p90_ns', 'ns'],
  ['p99_ns', 'ns'],
  ['p999_ns', 'ns'],
  ['max_ns', 'ns'],
] as const;

/**
 * The machine's counters in row order and naming (eventsDispatched → events_dispatched). A
 * Record over every key, so a counter added to the machine is a compile error here until listed.
 */
const MACHINE_COUNTER_ROWS: Readonly<Record<keyof MachineCounters, string>> = {
  eventsDispatched: 'events_dispatched',
  irrCoalesced: 'irr_coalesced',
  vectorMovesStarted: 'vector_moves_started',
  vectorMovesCompleted: 'vector_moves_completed',
  cleanupRearms: 'cleanup_rearms',
  affinityBroken: 'affinity_broken',
  affinityBusy: 'affinity_busy',
  iecHits: 'iec_hits',
  iecMisses: 'iec_misses',
  iecFlushes: 'iec_flushes',
  remapFaults: 'remap_faults',
  doorbellBitsCoalesced: 'doorbell_bits_coalesced',
  messagesOverflowed: 'messages_overflowed',
  nobodyCared: 'nobody_cared',
  windowFaults: 'window_faults',
  republishes: 'republishes',
  staleWrites: 'stale_writes',
  sourceHeldBack: 'source_held_back',
};

/** Metric names of the 'machine' scope: the counters, then the derived IEC miss rate. */
export const MACHINE_METRICS: readonly string[] = [...Object.values(MACHINE_COUNTER_ROWS), 'iec_miss_rate'];

/** Per-peer latency metric names: `<stage>_<statistic>`, for each stage name given. */
export function peerLatencyMetrics(stages: readonly string[]): string[] {
  return stages.flatMap((stage) => PEER_LATENCY_STATS.map(([stat]) => `${stage}_${stat}`));
}

/** The tidy rows of one run, in a fixed order (the same config always gives the same rows). */
export function pointRows(result: RunResult): TidyRow[] {
  const s = result.snapshot;
  const rows: TidyRow[] = s.summary.map((r) => [r.scope, r.id, r.metric, r.value, r.unit] as const);
  for (const peer of s.peers.rows) {
    for (let c = 0; c < s.peers.columns.length; c++) {
      const col = s.peers.columns[c];
      rows.push(['peer', peer.name, col.name, peer.values[c], col.unit]);
    }
  }
  for (const l of s.latency) {
    if (l.scope === 'all') continue; // the summary's stage rows hold these
    const values = [l.count, l.meanNs, l.p50Ns, l.p90Ns, l.p99Ns, l.p999Ns, l.maxNs];
    for (let i = 0; i < PEER_LATENCY_STATS.length; i++) {
      const [stat, unit] = PEER_LATENCY_STATS[i];
      rows.push(['peer', l.scope, `${l.stage}_${stat}`, values[i], unit]);
    }
  }
  const counters = result.counters;
  for (const name of Object.keys(MACHINE_COUNTER_ROWS) as (keyof MachineCounters)[]) {
    rows.push(['machine', '', MACHINE_COUNTER_ROWS[name], counters[name], 'count']);
  }
  const lookups = counters.iecHits + counters.iecMisses;
  // Without remapping there is no IEC: no row, rather than a miss rate of 0 that means nothing.
  if (lookups > 0) rows.push(['machine', '', 'iec_miss_rate', counters.iecMisses / lookups, 'fraction']);
  return rows;
}
