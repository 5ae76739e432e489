/**
 * A SpanSink for tests: records every call as a line ("cpu0 hardirqEnter 0x21 @1700") and pairs
 * the CPUs' enter/exit calls into spans, so a test can compare a hand-computed timeline or check
 * that spans on one CPU nest properly. Not a kernel mirror.
 */
import type { SpanSink } from '../../metrics/span-sink.js';

/** A span on one CPU: [startNs, endNs] of a hard irq, softirq, tasklet run, action, ack chain or posted handler. */
export interface Span {
  readonly cpu: number;
  readonly kind: 'hardirq' | 'softirq' | 'tasklet' | 'action' | 'ack' | 'posted';
  readonly startNs: number;
  readonly endNs: number;
  /** virq, vector or queue, as the kind has. */
  readonly id: number;
}

type Open = { startNs: number; id: number } | null;

export class RecordingSpanSink implements SpanSink {
  readonly calls: string[] = [];
  readonly spans: Span[] = [];
  /** Problems found while pairing (an enter while the same kind is open on the CPU, an exit with none open). */
  readonly problems: string[] = [];
  readonly #open = new Map<string, Open>();

  #enter(cpu: number, kind: Span['kind'], atNs: number, id: number): void {
    const key = `${cpu}/${kind}`;
    if (this.#open.get(key)) this.problems.push(`cpu${cpu}: ${kind} enters at ${atNs} while one is open`);
    this.#open.set(key, { startNs: atNs, id });
  }

  #exit(cpu: number, kind: Span['kind'], atNs: number): void {
    const key = `${cpu}/${kind}`;
    const open = this.#open.get(key);
    if (!open) {
      this.problems.push(`cpu${cpu}: ${kind} exits at ${atNs} with none open`);
      return;
    }
    this.#open.set(key, null);
    this.spans.push({ cpu, kind, startNs: open.startNs, endNs: atNs, id: open.id });
  }

  trigger(virq: number, peer: number, triggerNs: number, atNs: number): void {
    this.calls.push(`trigger virq${virq} peer${peer} written@${triggerNs} @${atNs}`);
  }
  fate(fate: number, reason: number, virq: number, peer: number, triggerNs: number, atNs: number): void {
    this.calls.push(`fate ${fate}/${reason} virq${virq} peer${peer} written@${triggerNs} @${atNs}`);
  }
  hardirqEnter(cpu: number, vector: number, atNs: number): void {
    this.calls.push(`cpu${cpu} hardirqEnter ${vector < 0 ? vector : `0x${vector.toString(16)}`} @${atNs}`);
    this.#enter(cpu, 'hardirq', atNs, vector);
  }
  ackChain(cpu: number, virq: number, startNs: number, endNs: number): void {
    this.calls.push(`cpu${cpu} ackChain virq${virq} @${startNs}..${endNs}`);
    this.spans.push({ cpu, kind: 'ack', startNs, endNs, id: virq });
  }
  actionStart(cpu: number, virq: number, atNs: number, triggerNs: number, peer: number): void {
    this.calls.push(`cpu${cpu} actionStart virq${virq} for peer${peer} written@${triggerNs} @${atNs}`);
    this.#enter(cpu, 'action', atNs, virq);
  }
  actionEnd(cpu: number, virq: number, atNs: number, ret: number): void {
    this.calls.push(`cpu${cpu} actionEnd virq${virq} ret${ret} @${atNs}`);
    this.#exit(cpu, 'action', atNs);
  }
  hardirqExit(cpu: number, atNs: number): void {
    this.calls.push(`cpu${cpu} hardirqExit @${atNs}`);
    this.#exit(cpu, 'hardirq', atNs);
  }
  postedNotification(cpu: number, startNs: number, endNs: number): void {
    this.calls.push(`cpu${cpu} postedNotification @${startNs}..${endNs}`);
    this.spans.push({ cpu, kind: 'posted', startNs, endNs, id: -1 });
  }
  softirqEnter(cpu: number, atNs: number): void {
    this.calls.push(`cpu${cpu} softirqEnter @${atNs}`);
    this.#enter(cpu, 'softirq', atNs, -1);
  }
  softirqExit(cpu: number, atNs: number): void {
    this.calls.push(`cpu${cpu} softirqExit @${atNs}`);
    this.#exit(cpu, 'softirq', atNs);
  }
  taskletStart(cpu: number, queue: number, atNs: number): void {
    this.calls.push(`cpu${cpu} taskletStart q${queue} @${atNs}`);
    this.#enter(cpu, 'tasklet', atNs, queue);
  }
  taskletEnd(cpu: number, queue: number, atNs: number, items: number): void {
    this.calls.push(`cpu${cpu} taskletEnd q${queue} items${items} @${atNs}`);
    this.#exit(cpu, 'tasklet', atNs);
  }
  vectorCleanup(cpu: number, atNs: number, freed: number): void {
    this.calls.push(`cpu${cpu} vectorCleanup freed${freed} @${atNs}`);
  }
  irrDepth(cpu: number, depth: number, atNs: number): void {
    this.calls.push(`cpu${cpu} irrDepth ${depth} @${atNs}`);
  }

  /** The calls about `cpu`, in the order they came. */
  callsOf(cpu: number): string[] {
    return this.calls.filter((c) => c.startsWith(`cpu${cpu} `));
  }

  /**
   * Spans on one CPU that overlap without one holding the other (empty when every pair is
   * disjoint or nested), plus any pairing problem. Spans that only touch are disjoint.
   */
  nestingProblems(): string[] {
    const out = [...this.problems];
    const byCpu = new Map<number, Span[]>();
    for (const s of this.spans) {
      if (s.endNs < s.startNs) out.push(`cpu${s.cpu}: ${s.kind} ends at ${s.endNs} before it starts at ${s.startNs}`);
      let list = byCpu.get(s.cpu);
      if (list === undefined) byCpu.set(s.cpu, (list = []));
      list.push(s);
    }
    for (const list of byCpu.values()) {
      list.sort((a, b) => a.startNs - b.startNs || b.endNs - a.endNs);
      const stack: Span[] = [];
      for (const s of list) {
        while (stack.length > 0 && stack[stack.length - 1].endNs <= s.startNs) stack.pop();
        const top = stack[stack.length - 1];
        if (top !== undefined && s.endNs > top.endNs) {
          out.push(`cpu${s.cpu}: ${s.kind} [${s.startNs}, ${s.endNs}] overlaps ${top.kind} [${top.startNs}, ${top.endNs}]`);
        }
        stack.push(s);
      }
    }
    return out;
  }
}
