/**
 * Up-front estimate of a run's size, so a run the machine cannot hold is refused before it
 * starts, with the estimate in the message. Triggers come from each arrival process's mean
 * rate; events are about three per trigger. Memory has two budgets: the machine's typed arrays
 * (rings, histograms, series sums) live outside the JavaScript heap and may use half the RAM;
 * what is kept as JavaScript objects (the event trace's lines, the series points and their CSV
 * text) must fit in V8's heap, which is much smaller than the RAM.
 */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { RandomStream } from '../engine/rng.js';
import type { MachineConfig, PeerConfig } from '../machine/config.js';
import { resolveCosts } from '../machine/costs.js';
import { PER_PEER_LATENCY_LIMIT, seriesMetrics } from '../metrics/metrics.js';
import { SCOPE_SERIES_METRICS, SCOPE_SERIES_SLOT_LIMIT } from '../metrics/scope-series.js';
import { STAGE_COUNT } from '../metrics/stages.js';
import { createArrivalProcess } from '../traffic/arrival-process.js';
import { CliError } from './exit-codes.js';

const EVENTS_PER_TRIGGER = 3;
const TRACE_BYTES_PER_EVENT = 48;
const HISTOGRAM_BYTES = 230_000;
/** Per series point: the sum and count doubles outside the heap … */
const SERIES_TABLE_BYTES_PER_POINT = 16;
/** … and, when written, a point object plus its CSV row in the heap (measured: ~150–250 bytes). */
const SERIES_HEAP_BYTES_PER_POINT = 300;

export interface RunEstimate {
  readonly triggers: number;
  readonly events: number;
  /** Everything (typed arrays and heap) in bytes. */
  readonly memoryBytes: number;
  /** The part that lives in the JavaScript heap, in bytes. */
  readonly heapBytes: number;
  readonly summary: string;
}

export interface EstimateOptions {
  /** The event trace is kept and written. */
  readonly trace: boolean;
  /** Names the workload in error messages (the file path); '' for none. */
  readonly source?: string;
  /** Irqs and peers whose per-interval fate series are written (four series each). @defaultValue 0 */
  readonly scopeSeriesRows?: number;
  /** @defaultValue half the RAM */
  readonly memoryLimitBytes?: number;
  /** @defaultValue 80 % of V8's heap size limit */
  readonly heapLimitBytes?: number;
}

/**
 * The mean rate of an arrival process (Hz). A spec the schema let through but the process
 * refuses (an MMPP whose states cannot reach each other, a looped trace spanning no time) is a
 * CliError naming the field.
 */
function arrivalRateHz(spec: PeerConfig['arrival'], path: string, source: string): number {
  try {
    return createArrivalProcess(spec, new RandomStream(0, 'estimate'), path).meanRateHz;
  } catch (err) {
    if (err instanceof RangeError) throw new CliError(source === '' ? err.message : `${source}: ${err.message}`);
    throw err;
  }
}

/** Arrivals one queue sees in the run: rate × duration, but a trace played once has only its rows. */
function expectedArrivals(spec: PeerConfig['arrival'], durationNs: number, rateHz: number): number {
  if (spec.type === 'trace' && spec.loop !== true) {
    let n = 0;
    for (const t of spec.timestamps) if (t <= durationNs) n++;
    return n;
  }
  return (rateHz * durationNs) / 1e9;
}

/**
 * About the shortest ping-pong round trip the machine plays (ns, cost means): the host's entry,
 * ISR and doorbell read, clear and ring, both delays, the link both ways, both switches and the
 * peer's interrupt. Its `arrival` is not used: each ping answers the last pong.
 */
function pingpongRoundTripNs(p: PeerConfig, config: MachineConfig): number {
  const c = resolveCosts(config.costs).ns;
  const wire = p.linkLatencyNs * p.hops;
  const delay = p.pingDelayNs ?? 0;
  const hostNs = c.irqEntryNs + c.isrNs + c.mmioReadNs + 3 * c.mmioWriteNs;
  return 2 * delay + hostNs + 2 * wire + 2 * c.doorbellLatencyNs + c.peerIrqNs + c.msiDeliveryNs;
}

/** Triggers of one queue of peer `i` per second, as the run will play them. */
function queueRateHz(p: PeerConfig, i: number, config: MachineConfig, source: string): number {
  if (p.client !== 'pingpong') return arrivalRateHz(p.arrival, `peers[${i}].arrival`, source);
  const roundTrip = pingpongRoundTripNs(p, config);
  if (roundTrip <= 0) {
    throw new CliError(
      `${source === '' ? '' : `${source}: `}peers[${i}].pingDelay: with this delay and these costs a ping-pong round trip takes 0 ns, so simulated time would never pass; give pingDelay or the doorbell costs a length`,
    );
  }
  return 1e9 / roundTrip;
}

export function estimateRun(config: MachineConfig, options: EstimateOptions): RunEstimate {
  const source = options.source ?? '';
  const memoryLimit = options.memoryLimitBytes ?? totalmem() / 2;
  const heapLimit = options.heapLimitBytes ?? getHeapStatistics().heap_size_limit * 0.8;
  let triggers = 0;
  let ringBytes = 0;
  for (let i = 0; i < config.peers.length; i++) {
    const p = config.peers[i];
    const perQueue =
      p.client === 'pingpong' ? (queueRateHz(p, i, config, source) * config.durationNs) / 1e9 : expectedArrivals(p.arrival, config.durationNs, queueRateHz(p, i, config, source));
    triggers += perQueue * p.queues;
    // Only ring clients have rx rings (one Float64 arrival time per entry).
    if (p.client === 'ring') ringBytes += p.queues * p.ringSize * 8;
  }
  const events = triggers * EVENTS_PER_TRIGGER;
  const histograms = STAGE_COUNT * (1 + (config.peers.length <= PER_PEER_LATENCY_LIMIT ? config.peers.length : 0));
  let seriesRows = SCOPE_SERIES_METRICS.length * (options.scopeSeriesRows ?? 0);
  for (const m of seriesMetrics(config.cpus)) seriesRows += m.rows;
  const intervals = Math.ceil(config.durationNs / config.statsIntervalNs);
  const seriesPoints = intervals * seriesRows;
  // The per-irq and per-peer counts (8 bytes each) for every requested irq (at most the queues and
  // the switch's 4 vectors) and peer, which Metrics drops past its limit.
  let queues = 0;
  for (const p of config.peers) queues += p.queues;
  const scopeSlots = (queues + 4 + config.peers.length) * SCOPE_SERIES_METRICS.length * intervals;
  const scopeBytes = Math.min(scopeSlots, SCOPE_SERIES_SLOT_LIMIT) * 8;
  const traceBytes = options.trace ? events * TRACE_BYTES_PER_EVENT * 2 : 0;
  const heapBytes = traceBytes + seriesPoints * SERIES_HEAP_BYTES_PER_POINT;
  const memoryBytes = ringBytes + histograms * HISTOGRAM_BYTES + seriesPoints * SERIES_TABLE_BYTES_PER_POINT + scopeBytes + heapBytes;
  const summary = `${fmt(triggers)} triggers, ${fmt(events)} events, ${(memoryBytes / 2 ** 20).toFixed(0)} MiB`;
  const prefix = source === '' ? '' : `${source}: `;
  // Whatever is biggest is what the user should change.
  const advice =
    traceBytes >= seriesPoints * SERIES_HEAP_BYTES_PER_POINT && traceBytes > 0
      ? 'the event trace is most of it: drop --trace or shorten duration'
      : seriesPoints * SERIES_HEAP_BYTES_PER_POINT > ringBytes
        ? `the time series is most of it (${fmt(seriesPoints)} points): raise statsInterval`
        : 'the receive rings are most of it: lower ringSize or queues';
  if (memoryBytes > memoryLimit) {
    throw new CliError(`${prefix}this run needs about ${summary}, more than the ${gib(memoryLimit)} GiB it may use; ${advice}`);
  }
  if (heapBytes > heapLimit) {
    throw new CliError(
      `${prefix}this run needs about ${(heapBytes / 2 ** 20).toFixed(0)} MiB of JavaScript heap (${summary}), more than the ` +
        `${gib(heapLimit)} GiB the heap may use here; ${advice} (or raise node's --max-old-space-size)`,
    );
  }
  return { triggers, events, memoryBytes, heapBytes, summary };
}

function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(1);
}

function fmt(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}
