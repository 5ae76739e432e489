/**
 * src/metrics/: what a run measures (no kernel counterpart; the latency stages follow an
 * interrupt's trip through the kernel), and the timeline seam the machine reports to
 * (span-sink.ts).
 *
 * Everything one run measures, sized up front: latency histograms per stage (all irqs, and per
 * peer when there are few peers), trigger fates per irq and per peer, counters per CPU/irq/peer,
 * per-CPU busy time and per-interval series. The machine records on the hot path through the
 * methods below; `snapshot()` turns it all into plain data for src/report.
 */
import { checkTimeNs } from '../engine/time.js';
import {
  COALESCE_REASON_COUNT,
  COALESCE_REASON_NAMES,
  FATE_EXPORT_COLUMNS,
  FateTable,
  LOST_REASON_COUNT,
  LOST_REASON_NAMES,
  fateRowValues,
  type IdentityViolation,
} from './accounting.js';
import { BusyTime, CounterTable, type CounterColumn } from './counters.js';
import { DEFAULT_HIGHEST_TRACKABLE_NS, type HistogramBucket, type LatencyHistogram } from './latency-histogram.js';
import { LatencyHistogramSet } from './latency-histogram-set.js';
import type { ScopeSeriesSnapshot } from './scope-series.js';
import { TimeSeries, type SeriesMetric, type SeriesPoint } from './series.js';
import { STAGE_COUNT, STAGE_END_TO_END, STAGE_HANDLER, STAGE_NAMES } from './stages.js';

// Default per-CPU counters (column indices into Metrics.cpu).
/** Handler entries on this CPU (the CPU's column of /proc/interrupts). */
export const CPU_INTERRUPTS = 0;
/** EOIs written to this CPU's local APIC. */
export const CPU_EOIS = 1;
/** IPIs received (irq_move retrigger, cleanup). */
export const CPU_IPIS = 2;
/** Old vectors freed by the deferred cleanup (vector.c __vector_cleanup). */
export const CPU_VECTOR_CLEANUPS = 3;
export const DEFAULT_CPU_COUNTERS: readonly CounterColumn[] = [
  { name: 'interrupts', unit: 'count', description: 'handler entries on this CPU' },
  { name: 'eois', unit: 'count', description: 'EOIs written to the local APIC' },
  { name: 'ipis', unit: 'count', description: 'IPIs received (move retrigger, cleanup)' },
  { name: 'vector_cleanups', unit: 'count', description: 'old vectors freed by deferred cleanup' },
];

// Default per-irq counters (column indices into Metrics.irq).
/** irq_set_affinity requests. */
export const IRQ_AFFINITY_REQUESTS = 0;
/** Affinity requests that met -EBUSY (a move or cleanup still in flight, with remapping) and wait as a pending move. */
export const IRQ_AFFINITY_BUSY = 1;
/** irq_write_msi_msg calls (descriptor recomposed and pushed to peers, or IRTE rewritten). */
export const IRQ_WRITE_MSGS = 2;
/** Extra handler loops run for IRQS_PENDING in handle_edge_irq. */
export const IRQ_PENDING_REPLAYS = 3;
/** Handler runs returning IRQ_NONE (the spurious detector's irqs_unhandled). */
export const IRQ_UNHANDLED = 4;
/** Tasklet runs that found their ring empty (ntb_transport: an earlier run took the items this interrupt announced). */
export const IRQ_EMPTY_TASKLET_RUNS = 5;
export const DEFAULT_IRQ_COUNTERS: readonly CounterColumn[] = [
  { name: 'affinity_requests', unit: 'count', description: 'irq_set_affinity requests' },
  { name: 'affinity_busy', unit: 'count', description: 'affinity requests deferred by -EBUSY to a pending move' },
  { name: 'write_msgs', unit: 'count', description: 'irq_write_msi_msg calls (descriptor or IRTE rewritten)' },
  { name: 'pending_replays', unit: 'count', description: 'extra handle_edge_irq loops for IRQS_PENDING' },
  { name: 'unhandled', unit: 'count', description: 'handler runs returning IRQ_NONE' },
  { name: 'empty_tasklet_runs', unit: 'count', description: 'tasklet runs that found the receive ring empty' },
];

// Default per-peer counters (column indices into Metrics.peer).
/** New descriptors this peer received (desc_changed republishes that reached it). */
export const PEER_DESC_UPDATES = 0;
/** Scratchpad reads across the NTB (non-posted). */
export const PEER_SPAD_READS = 1;
/** Trigger writes made with a descriptor that was no longer current. */
export const PEER_STALE_WRITES = 2;
export const DEFAULT_PEER_COUNTERS: readonly CounterColumn[] = [
  { name: 'desc_updates', unit: 'count', description: 'new descriptors received by this peer' },
  { name: 'spad_reads', unit: 'count', description: 'scratchpad reads across the NTB' },
  { name: 'stale_writes', unit: 'count', description: 'trigger writes made with a stale descriptor' },
];

// Series metrics (indices into Metrics.series.metrics).
export const SERIES_TRIGGERED = 0;
export const SERIES_HANDLED = 1;
export const SERIES_COALESCED = 2;
export const SERIES_LOST = 3;
export const SERIES_SPURIOUS = 4;
export const SERIES_LATENCY = 5;
export const SERIES_CPU_BUSY = 6;

/** Peers up to this count get their own latency histograms by default (each is ~220 KB). */
export const PER_PEER_LATENCY_LIMIT = 16;

/** What one run's metrics must hold; all sizes are fixed here. */
export interface MetricsSpec {
  readonly cpus: number;
  readonly irqs: number;
  readonly peers: number;
  /** Simulated run length (ns). */
  readonly durationNs: number;
  /** Series interval (ns). */
  readonly intervalNs: number;
  /** Statistics start here (ns); `startStatistics` is expected at this time. */
  readonly warmupNs: number;
  /** @defaultValue DEFAULT_HIGHEST_TRACKABLE_NS (60 s) */
  readonly highestTrackableNs?: number;
  /** Keep latency histograms per peer as well as for all. @defaultValue peers ≤ PER_PEER_LATENCY_LIMIT */
  readonly perPeerLatency?: boolean;
  /** Display names (e.g. "peer3/q0"); default "irq<N>" / "peer<N>". */
  readonly irqNames?: readonly string[];
  /**
   * irq_has_action() per irq: false for an allocated irq nobody requested (the Switchtec
   * function's spare MSI-X entries). Such an irq is left out of the irqs table while it counted
   * nothing, as /proc/interrupts leaves it out. @defaultValue every irq has an action
   */
  readonly irqHasAction?: readonly boolean[];
  readonly peerNames?: readonly string[];
  readonly cpuCounters?: readonly CounterColumn[];
  readonly irqCounters?: readonly CounterColumn[];
  readonly peerCounters?: readonly CounterColumn[];
}

/** One summary value: scope 'run' | 'stage' | 'cpu' | 'fate' (and 'iec', added by the run), id within the scope ('' for run). */
export interface SummaryRow {
  readonly scope: string;
  readonly id: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

/** One row of a per-scope table: values in the order of the table's columns. */
export interface ScopeRow {
  readonly id: number;
  readonly name: string;
  readonly values: readonly number[];
}

export interface ScopeTable {
  readonly scope: string;
  readonly columns: readonly CounterColumn[];
  readonly rows: readonly ScopeRow[];
}

/**
 * Latency of one stage in one scope ('all' or a peer's name), statistics window only. With no
 * samples (count 0) the min, mean, percentiles and max are NaN, not 0.
 */
export interface StageLatency {
  readonly stage: string;
  readonly scope: string;
  readonly count: number;
  readonly clamped: number;
  readonly minNs: number;
  readonly meanNs: number;
  readonly p50Ns: number;
  readonly p90Ns: number;
  readonly p99Ns: number;
  readonly p999Ns: number;
  readonly maxNs: number;
  readonly buckets: readonly HistogramBucket[];
}

export interface RunInfo {
  readonly cpus: number;
  /** Allocated irqs, requested or not. */
  readonly irqs: number;
  /** Of those, irqs with an action (request_irq). */
  readonly requestedIrqs: number;
  readonly peers: number;
  readonly durationNs: number;
  readonly warmupNs: number;
  readonly intervalNs: number;
  /** When statistics (histograms, counters, busy time) started (ns). */
  readonly statsStartNs: number;
  /** When the snapshot was taken (ns). */
  readonly endNs: number;
}

/** Plain, read-only data for the report layer. Fate columns cover the whole run; the rest the statistics window. */
export interface MetricsSnapshot {
  readonly run: RunInfo;
  readonly summary: readonly SummaryRow[];
  readonly cpus: ScopeTable;
  readonly irqs: ScopeTable;
  readonly peers: ScopeTable;
  readonly latency: readonly StageLatency[];
  readonly seriesMetrics: readonly SeriesMetric[];
  readonly series: readonly SeriesPoint[];
  /** Per-irq and per-peer fate counts per interval: the tracked rows (none unless a run asks, see ScopeSeriesMetrics). */
  readonly scopeSeries: ScopeSeriesSnapshot;
  readonly identityViolations: readonly IdentityViolation[];
}

/** CPU table columns appended after the counters. */
export const CPU_BUSY_COLUMNS: readonly CounterColumn[] = [
  { name: 'busy_ns', unit: 'ns', description: 'time in interrupt work during the statistics window' },
  { name: 'utilisation', unit: 'fraction', description: 'busy_ns / statistics window' },
];

/** All metrics of one run. Hot-path methods allocate nothing. */
export class Metrics {
  readonly spec: MetricsSpec;
  /**
   * Histogram rows by [stage * latencyScopes + scope]: scope 1 + peer holds that peer's samples;
   * scope 0 holds samples with no peer, and, without per-peer rows, every sample. The 'all'
   * histogram is scope 0 plus every peer row, summed when queried.
   */
  latency: LatencyHistogramSet;
  /** 1, or 1 + peers with per-peer latency. */
  readonly latencyScopes: number;
  irqFate: FateTable;
  peerFate: FateTable;
  cpu: CounterTable;
  irq: CounterTable;
  peer: CounterTable;
  busy: BusyTime;
  series: TimeSeries;
  statsStartNs = 0;
  // Fate totals at the start of statistics, for window rates (triggered, handled, coalesced, lost).
  fateAtStart: Float64Array;

  constructor(spec: MetricsSpec) {
    checkCount(spec.cpus, 'cpus', 1);
    checkCount(spec.irqs, 'irqs', 0);
    checkCount(spec.peers, 'peers', 0);
    checkTimeNs(spec.durationNs, 'metrics durationNs');
    checkTimeNs(spec.warmupNs, 'metrics warmupNs');
    if (spec.warmupNs >= spec.durationNs) {
      throw new RangeError(`warm-up (${spec.warmupNs} ns) must be shorter than the run (${spec.durationNs} ns)`);
    }
    checkNames(spec.irqNames, spec.irqs, 'irqNames');
    if (spec.irqHasAction !== undefined && spec.irqHasAction.length !== spec.irqs) {
      throw new RangeError(`metrics irqHasAction: expected ${spec.irqs} entries, got ${spec.irqHasAction.length}`);
    }
    checkNames(spec.peerNames, spec.peers, 'peerNames');
    this.spec = spec;
    const perPeer = spec.perPeerLatency ?? spec.peers <= PER_PEER_LATENCY_LIMIT;
    this.latencyScopes = perPeer ? 1 + spec.peers : 1;
    const highest = spec.highestTrackableNs ?? DEFAULT_HIGHEST_TRACKABLE_NS;
    this.latency = new LatencyHistogramSet(STAGE_COUNT * this.latencyScopes, highest);
    this.irqFate = new FateTable('irq', spec.irqs);
    this.peerFate = new FateTable('peer', spec.peers);
    this.cpu = new CounterTable('cpu', spec.cpus, spec.cpuCounters ?? DEFAULT_CPU_COUNTERS);
    this.irq = new CounterTable('irq', spec.irqs, spec.irqCounters ?? DEFAULT_IRQ_COUNTERS);
    this.peer = new CounterTable('peer', spec.peers, spec.peerCounters ?? DEFAULT_PEER_COUNTERS);
    this.busy = new BusyTime(spec.cpus);
    this.series = new TimeSeries(spec.durationNs, spec.intervalNs, seriesMetrics(spec.cpus));
    this.fateAtStart = new Float64Array(4);
  }

  // ---- hot path: one call per trigger fate, latency sample or CPU busy edge ----
  // The fate methods return the series interval the fate fell in (-1: past the run's end).

  /** A trigger was raised on `irq` by `peer` (-1: not a peer, e.g. a local switchtec event). */
  triggered(irq: number, peer: number, timeNs: number): number {
    this.irqFate.triggered[irq]++;
    if (peer >= 0) this.peerFate.triggered[peer]++;
    return this.series.add(SERIES_TRIGGERED, timeNs, 1);
  }

  /** A trigger ended in a handler run. */
  handled(irq: number, peer: number, timeNs: number): number {
    this.irqFate.handled[irq]++;
    if (peer >= 0) this.peerFate.handled[peer]++;
    return this.series.add(SERIES_HANDLED, timeNs, 1);
  }

  /**
   * A trigger's action returned at timeNs: handled(), its handler latency, and its end-to-end
   * latency unless `endToEndNs` is -1 (a ring client's items book their own).
   * PERF: one call from the action's end instead of three.
   */
  handledAfterAction(irq: number, peer: number, handlerNs: number, endToEndNs: number, timeNs: number): void {
    this.handled(irq, peer, timeNs);
    this.recordStage(STAGE_HANDLER, peer, handlerNs);
    if (endToEndNs >= 0) this.recordEndToEnd(peer, endToEndNs, timeNs);
  }

  /** A trigger merged into an already pending state; `reason` is a COALESCED_* code. */
  coalesced(irq: number, peer: number, reason: number, timeNs: number): number {
    this.irqFate.coalesced[irq * COALESCE_REASON_COUNT + reason]++;
    if (peer >= 0) this.peerFate.coalesced[peer * COALESCE_REASON_COUNT + reason]++;
    return this.series.add(SERIES_COALESCED, timeNs, 1);
  }

  /** A trigger was lost; `reason` is a LOST_* code. */
  lost(irq: number, peer: number, reason: number, timeNs: number): number {
    this.irqFate.lost[irq * LOST_REASON_COUNT + reason]++;
    if (peer >= 0) this.peerFate.lost[peer * LOST_REASON_COUNT + reason]++;
    return this.series.add(SERIES_LOST, timeNs, 1);
  }

  /** A handler ran with no trigger behind it (outside the fate identity). */
  spurious(irq: number, timeNs: number): void {
    this.irqFate.spurious[irq]++;
    this.series.add(SERIES_SPURIOUS, timeNs, 1);
  }

  /** Adds n unresolved triggers at the end of the run. Cold: called while closing the books. */
  addInFlight(irq: number, peer: number, n: number): void {
    this.irqFate.inFlight[irq] += n;
    if (peer >= 0) this.peerFate.inFlight[peer] += n;
  }

  /** One latency sample of `stage` (STAGE_*), attributed to `peer` (-1: none), completed at timeNs. */
  recordLatency(stage: number, peer: number, latencyNs: number, timeNs: number): void {
    if (stage === STAGE_END_TO_END) this.recordEndToEnd(peer, latencyNs, timeNs);
    else this.recordStage(stage, peer, latencyNs);
  }

  /**
   * The histogram half of recordLatency(), no series sample: what every stage but
   * STAGE_END_TO_END records. PERF: without the series branch it is smaller, so V8 inlines it at
   * more of the machine's recording sites (instructions-per-irq.mjs: 6,973 → 6,906 with the
   * out-of-line wide branch of hdrCountsIndex).
   */
  recordStage(stage: number, peer: number, latencyNs: number): void {
    const scopes = this.latencyScopes;
    const base = stage * scopes;
    // PERF: one record per sample; 'all' is the sum of the rows, formed only when queried.
    this.latency.record(peer >= 0 && scopes > 1 ? base + 1 + peer : base, latencyNs);
  }

  /** recordLatency() of STAGE_END_TO_END: the histogram and the latency series. */
  recordEndToEnd(peer: number, latencyNs: number, timeNs: number): void {
    this.recordStage(STAGE_END_TO_END, peer, latencyNs);
    this.series.add(SERIES_LATENCY, timeNs, latencyNs);
  }

  /** The CPU starts interrupt work (nesting allowed). */
  cpuEnter(cpu: number, timeNs: number): void {
    this.busy.enter(cpu, timeNs);
  }

  /** The CPU finishes one level of interrupt work; closing the outermost level books the busy span. */
  cpuExit(cpu: number, timeNs: number): void {
    const startNs = this.busy.sinceNs[cpu];
    if (this.busy.exit(cpu, timeNs) >= 0) this.series.addSpan(SERIES_CPU_BUSY, startNs, timeNs, cpu);
  }

  // ---- cold path ----

  /** A copy of the histogram of (stage, scope); scope -1 = all irqs, else a peer (needs per-peer latency). Cold. */
  histogram(stage: number, peer = -1): LatencyHistogram {
    if (peer >= 0 && this.latencyScopes === 1) throw new Error('per-peer latency histograms are off for this run');
    const base = stage * this.latencyScopes;
    return peer < 0 ? this.latency.copyOfSum(base, this.latencyScopes) : this.latency.copyOf(base + 1 + peer);
  }

  /**
   * The end of warm-up: histograms, counters and busy time restart at nowNs. Fates are kept (every
   * trigger must be accounted for); their totals now are remembered for window rates. Series keep
   * the warm-up intervals, which are told apart by their start time.
   */
  startStatistics(nowNs: number = this.spec.warmupNs): void {
    this.latency.reset();
    this.cpu.reset();
    this.irq.reset();
    this.peer.reset();
    this.busy.reset(nowNs);
    this.statsStartNs = nowNs;
    const f = this.irqFate;
    let trig = 0;
    let hand = 0;
    let coal = 0;
    let lost = 0;
    for (let r = 0; r < f.rows; r++) {
      trig += f.triggered[r];
      hand += f.handled[r];
      coal += f.coalescedTotal(r);
      lost += f.lostTotal(r);
    }
    this.fateAtStart[0] = trig;
    this.fateAtStart[1] = hand;
    this.fateAtStart[2] = coal;
    this.fateAtStart[3] = lost;
  }

  /** Identity violations of both fate tables (empty when every trigger is accounted for). */
  checkIdentity(): IdentityViolation[] {
    return this.irqFate.checkIdentity().concat(this.peerFate.checkIdentity());
  }

  /** Plain data for the report, as of endNs (default the run's duration). */
  snapshot(endNs: number = this.spec.durationNs): MetricsSnapshot {
    const spec = this.spec;
    const windowNs = Math.max(0, endNs - this.statsStartNs);
    const run: RunInfo = {
      cpus: spec.cpus,
      irqs: spec.irqs,
      requestedIrqs: spec.irqHasAction === undefined ? spec.irqs : spec.irqHasAction.filter((a) => a).length,
      peers: spec.peers,
      durationNs: spec.durationNs,
      warmupNs: spec.warmupNs,
      intervalNs: spec.intervalNs,
      statsStartNs: this.statsStartNs,
      endNs,
    };
    const cpuRows: ScopeRow[] = [];
    for (let c = 0; c < spec.cpus; c++) {
      const busyNs = this.busy.busyUntil(c, endNs);
      cpuRows.push({
        id: c,
        name: `cpu${c}`,
        values: [...rowValues(this.cpu, c), busyNs, windowNs > 0 ? busyNs / windowNs : 0],
      });
    }
    const cpus: ScopeTable = { scope: 'cpu', columns: [...this.cpu.columns, ...CPU_BUSY_COLUMNS], rows: cpuRows };
    const irqs = fateScopeTable(this.irqFate, this.irq, spec.irqNames, 'irq', spec.irqHasAction);
    const peers = fateScopeTable(this.peerFate, this.peer, spec.peerNames, 'peer');
    const latency: StageLatency[] = [];
    for (let stage = 0; stage < STAGE_COUNT; stage++) {
      for (let s = 0; s < this.latencyScopes; s++) {
        const row = stage * this.latencyScopes + s;
        if (s > 0 && this.latency.count[row] === 0) continue;
        const scope = s === 0 ? 'all' : (spec.peerNames?.[s - 1] ?? `peer${s - 1}`);
        const h = s === 0 ? this.latency.histogramOfSum(row, this.latencyScopes) : this.latency.histogram(row);
        latency.push(stageLatency(STAGE_NAMES[stage], scope, h));
      }
    }
    const identityViolations = this.checkIdentity();
    return {
      run,
      summary: this.#summary(run, windowNs, cpuRows, latency, identityViolations.length),
      cpus,
      irqs,
      peers,
      latency,
      seriesMetrics: this.series.metrics,
      series: this.#seriesAt(endNs).points(endNs),
      scopeSeries: this.scopeSeriesSnapshot(endNs),
      identityViolations,
    };
  }

  // The series as of endNs: a CPU still busy then counts as busy up to endNs, as busy_ns does.
  #seriesAt(endNs: number): TimeSeries {
    let series = this.series;
    for (let cpu = 0; cpu < this.spec.cpus; cpu++) {
      if (this.busy.depth[cpu] <= 0) continue;
      if (series === this.series) series = this.series.clone();
      series.addSpan(SERIES_CPU_BUSY, this.busy.sinceNs[cpu], endNs, cpu);
    }
    return series;
  }

  /** The per-irq and per-peer series as of endNs: none here (ScopeSeriesMetrics tracks them). Cold. */
  protected scopeSeriesSnapshot(endNs: number): ScopeSeriesSnapshot {
    return { intervalNs: this.series.intervalNs, intervalLengthsNs: this.intervalLengthsNs(endNs), irqs: [], peers: [], note: '' };
  }

  /** The length of each series interval the run reached by endNs (the last may be short). Cold. */
  protected intervalLengthsNs(endNs: number): number[] {
    const series = this.series;
    const buckets = endNs >= series.durationNs ? series.bucketCount : Math.ceil(endNs / series.intervalNs);
    const lengths: number[] = [];
    for (let b = 0; b < buckets; b++) lengths.push(series.bucketLengthNs(b, endNs));
    return lengths;
  }

  #summary(
    run: RunInfo,
    windowNs: number,
    cpuRows: readonly ScopeRow[],
    latency: readonly StageLatency[],
    violations: number,
  ): SummaryRow[] {
    const out: SummaryRow[] = [];
    const add = (scope: string, id: string, metric: string, value: number, unit: string): void => {
      out.push({ scope, id, metric, value, unit });
    };
    add('run', '', 'duration_ns', run.durationNs, 'ns');
    // Less than duration_ns when the run was stopped early (Ctrl-C).
    add('run', '', 'simulated_ns', run.endNs, 'ns');
    add('run', '', 'warmup_ns', run.warmupNs, 'ns');
    add('run', '', 'window_ns', windowNs, 'ns');
    add('run', '', 'cpus', run.cpus, 'count');
    add('run', '', 'irqs', run.irqs, 'count');
    add('run', '', 'requested_irqs', run.requestedIrqs, 'count');
    add('run', '', 'peers', run.peers, 'count');
    const f = this.irqFate;
    let trig = 0;
    let hand = 0;
    let coal = 0;
    let lost = 0;
    let inFlight = 0;
    let spurious = 0;
    const coalBy = new Float64Array(COALESCE_REASON_COUNT);
    const lostBy = new Float64Array(LOST_REASON_COUNT);
    for (let r = 0; r < f.rows; r++) {
      trig += f.triggered[r];
      hand += f.handled[r];
      coal += f.coalescedTotal(r);
      lost += f.lostTotal(r);
      inFlight += f.inFlight[r];
      spurious += f.spurious[r];
      for (let k = 0; k < COALESCE_REASON_COUNT; k++) coalBy[k] += f.coalesced[r * COALESCE_REASON_COUNT + k];
      for (let k = 0; k < LOST_REASON_COUNT; k++) lostBy[k] += f.lost[r * LOST_REASON_COUNT + k];
    }
    add('fate', 'all', 'triggered', trig, 'count');
    add('fate', 'all', 'handled', hand, 'count');
    add('fate', 'all', 'coalesced', coal, 'count');
    for (let k = 0; k < COALESCE_REASON_COUNT; k++) {
      add('fate', 'all', `coalesced_${COALESCE_REASON_NAMES[k]}`, coalBy[k], 'count');
    }
    add('fate', 'all', 'lost', lost, 'count');
    for (let k = 0; k < LOST_REASON_COUNT; k++) add('fate', 'all', `lost_${LOST_REASON_NAMES[k]}`, lostBy[k], 'count');
    add('fate', 'all', 'in_flight', inFlight, 'count');
    add('fate', 'all', 'spurious', spurious, 'count');
    add('fate', 'all', 'identity_violations', violations, 'count');
    // Rates over the statistics window only: fate counts minus their value at startStatistics.
    const perSecond = windowNs > 0 ? 1e9 / windowNs : 0;
    add('run', '', 'triggered_rate', (trig - this.fateAtStart[0]) * perSecond, 'Hz');
    add('run', '', 'handled_rate', (hand - this.fateAtStart[1]) * perSecond, 'Hz');
    add('run', '', 'coalesced_rate', (coal - this.fateAtStart[2]) * perSecond, 'Hz');
    add('run', '', 'lost_rate', (lost - this.fateAtStart[3]) * perSecond, 'Hz');
    // ntb_transport: tasklet runs whose items an earlier run took (statistics window).
    if (this.irq.columns.length > IRQ_EMPTY_TASKLET_RUNS) add('run', '', 'empty_tasklet_runs', this.irq.total(IRQ_EMPTY_TASKLET_RUNS), 'count');
    for (const l of latency) {
      if (l.scope !== 'all') continue;
      add('stage', l.stage, 'count', l.count, 'count');
      add('stage', l.stage, 'mean_ns', l.meanNs, 'ns');
      add('stage', l.stage, 'p50_ns', l.p50Ns, 'ns');
      add('stage', l.stage, 'p90_ns', l.p90Ns, 'ns');
      add('stage', l.stage, 'p99_ns', l.p99Ns, 'ns');
      add('stage', l.stage, 'p999_ns', l.p999Ns, 'ns');
      add('stage', l.stage, 'max_ns', l.maxNs, 'ns');
      add('stage', l.stage, 'clamped', l.clamped, 'count');
    }
    const utilCol = this.cpu.columns.length + 1;
    let utilSum = 0;
    for (const row of cpuRows) {
      add('cpu', String(row.id), 'utilisation', row.values[utilCol], 'fraction');
      utilSum += row.values[utilCol];
    }
    add('run', '', 'mean_cpu_utilisation', cpuRows.length > 0 ? utilSum / cpuRows.length : 0, 'fraction');
    return out;
  }
}

/** The default series set: fate rates, mean end-to-end latency, and per-CPU busy fraction. */
export function seriesMetrics(cpus: number): SeriesMetric[] {
  return [
    { name: 'triggered', scope: 'all', rows: 1, kind: 'rate', unit: 'Hz', description: 'triggers raised per second' },
    { name: 'handled', scope: 'all', rows: 1, kind: 'rate', unit: 'Hz', description: 'triggers handled per second' },
    { name: 'coalesced', scope: 'all', rows: 1, kind: 'rate', unit: 'Hz', description: 'triggers coalesced per second' },
    { name: 'lost', scope: 'all', rows: 1, kind: 'rate', unit: 'Hz', description: 'triggers lost per second' },
    { name: 'spurious', scope: 'all', rows: 1, kind: 'rate', unit: 'Hz', description: 'spurious handler entries per second' },
    {
      name: 'latency_end_to_end',
      scope: 'all',
      rows: 1,
      kind: 'mean',
      unit: 'ns',
      description: 'mean end-to-end latency of interrupts completed in the interval',
    },
    { name: 'cpu_busy', scope: 'cpu', rows: cpus, kind: 'fraction', unit: 'fraction', description: 'busy share of the interval' },
  ];
}

function checkCount(n: number, what: string, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`metrics ${what} must be an integer >= ${min}, got ${n}`);
}

function checkNames(names: readonly string[] | undefined, rows: number, what: string): void {
  if (names !== undefined && names.length !== rows) {
    throw new RangeError(`metrics ${what}: expected ${rows} names, got ${names.length}`);
  }
}

function rowValues(t: CounterTable, row: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < t.columns.length; c++) out.push(t.get(row, c));
  return out;
}

/** `hasAction`: rows whose entry is false are left out while every value is 0. */
function fateScopeTable(
  fate: FateTable,
  counters: CounterTable,
  names: readonly string[] | undefined,
  scope: string,
  hasAction?: readonly boolean[],
): ScopeTable {
  const rows: ScopeRow[] = [];
  for (let r = 0; r < fate.rows; r++) {
    const values = [...fateRowValues(fate, r), ...rowValues(counters, r)];
    if (hasAction?.[r] === false && values.every((v) => v === 0)) continue;
    rows.push({ id: r, name: names?.[r] ?? `${scope}${r}`, values });
  }
  return { scope, columns: [...FATE_EXPORT_COLUMNS, ...counters.columns], rows };
}

function stageLatency(stage: string, scope: string, h: LatencyHistogram): StageLatency {
  // Empty is not zero: a stage without samples has no mean or percentiles (NaN: an empty CSV
  // cell, null in JSON), where 0 ns would read as a measured, instant stage.
  const empty = h.count === 0;
  return {
    stage,
    scope,
    count: h.count,
    clamped: h.clampedCount,
    minNs: empty ? Number.NaN : h.min,
    meanNs: empty ? Number.NaN : h.mean,
    p50Ns: empty ? Number.NaN : h.percentile(50),
    p90Ns: empty ? Number.NaN : h.percentile(90),
    p99Ns: empty ? Number.NaN : h.percentile(99),
    p999Ns: empty ? Number.NaN : h.percentile(99.9),
    maxNs: empty ? Number.NaN : h.max,
    buckets: h.buckets(),
  };
}
