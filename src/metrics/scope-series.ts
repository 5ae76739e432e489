/**
 * Per-irq and per-peer time series of the trigger fates: how many triggers each tracked irq and
 * peer saw triggered, handled, coalesced and lost in each interval of the run's series. Bounded:
 * only the tracked rows get counts, and tracking every row is allowed only while all of them fit
 * SCOPE_SERIES_SLOT_LIMIT; past it only rows named up front are tracked (a 4096-peer run with a
 * fine statsInterval does not grow without bound). Counts sit in one Float64Array per scope,
 * [(metric · rows + row) · intervals + interval].
 */

/** The fates counted per interval, in column order. */
export const SCOPE_SERIES_METRICS = ['triggered', 'handled', 'coalesced', 'lost'] as const;
export const SCOPE_TRIGGERED = 0;
export const SCOPE_HANDLED = 1;
export const SCOPE_COALESCED = 2;
export const SCOPE_LOST = 3;
const METRICS = SCOPE_SERIES_METRICS.length;

/** Most counts (rows × metrics × intervals, 8 bytes each: 32 MiB) tracking every row may take. */
export const SCOPE_SERIES_SLOT_LIMIT = 1 << 22;

/** Counts per tracked row: `counts[metric][interval]`, with the row's identity. */
export interface ScopeSeriesRow {
  /** irq (virq) or peer row number. */
  readonly id: number;
  readonly name: string;
  readonly counts: readonly Float64Array[];
}

/** The per-scope series as plain data, intervals as far as the run reached. */
export interface ScopeSeriesSnapshot {
  readonly intervalNs: number;
  /** Length of each interval reached (the last may be short). */
  readonly intervalLengthsNs: readonly number[];
  readonly irqs: readonly ScopeSeriesRow[];
  readonly peers: readonly ScopeSeriesRow[];
  /** Why rows are untracked when every row was asked for and they did not fit; '' otherwise. */
  readonly note: string;
}

export class ScopeSeries {
  readonly bucketCount: number;
  /** virq → tracked row, -1 untracked; the same for peers. */
  readonly irqRow: Int32Array;
  readonly peerRow: Int32Array;
  /** Tracked virqs and peers in row order. */
  readonly irqs: readonly number[];
  readonly peers: readonly number[];
  readonly irqCounts: Float64Array;
  readonly peerCounts: Float64Array;
  readonly note: string;
  readonly #irqRows: number;
  readonly #peerRows: number;

  /**
   * `trackIrqs`/`trackPeers`: the rows to track; `all` says they are every row rather than
   * ones named, so they are dropped (with a note) when they exceed SCOPE_SERIES_SLOT_LIMIT.
   */
  constructor(bucketCount: number, irqCount: number, peerCount: number, trackIrqs: readonly number[], trackPeers: readonly number[], all: boolean) {
    const slots = (trackIrqs.length + trackPeers.length) * METRICS * bucketCount;
    let note = '';
    if (all && slots > SCOPE_SERIES_SLOT_LIMIT) {
      note =
        `per-irq and per-peer series are off: ${trackIrqs.length} irqs and ${trackPeers.length} peers over ${bucketCount} intervals ` +
        `would take ${slots} counts (limit ${SCOPE_SERIES_SLOT_LIMIT}); name the ones you want with --series`;
      trackIrqs = [];
      trackPeers = [];
    }
    this.bucketCount = bucketCount;
    this.note = note;
    this.irqRow = rowMap(irqCount, trackIrqs, 'irq');
    this.peerRow = rowMap(peerCount, trackPeers, 'peer');
    this.irqs = [...trackIrqs];
    this.peers = [...trackPeers];
    this.#irqRows = trackIrqs.length;
    this.#peerRows = trackPeers.length;
    this.irqCounts = new Float64Array(this.#irqRows * METRICS * bucketCount);
    this.peerCounts = new Float64Array(this.#peerRows * METRICS * bucketCount);
  }

  /** One trigger of `irq` from `peer` (-1: none) ended in `metric` (SCOPE_*) in interval `bucket`. Hot path. */
  add(metric: number, irq: number, peer: number, bucket: number): void {
    const r = this.irqRow[irq];
    if (r >= 0) this.irqCounts[(metric * this.#irqRows + r) * this.bucketCount + bucket]++;
    if (peer >= 0) {
      const p = this.peerRow[peer];
      if (p >= 0) this.peerCounts[(metric * this.#peerRows + p) * this.bucketCount + bucket]++;
    }
  }

  /** Plain rows for the report: the first `buckets` intervals. Cold. */
  rows(scope: 'irq' | 'peer', names: readonly string[], buckets: number): ScopeSeriesRow[] {
    const ids = scope === 'irq' ? this.irqs : this.peers;
    const counts = scope === 'irq' ? this.irqCounts : this.peerCounts;
    const n = ids.length;
    return ids.map((id, r) => ({
      id,
      name: names[id] ?? `${scope}${id}`,
      counts: SCOPE_SERIES_METRICS.map((_, m) => counts.slice((m * n + r) * this.bucketCount, (m * n + r) * this.bucketCount + buckets)),
    }));
  }
}

function rowMap(size: number, tracked: readonly number[], what: string): Int32Array {
  const map = new Int32Array(size).fill(-1);
  tracked.forEach((id, row) => {
    if (!Number.isInteger(id) || id < 0 || id >= size) throw new RangeError(`series: no ${what} row ${id} (${size} rows)`);
    if (map[id] >= 0) throw new RangeError(`series: ${what} row ${id} named twice`);
    map[id] = row;
  });
  return map;
}
