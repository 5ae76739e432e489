/**
 * trace.txt: the machine's spans as the tracefs `trace` file prints the irq events
 * (include/trace/events/irq.h), so kernel people can read and grep it as they would a real
 * capture of `echo 1 > events/irq/enable`:
 *
 *           <idle>-0       [001] d.h1.     0.020003: irq_handler_entry: irq=33 name=peer1/q0
 *           <idle>-0       [001] d.h1.     0.020004: irq_handler_exit: irq=33 ret=handled
 *           <idle>-0       [000] ..s1.     0.004105: softirq_entry: vec=6 [action=TASKLET]
 *
 * Time order: the machine reports out of time order across CPUs (it charges a CPU's work ahead
 * of the engine's clock), so lines wait in a heap ordered by time and are written once no call
 * can come before them: below the engine's clock (advance(), called at each progress step)
 * and below the start of any hard irq or softirq still open on a CPU (whose later calls may
 * carry earlier times). Memory is the lines of one progress step and of the spans still open.
 * A record that arrives later than that (a model change breaking the rule) is written anyway
 * and counted in `late`, which the tests hold at zero.
 *
 * The timestamp is seconds with µs, as tracefs prints it with the default (local, ns) clock;
 * timeline.json keeps the ns. The task is <idle>-0: the model runs no tasks, so every
 * interrupt finds its CPU idle.
 */
import { BinaryHeapQueue } from '../../engine/binary-heap-queue.js';
import { EventPool } from '../../engine/event-pool.js';
import type { SpanSink } from '../../metrics/span-sink.js';
import type { StreamedFile } from '../streamed-file.js';
import type { TimelineNames } from './timeline-names.js';
import type { TimelineWindow } from './timeline-window.js';

/** The file's name in a run folder. */
export const TRACE_TXT = 'trace.txt';

const ENTRY = 0;
const EXIT_HANDLED = 1;
const EXIT_UNHANDLED = 2;
const SOFTIRQ_ENTRY = 3;
const SOFTIRQ_EXIT = 4;
/** Or-ed into a kind: the hard irq came in while the CPU was in softirq (flag H, not h). */
const IN_SOFTIRQ = 8;
const IRQ_HANDLED = 1;

/**
 * The tracefs header (kernel/trace/trace.c print_func_help_header_irq). The entries line is
 * left out: the count is not known until the end, and the file is written as it goes.
 */
function header(cpus: number): string {
  return [
    '# tracer: nop',
    '#',
    `# irqstorm: simulated irq events, #P:${cpus}`,
    '#',
    '#                                _-----=> irqs-off/BH-disabled',
    '#                               / _----=> need-resched',
    '#                              | / _---=> hardirq/softirq',
    '#                              || / _--=> preempt-depth',
    '#                              ||| / _-=> migrate-disable',
    '#                              |||| /     delay',
    '#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION',
    '#              | |         |   |||||     |         |',
    '',
  ].join('\n');
}

export class FtraceText implements SpanSink {
  readonly #file: StreamedFile;
  readonly #from: number;
  readonly #to: number;
  readonly #pool = new EventPool(4096);
  readonly #heap = new BinaryHeapQueue(this.#pool, 4096);
  #seq = 0;
  /** [cpu] the start of its outermost open hard irq or softirq (Infinity: none). */
  readonly #openSince: Float64Array;
  readonly #inHard: Uint8Array;
  readonly #inSoft: Uint8Array;
  /** [cpu] "[003]" made once. */
  readonly #cpuText: string[] = [];
  /** [virq] " name=…" made once. */
  readonly #irqText: string[] = [];
  #clockNs = 0;
  #lastWrittenNs = -Infinity;
  /** Lines written. */
  lines = 0;
  /** Records that came after a later one was written (zero unless the ordering rule broke). */
  late = 0;
  /** The most lines held at once. */
  peakHeld = 0;
  /** Lines that arrived before one already held with a later time (what the heap put back in order). */
  reordered = 0;
  #latestHeldNs = -Infinity;

  constructor(file: StreamedFile, names: TimelineNames, window: TimelineWindow) {
    this.#file = file;
    this.#from = window.fromNs;
    this.#to = window.toNs;
    this.#openSince = new Float64Array(names.cpus).fill(Infinity);
    this.#inHard = new Uint8Array(names.cpus);
    this.#inSoft = new Uint8Array(names.cpus);
    for (let c = 0; c < names.cpus; c++) this.#cpuText[c] = `[${String(c).padStart(3, '0')}]`;
    for (let v = 0; v < names.irqName.length; v++) {
      const name = names.irqName[v];
      if (name !== undefined) this.#irqText[v] = ` name=${name}`;
    }
    file.write(header(names.cpus));
  }

  /** The engine's clock reached `nowNs`: nothing not yet reported can start before it on an idle CPU. */
  advance(nowNs: number): void {
    this.#clockNs = nowNs;
    this.#flush(false);
  }

  /** Writes every line still held (the run has ended). */
  finish(): void {
    this.#flush(true);
  }

  // --- SpanSink -------------------------------------------------------------------------------

  trigger(): void {}
  fate(): void {}
  ackChain(): void {}
  postedNotification(): void {}
  taskletStart(): void {}
  taskletEnd(): void {}
  vectorCleanup(): void {}
  irrDepth(): void {}

  hardirqEnter(cpu: number, _vector: number, atNs: number): void {
    this.#inHard[cpu] = 1;
    if (this.#inSoft[cpu] === 0) this.#openSince[cpu] = atNs;
  }

  hardirqExit(cpu: number): void {
    this.#inHard[cpu] = 0;
    if (this.#inSoft[cpu] === 0) this.#openSince[cpu] = Infinity;
  }

  actionStart(cpu: number, virq: number, atNs: number): void {
    this.#push(atNs, cpu, ENTRY | (this.#inSoft[cpu] === 1 ? IN_SOFTIRQ : 0), virq);
  }

  actionEnd(cpu: number, virq: number, atNs: number, ret: number): void {
    this.#push(atNs, cpu, (ret === IRQ_HANDLED ? EXIT_HANDLED : EXIT_UNHANDLED) | (this.#inSoft[cpu] === 1 ? IN_SOFTIRQ : 0), virq);
  }

  softirqEnter(cpu: number, atNs: number): void {
    this.#inSoft[cpu] = 1;
    this.#openSince[cpu] = atNs;
    this.#push(atNs, cpu, SOFTIRQ_ENTRY, 0);
  }

  softirqExit(cpu: number, atNs: number): void {
    this.#inSoft[cpu] = 0;
    this.#openSince[cpu] = Infinity;
    this.#push(atNs, cpu, SOFTIRQ_EXIT, 0);
  }

  // --- the ordering buffer --------------------------------------------------------------------

  #push(atNs: number, cpu: number, kind: number, virq: number): void {
    if (atNs < this.#from || atNs > this.#to) return;
    if (atNs < this.#latestHeldNs) this.reordered++;
    else this.#latestHeldNs = atNs;
    const pool = this.#pool;
    const ev = pool.alloc();
    pool.timeNs[ev] = atNs;
    pool.tie[ev] = this.#seq++;
    pool.kind[ev] = kind;
    pool.a0[ev] = cpu;
    pool.a1[ev] = virq;
    this.#heap.push(ev);
    if (this.#heap.size > this.peakHeld) this.peakHeld = this.#heap.size;
  }

  #flush(all: boolean): void {
    let until = this.#clockNs;
    for (let c = 0; c < this.#openSince.length; c++) if (this.#openSince[c] < until) until = this.#openSince[c];
    const heap = this.#heap;
    const pool = this.#pool;
    while (heap.size > 0 && (all || heap.peekTimeNs() < until)) {
      const ev = heap.pop();
      this.#line(pool.timeNs[ev], pool.a0[ev], pool.kind[ev], pool.a1[ev]);
      pool.release(ev);
    }
  }

  #line(atNs: number, cpu: number, kind: number, virq: number): void {
    if (atNs < this.#lastWrittenNs) this.late++;
    else this.#lastWrittenNs = atNs;
    const what = kind & ~IN_SOFTIRQ;
    const flags = what >= SOFTIRQ_ENTRY ? '..s1.' : kind & IN_SOFTIRQ ? 'd.H1.' : 'd.h1.';
    let event: string;
    if (what === ENTRY) event = `irq_handler_entry: irq=${virq}${this.#irqText[virq] ?? ''}`;
    else if (what === EXIT_HANDLED) event = `irq_handler_exit: irq=${virq} ret=handled`;
    else if (what === EXIT_UNHANDLED) event = `irq_handler_exit: irq=${virq} ret=unhandled`;
    else if (what === SOFTIRQ_ENTRY) event = 'softirq_entry: vec=6 [action=TASKLET]';
    else event = 'softirq_exit: vec=6 [action=TASKLET]';
    this.#file.write(`          <idle>-0       ${this.#cpuText[cpu]} ${flags} ${timestamp(atNs)}: ${event}\n`);
    this.lines++;
  }
}

/** tracefs's "%5llu.%06lu" of ns: seconds, then µs (the ns below a µs are cut, as the kernel does). */
function timestamp(ns: number): string {
  const us = Math.floor(ns / 1000);
  const s = Math.floor(us / 1_000_000);
  return `${String(s).padStart(5, ' ')}.${String(us - s * 1_000_000).padStart(6, '0')}`;
}
