/**
 * TASKLET_SOFTIRQ on each CPU: per-CPU FIFOs of scheduled queue tasklets (tasklet_schedule()
 * once until it runs; one scheduled while it runs goes to the tail), run one after the other
 * at irq_exit() (handle_softirqs()). What a run does is its client's, step by step as
 * ntb_transport_rxc_db() does it: taskletStart() is the dispatch, then taskletPoll() takes one
 * item at a time (ntb_process_rxc()) for as long as the ring has one, looking at the ring when
 * the item before is done, so an item that lands during the run is taken by it; taskletDone()
 * is the tail after the last and may schedule the tasklet again.
 *
 * handle_softirqs() runs with interrupts enabled, so a vector preempts a run: pause() stops its
 * clock, resume() starts it again after the hardirq, and the step in progress finishes that
 * much later. Each item's end-to-end latency is booked when its step is done.
 * // MODEL: softirq never yields to ksoftirqd (MAX_SOFTIRQ_RESTART is not modelled).
 *
 * Span sink: a tasklet run's span runs from its start to the end of its tail, which is the next
 * run's start on that CPU (a hardirq that preempts a tail shifts it) or, for the last run, the
 * tail's end. So each span is reported once its end is certain: when the next run's start is
 * (it is paused past its start, or its first step is done) or when the run is the last one.
 */
import type { Simulator } from '../engine/simulator.js';
import { EV_SOFTIRQ_STEP_DONE } from '../events.js';
import { IRQ_EMPTY_TASKLET_RUNS, type Metrics } from '../metrics/metrics.js';
import type { SpanSink } from '../metrics/span-sink.js';
import { TaskletItem, type NtbClientOps, type TaskletScheduler } from './clients/client-ops.js';
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
  /** The queue of the run in progress on each CPU (-1 none) and the items it has done. */
  readonly #runQueue: Int32Array;
  readonly #runItems: Int32Array;
  /** When the run began (its span's start; a preemption before it began moves it). */
  readonly #runBeganNs: Float64Array;
  /**
   * The step in progress per CPU (the dispatch or one item): it started at #stepStartNs (moved
   * later by each preemption) and ends #stepWorkNs after that; its EV_SOFTIRQ_STEP_DONE event,
   * when a preemption paused it, and the arrival of its item (-1 for the dispatch).
   */
  readonly #stepStartNs: Float64Array;
  readonly #stepWorkNs: Float64Array;
  readonly #stepEvent: Int32Array;
  readonly #pausedAtNs: Float64Array;
  readonly #stepArrivalNs: Float64Array;
  /** Per CPU the item its client's taskletPoll() fills. */
  readonly #items: TaskletItem[] = [];
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
    this.#runBeganNs = new Float64Array(cpus);
    this.#stepStartNs = new Float64Array(cpus);
    this.#stepWorkNs = new Float64Array(cpus);
    this.#stepEvent = new Int32Array(cpus).fill(-1);
    this.#pausedAtNs = new Float64Array(cpus);
    this.#stepArrivalNs = new Float64Array(cpus).fill(-1);
    for (let cpu = 0; cpu < cpus; cpu++) this.#items.push(new TaskletItem());
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

  /** Starts the next tasklet run on `cpu` at `atNs`: its dispatch step; EV_SOFTIRQ_STEP_DONE fires at its end. */
  runNext(cpu: number, atNs: number): void {
    const n = this.#queues.count;
    const q = this.#fifo[cpu * n + this.#head[cpu]];
    this.#head[cpu] = (this.#head[cpu] + 1) % n;
    this.#count[cpu]--;
    this.#scheduled[q] = 0;
    this.#runQueue[cpu] = q;
    this.#runItems[cpu] = 0;
    this.#runBeganNs[cpu] = atNs;
    this.#step(cpu, atNs, this.#clientOf[q].taskletStart(cpu, q), -1);
    if (this.#spans !== null) this.#spanStartDue[cpu] = 1;
  }

  #step(cpu: number, atNs: number, workNs: number, arrivalNs: number): void {
    this.#stepStartNs[cpu] = atNs;
    this.#stepWorkNs[cpu] = workNs;
    this.#stepArrivalNs[cpu] = arrivalNs;
    this.#stepEvent[cpu] = this.#sim.schedule(atNs + workNs, EV_SOFTIRQ_STEP_DONE, cpu);
  }

  /** A vector preempts the run on `cpu` now: its clock stops. */
  pause(cpu: number): void {
    const now = this.#sim.nowNs;
    this.#sim.cancel(this.#stepEvent[cpu]);
    this.#stepEvent[cpu] = -1;
    this.#pausedAtNs[cpu] = now;
    // A run preempted before it began (in the tail of the one before, or at the very instant it
    // was to begin, as when softirq starts with a vector pending) has not begun yet: the hard irq
    // comes first and the run begins after it.
    if (this.#spans !== null && this.#spanStartDue[cpu] && this.#runBeganNs[cpu] < now) this.#spanStart(cpu);
  }

  /** The hardirq that preempted the run on `cpu` has returned at `atNs`: the run goes on from there. */
  resume(cpu: number, atNs: number): void {
    const lostNs = atNs - this.#pausedAtNs[cpu];
    if (this.#runBeganNs[cpu] >= this.#pausedAtNs[cpu]) this.#runBeganNs[cpu] += lostNs;
    this.#stepStartNs[cpu] += lostNs;
    this.#stepEvent[cpu] = this.#sim.schedule(this.#stepStartNs[cpu] + this.#stepWorkNs[cpu], EV_SOFTIRQ_STEP_DONE, cpu);
  }

  /**
   * EV_SOFTIRQ_STEP_DONE: the step in progress on `cpu` is done (now); its item's end-to-end
   * latency is booked. The run looks at its ring: with an item there the next step starts and
   * this returns -1; otherwise its client's tail runs (it may schedule the tasklet again) and
   * this returns when the CPU is done with the run.
   */
  stepDone(cpu: number): number {
    const now = this.#sim.nowNs;
    this.#stepEvent[cpu] = -1;
    const q = this.#runQueue[cpu];
    if (this.#spans !== null && this.#spanStartDue[cpu]) this.#spanStart(cpu);
    // MODEL: an item's end-to-end latency ends when its handler work is done.
    const arrivalNs = this.#stepArrivalNs[cpu];
    if (arrivalNs >= 0) {
      this.#metrics.recordEndToEnd(this.#queues.peer[q], now - arrivalNs, now);
      this.#runItems[cpu]++;
    }
    const items = this.#runItems[cpu];
    const client = this.#clientOf[q];
    const item = this.#items[cpu];
    if (client.taskletPoll(cpu, q, items, item)) {
      this.#step(cpu, now, item.workNs, item.arrivalNs);
      return -1;
    }
    if (items === 0) this.#metrics.irq.add(this.#queues.virq[q], IRQ_EMPTY_TASKLET_RUNS, 1);
    const endNs = now + client.taskletDone(cpu, q, items);
    if (this.#spans !== null) {
      this.#spanItems[cpu] = items;
      // The last run's tail is not preemptible (the CPU leaves softirq after it): it ends now.
      if (this.#count[cpu] === 0) this.#spanEnd(cpu, endNs);
    }
    this.#runQueue[cpu] = -1;
    return endNs;
  }

  // The run in progress on `cpu` has begun for sure (at #runBeganNs): the run before it ends there.
  #spanStart(cpu: number): void {
    const spans = this.#spans as SpanSink;
    const startNs = this.#runBeganNs[cpu];
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
