/**
 * The classic hold model (Vaucher & Duval; Jones 1986): keep N events pending; each hold pops
 * the minimum and schedules one new event at now + Exp(mean). It measures the event queue and
 * dispatch loop alone, at a fixed pending-set size. Used by the engine bench and `npm start`
 * until a workload exists.
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

/** Builds a hold model with `pendingSize` events pending and an exponential increment of mean `meanNs`. */
export function createHoldModel(pendingSize: number, queue: QueueKind, seed = 1, meanNs = 1000): HoldModel {
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
  for (let i = 0; i < pendingSize; i++) sim.schedule(ring[i & mask], HOLD);
  return {
    sim,
    hold(holds: number): void {
      sim.run({ maxEvents: holds });
    },
  };
}
