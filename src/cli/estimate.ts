/**
 * Up-front estimate of a run's size, so a run the machine cannot hold is refused before it
 * starts, with the estimate in the message. Triggers come from each arrival process's own shape
 * over the run (a ramp's cumulative rate, a trace's rows; rate × time for stationary ones);
 * events are about three per trigger unless a measured figure is given.
 * Memory is the process at rest plus what the run sizes: the machine's typed arrays (rings,
 * histograms, series sums) live outside the JavaScript heap and may use half the RAM; what is
 * kept as JavaScript objects (the series points and their CSV text) must fit in V8's heap. The
 * event trace is streamed to disk (a fixed buffer), so it costs disk, not memory.
 * test/estimate-memory.test.ts holds the estimate to ±25 % of the measured peak.
 */
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { RandomStream } from '../engine/rng.js';
import { clientKind } from '../machine/clients/index.js';
import type { MachineConfig, PeerConfig } from '../machine/config.js';
import { resolveCosts } from '../machine/costs.js';
import { PER_PEER_LATENCY_LIMIT, seriesMetrics } from '../metrics/metrics.js';
import { SCOPE_SERIES_METRICS, SCOPE_SERIES_SLOT_LIMIT } from '../metrics/scope-series.js';
import { STAGE_COUNT } from '../metrics/stages.js';
import { createArrivalProcess, type ArrivalProcess } from '../traffic/arrival-process.js';
import { expectedArrivals } from '../traffic/expected-arrivals.js';
import { CliError } from './exit-codes.js';

const EVENTS_PER_TRIGGER = 3;
/** trace.csv bytes per event when not measured ("1234567,source_write_lands,12,0\n"). */
const TRACE_DISK_BYTES_PER_EVENT = 32;
/**
 * The process at rest: Node, the loaded code and its compiled form (with the raised inlining
 * budget, src/engine/inlining-budget.ts: larger optimized code and the compiler's memory while it
 * builds it, about +10 MiB), V8's heap and its garbage headroom. Set so the library's peaks sit
 * around it: test/estimate-memory.test.ts measured 134 MiB (md1) to 182 MiB (msi-ring-storm)
 * against tables of 3-23 MiB, and holds every library workload within ±25 %.
 */
const PROCESS_BASE_BYTES = 135 * 2 ** 20;
/** A traced run's extra: the stream buffer (1 MiB) and the garbage of its lines (measured +5–11 MB). */
const TRACE_STREAM_BYTES = 8 * 2 ** 20;
/**
 * A --timeline run's extra: two stream buffers (1 MiB each), trace.txt's ordering heap and the
 * garbage of the lines (run.json's peakRssBytes of `irqstorm run workloads/default-storm.yaml
 * --set duration=100ms` with and without --timeline: +15 MB).
 */
const TIMELINE_STREAM_BYTES = 16 * 2 ** 20;
const HISTOGRAM_BYTES = 230_000;
/** Per series point: the sum and count doubles outside the heap … */
const SERIES_TABLE_BYTES_PER_POINT = 16;
/** … and, when written, a point object plus its CSV row in the heap (measured: ~150–250 bytes). */
const SERIES_HEAP_BYTES_PER_POINT = 300;

export interface RunEstimate {
  readonly triggers: number;
  readonly events: number;
  /** The process's expected peak (resident) in bytes: at rest, typed arrays and heap. */
  readonly memoryBytes: number;
  /** trace.csv's size on disk in bytes; 0 without a trace. */
  readonly traceDiskBytes: number;
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
  /** Events per trigger measured for this workload. @defaultValue 3 */
  readonly eventsPerTrigger?: number;
  /** timeline.json and trace.txt are streamed (their sizes: src/cli/timeline-options.ts). @defaultValue false */
  readonly timeline?: boolean;
  /** trace.csv bytes per event measured for this workload. @defaultValue 32 */
  readonly traceBytesPerEvent?: number;
}

/**
 * A queue's arrival process, as the run builds it. A spec the schema let through but the
 * process refuses (an MMPP whose states cannot reach each other, a looped trace spanning no
 * time) is a CliError naming the field.
 */
function arrivalProcess(spec: PeerConfig['arrival'], path: string, source: string): ArrivalProcess {
  try {
    return createArrivalProcess(spec, new RandomStream(0, 'estimate'), path);
  } catch (err) {
    if (err instanceof RangeError) throw new CliError(source === '' ? err.message : `${source}: ${err.message}`);
    throw err;
  }
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

/** Triggers of one queue of peer `i` over the run, as the run will play them. */
function queueTriggers(p: PeerConfig, i: number, config: MachineConfig, source: string): number {
  if (p.client !== 'pingpong') return expectedArrivals(arrivalProcess(p.arrival, `peers[${i}].arrival`, source), config.durationNs);
  const roundTrip = pingpongRoundTripNs(p, config);
  if (roundTrip <= 0) {
    throw new CliError(
      `${source === '' ? '' : `${source}: `}peers[${i}].pingDelay: with this delay and these costs a ping-pong round trip takes 0 ns, so simulated time would never pass; give pingDelay or the doorbell costs a length`,
    );
  }
  return config.durationNs / roundTrip;
}

export function estimateRun(config: MachineConfig, options: EstimateOptions): RunEstimate {
  const source = options.source ?? '';
  const memoryLimit = options.memoryLimitBytes ?? totalmem() / 2;
  const heapLimit = options.heapLimitBytes ?? getHeapStatistics().heap_size_limit * 0.8;
  let triggers = 0;
  let ringBytes = 0;
  for (let i = 0; i < config.peers.length; i++) {
    const p = config.peers[i];
    triggers += queueTriggers(p, i, config, source) * p.queues;
    // Only ring clients have rx rings (one Float64 arrival time per entry).
    if (clientKind(p.client)?.rxRing === true) ringBytes += p.queues * p.ringSize * 8;
  }
  const perTrigger = options.eventsPerTrigger;
  const events = triggers * (perTrigger !== undefined && Number.isFinite(perTrigger) && perTrigger > 0 ? perTrigger : EVENTS_PER_TRIGGER);
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
  const scopeBytes = (options.scopeSeriesRows ?? 0) > 0 ? Math.min(scopeSlots, SCOPE_SERIES_SLOT_LIMIT) * 8 : 0;
  const traceDiskBytes = options.trace ? events * (options.traceBytesPerEvent ?? TRACE_DISK_BYTES_PER_EVENT) : 0;
  const heapBytes = seriesPoints * SERIES_HEAP_BYTES_PER_POINT;
  const runBytes = ringBytes + histograms * HISTOGRAM_BYTES + seriesPoints * SERIES_TABLE_BYTES_PER_POINT + scopeBytes + heapBytes;
  const memoryBytes = PROCESS_BASE_BYTES + (options.trace ? TRACE_STREAM_BYTES : 0) + (options.timeline === true ? TIMELINE_STREAM_BYTES : 0) + runBytes;
  const disk = options.trace ? `, trace.csv ${fmtBytes(traceDiskBytes)}` : '';
  const summary = `${fmt(triggers)} triggers, ${fmt(events)} events, ${(memoryBytes / 2 ** 20).toFixed(0)} MiB${disk}`;
  const prefix = source === '' ? '' : `${source}: `;
  // Whatever is biggest is what the user should change.
  const advice =
    seriesPoints * SERIES_HEAP_BYTES_PER_POINT > ringBytes
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
  return { triggers, events, memoryBytes, traceDiskBytes, heapBytes, summary };
}

function fmtBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
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
