/**
 * The fate of every trigger, one row per scope (an irq, or a peer): each trigger ends handled,
 * coalesced, lost, or still in flight when the run stops, and `checkIdentity` says so at the end
 * of every run. Coalescing mirrors the APIC IRR bit, the Switchtec `idb` bit, posted MSI's PIR/ON
 * and handle_edge_irq's IRQS_PENDING; losses mirror the failure modes in docs/kernel-model.md.
 */
import type { CounterColumn } from './counters.js';

/** Coalesced into an already-set vector bit in the target CPU's IRR (lapic, one pending per vector). */
export const COALESCED_IRR = 0;
/** Coalesced into an already-set doorbell bit (switchtec `idb`). */
export const COALESCED_DOORBELL = 1;
/** Coalesced into a posted-interrupt descriptor: PIR bit already set or ON already set. */
export const COALESCED_POSTED = 2;
/** Coalesced into IRQS_PENDING while the handler was in progress (handle_edge_irq replay). */
export const COALESCED_PENDING = 3;
export const COALESCE_REASON_COUNT = 4;
/** CSV names of the coalescing reasons, indexed by reason code. */
export const COALESCE_REASON_NAMES: readonly string[] = ['irr', 'doorbell', 'posted', 'pending'];

/** Arrived on a vector no longer assigned (VECTOR_UNUSED after cleanup): EOIed and dropped. */
export const LOST_STALE_VECTOR = 0;
/** Blocked by interrupt remapping (IRTE not present, source-id mismatch): a fault, not delivered. */
export const LOST_REMAP_BLOCKED = 1;
/** A message register write overwritten or dropped before the receiver read it. */
export const LOST_MSG_OVERFLOW = 2;
/** A trigger write outside the NTB memory window's translated range. */
export const LOST_WINDOW_FAULT = 3;
/** Arrived while masked and dropped (no pending bit kept). */
export const LOST_MASKED = 4;
export const LOST_REASON_COUNT = 5;
/** CSV names of the loss reasons, indexed by reason code. */
export const LOST_REASON_NAMES: readonly string[] = [
  'stale_vector',
  'remap_blocked',
  'msg_overflow',
  'window_fault',
  'masked_dropped',
];

/** One broken fate identity: triggered ≠ handled + coalesced + lost + inFlight. */
export interface IdentityViolation {
  readonly scope: string;
  /** Row, or -1 for the scope's total. */
  readonly row: number;
  readonly triggered: number;
  readonly accounted: number;
  readonly message: string;
}

/** Per-row trigger fates for one scope ('irq' or 'peer'). */
export class FateTable {
  readonly scope: string;
  readonly rows: number;
  // The fate table, flattened: one row per scope member (irq or peer).
  /** triggers raised (peer MSI writes, doorbell rings, message sends) */
  triggered: Float64Array;
  /** triggers that ended in a handler run (desc->kstat_irqs for this trigger) */
  handled: Float64Array;
  /** [row * COALESCE_REASON_COUNT + reason] merged into an already pending state */
  coalesced: Float64Array;
  /** [row * LOST_REASON_COUNT + reason] never reached a handler */
  lost: Float64Array;
  /** handler entries with no trigger behind them (not part of the identity) */
  spurious: Float64Array;
  /** triggers still unresolved at the end of the run, set by the machine */
  inFlight: Float64Array;

  constructor(scope: string, rows: number) {
    if (!Number.isInteger(rows) || rows < 0) {
      throw new RangeError(`${scope} fate table: rows must be an integer >= 0, got ${rows}`);
    }
    this.scope = scope;
    this.rows = rows;
    this.triggered = new Float64Array(rows);
    this.handled = new Float64Array(rows);
    this.coalesced = new Float64Array(rows * COALESCE_REASON_COUNT);
    this.lost = new Float64Array(rows * LOST_REASON_COUNT);
    this.spurious = new Float64Array(rows);
    this.inFlight = new Float64Array(rows);
  }

  /** Sum of the coalesced reasons of one row. */
  coalescedTotal(row: number): number {
    let s = 0;
    const base = row * COALESCE_REASON_COUNT;
    for (let r = 0; r < COALESCE_REASON_COUNT; r++) s += this.coalesced[base + r];
    return s;
  }

  /** Sum of the loss reasons of one row. */
  lostTotal(row: number): number {
    let s = 0;
    const base = row * LOST_REASON_COUNT;
    for (let r = 0; r < LOST_REASON_COUNT; r++) s += this.lost[base + r];
    return s;
  }

  /** Zeroes every counter. */
  reset(): void {
    this.triggered.fill(0);
    this.handled.fill(0);
    this.coalesced.fill(0);
    this.lost.fill(0);
    this.spurious.fill(0);
    this.inFlight.fill(0);
  }

  /**
   * Every row (and the scope total) where triggered ≠ handled + coalesced + lost + inFlight.
   * Empty when the books balance. Cold path: run once at the end of a run.
   */
  checkIdentity(): IdentityViolation[] {
    const out: IdentityViolation[] = [];
    let totalTriggered = 0;
    let totalAccounted = 0;
    for (let row = 0; row < this.rows; row++) {
      const accounted = this.handled[row] + this.coalescedTotal(row) + this.lostTotal(row) + this.inFlight[row];
      totalTriggered += this.triggered[row];
      totalAccounted += accounted;
      if (accounted !== this.triggered[row]) out.push(this.#violation(row, this.triggered[row], accounted));
    }
    if (totalAccounted !== totalTriggered) out.push(this.#violation(-1, totalTriggered, totalAccounted));
    return out;
  }

  #violation(row: number, triggered: number, accounted: number): IdentityViolation {
    const where = row < 0 ? `${this.scope} total` : `${this.scope} ${row}`;
    return {
      scope: this.scope,
      row,
      triggered,
      accounted,
      message:
        `${where}: triggered ${triggered} but handled + coalesced + lost + in-flight = ${accounted} ` +
        `(${accounted > triggered ? 'over' : 'under'}-accounted by ${Math.abs(accounted - triggered)})`,
    };
  }
}

/** CSV columns of one fate row, in the order `fateRowValues` fills them. */
export const FATE_EXPORT_COLUMNS: readonly CounterColumn[] = [
  { name: 'triggered', unit: 'count', description: 'triggers raised, whole run including warm-up' },
  { name: 'handled', unit: 'count', description: 'triggers that ended in a handler run' },
  { name: 'coalesced', unit: 'count', description: 'triggers merged into an already pending state (all reasons)' },
  ...COALESCE_REASON_NAMES.map((r) => ({
    name: `coalesced_${r}`,
    unit: 'count',
    description: `triggers coalesced, reason ${r}`,
  })),
  { name: 'lost', unit: 'count', description: 'triggers that never reached a handler (all reasons)' },
  ...LOST_REASON_NAMES.map((r) => ({ name: `lost_${r}`, unit: 'count', description: `triggers lost, reason ${r}` })),
  { name: 'in_flight', unit: 'count', description: 'triggers still unresolved when the run stopped' },
  { name: 'spurious', unit: 'count', description: 'handler entries with no trigger behind them (outside the identity)' },
];

/** The values of one fate row in FATE_EXPORT_COLUMNS order. Cold path. */
export function fateRowValues(t: FateTable, row: number): number[] {
  const out = [t.triggered[row], t.handled[row], t.coalescedTotal(row)];
  for (let r = 0; r < COALESCE_REASON_COUNT; r++) out.push(t.coalesced[row * COALESCE_REASON_COUNT + r]);
  out.push(t.lostTotal(row));
  for (let r = 0; r < LOST_REASON_COUNT; r++) out.push(t.lost[row * LOST_REASON_COUNT + r]);
  out.push(t.inFlight[row], t.spurious[row]);
  return out;
}
