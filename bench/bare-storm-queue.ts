/**
 * The yardstick the default storm's speed is measured against: a bare, hand-written
 * typed-array DES of the plain queue behind the storm, with no engine, no interrupt model and no
 * statistics. Each source is Poisson and feeds one CPU's FIFO (source i → CPU i mod cpus); every
 * item takes three events (arrive, start, done) and a fixed service time. It draws its gaps from
 * the same RandomStream as the model, so the PRNG's cost is on both sides of the ratio.
 */
import { RandomStream } from '../src/engine/rng.js';
import type { MachineConfig } from '../src/machine/config.js';

const EV_ARRIVE = 0;
const EV_START = 1;
const EV_DONE = 2;

export interface BareStormQueue {
  readonly sources: number;
  readonly cpus: number;
  readonly rateHzPerSource: number;
  readonly serviceNs: number;
  readonly durationNs: number;
}

/** The plain queue behind a workload whose peers all arrive as Poisson at one rate. */
export function bareQueueOf(cfg: MachineConfig): BareStormQueue {
  let sources = 0;
  let rate = -1;
  for (const p of cfg.peers) {
    if (p.arrival.type !== 'poisson' || (rate >= 0 && p.arrival.rate !== rate)) {
      throw new Error(`the bare queue needs every peer Poisson at one rate; peer ${p.name} is ${JSON.stringify(p.arrival)}`);
    }
    rate = p.arrival.rate;
    sources += p.queues;
  }
  const work = cfg.peers[0].itemWork;
  if (work.type !== 'deterministic') throw new Error(`the bare queue needs a fixed itemWork, got ${JSON.stringify(work)}`);
  return { sources, cpus: cfg.cpus, rateHzPerSource: rate, serviceNs: work.value, durationNs: cfg.durationNs };
}

// A binary heap of (time, seq) keys with the event's kind and argument beside them. Not the
// engine's BinaryHeapQueue, and its slot moves spelled out rather than shared: the yardstick
// must cost what a hand-written queue costs, with no engine code and no call it might not inline.
class BareHeap {
  readonly time: Float64Array;
  readonly seq: Float64Array;
  readonly kind: Uint8Array;
  readonly arg: Int32Array;
  size = 0;
  nextSeq = 0;

  constructor(cap: number) {
    this.time = new Float64Array(cap);
    this.seq = new Float64Array(cap);
    this.kind = new Uint8Array(cap);
    this.arg = new Int32Array(cap);
  }

  push(t: number, k: number, a: number): void {
    const { time, seq, kind, arg } = this;
    const s = this.nextSeq++;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (time[p] < t || (time[p] === t && seq[p] < s)) break;
      time[i] = time[p];
      seq[i] = seq[p];
      kind[i] = kind[p];
      arg[i] = arg[p];
      i = p;
    }
    time[i] = t;
    seq[i] = s;
    kind[i] = k;
    arg[i] = a;
  }

  popRoot(): void {
    const { time, seq, kind, arg } = this;
    const n = --this.size;
    const t = time[n];
    const s = seq[n];
    const k = kind[n];
    const a = arg[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (time[c + 1] < time[c] || (time[c + 1] === time[c] && seq[c + 1] < seq[c]))) c++;
      if (t < time[c] || (t === time[c] && s < seq[c])) break;
      time[i] = time[c];
      seq[i] = seq[c];
      kind[i] = kind[c];
      arg[i] = arg[c];
      i = c;
    }
    time[i] = t;
    seq[i] = s;
    kind[i] = k;
    arg[i] = a;
  }
}

/** Runs the queue once over its duration; returns the items done (a deterministic count). */
export function runBareStormQueue(q: BareStormQueue, seed = 1): number {
  // Pending: one arrival per source, and at most one start or done per CPU.
  const heap = new BareHeap(q.sources + q.cpus + 1);
  const rngs: RandomStream[] = [];
  const arrivalNs = new Float64Array(q.sources);
  const meanGapNs = 1e9 / q.rateHzPerSource;
  // Per CPU: busy, and how many items wait in its FIFO (items carry nothing, so a count is the FIFO).
  const busy = new Uint8Array(q.cpus);
  const waiting = new Float64Array(q.cpus);
  let done = 0;
  for (let s = 0; s < q.sources; s++) {
    rngs.push(new RandomStream(seed, `bare/${s}`));
    arrivalNs[s] = -meanGapNs * Math.log(rngs[s].nextFloatOpen());
    heap.push(Math.round(arrivalNs[s]), EV_ARRIVE, s);
  }
  while (heap.size > 0) {
    const t = heap.time[0];
    if (t > q.durationNs) break;
    const k = heap.kind[0];
    const a = heap.arg[0];
    heap.popRoot();
    if (k === EV_ARRIVE) {
      arrivalNs[a] -= meanGapNs * Math.log(rngs[a].nextFloatOpen());
      heap.push(Math.round(arrivalNs[a]), EV_ARRIVE, a);
      const cpu = a % q.cpus;
      if (busy[cpu] === 0) {
        busy[cpu] = 1;
        heap.push(t, EV_START, cpu);
      } else {
        waiting[cpu]++;
      }
    } else if (k === EV_START) {
      heap.push(t + q.serviceNs, EV_DONE, a);
    } else {
      done++;
      if (waiting[a] > 0) {
        waiting[a]--;
        heap.push(t, EV_START, a);
      } else {
        busy[a] = 0;
      }
    }
  }
  return done;
}
