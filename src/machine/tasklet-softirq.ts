/**
 * TASKLET_SOFTIRQ on each CPU: per-CPU FIFOs of scheduled queue tasklets (tasklet_schedule()
 * once until it runs), run one after the other at irq_exit() (handle_softirqs()). What a run
 * does is its client's: taskletRun() fills the run's items (ntb_transport_rxc_db(): up to
 * rx_max_entry ring entries) and taskletDone() does the tail after them and may schedule the
 * tasklet again.
 *
 * handle_softirqs() runs with interrupts enabled, so a vector preempts a run: pause() stops its
 * clock, resume() starts it again after the hardirq, and every later item finishes that much
 * later. Each item's end-to-end latency is booked once the item is done.
 * // MODEL: softirq never yields to ksoftirqd (MAX_SOFTIRQ_RESTART is not modelled), and the items
 * of a run are taken when it starts, each finishing at its own time.
 *
 * Span sink: a tasklet run's span runs from its start to the end of its tail, which is the next
 * run's start on that CPU (a hardirq that preempts a tail shifts it) or, for the last run, the
 * tail's end. So each span is reported once its end is certain: when the next run's start is
 * (it is paused past its start, or its items are done) or when the run is the last one.
 */
import type { Simulator } from '../engine/simulator.js';
import { EV_SOFTIRQ_STEP_DONE } from '../events.js';
import type { Metrics } from '../metrics/metrics.js';
import type { SpanSink } from '../metrics/span-sink.js';
import { STAGE_END_TO_END } from '../metrics/stages.js';
import { TaskletRun, type NtbClientOps, type TaskletScheduler } from './clients/client-ops.js';
import type { QueueTable } from './queue-table.js';

export interface TaskletSoftirqOptions {
  readonly cpus: number;
  readonly queues: QueueTable;
  /** The client ops of each queue (filled before the first event runs). */
  readonly clientOf: readonly NtbClientOps[];
  readonly metrics: Metrics;
  readonly sim: Simulator;
  readonly spans: SpanSink | null;
}

export class TaskletSoftirq implements TaskletScheduler {
  readonly #queues: QueueTable;
  readonly #clientOf: readonly NtbClientOps[];
  readonly #metrics: Metrics;
  readonly #sim: Simulator;
  readonly #spans: SpanSink | null;
  /** Per CPU a FIFO of queues whose tasklet is scheduled, queue-count slots each. */
  readonly #fifo: Int32Array;
  readonly #head: Int32Array;
  readonly #count: Int32Array;
  /** TASKLET_STATE_SCHED per queue: scheduled once until it runs. */
  readonly #scheduled: Uint8Array;
  /** The queue of the run in progress on each CPU (-1 none) and the items it took. */
  readonly #runQueue: Int32Array;
  readonly #runItems: Int32Array;
  /**
   * The run's clock per CPU: it started at #runStartNs (moved later by each preemption) and
   * ends #runWorkNs after that; its EV_SOFTIRQ_STEP_DONE event, and when a preemption paused it.
   */
  readonly #runStartNs: Float64Array;
  readonly #runWorkNs: Float64Array;
  readonly #runEvent: Int32Array;
  readonly #pausedAtNs: Float64Array;
  /** Per CPU the run's items. */
  readonly #runs: TaskletRun[] = [];
  /** The first item of the run not yet booked. */
  readonly #itemNext: Int32Array;
  /**
   * Span sink only: per CPU the run whose span has started but not ended (its queue, -1 none,
   * and its items), and whether the run in progress has yet to report its start.
   */
  readonly #spanQueue: Int32Array;
  readonly #spanItems: Int32Array;
  readonly #spanStartDue: Uint8Array;

  constructor(options: TaskletSoftirqOptions) {
    const { cpus, queues } = options;
    this.#queues = queues;
    this.#clientOf = options.clientOf;
    this.#metrics = options.metrics;
    this.#sim = options.sim;
    this.#spans = options.spans;
    this.#fifo = new Int32Array(cpus * Math.max(1, queues.count));
    this.#head = new Int32Array(cpus);
    this.#count = new Int32Array(cpus);
    this.#scheduled = new Uint8Array(queues.count);
    this.#runQueue = new Int32Array(cpus).fill(-1);
    this.#runItems = new Int32Array(cpus);
    this.#runStartNs = new Float64Array(cpus);
    this.#runWorkNs = new Float64Array(cpus);
    this.#runEvent = new Int32Array(cpus).fill(-1);
    this.#pausedAtNs = new Float64Array(cpus);
    this.#itemNext = new Int32Array(cpus);
    for (let cpu = 0; cpu < cpus; cpu++) this.#runs.push(new TaskletRun());
    this.#spanQueue = new Int32Array(cpus).fill(-1);
    this.#spanItems = new Int32Array(cpus);
    this.#spanStartDue = new Uint8Array(cpus);
  }

  /** tasklet_schedule() of queue `q`'s tasklet on `cpu`: once per queue until it runs. */
  schedule(cpu: number, q: number): void {
    if (this.#scheduled[q]) return;
    this.#scheduled[q] = 1;
    const n = this.#queues.count;
    this.#fifo[cpu * n + ((this.#head[cpu] + this.#count[cpu]) % n)] = q;
    this.#count[cpu]++;
  }

  /** True while `cpu` has tasklets waiting to run. */
  hasWork(cpu: number): boolean {
    return this.#count[cpu] > 0;
  }

  /** Starts the next tasklet run on `cpu` at `atNs`; EV_SOFTIRQ_STEP_DONE fires when its items are done. */
  runNext(cpu: number, atNs: number): void {
    const n = this.#queues.count;
    const q = this.#fifo[cpu * n + this.#head[cpu]];
    this.#head[cpu] = (this.#head[cpu] + 1) % n;
    this.#count[cpu]--;
    this.#scheduled[q] = 0;
    this.#runQueue[cpu] = q;
    const run = this.#runs[cpu];
    this.#clientOf[q].taskletRun(cpu, q, run);
    this.#runItems[cpu] = run.count;
    this.#itemNext[cpu] = 0;
    this.#runStartNs[cpu] = atNs;
    this.#runWorkNs[cpu] = run.workNs;
    this.#runEvent[cpu] = this.#sim.schedule(atNs + run.workNs, EV_SOFTIRQ_STEP_DONE, cpu);
    if (this.#spans !== null) this.#spanStartDue[cpu] = 1;
  }

  /** A vector preempts the run on `cpu` now: its clock stops; the items done so far are booked. */
  pause(cpu: number): void {
    const now = this.#sim.nowNs;
    this.#sim.cancel(this.#runEvent[cpu]);
    this.#runEvent[cpu] = -1;
    this.#bookItems(cpu, now);
    this.#pausedAtNs[cpu] = now;
    // A run preempted before it started (in the tail of the one before) has not begun yet.
    if (this.#spans !== null && this.#spanStartDue[cpu] && this.#runStartNs[cpu] <= now) this.#spanStart(cpu);
  }

  /** The hardirq that preempted the run on `cpu` has returned at `atNs`: the run goes on from there. */
  resume(cpu: number, atNs: number): void {
    this.#runStartNs[cpu] += atNs - this.#pausedAtNs[cpu];
    this.#runEvent[cpu] = this.#sim.schedule(this.#runStartNs[cpu] + this.#runWorkNs[cpu], EV_SOFTIRQ_STEP_DONE, cpu);
  }

  /** The end of the simulation at `endNs`: books the items done by then of every run still going (a paused run booked its own). */
  closeRuns(endNs: number): void {
    for (let cpu = 0; cpu < this.#runQueue.length; cpu++) if (this.#runEvent[cpu] >= 0) this.#bookItems(cpu, endNs);
  }

  // Books the end-to-end latency of each item of the run done by `untilNs`.
  // MODEL: an item's end-to-end latency ends when its handler work is done.
  #bookItems(cpu: number, untilNs: number): void {
    const startNs = this.#runStartNs[cpu];
    const run = this.#runs[cpu];
    const doneNs = run.doneNs;
    const arrivalNs = run.arrivalNs;
    const peer = this.#queues.peer[this.#runQueue[cpu]];
    const n = this.#runItems[cpu];
    let i = this.#itemNext[cpu];
    for (; i < n && startNs + doneNs[i] <= untilNs; i++) {
      const t = startNs + doneNs[i];
      this.#metrics.recordLatency(STAGE_END_TO_END, peer, t - arrivalNs[i], t);
    }
    this.#itemNext[cpu] = i;
  }

  /**
   * The run on `cpu` has done its items (now): its client's tail runs (it may schedule the
   * tasklet again). Returns when the CPU is done with the run.
   */
  runDone(cpu: number): number {
    this.#runEvent[cpu] = -1;
    this.#bookItems(cpu, Infinity);
    const q = this.#runQueue[cpu];
    const items = this.#runItems[cpu];
    const tailNs = this.#clientOf[q].taskletDone(cpu, q, items);
    const endNs = this.#sim.nowNs + tailNs;
    if (this.#spans !== null) {
      if (this.#spanStartDue[cpu]) this.#spanStart(cpu);
      this.#spanItems[cpu] = items;
      // The last run's tail is not preemptible (the CPU leaves softirq after it): it ends now.
      if (this.#count[cpu] === 0) this.#spanEnd(cpu, endNs);
    }
    this.#runQueue[cpu] = -1;
    return endNs;
  }

  // The run in progress on `cpu` has started for sure (at #runStartNs): the run before it ends there.
  #spanStart(cpu: number): void {
    const spans = this.#spans as SpanSink;
    const startNs = this.#runStartNs[cpu];
    this.#spanEnd(cpu, startNs);
    this.#spanStartDue[cpu] = 0;
    this.#spanQueue[cpu] = this.#runQueue[cpu];
    spans.taskletStart(cpu, this.#runQueue[cpu], startNs);
  }

  #spanEnd(cpu: number, atNs: number): void {
    const q = this.#spanQueue[cpu];
    if (q < 0) return;
    (this.#spans as SpanSink).taskletEnd(cpu, q, atNs, this.#spanItems[cpu]);
    this.#spanQueue[cpu] = -1;
  }
}
