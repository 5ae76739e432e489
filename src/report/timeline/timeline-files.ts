/**
 * The two files a --timeline run streams, fed by one SpanSink: timeline.json (Perfetto) and
 * trace.txt (ftrace text). Each call goes to both writers; the run's driver calls advance() at
 * each progress step (so trace.txt can write what is certain) and finish() at the end.
 */
import type { SpanSink } from '../../metrics/span-sink.js';
import type { StreamedFile } from '../streamed-file.js';
import { FtraceText } from './ftrace-text.js';
import { PerfettoTimeline } from './perfetto-timeline.js';
import type { TimelineNames } from './timeline-names.js';
import type { TimelineWindow } from './timeline-window.js';

export class TimelineFiles implements SpanSink {
  readonly perfetto: PerfettoTimeline;
  readonly ftrace: FtraceText;

  constructor(json: StreamedFile, text: StreamedFile, names: TimelineNames, window: TimelineWindow) {
    this.perfetto = new PerfettoTimeline(json, names, window);
    this.ftrace = new FtraceText(text, names, window);
  }

  advance(nowNs: number): void {
    this.ftrace.advance(nowNs);
  }

  /** The run ended at `endNs`: open spans end there; both files are complete (not yet committed). */
  finish(endNs: number): void {
    this.perfetto.finish(endNs);
    this.ftrace.finish();
  }

  trigger(virq: number, peer: number, triggerNs: number, atNs: number): void {
    this.perfetto.trigger(virq, peer, triggerNs, atNs);
  }
  fate(fate: number, reason: number, virq: number, peer: number, triggerNs: number, atNs: number): void {
    this.perfetto.fate(fate, reason, virq, peer, triggerNs, atNs);
  }
  hardirqEnter(cpu: number, vector: number, atNs: number): void {
    this.perfetto.hardirqEnter(cpu, vector, atNs);
    this.ftrace.hardirqEnter(cpu, vector, atNs);
  }
  ackChain(cpu: number, virq: number, startNs: number, endNs: number): void {
    this.perfetto.ackChain(cpu, virq, startNs, endNs);
  }
  actionStart(cpu: number, virq: number, atNs: number, triggerNs: number, peer: number): void {
    this.perfetto.actionStart(cpu, virq, atNs, triggerNs, peer);
    this.ftrace.actionStart(cpu, virq, atNs);
  }
  actionEnd(cpu: number, virq: number, atNs: number, ret: number): void {
    this.perfetto.actionEnd(cpu, virq, atNs, ret);
    this.ftrace.actionEnd(cpu, virq, atNs, ret);
  }
  hardirqExit(cpu: number, atNs: number): void {
    this.perfetto.hardirqExit(cpu, atNs);
    this.ftrace.hardirqExit(cpu);
  }
  postedNotification(cpu: number, startNs: number, endNs: number): void {
    this.perfetto.postedNotification(cpu, startNs, endNs);
  }
  softirqEnter(cpu: number, atNs: number): void {
    this.perfetto.softirqEnter(cpu, atNs);
    this.ftrace.softirqEnter(cpu, atNs);
  }
  softirqExit(cpu: number, atNs: number): void {
    this.perfetto.softirqExit(cpu, atNs);
    this.ftrace.softirqExit(cpu, atNs);
  }
  taskletStart(cpu: number, queue: number, atNs: number): void {
    this.perfetto.taskletStart(cpu, queue, atNs);
  }
  taskletEnd(cpu: number, queue: number, atNs: number, items: number): void {
    this.perfetto.taskletEnd(cpu, queue, atNs, items);
  }
  vectorCleanup(cpu: number, atNs: number, freed: number): void {
    this.perfetto.vectorCleanup(cpu, atNs, freed);
  }
  irrDepth(cpu: number, depth: number, atNs: number): void {
    this.perfetto.irrDepth(cpu, depth, atNs);
  }
}
