/**
 * Where the machine books a trigger's fate: the metrics (the fates and the accounting identity
 * triggered = handled + coalesced + lost + in flight) and, when a timeline is recorded, the
 * span sink's trigger and fate instants, with the time the peer wrote it. Handled triggers are
 * booked by the action (the sink sees its span); in-flight ones at the end of the run.
 */
import type { Metrics } from '../metrics/metrics.js';
import { SPAN_FATE_COALESCED, SPAN_FATE_LOST, type SpanSink } from '../metrics/span-sink.js';

export class TriggerFates {
  readonly #metrics: Metrics;
  readonly #spans: SpanSink | null;

  constructor(metrics: Metrics, spans: SpanSink | null) {
    this.#metrics = metrics;
    this.#spans = spans;
  }

  /** The peer's trigger for `virq`, written at `triggerNs`, reached the host at `atNs`. */
  triggered(virq: number, peer: number, triggerNs: number, atNs: number): void {
    this.#metrics.triggered(virq, peer, atNs);
    if (this.#spans !== null) this.#spans.trigger(virq, peer, triggerNs, atNs);
  }

  /** The trigger merged into a pending state (`reason`: a COALESCED_* code) at `atNs`. */
  coalesced(virq: number, peer: number, reason: number, triggerNs: number, atNs: number): void {
    this.#metrics.coalesced(virq, peer, reason, atNs);
    if (this.#spans !== null) this.#spans.fate(SPAN_FATE_COALESCED, reason, virq, peer, triggerNs, atNs);
  }

  /** The trigger will never reach a handler (`reason`: a LOST_* code), found at `atNs`. */
  lost(virq: number, peer: number, reason: number, triggerNs: number, atNs: number): void {
    this.#metrics.lost(virq, peer, reason, atNs);
    if (this.#spans !== null) this.#spans.fate(SPAN_FATE_LOST, reason, virq, peer, triggerNs, atNs);
  }
}
