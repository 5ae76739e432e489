/**
 * Metrics that also count every fate per irq and per peer in each series interval (series.csv's
 * per-irq and per-peer rows). A subclass, so that a run which does not ask for these series runs
 * the plain Metrics' fate methods unchanged: the extra counts cost instructions on every trigger
 * and make the machine's inlined hot paths longer (with them always on, the perf gate's 20 ms
 * default storm ran about 2 % more instructions, mostly JIT work that does not grow with the run).
 */
import { Metrics, type MetricsSpec } from './metrics.js';
import { SCOPE_COALESCED, SCOPE_HANDLED, SCOPE_LOST, SCOPE_TRIGGERED, ScopeSeries, type ScopeSeriesSnapshot } from './scope-series.js';

/** The rows to track; `all`: they are every row rather than named ones (dropped past the slot limit). */
export interface ScopeSeriesFocus {
  readonly irqs: readonly number[];
  readonly peers: readonly number[];
  readonly all: boolean;
}

export class ScopeSeriesMetrics extends Metrics {
  readonly scopeSeries: ScopeSeries;

  constructor(spec: MetricsSpec, focus: ScopeSeriesFocus) {
    super(spec);
    this.scopeSeries = new ScopeSeries(this.series.bucketCount, spec.irqs, spec.peers, focus.irqs, focus.peers, focus.all);
  }

  override triggered(irq: number, peer: number, timeNs: number): number {
    const b = super.triggered(irq, peer, timeNs);
    if (b >= 0) this.scopeSeries.add(SCOPE_TRIGGERED, irq, peer, b);
    return b;
  }

  override handled(irq: number, peer: number, timeNs: number): number {
    const b = super.handled(irq, peer, timeNs);
    if (b >= 0) this.scopeSeries.add(SCOPE_HANDLED, irq, peer, b);
    return b;
  }

  override coalesced(irq: number, peer: number, reason: number, timeNs: number): number {
    const b = super.coalesced(irq, peer, reason, timeNs);
    if (b >= 0) this.scopeSeries.add(SCOPE_COALESCED, irq, peer, b);
    return b;
  }

  override lost(irq: number, peer: number, reason: number, timeNs: number): number {
    const b = super.lost(irq, peer, reason, timeNs);
    if (b >= 0) this.scopeSeries.add(SCOPE_LOST, irq, peer, b);
    return b;
  }

  protected override scopeSeriesSnapshot(endNs: number): ScopeSeriesSnapshot {
    const lengths = this.intervalLengthsNs(endNs);
    return {
      intervalNs: this.series.intervalNs,
      intervalLengthsNs: lengths,
      irqs: this.scopeSeries.rows('irq', this.spec.irqNames ?? [], lengths.length),
      peers: this.scopeSeries.rows('peer', this.spec.peerNames ?? [], lengths.length),
      note: this.scopeSeries.note,
    };
  }
}
