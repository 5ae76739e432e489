/**
 * The classic hold model (Vaucher & Duval; Jones 1986): keep N events pending; each hold pops
 * the minimum and schedules one new event at now + Exp(mean). It measures the event queue and
 * dispatch loop alone, at a fixed pending-set size. Used by the engine bench, the GC check and
 * the gate's hold-model case.
 */
import { RandomStream } from '../src/engine/rng.js';
import { Simulator } from '../src/engine/simulator.js';
import type { QueueKind } from '../src/engine/event-queue.js';

const HOLD = 1;

export interface HoldModel {
  readonly sim: Simulator;
  /** Runs `holds` hold operations. */
  hold(holds: number): void;
}

/**
 * Builds a hold model with `pendingSize` events pending and an exponential increment of mean
 * `meanNs`, its first events just after `startNs` (past 2^31 ns every time is a double, not a
 * small integer: the GC check runs there too).
 */
export function createHoldModel(pendingSize: number, queue: QueueKind, seed = 1, meanNs = 1000, startNs = 0): HoldModel {
  const rng = new RandomStream(seed, 'hold');
  const sim = new Simulator({ queue, initialCapacity: pendingSize + 16 });
  // Increments are drawn ahead into a ring so the measured loop is queue work, not Math.log.
  const ring = new Float64Array(1 << 16);
  for (let i = 0; i < ring.length; i++) ring[i] = Math.round(-meanNs * Math.log(rng.nextFloatOpen()));
  let r = 0;
  const mask = ring.length - 1;
  sim.setDispatch((kind) => {
    if (kind === HOLD) {
      sim.schedule(sim.nowNs + ring[r], HOLD);
      r = (r + 1) & mask;
    }
  });
  for (let i = 0; i < pendingSize; i++) sim.schedule(startNs + ring[i & mask], HOLD);
  return {
    sim,
    hold(holds: number): void {
      sim.run({ maxEvents: holds });
    },
  };
}

/**
 * The same holds on a bare binary heap of (time, seq) keys in typed arrays, with no event pool,
 * dispatch or checks: the floor a JavaScript event queue can reach on this machine.
 */
export function createBareHold(pendingSize: number, seed = 1, meanNs = 1000): (holds: number) => void {
  const rng = new RandomStream(seed, 'hold');
  const ring = new Float64Array(1 << 16);
  for (let i = 0; i < ring.length; i++) ring[i] = Math.round(-meanNs * Math.log(rng.nextFloatOpen()));
  const mask = ring.length - 1;
  const cap = pendingSize + 1;
  const time = new Float64Array(cap);
  const seq = new Float64Array(cap);
  let size = 0;
  let nextSeq = 0;
  let r = 0;
  const push = (t: number, k: number): void => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (time[p] < t || (time[p] === t && seq[p] <= k)) break;
      time[i] = time[p];
      seq[i] = seq[p];
      i = p;
    }
    time[i] = t;
    seq[i] = k;
  };
  // Replace the root and sift down: the fused pop + push of one hold.
  const replaceTop = (t: number, k: number): void => {
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && (time[c + 1] < time[c] || (time[c + 1] === time[c] && seq[c + 1] < seq[c]))) c++;
      if (t < time[c] || (t === time[c] && k <= seq[c])) break;
      time[i] = time[c];
      seq[i] = seq[c];
      i = c;
    }
    time[i] = t;
    seq[i] = k;
  };
  for (let i = 0; i < pendingSize; i++) push(ring[i & mask], nextSeq++);
  return (holds: number): void => {
    for (let h = 0; h < holds; h++) {
      replaceTop(time[0] + ring[r], nextSeq++);
      r = (r + 1) & mask;
    }
  };
}
