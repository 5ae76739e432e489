/**
 * The softirq side of ntb_transport: per-CPU FIFOs of scheduled queue tasklets (TASKLET_SOFTIRQ),
 * run at irq_exit(). One tasklet run is ntb_transport_rxc_db(): up to rx_max_entry ring entries,
 * each an item of handler work, then, unless the run took a full rx_max_entry, the tail: read
 * the queue's doorbell bit (every queue, MSI ones too), and if it is set clear it and read back
 * (an interrupt raced the run, so run again).
 *
 * handle_softirqs() runs with interrupts enabled, so a vector preempts a run: pause() stops its
 * clock, resume() starts it again after the hardirq, and every later item finishes that much
 * later. Each item's end-to-end latency is booked once the item is done.
 * // MODEL: softirq never yields to ksoftirqd (MAX_SOFTIRQ_RESTART is not modelled), and the items
 * of a run are the ring's contents when it starts, each finishing at its own time.
 */
import type { Simulator } from '../engine/simulator.js';
import { EV_SOFTIRQ_STEP_DONE } from '../events.js';
import type { Metrics } from '../metrics/metrics.js';
import { STAGE_END_TO_END } from '../metrics/stages.js';
import type { SwitchtecDbMsg } from '../ntb/switchtec-dbmsg.js';
import { sampleNs } from './costs.js';
import { MECH_DOORBELL, type QueueTable } from './queue-table.js';
import type { RxRing } from './rx-ring.js';

export interface TaskletCosts {
  readonly taskletNs: number;
  readonly mmioReadNs: number;
  readonly mmioWriteNs: number;
}

export class TaskletSoftirq {
  readonly #queues: QueueTable;
  readonly #ring: RxRing;
  readonly #dbmsg: readonly SwitchtecDbMsg[];
  readonly #metrics: Metrics;
  readonly #sim: Simulator;
  readonly #costs: TaskletCosts;
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
  /** Per CPU the run's items: when each is done (ns of work into the run) and when it arrived; grown on demand. */
  readonly #itemDoneNs: Float64Array[] = [];
  readonly #itemArrivalNs: Float64Array[] = [];
  /** The first item of the run not yet booked. */
  readonly #itemNext: Int32Array;

  constructor(cpus: number, queues: QueueTable, ring: RxRing, dbmsg: readonly SwitchtecDbMsg[], metrics: Metrics, sim: Simulator, costs: TaskletCosts) {
    this.#queues = queues;
    this.#ring = ring;
    this.#dbmsg = dbmsg;
    this.#metrics = metrics;
    this.#sim = sim;
    this.#costs = costs;
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
    for (let cpu = 0; cpu < cpus; cpu++) {
      this.#itemDoneNs.push(new Float64Array(16));
      this.#itemArrivalNs.push(new Float64Array(16));
    }
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
    const queues = this.#queues;
    const ring = this.#ring;
    const count = Math.min(ring.count[q], queues.rxMaxEntry[q]);
    if (count > this.#itemDoneNs[cpu].length) this.#growItems(cpu, count);
    const doneNs = this.#itemDoneNs[cpu];
    const arrivalNs = this.#itemArrivalNs[cpu];
    const rng = queues.rng[q];
    const work = queues.itemWork[q];
    let w = this.#costs.taskletNs;
    for (let i = 0; i < count; i++) {
      w += sampleNs(work, rng);
      doneNs[i] = w;
      arrivalNs[i] = ring.shift(q);
    }
    this.#runItems[cpu] = count;
    this.#itemNext[cpu] = 0;
    this.#runStartNs[cpu] = atNs;
    this.#runWorkNs[cpu] = w;
    this.#runEvent[cpu] = this.#sim.schedule(atNs + w, EV_SOFTIRQ_STEP_DONE, cpu);
  }

  /** A vector preempts the run on `cpu` now: its clock stops; the items done so far are booked. */
  pause(cpu: number): void {
    const now = this.#sim.nowNs;
    this.#sim.cancel(this.#runEvent[cpu]);
    this.#runEvent[cpu] = -1;
    this.#bookItems(cpu, now);
    this.#pausedAtNs[cpu] = now;
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
    const doneNs = this.#itemDoneNs[cpu];
    const arrivalNs = this.#itemArrivalNs[cpu];
    const peer = this.#queues.peer[this.#runQueue[cpu]];
    const n = this.#runItems[cpu];
    let i = this.#itemNext[cpu];
    for (; i < n && startNs + doneNs[i] <= untilNs; i++) {
      const t = startNs + doneNs[i];
      this.#metrics.recordLatency(STAGE_END_TO_END, peer, t - arrivalNs[i], t);
    }
    this.#itemNext[cpu] = i;
  }

  #growItems(cpu: number, count: number): void {
    let size = this.#itemDoneNs[cpu].length;
    while (size < count) size *= 2;
    this.#itemDoneNs[cpu] = new Float64Array(size);
    this.#itemArrivalNs[cpu] = new Float64Array(size);
  }

  /**
   * The run on `cpu` has done its items (now): reschedules the tasklet if it took a full
   * rx_max_entry, else runs the tail (the doorbell read, and for a set bit the clear and the
   * read back). Returns when the CPU is done with it.
   */
  runDone(cpu: number): number {
    this.#runEvent[cpu] = -1;
    this.#bookItems(cpu, Infinity);
    const q = this.#runQueue[cpu];
    const queues = this.#queues;
    let tailNs = 0;
    if (this.#runItems[cpu] === queues.rxMaxEntry[q]) {
      this.schedule(cpu, q); // there is more work to do
    } else {
      // ntb_db_read() of the queue's doorbell bit, also for a queue that signals by MSI (use_msi):
      // its peer never rings that bit, but the tasklet reads the register all the same.
      tailNs += this.#costs.mmioReadNs;
      if (queues.mech[q] === MECH_DOORBELL && this.#dbmsg[queues.peer[q]].read() & (1 << queues.dbBit[q])) {
        // Clear the bit, read back to commit the write; an interrupt may have raced: run again.
        this.#dbmsg[queues.peer[q]].clear(1 << queues.dbBit[q]);
        tailNs += this.#costs.mmioWriteNs + this.#costs.mmioReadNs;
        this.schedule(cpu, q);
      }
    }
    this.#runQueue[cpu] = -1;
    return this.#sim.nowNs + tailNs;
  }
}
