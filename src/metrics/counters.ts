/**
 * Generic event counters, one table per scope ('cpu', 'irq', 'peer'): rows fixed at construction,
 * named columns, all in one column-major Float64Array. Also per-CPU busy time for utilisation,
 * the model's view of what /proc/stat's irq and softirq columns account per CPU.
 */

/** A counter column: CSV name (snake_case), unit and a one-line description for the README. */
export interface CounterColumn {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

/** Counters of one scope: `values[col * rows + row]`. */
export class CounterTable {
  readonly scope: string;
  readonly rows: number;
  readonly columns: readonly CounterColumn[];
  /** Column-major: every row of column 0, then column 1, … */
  values: Float64Array;

  constructor(scope: string, rows: number, columns: readonly CounterColumn[]) {
    if (!Number.isInteger(rows) || rows < 0) {
      throw new RangeError(`${scope} counters: rows must be an integer >= 0, got ${rows}`);
    }
    const seen = new Set<string>();
    for (const c of columns) {
      if (seen.has(c.name)) throw new Error(`${scope} counters: column "${c.name}" is defined twice`);
      seen.add(c.name);
    }
    this.scope = scope;
    this.rows = rows;
    this.columns = columns;
    this.values = new Float64Array(rows * columns.length);
  }

  /** Adds n to (row, col). Hot path: one typed-array update. */
  add(row: number, col: number, n: number): void {
    this.values[col * this.rows + row] += n;
  }

  /** Adds 1 to (row, col). */
  inc(row: number, col: number): void {
    this.values[col * this.rows + row]++;
  }

  get(row: number, col: number): number {
    return this.values[col * this.rows + row];
  }

  /** Column index of `name`, or an error listing the known names. Cold path (setup). */
  columnIndex(name: string): number {
    const i = this.columns.findIndex((c) => c.name === name);
    if (i < 0) {
      throw new Error(
        `${this.scope} counters: no column "${name}"; known: ${this.columns.map((c) => c.name).join(', ')}`,
      );
    }
    return i;
  }

  /** Sum of one column over all rows. */
  total(col: number): number {
    let s = 0;
    const base = col * this.rows;
    for (let r = 0; r < this.rows; r++) s += this.values[base + r];
    return s;
  }

  reset(): void {
    this.values.fill(0);
  }
}

/**
 * Per-CPU busy time: nested enter/exit pairs (an interrupt preempting a tasklet, say) count the
 * outermost span once. Time before `statsStartNs` is not counted, so a span that straddles the
 * end of warm-up contributes only its measured part.
 */
export class BusyTime {
  readonly cpus: number;
  /** Accumulated busy ns per CPU since statsStartNs (closed spans only). */
  busyNs: Float64Array;
  /** Nesting depth per CPU; busy while > 0. */
  depth: Int32Array;
  /** Start of the open outermost span per CPU (ns). */
  sinceNs: Float64Array;
  /** Busy time before this instant is not counted (ns). */
  statsStartNs = 0;

  constructor(cpus: number) {
    if (!Number.isInteger(cpus) || cpus < 1) throw new RangeError(`cpus must be an integer >= 1, got ${cpus}`);
    this.cpus = cpus;
    this.busyNs = new Float64Array(cpus);
    this.depth = new Int32Array(cpus);
    this.sinceNs = new Float64Array(cpus);
  }

  /** The CPU starts work at timeNs; returns true when this opened an outermost span. */
  enter(cpu: number, timeNs: number): boolean {
    if (this.depth[cpu]++ === 0) {
      this.sinceNs[cpu] = timeNs;
      return true;
    }
    return false;
  }

  /**
   * The CPU finishes one level of work at timeNs. Returns the start of the span it closed when this
   * ended the outermost span (ns, clipped to statsStartNs), or -1 when still nested.
   */
  exit(cpu: number, timeNs: number): number {
    if (this.depth[cpu] <= 0) throw new Error(`cpu ${cpu}: busy exit at ${timeNs} ns without a matching enter`);
    if (--this.depth[cpu] !== 0) return -1;
    const startNs = this.sinceNs[cpu] > this.statsStartNs ? this.sinceNs[cpu] : this.statsStartNs;
    if (timeNs > startNs) this.busyNs[cpu] += timeNs - startNs;
    return startNs;
  }

  /** Busy ns of `cpu` up to `nowNs`, counting an open span as busy until now. */
  busyUntil(cpu: number, nowNs: number): number {
    let b = this.busyNs[cpu];
    if (this.depth[cpu] > 0) {
      const startNs = this.sinceNs[cpu] > this.statsStartNs ? this.sinceNs[cpu] : this.statsStartNs;
      if (nowNs > startNs) b += nowNs - startNs;
    }
    return b;
  }

  /** Starts counting afresh at statsStartNs; open spans stay open and count from then on. */
  reset(statsStartNs: number): void {
    this.busyNs.fill(0);
    this.statsStartNs = statsStartNs;
  }
}
